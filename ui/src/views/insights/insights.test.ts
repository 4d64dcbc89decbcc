// Unit tests of Insights' pure logic: presets to from/to, the automatic grouping, the chart's
// scale, ticks and label thinning, and the wording of numbers.
import { describe, expect, it } from 'vitest';
import {
  autoGroup,
  barHeights,
  bucketLabel,
  bucketName,
  daysText,
  labelIndexes,
  labelStep,
  monthsBefore,
  niceMax,
  paceText,
  percent,
  placeLabels,
  presetPhrase,
  presetRange,
  rangeDays,
  rangeText,
  share,
  ticks,
} from './insights';

const TODAY = '2026-11-28';

describe('ranges', () => {
  it('turns each preset into from/to days ending today, today counted in', () => {
    expect(presetRange('week', TODAY)).toEqual({ from: '2026-11-22', to: TODAY });
    expect(presetRange('month30', TODAY)).toEqual({ from: '2026-10-30', to: TODAY });
    expect(presetRange('thisMonth', TODAY)).toEqual({ from: '2026-11-01', to: TODAY });
    expect(presetRange('quarter', TODAY)).toEqual({ from: '2026-08-29', to: TODAY });
    expect(presetRange('year', TODAY)).toEqual({ from: '2026-01-01', to: TODAY });
    expect(rangeDays(presetRange('week', TODAY))).toBe(7);
    expect(rangeDays(presetRange('month30', TODAY))).toBe(30);
  });

  it('crosses years and short months', () => {
    expect(presetRange('week', '2027-01-03')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(presetRange('quarter', '2027-01-15')).toEqual({ from: '2026-10-16', to: '2027-01-15' });
    // 31 May three months back is 28 Feb (no 31 Feb), the range starting the day after.
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2028-05-31', 3)).toBe('2028-02-29');
    expect(presetRange('quarter', '2026-05-31').from).toBe('2026-03-01');
    expect(presetRange('thisMonth', '2026-11-01')).toEqual({ from: '2026-11-01', to: '2026-11-01' });
    expect(presetRange('year', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });

  it('groups by day up to 31 days, by week up to 120, by month beyond', () => {
    expect(autoGroup(presetRange('week', TODAY))).toBe('day');
    expect(autoGroup(presetRange('month30', TODAY))).toBe('day');
    expect(autoGroup({ from: '2026-10-01', to: '2026-10-31' })).toBe('day');
    expect(autoGroup({ from: '2026-10-01', to: '2026-11-01' })).toBe('week');
    expect(autoGroup(presetRange('quarter', TODAY))).toBe('week');
    expect(autoGroup({ from: '2026-08-01', to: '2026-11-28' })).toBe('week');
    expect(autoGroup({ from: '2026-07-31', to: '2026-11-28' })).toBe('month');
    expect(autoGroup(presetRange('year', TODAY))).toBe('month');
    // Early in the year, "this year" is short enough for days.
    expect(autoGroup(presetRange('year', '2026-01-20'))).toBe('day');
  });

  it('says the range in words', () => {
    expect(rangeText({ from: '2026-10-30', to: TODAY })).toBe('30 Oct – 28 Nov 2026');
    expect(rangeText({ from: '2026-12-28', to: '2027-01-03' })).toBe('28 Dec 2026 – 3 Jan 2027');
    expect(rangeText({ from: TODAY, to: TODAY })).toBe('Sat 28 Nov 2026');
    expect(presetPhrase('month30')).toBe('in the last 30 days');
    expect(presetPhrase('thisMonth')).toBe('this month');
    expect(presetPhrase('year')).toBe('this year');
  });
});

describe('buckets', () => {
  it('labels a bucket on the axis and names it in full', () => {
    expect(bucketLabel('2026-11-23', 'day')).toBe('23 Nov');
    expect(bucketLabel('2026-11-23', 'week')).toBe('23 Nov');
    expect(bucketLabel('2026-11-01', 'month')).toBe('Nov');
    expect(bucketLabel('2027-01-01', 'month')).toBe('Jan 2027');
    const range = { from: '2026-10-30', to: TODAY };
    expect(bucketName('2026-11-23', 'day', range)).toBe('Monday 23 November 2026');
    expect(bucketName('2026-11-01', 'month', range)).toBe('November 2026');
    // The first and last weeks are clipped to the range.
    expect(bucketName('2026-10-26', 'week', range)).toBe('Week of Fri 30 Oct to Sun 1 Nov');
    expect(bucketName('2026-11-23', 'week', range)).toBe('Week of Mon 23 Nov to Sat 28 Nov');
    expect(bucketName('2026-11-09', 'week', range)).toBe('Week of Mon 9 Nov to Sun 15 Nov');
  });
});

describe('chart scale', () => {
  it('rounds the top up to 1, 2, 2.5 or 5 times a power of ten, whole', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(1)).toBe(1);
    expect(niceMax(2)).toBe(2);
    expect(niceMax(3)).toBe(5);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(21)).toBe(25);
    expect(niceMax(26)).toBe(50);
    expect(niceMax(120)).toBe(200);
  });

  it('puts at most four whole steps on the axis, the top among them', () => {
    expect(ticks(1)).toEqual([0, 1]);
    expect(ticks(2)).toEqual([0, 1, 2]);
    expect(ticks(5)).toEqual([0, 5]);
    expect(ticks(10)).toEqual([0, 5, 10]);
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(25)).toEqual([0, 25]);
    expect(ticks(50)).toEqual([0, 25, 50]);
    expect(ticks(200)).toEqual([0, 50, 100, 150, 200]);
    for (const top of [1, 2, 5, 10, 20, 25, 50, 100, 250, 500]) {
      const t = ticks(top);
      expect(t.at(-1), String(top)).toBe(top);
      expect(t.length, String(top)).toBeLessThanOrEqual(5);
      expect(t.every(Number.isInteger)).toBe(true);
    }
  });

  it('scales bars to the top, a single completion still visible', () => {
    expect(barHeights([0, 5, 10], 10, 160)).toEqual([0, 80, 160]);
    const [one, many] = barHeights([1, 400], 500, 160);
    expect(one).toBe(2);
    expect(many).toBeCloseTo(128);
    expect(barHeights([3], 0, 160)).toEqual([0]);
    expect(share(5, 10)).toBe(50);
    expect(share(1, 1000)).toBe(2);
    expect(share(0, 10)).toBe(0);
    expect(share(3, 0)).toBe(0);
  });
});

