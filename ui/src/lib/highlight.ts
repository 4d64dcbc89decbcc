// Splits a search snippet into plain and highlighted pieces from the `highlights` ranges the
// shell sends ([start, end) in UTF-16 code units, which are JavaScript string indices).

import type { SearchHit } from './types';

export interface Segment {
  text: string;
  mark: boolean;
}

/** The snippet as pieces; ranges may come unsorted, overlapping or out of bounds (clamped). */
export function splitHighlights(text: string, ranges: readonly (readonly [number, number])[]): Segment[] {
  const clean = ranges
    .map(([a, b]): [number, number] => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of clean) {
    const last = merged.at(-1);
    if (last !== undefined && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) out.push({ text: text.slice(at, a), mark: false });
    out.push({ text: text.slice(a, b), mark: true });
    at = b;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), mark: false });
  return out;
}

/** A search hit's kind as a tag shows it (the search dialog and the command palette). */
export const HIT_KIND_LABEL: Record<SearchHit['kind'], string> = {
  todo: 'Todo',
  plan: 'Plan',
  journal: 'Journal',
  archive: 'Archive',
  project: 'Project',
};
