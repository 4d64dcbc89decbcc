// Start-up: when the UI's script began to run and when the app was mounted, in ms since the page
// began to load (telemetry the shell logs), and Today's data asked for before the app is mounted.
// Imported first by main.ts, so this module runs before any other.
import type { StartPhases, TodayView } from './types';

const script = performance.now();
let mounted = script;
let early: Promise<TodayView> | null = null;

/** The app's components are mounted (their first data may still be on its way). */
export function markMounted(): void {
  mounted = performance.now();
}

/** The phases so far: `received` is when the first view set its data, "now" when it was shown. */
export function phases(received: number): StartPhases {
  return { script, mounted, received, shown: performance.now() };
}

/** Keeps Today's first answer, asked for while the components are built (see early.ts). */
export function keepEarlyToday(answer: Promise<TodayView>): void {
  // A failure is handled by whoever takes the answer; until then it is not "unhandled".
  answer.catch(() => undefined);
  early = answer;
}

/** Today's answer asked for at start, once (then null: later loads ask again). */
export function takeEarlyToday(): Promise<TodayView> | null {
  const answer = early;
  early = null;
  return answer;
}
