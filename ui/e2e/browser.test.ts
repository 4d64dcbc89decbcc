// Browser tests of the built UI (ui/dist) in headless Chromium (playwright-core, the system's
// /usr/bin/chromium; nothing is downloaded), with Tauri's IPC mocked by harness.ts: every view,
// keyboard flows (shortcuts, the help overlay), the sync badge / Sync view / conflicts, and a
// 10,000-todo list that renders and filters. Run: `npm run build && npm run test:browser`.
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from './server';

const CHROMIUM = process.env.VALET_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

let browser: Browser;
let server: Server;
let base = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set VALET_CHROMIUM)`);
  ({ server, url: base } = await serve());
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser.close();
  await new Promise((done) => server.close(done));
});

/** A page on `hash` with the harness seeded; fails the test on any page error. */
async function open(hash: string, seed: Record<string, unknown> = {}, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, colorScheme: scheme });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  (page as Page & { errors: string[] }).errors = errors;
  await page.addInitScript((s) => {
    (window as unknown as { __VALET_SEED__: unknown }).__VALET_SEED__ = s;
  }, seed);
  await page.goto(`${base}/index.html#${hash}`);
  return page;
}

function errorsOf(page: Page): string[] {
  return (page as Page & { errors: string[] }).errors;
}

async function calls(page: Page, cmd: string): Promise<Call[]> {
  const all = await page.evaluate(() => (window as unknown as { __valet: { calls: Call[] } }).__valet.calls);
  return all.filter((c) => c.cmd === cmd);
}

describe('every view', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`renders Today, Todos, History, Settings and Sync (${scheme})`, async () => {
      const page = await open('today', {}, scheme);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByTestId('nav-todos').click();
      await page.getByTestId('todo-item').first().waitFor();
      expect(await page.getByTestId('todo-item').count()).toBe(3);
      await page.getByTestId('nav-history').click();
      await page.getByText('2026', { exact: false }).first().waitFor();
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('version').waitFor();
      expect(await page.getByTestId('mcp-config').textContent()).toContain('valet');
      await page.getByTestId('diag-ops').waitFor();
      expect(await page.getByTestId('diag-storage').textContent()).toContain('120.6 KiB');
      expect(await page.getByTestId('diag-ops').textContent()).toContain('mutate');
      await page.getByTestId('sync-badge').click();
      await page.getByTestId('sync-off').waitFor();
      expect(await page.getByTestId('sync-badge').textContent()).toContain('Sync off');
      expect(await page.getByTestId('no-conflicts').isVisible()).toBe(true);
      const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
      expect(bg).toBe(scheme === 'dark' ? '#18181a' : '#f7f7f5');
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});

