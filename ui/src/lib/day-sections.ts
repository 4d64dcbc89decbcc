// Which optional sections of a day (the journal's mood, lists and reflections; the plan's free
// text) are shown: those with content, plus those the person added this visit. Pure, no Svelte.
import type { DayPlan, JournalDay } from './types';

export type JournalSection = 'mood' | 'highlights' | 'challenges' | 'lessons' | 'reflections';

export interface SectionInfo<N extends string> {
  name: N;
  label: string;
  /** The journal prompt, shown as the empty field's placeholder once the section is added. */
  prompt: string;
}

export const JOURNAL_SECTIONS: readonly SectionInfo<JournalSection>[] = [
  { name: 'mood', label: 'Mood', prompt: 'How do you feel? e.g. calm, focused' },
  { name: 'highlights', label: 'Highlights', prompt: 'What went well today?' },
  { name: 'challenges', label: 'Challenges', prompt: 'What was hard?' },
  { name: 'lessons', label: 'Lessons', prompt: 'What did you learn?' },
  { name: 'reflections', label: 'Reflections', prompt: 'Anything on your mind about the day…' },
];

/** True when the journal already holds something in that section. */
export function journalHas(journal: JournalDay | null, name: JournalSection): boolean {
  if (journal === null) return false;
  switch (name) {
    case 'mood':
      return (journal.mood ?? '').trim() !== '' || (journal.moodScore ?? 0) > 0;
    case 'reflections':
      return journal.reflections.trim() !== '';
    default:
      return journal[name].length > 0;
  }
}

export type PlanSection = 'personal_reminders' | 'ongoing_summary' | 'data_stash' | 'reflections';

/** A plan section's text, by its file name. */
export function planText(plan: DayPlan | null, name: PlanSection): string {
  if (plan === null) return '';
  switch (name) {
    case 'personal_reminders':
      return plan.personalReminders;
    case 'ongoing_summary':
      return plan.ongoingSummary;
    case 'data_stash':
      return plan.dataStash;
    case 'reflections':
      return plan.reflections;
  }
}

/** Splits sections into those shown (content, or added by hand; in the given order) and those
 *  still offered as "+ Label" buttons. An added section stays even when emptied, so a field
 *  being written never disappears under the cursor. */
export function splitSections<N extends string>(
  all: readonly SectionInfo<N>[],
  has: (name: N) => boolean,
  opened: readonly N[],
): { shown: SectionInfo<N>[]; offered: SectionInfo<N>[] } {
  const shown = all.filter((s) => has(s.name) || opened.includes(s.name));
  return { shown, offered: all.filter((s) => !shown.includes(s)) };
}
