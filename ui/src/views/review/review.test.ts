// Unit tests of the Review view's pure parts (review.ts), the mood scale (lib/mood.ts) and the
// Insights trend and year-map helpers (insights/trends.ts).
import { describe, expect, it } from 'vitest';
import { averageText, moodLabel, stepScore } from '../../lib/mood';
import { heatMap, linePath, mean, points } from '../insights/trends';
import { holds, lateText, neighbour, nextTitle, periodTitle } from './review';

describe('review periods', () => {
  it('titles a week and a month', () => {
    expect(periodTitle({ period: 'week', from: '2026-11-23', to: '2026-11-29' })).toBe('Week of Mon 23 Nov – Sun 29 Nov 2026');
    expect(periodTitle({ period: 'month', from: '2026-11-01', to: '2026-11-30' })).toBe('November 2026');
    expect(nextTitle({ period: 'week', nextFrom: '2026-11-30', nextTo: '2026-12-06' })).toBe('Mon 30 Nov – Sun 6 Dec');
    expect(nextTitle({ period: 'month', nextFrom: '2026-12-01', nextTo: '2026-12-31' })).toBe('December 2026');
  });

  it('asks for the day before or after the period for previous and next', () => {
    const week = { from: '2026-11-23', to: '2026-11-29' };
    expect(neighbour(week, -1)).toBe('2026-11-22');
    expect(neighbour(week, 1)).toBe('2026-11-30');
    expect(neighbour({ from: '2026-03-01', to: '2026-03-31' }, -1)).toBe('2026-02-28');
  });

  it('knows whether the period holds today', () => {
    expect(holds({ from: '2026-11-23', to: '2026-11-29' }, '2026-11-28')).toBe(true);
    expect(holds({ from: '2026-11-16', to: '2026-11-22' }, '2026-11-28')).toBe(false);
    expect(holds({ from: '2026-11-16', to: '2026-11-22' }, null)).toBe(false);
  });

  it('says how late a todo was done', () => {
    const t = { id: 'a', content: 'x', project: null, date: '2026-11-27', due: '2026-11-25' };
    expect(lateText(t)).toBe('late by 2 days');
    expect(lateText({ ...t, due: '2026-11-26' })).toBe('late by 1 day');
    expect(lateText({ ...t, due: '2026-11-27' })).toBe('');
    expect(lateText({ ...t, due: null })).toBe('');
  });
});

describe('mood scale', () => {
  it('labels scores and averages', () => {
    expect(moodLabel(1)).toBe('1 – bad');
    expect(moodLabel(5)).toBe('5 – great');
    expect(moodLabel(7)).toBe('7');
    expect(averageText(3.5)).toBe('3.5 – good');
    expect(averageText(3)).toBe('3 – okay');
    expect(averageText(null)).toBe('—');
  });

  it('steps with the arrow keys, wrapping as radios do', () => {
    expect(stepScore(0, 'ArrowRight')).toBe(1);
    expect(stepScore(3, 'ArrowRight')).toBe(4);
    expect(stepScore(5, 'ArrowDown')).toBe(1);
    expect(stepScore(1, 'ArrowLeft')).toBe(5);
    expect(stepScore(0, 'ArrowUp')).toBe(5);
    expect(stepScore(3, 'Home')).toBe(1);
    expect(stepScore(3, 'End')).toBe(5);
    expect(stepScore(3, 'a')).toBeNull();
  });
});

describe('trend lines', () => {
  it('places values on the scale and breaks the line at gaps', () => {
    const pts = points([1, 5, null, 3], 1, 5, 10, 100, (i) => i * 10);
    expect(pts.map((p) => [p.index, p.x, p.y])).toEqual([
      [0, 0, 110],
      [1, 10, 10],
      [3, 30, 60],
    ]);
    expect(linePath(pts)).toBe('M0.0 110.0L10.0 10.0M30.0 60.0');
    expect(mean([1, null, 4])).toBe(2.5);
    expect(mean([null])).toBeNull();
  });
});

describe('year map', () => {
  it('lays the days out by week from Monday and counts them per month', () => {
    // Wednesday 28 October 2026 to Tuesday 10 November: three week columns.
    const map = heatMap('2026-10-28', '2026-11-10', ['2026-10-28', '2026-11-02', '2026-11-10']);
    expect(map.cells).toHaveLength(14);
    expect(map.cells[0]).toEqual({ date: '2026-10-28', col: 0, row: 2, on: true });
    expect(map.cells.find((c) => c.date === '2026-11-02')).toEqual({ date: '2026-11-02', col: 1, row: 0, on: true });
    expect(map.columns).toBe(3);
    expect(map.total).toBe(3);
    expect(map.perMonth).toEqual([
      ['2026-10', 1, 4],
      ['2026-11', 2, 10],
    ]);
    // October's first column is too close to November's: its label gives way.
    expect(map.months).toEqual([{ col: 0, label: 'Nov' }]);
  });

  it('a full year has 365 cells and about 53 columns', () => {
    const map = heatMap('2025-11-29', '2026-11-28', []);
    expect(map.cells).toHaveLength(365);
    expect(map.columns).toBeGreaterThanOrEqual(53);
    expect(map.months.map((m) => m.label)).toContain('Jan');
  });
});