describe('keyboard', () => {
  it('switches views with 1-5, opens and closes the help overlay, focuses search and new', async () => {
    const page = await open('today');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.keyboard.press('2');
    await page.getByTestId('todo-item').first().waitFor();
    expect(page.url()).toContain('#todos');
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await help.waitFor();
    expect(await help.textContent()).toContain('Go to Sync');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search');
    await page.keyboard.type('bank');
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('new-todo');
    await page.keyboard.press('Escape');
    for (const [key, hash] of [['3', 'history'], ['4', 'settings'], ['5', 'sync'], ['1', 'today']] as const) {
      await page.locator('body').press(key);
      expect(page.url()).toContain(`#${hash}`);
    }
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('moves with j/k, completes with x, deletes with Delete and undoes with Ctrl+z', async () => {
    const page = await open('todos');
    await page.getByTestId('todo-item').first().waitFor();
    await page.locator('body').press('j');
    await page.locator('body').press('x');
    await expect.poll(async () => (await calls(page, 'complete_todo')).length).toBe(1);
    const completed = await calls(page, 'complete_todo');
    expect(completed[0]?.args.id).toBe('019ac9b2-0000-7000-8000-000000000001');
    await page.locator('body').press('k');
    await page.locator('body').press('Delete');
    await page.getByTestId('toast').waitFor();
    await page.locator('body').press('Control+z');
    await expect.poll(async () => (await calls(page, 'restore_todo')).length).toBe(1);
    await page.close();
  });
});

describe('10,000 todos', () => {
  it('renders only the rows in view and filters as you type', async () => {
    const page = await open('todos', { todos: 10_000 });
    await page.getByTestId('todo-item').first().waitFor();
    expect(await page.getByTestId('todo-summary').textContent()).toBe('10000 todos');
    const rows = await page.getByTestId('todo-item').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(80);
    // Scrolling to the end shows the last todos without rendering the rest.
    await page.getByTestId('todo-scroller').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.getByText('Todo number 9999', { exact: true }).waitFor();
    expect(await page.getByTestId('todo-item').count()).toBeLessThan(80);
    // Typing filters: each keystroke's list is on screen quickly (IPC is mocked, so this is the
    // UI's own cost: query, diff, render).
    const search = page.getByTestId('search');
    await search.click();
    const started = Date.now();
    await search.pressSequentially('number 99');
    await expect.poll(() => page.getByTestId('todo-summary').textContent()).toMatch(/^280 (todos|matching of)/); // every word anywhere: 'number' and '99'
    const perKey = (Date.now() - started) / 'number 99'.length;
    expect(perKey).toBeLessThan(250);
    expect(await page.getByText('Todo number 99', { exact: true }).count()).toBe(1);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('sync', () => {
  const conflict = {
    record: 'journal/2026-11-27',
    index: 0,
    field: 'reflections',
    current: 'Written on the laptop',
    other: 'Written on the desktop',
    otherWritten: '2026-11-27T20:00:00Z on device a1b2c3',
  };

  it('shows synced-at, pending and errors on the badge, live from the sync event', async () => {
    const lastSync = new Date(2026, 10, 28, 9, 5).toISOString();
    const page = await open('today', { sync: { enabled: true, remote: 's3://b/alice', firstSyncDone: true, lastSync } });
    const badge = page.getByTestId('sync-badge');
    await expect.poll(() => badge.textContent()).toContain('Synced 09:05');
    await page.evaluate(() => {
      (window as unknown as { __valet: { emit: (e: string, p: unknown) => void } }).__valet.emit('valet://sync', {
        enabled: true, remote: 's3://b/alice', firstSyncDone: true, lastSync: null,
        error: "Can't reach the storage service (offline?). Your changes are kept here and sent when it is back.",
        needsConfirm: false, pending: 2, conflicts: 0,
      });
    });
    await expect.poll(() => badge.textContent()).toContain('Sync error');
    expect(await badge.getAttribute('title')).toContain("Can't reach the storage service");
    await page.getByTestId('sync-now').click();
    await expect.poll(async () => (await calls(page, 'sync_now')).length).toBe(1);
    await expect.poll(() => badge.textContent()).toContain('Synced');
    await page.close();
  });

  it('asks before a sync that would delete most data, then forces it', async () => {
    const message = 'Sync stopped: it would delete 90 of your 100 records. Nothing was changed.';
    const page = await open('sync', {
      sync: { enabled: true, remote: 's3://b/alice', firstSyncDone: true },
      failOnce: { sync_now: { code: 'confirm', message } },
    });
    await page.getByTestId('sync-now-view').click();
    const dialog = page.getByTestId('sync-confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('90 of your 100 records');
    await page.getByTestId('sync-anyway').click();
    await dialog.waitFor({ state: 'detached' });
    const runs = await calls(page, 'sync_now');
    expect(runs.map((c) => c.args.force)).toEqual([false, true]);
    expect(await page.getByTestId('sync-message').textContent()).toContain('Synced: 1 sent');
    await page.close();
  });

  it('offers to keep what the other device deleted', async () => {
    const message = 'Sync stopped: it would delete 50 of your 51 todos. Nothing was changed.';
    const page = await open('sync', {
      sync: { enabled: true, remote: 's3://b/alice', firstSyncDone: true },
      failOnce: { sync_now: { code: 'confirm', message } },
    });
    await page.getByTestId('sync-now-view').click();
    await page.getByTestId('sync-confirm').waitFor();
    await page.getByTestId('sync-restore-deleted').click();
    await page.getByTestId('sync-confirm').waitFor({ state: 'detached' });
    const runs = await calls(page, 'sync_now');
    expect(runs.map((c) => [c.args.force, c.args.restoreDeleted])).toEqual([
      [false, false],
      [false, true],
    ]);
    await page.close();
  });

  it('lists conflicts with both texts and resolves one', async () => {
    const page = await open('sync', { conflicts: [conflict] });
    await page.getByTestId('conflict').waitFor();
    expect(await page.getByTestId('conflict-current').textContent()).toBe('Written on the laptop');
    expect(await page.getByTestId('conflict-other').textContent()).toBe('Written on the desktop');
    await expect.poll(() => page.getByTestId('sync-badge').textContent()).toContain('1 conflict');
    await page.getByTestId('keep-both').click();
    await page.getByTestId('no-conflicts').waitFor();
    const resolved = await calls(page, 'resolve_conflict');
    expect(resolved[0]?.args).toEqual({ record: 'journal/2026-11-27', index: 0, keep: 'both' });
    await page.close();
  });
});

describe('Add to Claude Desktop', () => {
  it('shows the change to claude_desktop_config.json, keeps other servers, applies on confirm', async () => {
    const before = JSON.stringify({ mcpServers: { files: { command: 'npx', args: ['fs'] } } }, null, 2);
    const page = await open('settings', { claude: { path: '/home/test/.config/Claude/claude_desktop_config.json', before } });
    await page.getByTestId('claude-add').click();
    const change = page.getByTestId('claude-change');
    await change.waitFor();
    expect(await change.textContent()).toContain('Kept as they are: files');
    expect(await page.getByTestId('claude-before').textContent()).toBe(before);
    const after = JSON.parse((await page.getByTestId('claude-after').textContent()) ?? '{}') as { mcpServers: Record<string, unknown> };
    expect(Object.keys(after.mcpServers)).toEqual(['files', 'valet']);
    expect(await calls(page, 'add_to_claude_desktop')).toEqual([]);
    await page.getByTestId('claude-apply').click();
    await page.getByTestId('claude-done').waitFor();
    expect(await page.getByTestId('claude-done').textContent()).toContain('Restart Claude Desktop');
    const applied = await calls(page, 'add_to_claude_desktop');
    expect(applied.map((c) => c.args.before)).toEqual([before]);
    // A second time: nothing to change.
    await page.getByTestId('claude-add').click();
    await expect.poll(() => page.getByTestId('claude-done').textContent()).toContain('already set up');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('Settings: data, sync interval and updates', () => {
  it('previews and runs a legacy import, exports, takes and restores a restore point', async () => {
    const page = await open('settings');
    await page.getByTestId('legacy-import').click();
    await expect.poll(() => page.getByTestId('data-error').textContent()).toContain('path: must not be empty');
    await page.getByTestId('legacy-path').fill('/home/test/valet-data');
    await page.getByTestId('legacy-preview').click();
    await expect.poll(() => page.getByTestId('data-result').textContent()).toContain('Would import — todos: 2 new');
    await page.getByTestId('legacy-import').click();
    await expect.poll(() => page.getByTestId('data-result').textContent()).toContain('restore point 20261128T090000000Z taken first');
    await page.getByTestId('export-format').selectOption('markdown');
    await page.getByTestId('export-path').fill('/home/test/notes');
    await page.getByTestId('export').click();
    await expect.poll(() => page.getByTestId('data-result').textContent()).toContain('(3 files)');
    expect((await calls(page, 'export_data'))[0]?.args).toEqual({ path: '/home/test/notes', format: 'markdown' });
    await page.getByTestId('backup-now').click();
    await page.getByTestId('restore-point').first().waitFor();
    await page.getByTestId('restore').first().click();
    expect(await calls(page, 'restore_point')).toEqual([]);
    await page.getByTestId('restore-confirm').click();
    await expect.poll(() => page.getByTestId('data-result').textContent()).toContain('Undo with restore point');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('refuses a bad sync interval naming the field, saves a good one', async () => {
    const page = await open('settings');
    await page.getByTestId('provider').selectOption('cloudflare-r2');
    await page.getByTestId('endpoint').fill('https://acct.r2.cloudflarestorage.com');
    await page.getByTestId('bucket').fill('b');
    await page.getByTestId('sync-interval').fill('2');
    await page.getByTestId('sync-interval').press('Enter');
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('syncInterval: must be a whole number of seconds from 5 to 86400');
    expect(await calls(page, 'set_storage_profile')).toEqual([]);
    await page.getByTestId('sync-interval').fill('120');
    await page.getByTestId('encrypt').check();
    await page.getByTestId('sync-interval').press('Enter');
    await page.getByTestId('saved').waitFor();
    const saved = await calls(page, 'set_storage_profile');
    expect(saved[0]?.args.profile).toMatchObject({ syncInterval: 120, encrypt: true });
    await page.close();
  });

  it('checks, downloads (verified) and offers install only after download', async () => {
    const page = await open('settings');
    expect(await page.getByTestId('update-install').count()).toBe(0);
    await page.getByTestId('update-check').click();
    await expect.poll(() => page.getByTestId('update-found').textContent()).toContain('Valet 0.2.0 is available');
    await page.getByTestId('update-download').click();
    await expect.poll(() => page.getByTestId('update-note').textContent()).toContain('signature checked');
    await page.getByTestId('update-install').waitFor();
    await page.getByTestId('update-channel').selectOption('beta');
    await page.getByTestId('update-feed').fill('https://example.com/latest.json');
    await page.getByTestId('update-feed').press('Enter');
    await expect.poll(() => page.getByTestId('update-note').textContent()).toContain('saved');
    expect((await calls(page, 'set_update_prefs'))[0]?.args.prefs).toEqual({ channel: 'beta', feed: 'https://example.com/latest.json', checkAtStart: true });
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});
