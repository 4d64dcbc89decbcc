// The sync badge's words, from the shell's sync state. No Svelte, no IO.
import type { SyncView } from './types';

export type Tone = 'off' | 'ok' | 'busy' | 'error';

export interface Badge {
  text: string;
  tone: Tone;
  /** A longer sentence for the tooltip / screen readers. */
  title: string;
}

/** `HH:MM` in the local zone, or '' for a missing or unreadable time. */
export function hhmm(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function plural(n: number, one: string, many: string): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** What the badge says: off / synced at HH:MM / N pending / an error / needs you. */
export function badge(view: SyncView | null): Badge {
  if (view === null) return { text: 'Sync …', tone: 'off', title: 'Reading the sync state…' };
  const conflicts =
    view.conflicts > 0 ? ` · ${plural(view.conflicts, 'conflict', 'conflicts')}` : '';
  if (!view.enabled) {
    return {
      text: `Sync off${conflicts}`,
      tone: 'off',
      title: 'Sync is off: your data stays on this computer. Choose a bucket in Settings → Storage to use it on several computers.',
    };
  }
  if (view.needsConfirm) {
    return { text: 'Sync needs you', tone: 'error', title: view.error ?? 'Sync stopped and needs a decision.' };
  }
  if (view.error !== null) {
    return { text: `Sync error${conflicts}`, tone: 'error', title: view.error };
  }
  if (view.pending > 0) {
    return {
      text: `${String(view.pending)} pending${conflicts}`,
      tone: 'busy',
      title: `${plural(view.pending, 'change waits', 'changes wait')} to be sent.`,
    };
  }
  const at = hhmm(view.lastSync);
  if (at === '') {
    return { text: `Not synced yet${conflicts}`, tone: 'busy', title: 'The first sync has not run yet.' };
  }
  return {
    text: `Synced ${at}${conflicts}`,
    tone: view.conflicts > 0 ? 'busy' : 'ok',
    title: `Last sync at ${at} with ${view.remote ?? 'the bucket'}.`,
  };
}

/** A conflict's text for display (strings as they are, anything else as JSON). */
export function conflictText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '(empty)';
  return JSON.stringify(value, null, 2);
}

/** `todo/<uuid>` -> `todo …1a2b3c4d`, `journal/2026-11-28` as it is. */
export function recordName(record: string): string {
  const slash = record.indexOf('/');
  if (slash < 0) return record;
  const kind = record.slice(0, slash);
  const id = record.slice(slash + 1);
  return kind === 'todo' ? `todo …${id.slice(-8)}` : `${kind} ${id}`;
}
