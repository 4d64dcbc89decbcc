// The command palette's logic: which commands of the shortcut table (shortcuts.ts) it offers in
// a view, the fuzzy filter that ranks them as you type, and keys written for display. No Svelte,
// no IO.
import { SHORTCUTS, type Action, type Scope, type View } from './shortcuts';

export interface Command {
  /** Stable within a session: the row of the table it comes from. */
  id: string;
  title: string;
  /** The key that runs it too (as the table writes it), or null. */
  keys: string | null;
  action: Action;
  words: string;
  scope: Scope;
}

const SCOPE_OF: Partial<Record<View, Scope>> = {
  today: 'Today',
  upcoming: 'Upcoming',
  todos: 'Todos',
  projects: 'Projects',
  history: 'History',
  insights: 'Insights',
  review: 'Review',
};

/** The commands the palette offers in `view`, in table order: those that work everywhere, then
 *  the view's own (which act on what the view shows, so elsewhere they would do nothing). */
export function commands(view: View, ctx: { syncEnabled: boolean }): Command[] {
  const here = SCOPE_OF[view];
  const out: Command[] = [];
  SHORTCUTS.forEach((s, i) => {
    if (s.command === undefined || s.action === null) return;
    if (s.scope !== 'Everywhere' && s.scope !== here) return;
    if (s.needsSync === true && !ctx.syncEnabled) return;
    // The view you are on is not somewhere to go.
    if (s.action.kind === 'view' && s.action.view === view) return;
    out.push({ id: `cmd-${String(i)}`, title: s.command, keys: s.keys, action: s.action, words: s.words ?? '', scope: s.scope });
  });
  return out;
}

/** The first key the table gives an action (for the sidebar's hints), or null. */
export function keyFor(action: Action): string | null {
  const same = (a: Action | null): boolean => {
    if (a?.kind !== action.kind) return false;
    return a.kind !== 'view' || (action.kind === 'view' && a.view === action.view);
  };
  return SHORTCUTS.find((s) => s.keys !== null && same(s.action))?.keys ?? null;
}

/** `Ctrl+Shift+z` as the chips a person reads: `Ctrl`, `Shift`, `Z`. */
export function keyParts(keys: string): string[] {
  // `Ctrl++` would name the plus key; no shortcut uses it, but split safely anyway.
  const parts = keys.split(/\+(?!$)/);
  return parts.map((p) => (p.length === 1 ? p.toUpperCase() : p));
}

function wordStart(text: string, at: number): boolean {
  if (at === 0) return true;
  const before = text.charAt(at - 1);
  return before === ' ' || before === '(' || before === '-' || before === '/';
}

/** How well one typed word matches `text` (both lower case): a substring scores highest (more at
 *  a word's start, more the earlier), then the letters in order with bonuses for word starts and
 *  runs ("gtt" finds "Go to Today"); null when the letters are not all there in order. */
export function wordScore(word: string, text: string): number | null {
  if (word === '') return 0;
  const at = text.indexOf(word);
  if (at >= 0) {
    let best = at;
    // Prefer an occurrence at a word's start ("day" in "today" vs "day plan").
    for (let i = at; i >= 0; i = text.indexOf(word, i + 1)) {
      if (wordStart(text, i)) {
        best = i;
        break;
      }
    }
    return 100 + word.length * 4 + (best === 0 ? 40 : wordStart(text, best) ? 25 : 0) - Math.min(best, 30) * 0.5;
  }
  return inOrder(word, text, true) ?? inOrder(word, text, false);
}

// The letters of `word` in order in `text`, scored; `starts` jumps to a later word start with the
// letter when that is not the next letter (better, but it can miss a match the plain way finds).
function inOrder(word: string, text: string, starts: boolean): number | null {
  let score = 0;
  let from = 0;
  let last = -2;
  for (const ch of word) {
    let i = text.indexOf(ch, from);
    if (i < 0) return null;
    if (starts && i !== last + 1) {
      for (let j = i; j >= 0; j = text.indexOf(ch, j + 1)) {
        if (wordStart(text, j)) {
          i = j;
          break;
        }
      }
    }
    score += 10;
    if (wordStart(text, i)) score += 8;
    if (i === last + 1) score += 6;
    else if (last >= 0) score -= Math.min(i - last - 1, 10);
    last = i;
    from = i + 1;
  }
  return score;
}

/** How well `query` matches a command: every typed word must match its title, or (for less)
 *  its other words; null when one does not. */
export function commandScore(query: string, command: Pick<Command, 'title' | 'words'>): number | null {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const title = command.title.toLowerCase();
  const extra = command.words.toLowerCase();
  let total = 0;
  for (const w of words) {
    const inTitle = wordScore(w, title);
    const inWords = wordScore(w, extra);
    if (inTitle === null && inWords === null) return null;
    total += Math.max(inTitle ?? -Infinity, (inWords ?? -Infinity) * 0.6);
  }
  return total;
}

/** The commands that match `query`, best first; ties keep the table's order. An empty query
 *  keeps them all, in order. */
export function rank<T extends Pick<Command, 'title' | 'words'>>(items: readonly T[], query: string): T[] {
  if (query.trim() === '') return [...items];
  return items
    .map((item, i) => ({ item, i, score: commandScore(query, item) }))
    .filter((x): x is { item: T; i: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.item);
}
