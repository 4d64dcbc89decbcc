// The reminder preferences (default reminder, keep running, start at login) shared by Settings'
// General and Reminders sections: the command takes all three, so both edit one copy.
import { reminderPrefs, setReminderPrefs, toApiError } from '../../lib/api';
import { defaultReminderChoices } from '../../lib/reminders';
import type { ReminderPrefs } from '../../lib/types';

/** Which section changed last: its saved/error line is the one shown. */
export type PrefsPart = 'startup' | 'reminders';

function said(p: ReminderPrefs): string {
  const label = defaultReminderChoices(p.default).find((c) => c.value === p.default)?.label ?? p.default;
  return `Saved: default reminder ${label.toLowerCase()}; ${p.keepRunning ? 'keeps running in the tray' : 'quits when the window closes'}; ${p.autostart ? 'starts at login' : 'does not start at login'}.`;
}

export class ReminderPrefsState {
  prefs = $state<ReminderPrefs | null>(null);
  error = $state<string | null>(null);
  note = $state('');
  saving = $state(false);
  part = $state<PrefsPart>('reminders');

  load(): void {
    reminderPrefs()
      .then((p) => {
        this.prefs = p;
      })
      .catch((err: unknown) => {
        this.error = toApiError(err).message;
      });
  }

  // A refusal (start at login may fail on this desktop) shows what is really in effect again,
  // not the switch as clicked.
  async save(part: PrefsPart, change: Partial<ReminderPrefs>): Promise<void> {
    if (this.prefs === null) return;
    const before = this.prefs;
    this.part = part;
    this.prefs = { ...before, ...change };
    this.saving = true;
    try {
      this.prefs = await setReminderPrefs(this.prefs);
      this.error = null;
      this.note = said(this.prefs);
    } catch (err) {
      this.error = toApiError(err).message;
      this.note = '';
      this.prefs = await reminderPrefs().catch(() => before);
    } finally {
      this.saving = false;
    }
  }
}
