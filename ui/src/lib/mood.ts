// The journal's mood score, 1 (bad) to 5 (great): its words, its label ("4 – good"), an average
// in words, and the next score the arrow keys pick in the journal's radio group. No IO, no Svelte.

/** The scale's words, 1 to 5. */
export const MOOD_WORDS = ['bad', 'low', 'okay', 'good', 'great'] as const;

export const MOOD_SCORES = [1, 2, 3, 4, 5] as const;

/** "4 – good"; an out-of-scale score as its number. */
export function moodLabel(score: number): string {
  const word = MOOD_WORDS[Math.round(score) - 1];
  return word === undefined || !Number.isInteger(score) ? String(score) : `${String(score)} – ${word}`;
}

/** An average score with the nearest word ("3.5 – good": halves round up); a dash for none. */
export function averageText(score: number | null): string {
  if (score === null) return '—';
  const shown = Number.isInteger(score) ? String(score) : score.toFixed(1);
  const word = MOOD_WORDS[Math.min(5, Math.max(1, Math.round(score))) - 1] ?? '';
  return `${shown} – ${word}`;
}

/** The score an arrow key (or Home/End) moves to from `current` (0: none yet), wrapping around as
 *  radio groups do; null for any other key. */
export function stepScore(current: number, key: string): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return current >= 5 || current < 1 ? 1 : current + 1;
    case 'ArrowLeft':
    case 'ArrowUp':
      return current <= 1 ? 5 : current - 1;
    case 'Home':
      return 1;
    case 'End':
      return 5;
    default:
      return null;
  }
}
