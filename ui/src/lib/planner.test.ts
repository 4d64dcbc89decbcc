// Unit tests of the planner's pure parts: dates, the calendar grid and its keys, highlight
// splitting, Today's reordering and wording, the "Scheduled" label.
import { describe, expect, it } from 'vitest';
import { calendarMove, cellLabel, marksText, monthGrid } from './calendar';
import { addMonths, daysBetween, mediumDate, monthTitle, relativeDay, shortDate, weekdayIndex } from './dates';
import { splitHighlights } from './highlight';
import { countsLine, dropKey, morningLine, moveKey, needsNudge, reasonBadge, reorderStep } from './today';
import { whenLabel } from './todos';
import type { PlanTask, Todo, TodayItem } from './types';

function todo(extra: Partial<Todo> = {}): Todo {
  return {
    id: 'a',
    content: 'Call the bank',
    status: 'pending',
    priority: 'medium',
    category: 'General',
    due: null,
    notes: [],
    createdAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-28T10:00:00Z',
    ...extra,
  };
}

function task(extra: Partial<PlanTask> = {}): TodayItem {
  return { kind: 'task', key: 'task:t1', task: { id: 't1', text: 'Renew passport', done: false, ...extra }, todo: null, done: extra.done ?? false };
}

describe('dates', () => {
  it('names days and months in short, fixed English', () => {
    expect(shortDate('2026-11-29')).toBe('Sun 29 Nov');
    expect(shortDate('2026-11-30')).toBe('Mon 30 Nov');
    expect(mediumDate('2026-12-04')).toBe('Fri 4 Dec 2026');
    expect(monthTitle('2026-02')).toBe('February 2026');
    expect(weekdayIndex('2026-11-30')).toBe(0);
    expect(weekdayIndex('2026-11-29')).toBe(6);
  });

  it('counts days and months across year ends', () => {
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
  });

  it('says days relative to today', () => {
    expect(relativeDay('2026-11-28', '2026-11-28')).toBe('Today');
    expect(relativeDay('2026-11-29', '2026-11-28')).toBe('Tomorrow');
    expect(relativeDay('2026-11-27', '2026-11-28')).toBe('Yesterday');
    expect(relativeDay('2026-12-04', '2026-11-28')).toBe('Fri 4 Dec');
  });
});

describe('calendar grid', () => {
  it('lays a month out in Monday-first weeks, padded from the months around it', () => {
    const weeks = monthGrid('2026-11');
    // 1 November 2026 is a Sunday: the first week starts on Monday 26 October.
    expect(weeks[0]?.[0]).toEqual({ date: '2026-10-26', inMonth: false });
    expect(weeks[0]?.[6]).toEqual({ date: '2026-11-01', inMonth: true });
    expect(weeks.at(-1)?.[6]).toEqual({ date: '2026-12-06', inMonth: false });
    expect(weeks).toHaveLength(6);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks.flat().filter((c) => c.inMonth)).toHaveLength(30);
  });

  it('needs only four rows for a February that starts on a Monday', () => {
    const weeks = monthGrid('2027-02');
    expect(weeks).toHaveLength(4);
    expect(weeks[0]?.[0]?.date).toBe('2027-02-01');
    expect(weeks[3]?.[6]?.date).toBe('2027-02-28');
  });

  it('moves with the arrow keys, Home/End and PageUp/PageDown', () => {
    expect(calendarMove('2026-11-30', 'ArrowLeft')).toBe('2026-11-29');
    expect(calendarMove('2026-11-30', 'ArrowRight')).toBe('2026-12-01');
    expect(calendarMove('2026-11-03', 'ArrowUp')).toBe('2026-10-27');
    expect(calendarMove('2026-11-28', 'ArrowDown')).toBe('2026-12-05');
    expect(calendarMove('2026-11-28', 'Home')).toBe('2026-11-23');
    expect(calendarMove('2026-11-28', 'End')).toBe('2026-11-29');
    expect(calendarMove('2027-01-31', 'PageDown')).toBe('2027-02-28');
    expect(calendarMove('2026-03-31', 'PageUp')).toBe('2026-02-28');
    expect(calendarMove('2026-11-28', 'Enter')).toBeNull();
  });

  it('says what a day holds, for screen readers', () => {
    const day = { date: '2026-11-27', plan: true, journal: true, archived: true, completed: 2 };
    expect(marksText(day)).toBe('plan, journal, 2 todos completed, archived');
    expect(marksText({ ...day, plan: false, journal: false, archived: false, completed: 1 })).toBe('1 todo completed');
    expect(cellLabel('2026-11-27', '2026-11-28', day)).toBe('Friday 27 November 2026: plan, journal, 2 todos completed, archived');
    expect(cellLabel('2026-11-28', '2026-11-28', undefined)).toBe('Saturday 28 November 2026, today: nothing stored');
  });
});

describe('highlights', () => {
  it('wraps the ranges and keeps the text around them', () => {
    expect(splitHighlights('Call the bank today', [[9, 13]])).toEqual([
      { text: 'Call the ', mark: false },
      { text: 'bank', mark: true },
      { text: ' today', mark: false },
    ]);
  });

  it('sorts, merges overlapping ranges and clamps out-of-bounds ones', () => {
    expect(splitHighlights('abcdef', [[4, 9], [0, 2], [1, 3], [3, 3]])).toEqual([
      { text: 'abc', mark: true },
      { text: 'd', mark: false },
      { text: 'ef', mark: true },
    ]);
    expect(splitHighlights('abc', [])).toEqual([{ text: 'abc', mark: false }]);
    expect(splitHighlights('', [[0, 4]])).toEqual([{ text: '', mark: false }]);
  });

  it('counts in UTF-16 code units, as the shell sends them', () => {
    const text = '🎉 party at the bank';
    const at = text.indexOf('bank');
    expect(at).toBe(16);
    expect(splitHighlights(text, [[at, at + 4]]).find((s) => s.mark)?.text).toBe('bank');
  });
});

