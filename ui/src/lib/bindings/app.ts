// Generated from the app shell's Rust types by ts-rs (src-tauri/src/bindings.rs): do not
// edit by hand. Regenerate: VALET_UPDATE_BINDINGS=1 cargo test -p valet-app bindings
import type { PageMark, Todo } from './facade';

export type ReminderView = { 
/**
 * As stored and accepted back: "30m before", "09:00".
 */
text: string, 
/**
 * In words: "30 min before".
 */
words: string, 
/**
 * When it fires, `YYYY-MM-DD HH:MM` in the user's zone; absent when it cannot.
 */
at: string | null, 
/**
 * Why it cannot fire ("needs a deadline with a time of day").
 */
missing: string | null, };

export type TodoListView = { 
/**
 * `YYYY-MM-DD` in the user's zone.
 */
today: string, 
/**
 * The repeat of each repeating todo on the page, in words, by id.
 */
repeats: { [key in string]: string }, 
/**
 * The reminders of each todo that has some, by id.
 */
reminders: { [key in string]: Array<ReminderView> }, items: Array<Todo>, 
/**
 * How many todos matched in all, across every page.
 */
total: number, 
/**
 * The offset of the next page, when there is one.
 */
nextOffset?: number, 
/**
 * Where this page ended, when there is a next page (stable under concurrent edits).
 */
nextMark?: PageMark, };

export type ReminderPrefs = { 
/**
 * `at deadline`, `<N>m before`, `<N>h before` or `none`.
 */
default: string, keepRunning: boolean, 
/**
 * Valet starts at login (in the tray).
 */
autostart: boolean, };

export type UpcomingReminder = { todo: Todo, 
/**
 * When it fires, RFC 3339 in the user's zone.
 */
at: string, };

export type StorageProfile = { 
/**
 * `local` or `cloudflare-r2`.
 */
provider: string, endpoint: string, bucket: string, keyPrefix: string, region: string, 
/**
 * Seconds between background syncs (5..=86400); `None` means the default, 30.
 */
syncInterval: number | null, 
/**
 * End-to-end encryption of what is synced (the passphrase lives in the keychain).
 */
encrypt: boolean, };

export type KeychainStatus = { 
/**
 * A Secret Service answered.
 */
available: boolean, 
/**
 * Both access keys are stored.
 */
hasKeys: boolean, 
/**
 * The sync encryption passphrase is stored.
 */
hasPassphrase: boolean, 
/**
 * Why the keychain cannot be used, and what to do instead, when it cannot.
 */
message: string | null, };

export type PlannerPrefs = { 
/**
 * `HH:MM`.
 */
dayStartsAt: string, nudgeAfter: number, };

export type SettingsView = { timeZone: string, 
/**
 * The zone set in settings, if any (else the OS zone is used).
 */
timeZoneSetting: string | null, 
/**
 * `system`, `light` or `dark`.
 */
theme: "system" | "light" | "dark", quickAddShortcut: string, storage: StorageProfile, keychain: KeychainStatus, dataDir: string, version: string, planner: PlannerPrefs, };

export type ConnectionTest = { ok: boolean, message: string, };

export type SyncView = { 
/**
 * False when the replica has no remote (storage is "this computer only").
 */
enabled: boolean, remote: string | null, firstSyncDone: boolean, 
/**
 * RFC 3339, UTC; the UI shows it as local HH:MM.
 */
lastSync: string | null, 
/**
 * The last sync's error in plain words (none after a sync that worked).
 */
error: string | null, 
/**
 * The last sync stopped because it would delete most of the data: ask, then force.
 */
needsConfirm: boolean, 
/**
 * Records changed here and not yet sent.
 */
pending: number, 
/**
 * Kept conflicts waiting for a person.
 */
conflicts: number, 
/**
 * Said when this device's clock is off by more than a minute.
 */
clockWarning: string | null, };

export type McpHttpStatus = { enabled: boolean, port: number, running: boolean, url: string | null, 
/**
 * The bearer token clients present (shown so it can be copied into a client's config).
 */
token: string | null, 
/**
 * Whether the keychain keeps the token across restarts.
 */
tokenRemembered: boolean, 
/**
 * Why the endpoint is not running while it is on.
 */
error: string | null, 
/**
 * Ready-made configs for the clients that speak HTTP.
 */
vscode: string | null, cursor: string | null, };

export type ClaudeChange = { 
/**
 * The config file.
 */
path: string, 
/**
 * Its text now (`None`: the file does not exist yet).
 */
before: string | null, 
/**
 * Its text with Valet added.
 */
after: string, 
/**
 * False when the file already holds exactly this entry.
 */
changed: boolean, 
/**
 * The other MCP servers in the file, kept as they are.
 */
keptServers: Array<string>, 
/**
 * True when a `valet` entry was there and is replaced.
 */
replaces: boolean, };

export type UpdatePrefs = { 
/**
 * `stable` or `beta`.
 */
channel: string, 
/**
 * A feed URL of one's own (self-hosted releases); empty means the channel's.
 */
feed: string, 
/**
 * Look for an update quietly when the app starts.
 */
checkAtStart: boolean, };

export type UpdateView = { current: string, 
/**
 * The newer version offered, if any.
 */
available: string | null, notes: string | null, date: string | null, 
/**
 * The package was downloaded and its signature verified: ready to install.
 */
downloaded: boolean, feed: string, };

export type Changed = { todos: boolean, days: boolean, };

export type StartPhases = { 
/**
 * The UI's script started to run (its modules were fetched and parsed).
 */
script: number, 
/**
 * The app's components were mounted (before their first data arrived).
 */
mounted: number, 
/**
 * The first view set its first data (the shell's answer arrived).
 */
received: number, 
/**
 * The first view showed that data (the DOM was updated).
 */
shown: number, };
