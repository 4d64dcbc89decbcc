// The browser-test harness's search_all: every word of the query, case-insensitive, in a todo
// (content, notes) or in a day's sections (one hit per day and kind); a snippet around the first
// word with every word's occurrences as highlight ranges; content matches first, then days from
// the newest. Plain JavaScript strings, so the ranges are UTF-16 offsets as the contract says.
import type { DaySection, Todo } from './fake-planner';

export interface SearchDay {
  date: string;
  /** False when only the archived copy is left: its hits are of kind `archive`. */
  live: boolean;
  sections: DaySection[];
}

interface Match {
  field: string;
  snippet: string;
  highlights: [number, number][];
}

function matchIn(words: string[], fields: [string, string][]): Match | null {
  const all = fields.map(([, t]) => t.toLowerCase()).join('\n');
  const first = words[0];
  if (first === undefined || !words.every((w) => all.includes(w))) return null;
  const found = fields.find(([, t]) => t.toLowerCase().includes(first));
  if (found === undefined) return null;
  const [field, text] = found;
  const at = text.toLowerCase().indexOf(first);
  const start = Math.max(0, at - 30);
  const end = Math.min(text.length, at + 50);
  const snippet = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  const lower = snippet.toLowerCase();
  const highlights: [number, number][] = [];
  for (const w of words) for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + w.length)) highlights.push([i, i + w.length]);
  highlights.sort((a, b) => a[0] - b[0]);
  return { field, snippet, highlights };
}

function dayTitle(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function search(q: Record<string, unknown>, todos: Todo[], days: SearchDay[]): { hits: Record<string, unknown>[]; total: number } {
  const words = (typeof q.text === 'string' ? q.text : '').toLowerCase().split(/\s+/).filter((w) => w !== '');
  const kinds = Array.isArray(q.kinds) && q.kinds.length > 0 ? (q.kinds as string[]) : ['todo', 'plan', 'journal', 'archive'];
  const from = typeof q.from === 'string' ? q.from : null;
  const to = typeof q.to === 'string' ? q.to : null;
  const inRange = (date: string | undefined): boolean =>
    (from === null && to === null) || (date !== undefined && (from === null || date >= from) && (to === null || date <= to));
  const hits: { hit: Record<string, unknown>; rank: number }[] = [];
  if (kinds.includes('todo')) {
    for (const t of todos) {
      if (!inRange(t.due ?? undefined)) continue;
      const m = matchIn(words, [['content', t.content], ...t.notes.map((n): [string, string] => ['note', n])]);
      if (m === null) continue;
      const date = t.due === null ? {} : { date: t.due };
      hits.push({ rank: m.field === 'content' ? 0 : 1, hit: { kind: 'todo', id: t.id, title: t.content, ...m, ...date, status: t.status, shortId: t.id.slice(-8) } });
    }
  }
  for (const day of [...days].sort((a, b) => b.date.localeCompare(a.date))) {
    if (!inRange(day.date)) continue;
    const groups: [string, DaySection[]][] = day.live
      ? [['plan', day.sections.filter((s) => s.file === 'plan')], ['journal', day.sections.filter((s) => s.file === 'journal')]]
      : [['archive', day.sections]];
    for (const [kind, group] of groups) {
      if (!kinds.includes(kind)) continue;
      const m = matchIn(words, group.map((s): [string, string] => [s.title, s.text]));
      if (m !== null) hits.push({ rank: 2, hit: { kind, id: day.date, title: dayTitle(day.date), ...m, date: day.date } });
    }
  }
  const sorted = hits.sort((a, b) => a.rank - b.rank).map((h) => h.hit);
  const limit = typeof q.limit === 'number' ? q.limit : 50;
  return { hits: sorted.slice(0, limit), total: sorted.length };
}
