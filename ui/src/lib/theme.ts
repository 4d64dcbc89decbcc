// The theme: `system` follows the OS (prefers-color-scheme); `light` / `dark` force one.
import type { Theme } from './types';

const KEY = 'valet.theme';

/** Applies the theme and remembers it, so the next start paints in it before asking the shell. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage unavailable: the shell's answer still applies.
  }
}

/** The theme remembered from the last start (`system` when none). */
export function rememberedTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

/** The theme the palette's "Switch theme" goes to: the opposite of what shows now (with
 *  `system`, of what the OS asks for). */
export function otherTheme(): 'light' | 'dark' {
  const forced = document.documentElement.dataset.theme;
  const dark = forced === 'dark' || (forced !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  return dark ? 'light' : 'dark';
}
