// Unit tests of the date picker's logic: the Monday-first month grid, the APG keys, the quick
// choices, and reading the shell's preview of typed words.
import { describe, expect, it } from 'vitest';
import {
  dayHint,
  isDateKey,
  monthGrid,
  moveFocus,
  nextWeekday,
  openingDay,
  previewDay,
  quickChoices,
  shiftMonths,
  triggerLabel,
} from './date-picker';

describe('the month grid', () => {
  it('starts weeks on Monday, leaves other months’ days empty, and always has six weeks', () => {
    // 1 November 2026 is a Sunday.
    const nov = monthGrid('2026-11');
    expect(nov).toHaveLength(6);
    expect(nov[0]).toEqual([null, null, null, null, null, null, '2026-11-01']);
    expect(nov[1]?.[0]).toBe('2026-11-02');
    expect(nov[5]).toEqual(['2026-11-30', null, null, null, null, null, null]);
    expect(nov.flat().filter((d) => d !== null)).toHaveLength(30);
    // February 2027 starts on a Monday and has 28 days: four full weeks, two empty ones.
    const feb = monthGrid('2027-02');
    expect(feb[0]?.[0]).toBe('2027-02-01');
    expect(feb[3]?.[6]).toBe('2027-02-28');
    expect(feb[4]).toEqual(Array(7).fill(null));
    expect(monthGrid('2028-02').flat()).toContain('2028-02-29');
  });

  it('knows a real day from a mistyped one', () => {
    expect(isDateKey('2026-12-24')).toBe(true);
    expect(isDateKey('2026-02-30')).toBe(false);
    expect(isDateKey('2026-1-5')).toBe(false);
    expect(isDateKey('friday')).toBe(false);
  });
});

describe('keys in the grid', () => {
  const at = '2026-11-28'; // a Saturday
  it('moves by a day or a week with the arrows, across months', () => {
    expect(moveFocus(at, { key: 'ArrowRight' })).toBe('2026-11-29');
    expect(moveFocus(at, { key: 'ArrowLeft' })).toBe('2026-11-27');
    expect(moveFocus(at, { key: 'ArrowDown' })).toBe('2026-12-05');
    expect(moveFocus(at, { key: 'ArrowUp' })).toBe('2026-11-21');
    expect(moveFocus('2026-12-31', { key: 'ArrowRight' })).toBe('2027-01-01');
  });

  it('moves by a month with PageUp/PageDown (a year with Shift), keeping the day when it can', () => {
    expect(moveFocus(at, { key: 'PageDown' })).toBe('2026-12-28');
    expect(moveFocus(at, { key: 'PageUp' })).toBe('2026-10-28');
    expect(moveFocus(at, { key: 'PageDown', shiftKey: true })).toBe('2027-11-28');
    expect(moveFocus('2027-01-31', { key: 'PageDown' })).toBe('2027-02-28');
    expect(shiftMonths('2028-03-31', -1)).toBe('2028-02-29');
    expect(shiftMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('goes to the week’s Monday with Home and its Sunday with End', () => {
    expect(moveFocus(at, { key: 'Home' })).toBe('2026-11-23');
    expect(moveFocus(at, { key: 'End' })).toBe('2026-11-29');
    expect(moveFocus('2026-11-23', { key: 'Home' })).toBe('2026-11-23');
    expect(moveFocus('2026-11-29', { key: 'End' })).toBe('2026-11-29');
  });

  it('leaves other keys alone', () => {
    expect(moveFocus(at, { key: 'Enter' })).toBeNull();
    expect(moveFocus(at, { key: 'a' })).toBeNull();
  });
});

describe('quick choices', () => {
  it('offers today, tomorrow, the coming Monday and Saturday, and no date', () => {
    expect(quickChoices('2026-11-28').map((c) => [c.label, c.value])).toEqual([
      ['Today', '2026-11-28'],
      ['Tomorrow', '2026-11-29'],
      ['Next week', '2026-11-30'],
      ['Next weekend', '2026-12-05'],
      ['No date', ''],
    ]);
    expect(quickChoices('2026-11-28', false).map((c) => c.id)).not.toContain('none');
  });

  it('never picks today itself as "next"', () => {
    expect(nextWeekday('2026-11-30', 0)).toBe('2026-12-07'); // a Monday: the one after
    expect(nextWeekday('2026-11-29', 0)).toBe('2026-11-30'); // a Sunday: tomorrow
    expect(nextWeekday('2026-11-27', 5)).toBe('2026-11-28'); // a Friday: tomorrow
  });
});

describe('labels and the typed value', () => {
  it('writes the day short, with the year only when it is another', () => {
    expect(dayHint('2026-12-04', '2026-11-28')).toBe('Fri 4 Dec');
    expect(dayHint('2027-01-04', '2026-11-28')).toBe('Mon 4 Jan 2027');
  });

  it('names the trigger as the APG does, with the chosen day', () => {
    expect(triggerLabel('deadline', null)).toBe('Choose the deadline from a calendar');
    expect(triggerLabel('deadline', '2026-12-04')).toBe('Change the deadline, Friday 4 December 2026, from a calendar');
  });

  it('opens on the field’s day, else today', () => {
    expect(openingDay('2027-03-01', '2026-11-28')).toBe('2027-03-01');
    expect(openingDay(null, '2026-11-28')).toBe('2026-11-28');
  });

  it('reads the shell’s preview only when the whole text was a date', () => {
    expect(previewDay({ content: '', when: '2026-12-04', due: null })).toBe('2026-12-04');
    expect(previewDay({ content: '', due: '2026-12-04', dueTime: '15:00' })).toBe('2026-12-04');
    expect(previewDay({ content: 'fri', due: null })).toBeNull();
    expect(previewDay({ content: 'pay rent', when: '2026-12-04', due: null })).toBeNull();
    expect(previewDay(undefined)).toBeNull();
    expect(previewDay({ content: '', due: null })).toBeNull();
  });
});
