// Browser tests of issue 19's calm views (ui/dist in headless Chromium, IPC mocked by harness.ts):
// Today's optional sections (hidden while empty, shown with content or once added, prompts as
// placeholders), the empty day; Settings' section nav, the theme applied and kept without a Save,
// the keychain and offline update check in plain words; axe-core on both views in both themes.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { calls, errorsOf, TODAY, useBrowser, violations } from './kit';

const open = useBrowser();

const visible = (page: Page, id: string): Promise<boolean> => page.getByTestId(id).isVisible();

describe('Today without empty forms', () => {
  it('shows a friendly empty day with only the add-task and add-entry lines', async () => {
    const page = await open('today', { todos: 0, days: {} });
    await page.getByTestId('plan-empty').waitFor();
    expect(await page.getByTestId('plan-empty').textContent()).toContain('A clear day.');
    expect(await visible(page, 'new-task')).toBe(true);
    expect(await visible(page, 'new-entry')).toBe(true);
    expect(await page.getByTestId('journal-empty').isVisible()).toBe(true);
    // No empty boxes: neither the journal's sections nor the plan's.
    expect(await page.locator('.columns textarea').count()).toBe(0);
    for (const id of ['mood', 'highlights', 'challenges', 'lessons', 'journal-reflections', 'plan-reminders']) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }
    expect(await page.getByRole('group', { name: 'Add to the journal' }).getByRole('button').allTextContents()).toEqual([
      '+ Mood',
      '+ Highlights',
      '+ Challenges',
      '+ Lessons',
      '+ Reflections',
    ]);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows the sections that have content, adds others with their prompt, and saves', async () => {
    const page = await open('today', { days: { [TODAY]: { journal: { mood: 'calm', lessons: ['Start early'] } } } });
    await page.getByTestId('today-item').first().waitFor();
    await expect.poll(() => page.getByTestId('mood').inputValue()).toBe('calm');
    expect(await page.getByTestId('lessons').textContent()).toContain('Start early');
    expect(await page.getByTestId('highlights').count()).toBe(0);
    expect(await page.getByTestId('open-journal-mood').count()).toBe(0);

    await page.getByTestId('open-journal-highlights').click();
    const box = page.getByTestId('highlights').getByRole('textbox');
    expect(await box.getAttribute('placeholder')).toBe('What went well today?');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Add to Highlights');
    expect(await page.getByTestId('open-journal-highlights').count()).toBe(0);
    await box.fill('Shipped the review');
    await box.press('Enter');
    await expect.poll(async () => (await calls(page, 'edit_day')).at(-1)?.args.edit).toMatchObject({ highlights: ['Shipped the review'] });
    await expect.poll(() => page.getByTestId('highlights').textContent()).toContain('Shipped the review');

    await page.getByTestId('open-journal-reflections').click();
    const reflections = page.getByTestId('journal-reflections').locator('textarea');
    expect(await reflections.getAttribute('placeholder')).toContain('on your mind');
    // An added section stays while it is empty, so nothing vanishes under the cursor.
    await reflections.fill('');
    await reflections.blur();
    expect(await page.getByTestId('journal-reflections').count()).toBe(1);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('Settings in sections', () => {
  it('jumps to a section from the nav, keeping the view, and applies the theme without a Save', async () => {
    const page = await open('settings');
    await page.getByTestId('version').waitFor();
    const nav = page.getByRole('navigation', { name: 'Settings sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'General',
      'Storage and sync',
      'AI clients',
      'Reminders',
      'Data',
      'Updates',
      'Advanced',
    ]);
    await nav.getByRole('link', { name: 'Updates' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('settings-updates-title');
    await expect.poll(() => page.getByTestId('update-check').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: 'Updates', level: 2 }).evaluate((h) => h.getBoundingClientRect().top)).toBeLessThan(200);
    // The hash still names the view.
    expect(page.url()).toMatch(/#settings$/);

    await page.getByTestId('theme').selectOption('dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(async () => (await calls(page, 'set_preferences')).at(-1)?.args).toEqual({ theme: 'dark', quickAddShortcut: 'CommandOrControl+Shift+Space' });
    expect(await page.evaluate(() => localStorage.getItem('valet.theme'))).toBe('dark');
    // Start at login lives under General, the default reminder under Reminders.
    expect(await page.locator('#settings-general').getByTestId('autostart').count()).toBe(1);
    expect(await page.locator('#settings-reminders').getByTestId('reminder-default').count()).toBe(1);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('says a missing keychain and an offline update check in plain words, the cause folded away', async () => {
    const cause = 'No keychain is available (Secret Service: org.freedesktop.DBus.Error.ServiceUnknown).';
    const page = await open('settings', {
      keychain: { available: false, hasKeys: false, message: cause },
      failOnce: { check_for_update: { code: 'update', message: 'Could not reach the update server; check the connection and try again. (error sending request)' } },
    });
    const message = page.getByTestId('keychain-message');
    await message.waitFor();
    expect(await message.textContent()).toContain('No keychain on this system: keys can come from the CLOUDFLARE_R2_* environment variables; everything else works');
    expect(await message.getAttribute('role')).toBeNull();
    expect(await page.getByTestId('keychain-cause').isVisible()).toBe(false);
    await message.getByText('Details for support').click();
    expect(await page.getByTestId('keychain-cause').textContent()).toBe(cause);

    await page.getByTestId('update-check').click();
    await page.getByTestId('update-offline').waitFor();
    expect(await page.getByTestId('update-offline').textContent()).toContain('Could not check for updates (offline?)');
    expect(await page.getByTestId('update-error').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('keeps what the real-window tests click reachable in a 960x720 window', async () => {
    const page = await open('settings');
    await page.setViewportSize({ width: 960, height: 720 });
    await page.getByTestId('version').waitFor();
    for (const id of ['export-path', 'backup-now', 'reminder-default', 'autostart', 'update-check', 'claude-add', 'provider']) {
      const el = page.getByTestId(id);
      await el.scrollIntoViewIfNeeded();
      expect(await el.isVisible(), id).toBe(true);
      expect(await el.isEnabled(), id).toBe(true);
    }
    await page.close();
  });
});

describe('accessibility of Today and Settings (axe-core, WCAG 2.1 AA)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`finds nothing in Today and Settings (${scheme})`, async () => {
      const page = await open('today', { days: { [TODAY]: { journal: { mood: 'calm', highlights: ['A walk'] } } } }, scheme);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.getByTestId('today-item').first().waitFor();
      await page.getByTestId('open-journal-lessons').click();
      expect(await violations(page, 'main')).toEqual([]);
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('version').waitFor();
      await page.getByTestId('diag-ops').waitFor();
      expect(await violations(page, 'main')).toEqual([]);
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});
