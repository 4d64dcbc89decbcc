// Unit tests of Settings' plain-word states (keychain missing, update check offline).
import { describe, expect, it } from 'vitest';
import { isOffline, keychainWords, NO_KEYCHAIN } from './plain-words';

describe('plain words', () => {
  it('says a missing keychain calmly and keeps the raw cause for support', () => {
    const w = keychainWords('No keychain is available (Secret Service: org.freedesktop.DBus.Error.ServiceUnknown).');
    expect(w.text).toBe(NO_KEYCHAIN);
    expect(w.text).toContain('CLOUDFLARE_R2_*');
    expect(w.cause).toContain('ServiceUnknown');
    expect(keychainWords(null).cause).toBeNull();
    expect(keychainWords('  ').cause).toBeNull();
  });

  it('treats an unreachable update server as offline, not a refused signature', () => {
    expect(isOffline('Could not reach the update server; check the connection and try again. (error sending request)', true)).toBe(true);
    expect(isOffline('anything at all', false)).toBe(true);
    expect(isOffline('The update was refused: its signature does not match Valet\'s signing key', true)).toBe(false);
    expect(isOffline('The update feed has no package for this computer.', true)).toBe(false);
  });
});