describe("Today's list", () => {
  const keys = ['todo:a', 'task:1', 'task:2', 'task:3'];

  it('reads Alt+ArrowUp/Down as the reorder keys, nothing else', () => {
    const k = (key: string, extra: Partial<KeyboardEvent> = {}) => ({ key, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, ...extra });
    expect(reorderStep(k('ArrowUp'))).toBe(-1);
    expect(reorderStep(k('ArrowDown'))).toBe(1);
    expect(reorderStep(k('ArrowDown', { altKey: false }))).toBeNull();
    expect(reorderStep(k('ArrowDown', { shiftKey: true }))).toBeNull();
    expect(reorderStep(k('ArrowLeft'))).toBeNull();
  });

  it('moves a key by one, not past the ends', () => {
    expect(moveKey(keys, 'task:2', -1)).toEqual(['todo:a', 'task:2', 'task:1', 'task:3']);
    expect(moveKey(keys, 'task:3', 1)).toBeNull();
    expect(moveKey(keys, 'todo:a', -1)).toBeNull();
    expect(moveKey(keys, 'task:9', 1)).toBeNull();
  });

  it('drops a dragged key before or after another', () => {
    expect(dropKey(keys, 'task:3', 'todo:a', false)).toEqual(['task:3', 'todo:a', 'task:1', 'task:2']);
    expect(dropKey(keys, 'todo:a', 'task:2', true)).toEqual(['task:1', 'task:2', 'todo:a', 'task:3']);
    expect(dropKey(keys, 'task:1', 'task:2', false)).toBeNull();
    expect(dropKey(keys, 'task:1', 'task:1', true)).toBeNull();
  });

  it('badges why a row is there', () => {
    const today = '2026-11-28';
    const overdue: TodayItem = { kind: 'todo', key: 'todo:a', reason: 'overdue', todo: todo({ due: '2026-11-26' }), done: false };
    expect(reasonBadge(overdue, today)).toMatchObject({ text: 'Overdue', tone: 'overdue' });
    const dueToday: TodayItem = { kind: 'todo', key: 'todo:a', reason: 'due_today', todo: todo({ due: today, dueTime: '14:00' }), done: false };
    expect(reasonBadge(dueToday, today)).toMatchObject({ text: 'Due today 14:00', tone: 'today' });
    const scheduled: TodayItem = { kind: 'todo', key: 'todo:a', reason: 'scheduled', todo: todo({ when: today }), done: false };
    expect(reasonBadge(scheduled, today)).toMatchObject({ text: 'Scheduled', tone: 'scheduled' });
    const late: TodayItem = { kind: 'todo', key: 'todo:a', reason: 'scheduled', todo: todo({ when: '2026-11-26' }), done: false };
    expect(reasonBadge(late, today)?.text).toBe('Scheduled Thu 26 Nov');
    expect(reasonBadge(task({ carried: 2 }), today)).toMatchObject({ text: 'carried 2×', tone: 'carried' });
    expect(reasonBadge(task(), today)).toBeNull();
    // A task linked to a todo due today shows the todo's deadline.
    const linked: TodayItem = { ...task({ todo: 'a' }), todo: todo({ due: today }) };
    expect(reasonBadge(linked, today)?.text).toBe('Due today');
  });

  it('nudges open tasks carried at least nudgeAfter times', () => {
    expect(needsNudge(task({ carried: 3 }), 3)).toBe(true);
    expect(needsNudge(task({ carried: 2 }), 3)).toBe(false);
    expect(needsNudge(task({ carried: 5, done: true }), 3)).toBe(false);
  });

  it('words the morning summary and the counts', () => {
    const m = { date: '2026-11-30', previous: '2026-11-29', archived: true, carried: [{ text: 'a', carried: 1 }, { text: 'b', carried: 2 }, { text: 'c', carried: 1 }], overdue: 1, dueToday: 2, scheduled: 0 };
    expect(morningLine(m)).toBe('New day: carried 3 tasks from Sun 29 Nov; 2 due today, 1 overdue');
    expect(morningLine({ ...m, carried: [], previous: null, overdue: 0, dueToday: 0 })).toBe('New day: nothing carried over; nothing due');
    expect(morningLine({ ...m, carried: [{ text: 'a', carried: 1 }], overdue: 0, dueToday: 0, scheduled: 1 })).toBe('New day: carried 1 task from Sun 29 Nov; 1 scheduled');
    expect(countsLine({ overdue: 1, dueToday: 2, scheduled: 0, tasks: 4, done: 3 }, 7)).toBe('3 of 7 done · 1 overdue · 2 due today');
  });
});

describe('scheduled label', () => {
  const today = '2026-11-28';
  it('says the scheduled day in words', () => {
    expect(whenLabel(todo(), today)).toBeNull();
    expect(whenLabel(todo({ when: today }), today)?.text).toBe('Scheduled today');
    expect(whenLabel(todo({ when: '2026-11-29' }), today)?.text).toBe('Scheduled tomorrow');
    expect(whenLabel(todo({ when: '2026-12-04' }), today)?.text).toBe('Scheduled Fri');
    expect(whenLabel(todo({ when: '2026-12-24' }), today)?.text).toBe('Scheduled 24 Dec');
    expect(whenLabel(todo({ when: '2026-11-20' }), today)).toEqual({ text: 'Scheduled 20 Nov', late: true });
    expect(whenLabel(todo({ when: '2026-11-20', status: 'completed' }), today)?.late).toBe(false);
  });
});
