// Unit tests of which optional day sections are shown: content, or added by hand.
import { describe, expect, it } from 'vitest';
import { JOURNAL_SECTIONS, journalHas, planText, splitSections } from './day-sections';
import type { DayPlan, JournalDay } from './types';

function journal(extra: Partial<JournalDay> = {}): JournalDay {
  return {
    date: '2026-11-28',
    entries: [],
    highlights: [],
    challenges: [],
    lessons: [],
    reflections: '',
    personalReminders: '',
    createdAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-28T10:00:00Z',
    ...extra,
  };
}

const names = (s: { name: string }[]): string[] => s.map((x) => x.name);

describe('day sections', () => {
  it('shows nothing optional for an empty day, and offers every section', () => {
    const split = splitSections(JOURNAL_SECTIONS, (n) => journalHas(journal(), n), []);
    expect(split.shown).toEqual([]);
    expect(names(split.offered)).toEqual(['mood', 'highlights', 'challenges', 'lessons', 'reflections']);
    expect(journalHas(null, 'mood')).toBe(false);
  });

  it('shows a section that has content, whitespace not counting', () => {
    const j = journal({ mood: 'calm', lessons: ['Start early'], reflections: '  \n' });
    const split = splitSections(JOURNAL_SECTIONS, (n) => journalHas(j, n), []);
    expect(names(split.shown)).toEqual(['mood', 'lessons']);
    expect(names(split.offered)).toEqual(['highlights', 'challenges', 'reflections']);
  });

  it('shows an added section even while empty, in the usual order, with its prompt', () => {
    const split = splitSections(JOURNAL_SECTIONS, () => false, ['reflections', 'highlights']);
    expect(names(split.shown)).toEqual(['highlights', 'reflections']);
    expect(split.shown[0]?.prompt).toBe('What went well today?');
  });

  it('reads the plan sections by their file names', () => {
    const plan = { personalReminders: 'Keys', ongoingSummary: '', dataStash: 'x', reflections: '' } as DayPlan;
    expect(planText(plan, 'personal_reminders')).toBe('Keys');
    expect(planText(plan, 'data_stash')).toBe('x');
    expect(planText(null, 'reflections')).toBe('');
  });
});
