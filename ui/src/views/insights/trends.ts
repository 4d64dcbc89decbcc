// Insights' trend charts and year map, their pure parts: the points of a per-bucket line with
// gaps where a bucket has no value, its averages in words, and the year map's grid (a column per
// week from Monday, a row per weekday) with its month labels and counts. No IO, no Svelte.
import { addDays, daysBetween, weekdayIndex } from '../../lib/dates';

export interface Point {
  index: number;
  x: number;
  y: number;
  value: number;
}

/** The points of `values` on a plot from `top` to `top + height`, `min`..`max` upwards; a null
 *  (no value in that bucket) leaves a gap. `center(i)` is the bucket's x. */
export function points(
  values: readonly (number | null)[],
  min: number,
  max: number,
  top: number,
  height: number,
  center: (i: number) => number,
): Point[] {
  const span = max - min || 1;
  const out: Point[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const clamped = Math.min(max, Math.max(min, v));
    out.push({ index: i, x: center(i), y: top + height - ((clamped - min) / span) * height, value: v });
  });
  return out;
}

/** An SVG path through the points, broken where buckets without a value lie between two. */
export function linePath(pts: readonly Point[]): string {
  let d = '';
  let prev: Point | null = null;
  for (const p of pts) {
    const join = prev !== null && p.index === prev.index + 1;
    d += `${join ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
    prev = p;
  }
  return d;
}

/** The mean of the values present, or null when there is none. */
export function mean(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  return present.reduce((a, b) => a + b, 0) / present.length;
}

export interface HeatCell {
  date: string;
  /** Week column, 0 = the oldest. */
  col: number;
  /** 0 Monday … 6 Sunday. */
  row: number;
  on: boolean;
}

export interface HeatMap {
  cells: HeatCell[];
  columns: number;
  /** The first column of each month that starts in the map, with its short name. */
  months: { col: number; label: string }[];
  /** [YYYY-MM, days journaled, days of it in the range], oldest first. */
  perMonth: [string, number, number][];
  total: number;
}

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The year map of `from`..`to`: every day a cell, lit when it is in `journaled`. */
export function heatMap(from: string, to: string, journaled: readonly string[]): HeatMap {
  const lit = new Set(journaled);
  const offset = weekdayIndex(from);
  const days = daysBetween(from, to) + 1;
  const cells: HeatCell[] = [];
  const months: { col: number; label: string }[] = [];
  const perMonth = new Map<string, [number, number]>();
  for (let i = 0; i < days; i += 1) {
    const date = addDays(from, i);
    const col = Math.floor((i + offset) / 7);
    const on = lit.has(date);
    cells.push({ date, col, row: (i + offset) % 7, on });
    const month = date.slice(0, 7);
    const m = perMonth.get(month) ?? [0, 0];
    perMonth.set(month, [m[0] + (on ? 1 : 0), m[1] + 1]);
    if (date.endsWith('-01') || i === 0) {
      // A label needs about three columns: a first partial month too close to the next gives way.
      const last = months[months.length - 1];
      if (last !== undefined && col - last.col < 3) months.pop();
      months.push({ col, label: MONTH_SHORT[Number(date.slice(5, 7)) - 1] ?? '' });
    }
  }
  const columns = cells.length === 0 ? 0 : (cells[cells.length - 1]?.col ?? 0) + 1;
  return {
    cells,
    columns,
    months,
    perMonth: [...perMonth.entries()].map(([m, [n, of]]) => [m, n, of]),
    total: cells.filter((c) => c.on).length,
  };
}
