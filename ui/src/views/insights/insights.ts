// The Insights view's pure parts: the range presets turned into from/to days from the app's today,
// the grouping a range gets unless the person picks one, the completions chart's scale and axis
// labels, and the wording of numbers and dates. No IO, no Svelte.
import { addDays, daysBetween, mediumDate, monthTitle, shortDate, spokenDate } from '../../lib/dates';
import type { InsightsGroup } from '../../lib/types';

export type Preset = 'week' | 'month30' | 'thisMonth' | 'quarter' | 'year';

export const PRESETS: { id: Preset; label: string }[] = [
  { id: 'week', label: 'Last 7 days' },
  { id: 'month30', label: 'Last 30 days' },
  { id: 'thisMonth', label: 'This month' },
  { id: 'quarter', label: 'Last 3 months' },
  { id: 'year', label: 'This year' },
];

/** What the shell answers with no range at all: the view starts there, so its first call needs
 *  no today of its own. */
export const DEFAULT_PRESET: Preset = 'month30';

export const GROUPS: { id: InsightsGroup; label: string }[] = [
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
];

export interface Range {
  from: string;
  to: string;
}

function parts(key: string): [number, number, number] {
  const [y, m, d] = key.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

function key(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The same day `n` months earlier, the month's last day when it has no such day (31 May → 28 Feb
 *  rather than 3 March, which would make the range shorter than it says). */
export function monthsBefore(day: string, n: number): string {
  const [y, m, d] = parts(day);
  const index = y * 12 + (m - 1) - n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return key(year, month, Math.min(d, last));
}

/** Every preset ends today; "last N" counts today in, as the shell's default 30 days does. */
export function presetRange(preset: Preset, today: string): Range {
  const [y, m] = parts(today);
  switch (preset) {
    case 'week':
      return { from: addDays(today, -6), to: today };
    case 'month30':
      return { from: addDays(today, -29), to: today };
    case 'thisMonth':
      return { from: key(y, m, 1), to: today };
    case 'quarter':
      return { from: addDays(monthsBefore(today, 3), 1), to: today };
    case 'year':
      return { from: key(y, 1, 1), to: today };
  }
}

/** Days in the range, both ends included. */
export function rangeDays(range: Range): number {
  return daysBetween(range.from, range.to) + 1;
}

/** About as many bars as fit and read well: days up to a month, weeks up to a quarter (120 days
 *  allows for a quarter that starts mid-week), months beyond. */
export function autoGroup(range: Range): InsightsGroup {
  const n = rangeDays(range);
  if (n <= 31) return 'day';
  if (n <= 120) return 'week';
  return 'month';
}

/** "29 Oct – 28 Nov 2026"; the first year too when the range spans two. */
export function rangeText(range: Range): string {
  const [fy] = parts(range.from);
  const [ty] = parts(range.to);
  if (range.from === range.to) return mediumDate(range.to);
  const start = fy === ty ? dayMonth(range.from) : `${dayMonth(range.from)} ${String(fy)}`;
  return `${start} – ${dayMonth(range.to)} ${String(ty)}`;
}

function dayMonth(day: string): string {
  // "Mon 29 Nov" without the weekday.
  return shortDate(day).split(' ').slice(1).join(' ');
}

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A bucket's axis label: "28 Nov" for a day or a week's Monday, "Nov" for a month ("Jan 2027" at
 *  a year's start, so a range across New Year reads right). */
export function bucketLabel(start: string, group: InsightsGroup): string {
  if (group !== 'month') return dayMonth(start);
  const [y, m] = parts(start);
  const name = MONTH_SHORT[m - 1] ?? '';
  return m === 1 ? `${name} ${String(y)}` : name;
}

/** A bucket in words, for the readout and the table: the week's span is clipped to the range,
 *  since completions outside it are not counted. */
export function bucketName(start: string, group: InsightsGroup, range: Range): string {
  if (group === 'day') return spokenDate(start);
  if (group === 'month') return monthTitle(start.slice(0, 7));
  const from = start < range.from ? range.from : start;
  const end = addDays(start, 6);
  const to = end > range.to ? range.to : end;
  return `Week of ${shortDate(from)} to ${shortDate(to)}`;
}

/** Show every `step`-th axis label so none overlaps: `slot` is the width each bucket gets,
 *  `label` the widest label's width (both in pixels). */
export function labelStep(count: number, slot: number, label: number): number {
  if (count <= 1 || slot <= 0) return 1;
  return Math.max(1, Math.ceil(label / slot));
}

/** The indexes whose label shows: every `step`-th, counted back from the last (the bucket holding
 *  today, the one people look for). */
export function labelIndexes(count: number, step: number): number[] {
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i -= step) out.push(i);
  return out.reverse();
}

export interface Placed {
  index: number;
  /** The label's centre. */
  x: number;
}

/** Places the labels at `indexes` under their bars, pushed inside `min`..`max` (the first and last
 *  would be cut at the edges), then leaves out any that would touch the next one kept: pushing
 *  the last label in can bring it onto its neighbour. Today's bucket, the last, always stays. */
export function placeLabels(
  indexes: readonly number[],
  center: (i: number) => number,
  width: (i: number) => number,
  min: number,
  max: number,
  gap = 6,
): Placed[] {
  const out: Placed[] = [];
  let edge = Infinity;
  for (let k = indexes.length - 1; k >= 0; k -= 1) {
    const i = indexes[k] ?? 0;
    const half = width(i) / 2;
    const x = Math.max(min + half, Math.min(center(i), max - half));
    if (x + half + gap > edge) continue;
    out.push({ index: i, x });
    edge = x - half;
  }
  return out.reverse();
}

/** A label's width in pixels, near enough for 11px Inter (digits and short words). */
export function labelWidth(text: string): number {
  return text.length * 6.4 + 10;
}

/** A round top for the value axis (1, 2, 2.5 or 5 times a power of ten, whole), at least `max`
 *  and at least 1 so an empty chart still has a scale. */
export function niceMax(max: number): number {
  if (max <= 1) return 1;
  for (let power = 1; ; power *= 10) {
    for (const f of [1, 2, 2.5, 5]) {
      const top = f * power;
      if (Number.isInteger(top) && top >= max) return top;
    }
  }
}

/** The value axis' ticks from 0 to `top` (a `niceMax`): whole steps that divide it, at most four
 *  of them, so the grid stays quiet and the top line is a tick. */
export function ticks(top: number): number[] {
  let step = top;
  search: for (let power = 1; power <= top; power *= 10) {
    for (const f of [1, 2, 2.5, 5]) {
      const c = f * power;
      if (Number.isInteger(c) && top % c === 0 && top / c <= 4) {
        step = c;
        break search;
      }
    }
  }
  const out: number[] = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}

/** Bar heights for `values` in a plot `height` pixels tall against `top`: a count above zero
 *  gets at least 2px so a single completion beside a busy day still shows. */
export function barHeights(values: readonly number[], top: number, height: number): number[] {
  return values.map((v) => {
    if (v <= 0 || top <= 0) return 0;
    return Math.max(2, (Math.min(v, top) / top) * height);
  });
}

/** A share of the longest bar, in percent, for the horizontal bars (0 when there is nothing). */
export function share(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(2, Math.round((value / max) * 100));
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

function rate(v: number): string {
  return v >= 10 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
}

/** How often, in the unit that gives a readable number: "About 2.5 a day", "About 3 a week",
 *  "About 0.5 a month" (never "0.0 a day"). */
export function paceText(n: number, days: number): string {
  if (n <= 0) return 'Nothing finished in the range';
  const perDay = n / Math.max(1, days);
  if (perDay >= 0.5) return `About ${rate(perDay)} a day`;
  if (perDay * 7 >= 0.5) return `About ${rate(perDay * 7)} a week`;
  return `About ${rate(perDay * 30)} a month`;
}

/** "83%", rounded to whole percents; null (no deadlines) as a dash. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${String(Math.round(rate * 100))}%`;
}

/** "2.5 days", "Under a day" below 0.1, a dash for none. */
export function daysText(days: number | null): string {
  if (days === null) return '—';
  if (days < 0.1) return 'Under a day';
  const shown = Number.isInteger(days) ? String(days) : days.toFixed(1);
  return `${shown} ${days === 1 ? 'day' : 'days'}`;
}

/** The preset's words as a sentence's object: "in the last 30 days", "this month". */
export function presetPhrase(preset: Preset): string {
  const label = PRESETS.find((p) => p.id === preset)?.label ?? '';
  return preset === 'thisMonth' || preset === 'year' ? label.toLowerCase() : `in the ${label.toLowerCase()}`;
}
