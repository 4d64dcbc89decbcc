// Settings' states in plain words: a missing keychain or an offline update check is a normal
// situation, said calmly; the raw cause stays available (in a <details>) for support.

export const NO_KEYCHAIN =
  'No keychain on this system: keys can come from the CLOUDFLARE_R2_* environment variables; everything else works';

/** The keychain line when none answers: the plain sentence, and the shell's words as the cause. */
export function keychainWords(message: string | null): { text: string; cause: string | null } {
  const cause = message === null || message.trim() === '' ? null : message.trim();
  return { text: NO_KEYCHAIN, cause };
}

/** True when a failed update check looks like no connection (the shell says it could not reach
 *  the server, or the browser knows it is offline): not worth alarming anyone. */
export function isOffline(message: string, online: boolean): boolean {
  if (!online) return true;
  return /could not reach the update server|network|dns|timed out|connection refused|offline/i.test(message);
}

export const OFFLINE_CHECK = 'Could not check for updates (offline?)';
