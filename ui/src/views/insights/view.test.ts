// Component tests of the Insights view (jsdom, the API mocked): the first call asks for the shell's
// default range, a preset is asked from the shell's today, the cards, chart, lists and empty
// states show what the answer says, and an error shows its message.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Insights } from '../../lib/types';

const api = vi.hoisted(() => ({ insights: vi.fn() }));

vi.mock('../../lib/api', async (original) => {
  const real = await original<typeof import('../../lib/api')>();
  return { ...real, ...api };
});

const { default: InsightsView } = await import('../Insights.svelte');

function answer(extra: Partial<Insights> = {}): Insights {
  const completions = Array.from({ length: 30 }, (_, i) => ({
    start: `2026-${i < 2 ? '10' : '11'}-${String(i < 2 ? 30 + i : i - 1).padStart(2, '0')}`,
    completed: i === 29 ? 3 : i === 10 ? 1 : 0,
    onTimeRate: i === 29 ? 2 / 3 : null,
    mood: i === 28 ? 4 : i === 29 ? 3.5 : null,
  }));
  return {
    from: '2026-10-30',
    to: '2026-11-28',
    group: 'day',
    completed: 4,
    created: 6,
    completions,
    withDeadline: 3,
    onTime: 2,
    onTimeRate: 2 / 3,
    medianDaysToComplete: 2.5,
    overdueNow: 1,
    byProject: [['work', 3], ['No project', 1]],
    byTag: [['finance', 2]],
    plannedDays: 5,
    journaledDays: 2,
    carryOvers: 3,
    carriedLongest: [{ text: 'Book the dentist', carried: 3, date: '2026-11-27' }],
    planStreak: { current: 2, longest: 4 },
    journalStreak: { current: 0, longest: 1 },
    moods: [['2026-11-26', 'calm'], ['2026-11-27', 'tired']],
    moodScores: [['2026-11-27', 4], ['2026-11-28', 3]],
    averageMood: 3.5,
    journaledDates: ['2026-11-26', '2026-11-27', '2026-11-28'],
    ...extra,
  };
}

const text = (id: string): string => screen.getByTestId(id).textContent.trim();
/** The calls for the range shown (the year map's own call, 365 days to today, left out). */
const rangeCalls = (): unknown[][] => api.insights.mock.calls.filter((c: unknown[]) => c[0] !== '2025-11-29');

beforeEach(() => {
  vi.clearAllMocks();
});

