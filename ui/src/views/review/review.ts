// The Review view's pure parts: the period's title and dates in words, the day to ask for the
// previous or next period, the late marks on completed todos and the summary numbers.
// No IO, no Svelte.
import { addDays, mediumDate, monthTitle, shortDate } from '../../lib/dates';
import { averageText } from '../../lib/mood';
import type { Review, ReviewPeriod, ReviewTodo } from '../../lib/types';

export const PERIODS: { id: ReviewPeriod; label: string }[] = [
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
];

/** The day inside the period before (`-1`) or after (`1`) the one shown. */
export function neighbour(review: Pick<Review, 'from' | 'to'>, step: -1 | 1): string {
  return step < 0 ? addDays(review.from, -1) : addDays(review.to, 1);
}

/** "Week of Mon 23 Nov – Sun 29 Nov 2026", "November 2026". */
export function periodTitle(review: Pick<Review, 'period' | 'from' | 'to'>): string {
  if (review.period === 'month') return monthTitle(review.from.slice(0, 7));
  return `Week of ${shortDate(review.from)} – ${mediumDate(review.to)}`;
}

/** "Mon 30 Nov – Sun 6 Dec", "December 2026": the next period, for its heading. */
export function nextTitle(review: Pick<Review, 'period' | 'nextFrom' | 'nextTo'>): string {
  if (review.period === 'month') return monthTitle(review.nextFrom.slice(0, 7));
  return `${shortDate(review.nextFrom)} – ${shortDate(review.nextTo)}`;
}

/** Whether the period shown holds `today` (then "This week" has nothing to do). */
export function holds(review: Pick<Review, 'from' | 'to'>, today: string | null): boolean {
  return today !== null && review.from <= today && today <= review.to;
}

/** The ids of the completed todos finished after their deadline. */
export function lateIds(review: Pick<Review, 'late'>): Set<string> {
  return new Set(review.late.map((t) => t.id));
}

/** "late by 2 days" for a todo done after its deadline; '' otherwise. */
export function lateText(todo: ReviewTodo): string {
  if (todo.due === null || todo.date <= todo.due) return '';
  const days = Math.round((Date.parse(todo.date) - Date.parse(todo.due)) / 86_400_000);
  return `late by ${String(days)} ${days === 1 ? 'day' : 'days'}`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** The header's numbers, in the order they read best. */
export function summary(review: Review): { label: string; value: string; hint: string }[] {
  const n = review.numbers;
  return [
    { label: 'Completed', value: String(review.completed.length), hint: review.late.length > 0 ? `${String(review.late.length)} late` : 'none late' },
    { label: 'Missed deadlines', value: String(review.missed.length), hint: review.missed.length > 0 ? 'still open' : 'all met' },
    { label: 'Slipped', value: String(review.slipped.length), hint: review.slipped.length > 0 ? 'carried over' : 'nothing carried' },
    { label: 'Journaled days', value: String(n.journaledDays), hint: `${count(n.plannedDays, 'day')} planned` },
    { label: 'Average mood', value: averageText(n.averageMood), hint: count(review.moods.length, 'day') + ' with a mood' },
  ];
}

/** The word for the period in sentences: "this week", "this month". */
export function periodWord(period: ReviewPeriod): string {
  return period === 'week' ? 'week' : 'month';
}
