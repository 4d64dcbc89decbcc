// The sidebar's state: collapsed to icons or not (remembered across starts), and, in a window too
// narrow for labels, whether it is opened over the content for a moment ("peek").
const KEY = 'valet.sidebar';
/** Below this width the sidebar shows icons only, whatever was chosen. */
export const NARROW_QUERY = '(max-width: 800px)';

function remembered(): boolean {
  try {
    return localStorage.getItem(KEY) === 'collapsed';
  } catch {
    return false;
  }
}

export const sidebar = $state({ collapsed: remembered(), narrow: false, peek: false });

/** True when only the icons show (a label is still there for screen readers). */
export function isRail(): boolean {
  return sidebar.narrow ? !sidebar.peek : sidebar.collapsed;
}

/** The button and Ctrl+\: collapse or expand; in a narrow window, open or close it over the
 *  content (the choice for wide windows stays as it was). */
export function toggleSidebar(): void {
  if (sidebar.narrow) {
    sidebar.peek = !sidebar.peek;
    return;
  }
  sidebar.collapsed = !sidebar.collapsed;
  try {
    localStorage.setItem(KEY, sidebar.collapsed ? 'collapsed' : 'expanded');
  } catch {
    // Storage unavailable: the choice lasts until the window closes.
  }
}

/** Follows the window's width; returns the function that stops following it. */
export function watchWidth(): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  const update = (): void => {
    sidebar.narrow = query.matches;
    if (!query.matches) sidebar.peek = false;
  };
  update();
  query.addEventListener('change', update);
  return () => {
    query.removeEventListener('change', update);
  };
}