describe('Insights', () => {
  it('asks for the default range first, then shows the numbers of the answer', async () => {
    api.insights.mockResolvedValue(answer());
    render(InsightsView);
    await waitFor(() => {
      expect(text('insight-completed-value')).toBe('4');
    });
    expect(rangeCalls()).toEqual([[undefined, undefined, 'day']]);
    expect(text('insights-range')).toBe('30 Oct – 28 Nov 2026 · 4 todos completed');
    expect(text('insight-created-value')).toBe('6');
    expect(text('insight-on-time-value')).toBe('67%');
    expect(text('insight-on-time-detail')).toBe('2 of 3 with a deadline');
    expect(text('insight-median-value')).toBe('2.5 days');
    expect(text('insight-overdue-value')).toBe('1');
    expect(text('insight-planned-value')).toBe('5');
    expect(text('insight-planned-detail')).toBe('of 30 days had a plan');
    expect(text('insight-carry-overs-value')).toBe('3');
    expect(text('insight-plan-streak-value')).toBe('2 days');
    expect(text('insight-plan-streak-detail')).toBe('Longest in the range: 4 days');
    expect(text('insight-journal-streak-value')).toBe('0 days');
    // Two buckets with completions, the table with all thirty.
    expect(screen.getAllByTestId('chart-bar').map((b) => b.getAttribute('data-value'))).toEqual(['1', '3']);
    expect(screen.getByTestId('chart-table').querySelectorAll('tbody tr')).toHaveLength(30);
    expect(screen.getByTestId('chart-table').textContent).toContain('Saturday 28 November 2026');
    expect(screen.getAllByTestId('top-projects-row').map((r) => r.textContent.replace(/\s+/g, ' ').trim())).toEqual(['work 3', 'No project 1']);
    expect(text('top-tags')).toContain('#finance');
    expect(text('carried-row')).toContain('Carried 3 times');
    // Newest mood first.
    expect(screen.getAllByTestId('mood-row').map((r) => r.textContent.replace(/\s+/g, ' ').trim())).toEqual(['Sat 28 Nov 3 – okay', 'Fri 27 Nov 4 – good tired', 'Thu 26 Nov calm']);
  });

  it('asks a preset from the shell’s today, grouped for its length, and lets the grouping be changed', async () => {
    api.insights.mockResolvedValue(answer());
    render(InsightsView);
    await waitFor(() => {
      expect(rangeCalls()).toHaveLength(1);
    });
    await fireEvent.click(screen.getByTestId('range-quarter'));
    await waitFor(() => {
      expect(api.insights).toHaveBeenLastCalledWith('2026-08-29', '2026-11-28', 'week');
    });
    await fireEvent.click(screen.getByTestId('range-year'));
    await waitFor(() => {
      expect(api.insights).toHaveBeenLastCalledWith('2026-01-01', '2026-11-28', 'month');
    });
    await fireEvent.click(screen.getByTestId('group-week'));
    await waitFor(() => {
      expect(api.insights).toHaveBeenLastCalledWith('2026-01-01', '2026-11-28', 'week');
    });
    // Another range goes back to the grouping that fits it.
    await fireEvent.click(screen.getByTestId('range-week'));
    await waitFor(() => {
      expect(api.insights).toHaveBeenLastCalledWith('2026-11-22', '2026-11-28', 'day');
    });
  });

  it('says so in plain words when nothing was done', async () => {
    api.insights.mockResolvedValue(
      answer({ completed: 0, completions: [], withDeadline: 0, onTime: 0, onTimeRate: null, medianDaysToComplete: null, byProject: [], byTag: [], carriedLongest: [], moods: [], moodScores: [], averageMood: null }),
    );
    render(InsightsView);
    await waitFor(() => {
      expect(text('completions-empty')).toContain('Nothing was completed in the last 30 days');
    });
    expect(text('insight-on-time-value')).toBe('—');
    expect(text('insight-on-time-detail')).toBe('None of them had a deadline');
    expect(text('carried-empty')).toContain('No task was carried over');
    expect(text('moods-empty')).toContain('No mood written');
    expect(screen.queryByTestId('completions-chart')).toBeNull();
    expect(text('mood-trend-empty')).toContain('No mood score');
    expect(text('on-time-trend-empty')).toContain('had a deadline');
  });

  it('draws the mood and on-time trends and the year map, each with a table', async () => {
    api.insights.mockResolvedValue(answer());
    render(InsightsView);
    await screen.findByTestId('year-map');
    expect(api.insights).toHaveBeenCalledWith('2025-11-29', '2026-11-28', 'month');
    expect(screen.getAllByTestId('mood-trend-dot')).toHaveLength(2);
    expect(text('mood-trend-table')).toContain('3.5 – good');
    expect(screen.getAllByTestId('on-time-trend-dot')).toHaveLength(1);
    expect(text('on-time-trend-table')).toContain('67%');
    expect(screen.getAllByTestId('year-map-on')).toHaveLength(3);
    expect(screen.getByRole('img', { name: /Days journaled from .*: 3 of 30\./ })).toBeTruthy();
    expect(text('year-map-table')).toContain('November 2026');
  });

  it('shows the shell’s error message', async () => {
    api.insights.mockRejectedValue({ code: 'invalid', message: 'from: the range may cover at most 3660 days' });
    render(InsightsView);
    await waitFor(() => {
      expect(text('error')).toBe('from: the range may cover at most 3660 days');
    });
    expect(screen.getByRole('alert')).toBeTruthy();
  });
});