describe('axis labels', () => {
  it('shows every label when they fit, fewer as the buckets narrow', () => {
    expect(labelStep(7, 80, 44)).toBe(1);
    expect(labelStep(30, 20, 44)).toBe(3);
    expect(labelStep(365, 1.6, 44)).toBe(28);
    expect(labelStep(1, 600, 44)).toBe(1);
    expect(labelStep(10, 0, 44)).toBe(1);
  });

  it('counts back from the last bucket, so today’s is always labelled, without overlaps', () => {
    expect(labelIndexes(7, 1)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(labelIndexes(30, 3)).toEqual([2, 5, 8, 11, 14, 17, 20, 23, 26, 29]);
    expect(labelIndexes(1, 5)).toEqual([0]);
    expect(labelIndexes(0, 2)).toEqual([]);
    for (const [count, slot] of [[30, 20], [90, 7], [365, 1.6], [53, 11]] as const) {
      const step = labelStep(count, slot, 44);
      const shown = labelIndexes(count, step);
      expect(shown.at(-1)).toBe(count - 1);
      shown.slice(1).forEach((at, i) => {
        expect((at - (shown[i] ?? 0)) * slot).toBeGreaterThanOrEqual(44);
      });
    }
  });
});

describe('wording', () => {
  it('writes rates and durations plainly', () => {
    expect(percent(null)).toBe('—');
    expect(percent(0.8333)).toBe('83%');
    expect(percent(1)).toBe('100%');
    expect(daysText(null)).toBe('—');
    expect(daysText(0)).toBe('Under a day');
    expect(daysText(1)).toBe('1 day');
    expect(daysText(2.5)).toBe('2.5 days');
    expect(daysText(3)).toBe('3 days');
  });
});

describe('label placement', () => {
  const at = (slot: number) => (i: number): number => 30 + (i + 0.5) * slot;
  const wide = (): number => 48;

  it('keeps the labels inside the chart and off each other, the last one always', () => {
    // A year by day: the last label pushed in from the edge would touch its neighbour: it goes.
    const slot = 1.7;
    const placed = placeLabels(labelIndexes(332, labelStep(332, slot, 48)), at(slot), wide, 26, 600);
    expect(placed.at(-1)?.index).toBe(331);
    expect(placed.at(-1)?.x).toBe(576);
    expect(placed[0]?.x).toBeGreaterThanOrEqual(26 + 24);
    placed.slice(1).forEach((p, i) => {
      expect(p.x - 24 - ((placed[i]?.x ?? 0) + 24)).toBeGreaterThanOrEqual(6);
    });
    // Seven wide buckets: all seven, centred under their bars.
    expect(placeLabels([0, 1, 2, 3, 4, 5, 6], at(80), wide, 26, 600).map((p) => p.x)).toEqual([70, 150, 230, 310, 390, 470, 550]);
  });

  it('says the pace in the unit that gives a readable number', () => {
    expect(paceText(0, 30)).toBe('Nothing finished in the range');
    expect(paceText(45, 30)).toBe('About 1.5 a day');
    expect(paceText(15, 30)).toBe('About 0.5 a day');
    expect(paceText(4, 30)).toBe('About 0.9 a week');
    expect(paceText(4, 28)).toBe('About 1 a week');
    expect(paceText(5, 332)).toBe('About 0.5 a month');
    expect(paceText(300, 7)).toBe('About 43 a day');
  });
});
