// Component tests of the Review view (jsdom, the API mocked): it asks for this week, shows the
// answer's lists with late marks, walks to the previous period and the month, saves the
// reflection (Save and Ctrl+Enter) with its status announced, and shows an error in words. Also
// the journal's mood score radio group.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Insights, Review } from '../../lib/types';

const api = vi.hoisted(() => ({ review: vi.fn(), writeReview: vi.fn() }));

vi.mock('../../lib/api', async (original) => {
  const real = await original<typeof import('../../lib/api')>();
  return { ...real, ...api };
});

const { default: ReviewView } = await import('../Review.svelte');
const { default: MoodScore } = await import('../today/MoodScore.svelte');

const numbers = {
  journaledDays: 2,
  plannedDays: 4,
  averageMood: 3.5,
} as Insights;

function answer(extra: Partial<Review> = {}): Review {
  return {
    period: 'week',
    from: '2026-11-23',
    to: '2026-11-29',
    completed: [
      { id: 'a', content: 'Send the invoice', project: 'work', date: '2026-11-27', due: '2026-11-25' },
      { id: 'b', content: 'Water the plants', project: null, date: '2026-11-24', due: null },
    ],
    late: [{ id: 'a', content: 'Send the invoice', project: 'work', date: '2026-11-27', due: '2026-11-25' }],
    missed: [{ id: 'c', content: 'Renew the passport', project: null, date: '2026-11-26', due: '2026-11-26' }],
    slipped: [{ text: 'Book the dentist', carried: 3, last: '2026-11-28', done: false }],
    highlights: [{ date: '2026-11-27', text: 'Shipped the release' }],
    challenges: [],
    lessons: [{ date: '2026-11-26', text: 'Start early' }],
    moods: [['2026-11-27', 4, 'calm'], ['2026-11-28', null, 'tired']],
    dueNext: [{ id: 'd', content: 'Quarterly report', project: 'work', date: '2026-12-02', due: '2026-12-02' }],
    nextFrom: '2026-11-30',
    nextTo: '2026-12-06',
    numbers,
    reflection: '',
    ...extra,
  };
}

const text = (id: string): string => screen.getByTestId(id).textContent.trim();

beforeEach(() => {
  vi.clearAllMocks();
});

describe('Review', () => {
  it('asks for this week and shows what the answer says', async () => {
    api.review.mockResolvedValue(answer());
    render(ReviewView);
    await screen.findByTestId('review-completed');
    expect(api.review).toHaveBeenCalledWith('week', null);
    expect(text('review-range')).toBe('Week of Mon 23 Nov – Sun 29 Nov 2026');
    expect(screen.getAllByTestId('review-completed-item')).toHaveLength(2);
    expect(screen.getAllByTestId('late-mark').map((m) => m.textContent)).toEqual(['late by 2 days']);
    expect(text('review-missed')).toContain('Renew the passport');
    expect(text('review-slipped')).toContain('carried ×3');
    expect(text('review-highlights')).toContain('Shipped the release');
    expect(text('review-due-next')).toContain('Quarterly report');
    expect(screen.getByRole('img', { name: 'Mood 4 – good' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Next week/ })).toBeTruthy();
    expect(text('review-summary')).toContain('3.5 – good');
  });

  it('walks to the previous week, then the month, then back to this one', async () => {
    api.review.mockResolvedValue(answer());
    render(ReviewView);
    await screen.findByTestId('review-completed');
    expect(screen.getByTestId<HTMLButtonElement>('review-this').disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('review-prev'));
    await waitFor(() => {
      expect(api.review).toHaveBeenLastCalledWith('week', '2026-11-22');
    });
    await fireEvent.click(screen.getByTestId('review-period-month'));
    await waitFor(() => {
      expect(api.review).toHaveBeenLastCalledWith('month', '2026-11-23');
    });
    await fireEvent.click(screen.getByTestId('review-this'));
    await waitFor(() => {
      expect(api.review).toHaveBeenLastCalledWith('month', null);
    });
  });

  it('saves the reflection with Save and with Ctrl+Enter, and says so', async () => {
    api.review.mockResolvedValue(answer());
    api.writeReview.mockImplementation((_p: string, _d: string, t: string) => Promise.resolve(answer({ reflection: t })));
    render(ReviewView);
    const area = await screen.findByTestId('review-reflection');
    expect(screen.getByLabelText('Your reflection on this week')).toBe(area);
    await fireEvent.input(area, { target: { value: 'A **good** week' } });
    expect(text('review-status')).toBe('Unsaved changes');
    await fireEvent.click(screen.getByTestId('review-save'));
    await waitFor(() => {
      expect(text('review-status')).toBe('Saved');
    });
    expect(api.writeReview).toHaveBeenCalledWith('week', '2026-11-23', 'A **good** week');
    await fireEvent.input(area, { target: { value: 'Better' } });
    await fireEvent.keyDown(area, { key: 'Enter', ctrlKey: true });
    await waitFor(() => {
      expect(api.writeReview).toHaveBeenLastCalledWith('week', '2026-11-23', 'Better');
    });
    await waitFor(() => {
      expect(text('review-status')).toBe('Saved');
    });
  });

  it('shows a failed save in words and keeps the text', async () => {
    api.review.mockResolvedValue(answer());
    api.writeReview.mockRejectedValue({ code: 'io', message: 'Could not write the review file' });
    render(ReviewView);
    const area = await screen.findByTestId('review-reflection');
    await fireEvent.input(area, { target: { value: 'Keep me' } });
    await fireEvent.click(screen.getByTestId('review-save'));
    await waitFor(() => {
      expect(text('error')).toBe('Could not write the review file');
    });
    expect((area as HTMLTextAreaElement).value).toBe('Keep me');
    expect(text('review-status')).toBe('Unsaved changes');
  });
});

describe('mood score', () => {
  it('is a radio group: a click or an arrow key picks a score', async () => {
    const onpick = vi.fn(() => Promise.resolve());
    const { rerender } = render(MoodScore, { score: undefined, onpick });
    const group = screen.getByRole('radiogroup', { name: 'How was the day?' });
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual(['1 – bad', '2 – low', '3 – okay', '4 – good', '5 – great']);
    expect(radios.map((r) => r.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    await fireEvent.click(screen.getByTestId('mood-score-4'));
    expect(onpick).toHaveBeenLastCalledWith(4);
    await rerender({ score: 4, onpick });
    expect(screen.getByTestId('mood-score-4').getAttribute('aria-checked')).toBe('true');
    await fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(onpick).toHaveBeenLastCalledWith(5);
    await fireEvent.click(screen.getByTestId('mood-score-clear'));
    expect(onpick).toHaveBeenLastCalledWith(0);
  });
});
