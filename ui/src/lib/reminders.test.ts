import { describe, expect, it } from 'vitest';
import {
  anyMissing,
  defaultReminderChoices,
  DEFAULT_REMINDERS,
  reminderAt,
  reminderDraft,
  reminderPhrase,
  reminderTitle,
  snoozedLine,
  wallTime,
} from './reminders';
import type { ReminderView } from './types';

const before30: ReminderView = { text: '30m before', words: '30 min before', at: '2026-12-01 08:30', missing: null };
const nineOnDay: ReminderView = { text: '09:00', words: '09:00 on the day', at: '2026-12-01 09:00', missing: null };
const noTime: ReminderView = {
  text: 'at deadline',
  words: 'at the deadline',
  at: null,
  missing: 'needs a deadline with a time of day (due and dueTime)',
};

describe('reminderAt', () => {
  it('says the day and time, short', () => {
    expect(reminderAt('2026-12-01 08:30')).toEqual({ text: 'Tue 1 Dec 08:30', past: false });
  });

  it('says today and tomorrow, and marks a day gone as past', () => {
    expect(reminderAt('2026-11-28 09:00', '2026-11-28')).toEqual({ text: 'today 09:00', past: false });
    expect(reminderAt('2026-11-29 07:05', '2026-11-28')).toEqual({ text: 'tomorrow 07:05', past: false });
    expect(reminderAt('2026-11-27 09:00', '2026-11-28')).toEqual({ text: 'Fri 27 Nov 09:00', past: true });
    expect(reminderAt('2026-12-01 08:30', '2026-11-28').text).toBe('Tue 1 Dec 08:30');
  });

  it('passes text it cannot read through', () => {
    expect(reminderAt('soon')).toEqual({ text: 'soon', past: false });
  });
});

describe('reminderTitle', () => {
  it('says each reminder with when it fires', () => {
    expect(reminderTitle([before30])).toBe('Reminds: 30 min before (Tue 1 Dec 08:30)');
    expect(reminderTitle([before30, nineOnDay])).toBe('Reminds: 30 min before (Tue 1 Dec 08:30), 09:00 on the day (Tue 1 Dec 09:00)');
  });

  it('says why one cannot fire', () => {
    expect(reminderPhrase(noTime)).toBe('at the deadline (needs a deadline with a time of day (due and dueTime))');
    expect(anyMissing([before30, noTime])).toBe(true);
    expect(anyMissing([before30])).toBe(false);
    expect(anyMissing(undefined)).toBe(false);
  });
});

describe('reminderDraft', () => {
  it('joins the canonical forms, which the backend reads back', () => {
    expect(reminderDraft([before30, nineOnDay], {})).toBe('30m before, 09:00');
  });

  it('falls back to the todo, then to nothing', () => {
    expect(reminderDraft(undefined, { reminders: ['at deadline'] })).toBe('at deadline');
    expect(reminderDraft(undefined, {})).toBe('');
  });
});

describe('snoozedLine', () => {
  const now = new Date(2026, 10, 28, 14, 0);

  it('says until when, on the local clock', () => {
    expect(snoozedLine(new Date(2026, 10, 28, 14, 10).toISOString(), now)).toBe('Snoozed until 14:10');
    expect(snoozedLine(new Date(2026, 10, 29, 14, 0).toISOString(), now)).toBe('Snoozed until tomorrow 14:00');
    expect(snoozedLine(new Date(2026, 11, 1, 9, 0).toISOString(), now)).toBe('Snoozed until Tue 1 Dec 09:00');
  });

  it('is null when there is no snooze or it is over', () => {
    expect(snoozedLine(undefined, now)).toBeNull();
    expect(snoozedLine(new Date(2026, 10, 28, 13, 59).toISOString(), now)).toBeNull();
    expect(snoozedLine('garbage', now)).toBeNull();
  });
});

describe('defaultReminderChoices', () => {
  it('offers the usual choices', () => {
    expect(defaultReminderChoices('30m before')).toEqual(DEFAULT_REMINDERS);
    expect(DEFAULT_REMINDERS.map((c) => c.value)).toEqual([
      'none', 'at deadline', '5m before', '10m before', '15m before', '30m before', '1h before', '24h before',
    ]);
  });

  it('adds a default set elsewhere, so the select shows what is in effect', () => {
    expect(defaultReminderChoices('45m before').at(-1)).toEqual({ value: '45m before', label: '45 minutes before' });
    expect(defaultReminderChoices('2h before').at(-1)).toEqual({ value: '2h before', label: '2 hours before' });
  });
});

describe('wallTime', () => {
  it('reads the wall time off an instant with its offset', () => {
    expect(wallTime('2026-12-01T08:30:00+01:00')).toBe('2026-12-01 08:30');
    expect(wallTime('later')).toBe('later');
  });
});
