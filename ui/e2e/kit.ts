// Shared set-up of the browser tests: the static server and headless Chromium for one test file,
// a page seeded for the harness that records its errors, and readers of what the harness saw.
import type { Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
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

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

export interface OpenOptions {
  /** Over the defaults (a 1100x800 viewport, the scheme): a size, a zoom (deviceScaleFactor), a zone. */
  page?: BrowserContextOptions;
  /** Date.now() frozen at this instant before the app starts: screenshots must not show the real clock. */
  time?: string;
}

export type Open = (hash: string, seed?: Record<string, unknown>, scheme?: 'light' | 'dark', options?: OpenOptions) => Promise<Page>;

/** Starts the server and the browser before the file's tests, stops them after; returns `open`:
 *  a page on `hash` with the harness seeded, whose errors `errorsOf` reads. */
export function useBrowser(): Open {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let base = '';

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set VALET_CHROMIUM)`);
    ({ server, url: base } = await serve());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  return async (hash, seed = {}, scheme = 'light', options = {}) => {
    if (browser === undefined) throw new Error('the browser has not started');
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, colorScheme: scheme, ...options.page });
    if (options.time !== undefined) await page.clock.setFixedTime(options.time);
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
  };
}

export function errorsOf(page: Page): string[] {
  return (page as Page & { errors: string[] }).errors;
}

/** The commands the harness got, of one name, in order. */
export async function calls(page: Page, cmd: string): Promise<Call[]> {
  const all = await page.evaluate(() => (window as unknown as { __valet: { calls: Call[] } }).__valet.calls);
  return all.filter((c) => c.cmd === cmd);
}

/** A todo as the harness holds it now. */
export async function todoOf(page: Page, id: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate((i) => {
    const all = (window as unknown as { __valet: { todos: Record<string, unknown>[] } }).__valet.todos;
    return all.find((t) => t.id === i);
  }, id);
}

/** Sends a shell event to the page, as the Rust side would. */
export async function emit(page: Page, event: string, payload: unknown): Promise<void> {
  await page.evaluate(
    ([e, p]) => {
      (window as unknown as { __valet: { emit: (e: string, p: unknown) => void } }).__valet.emit(e, p);
    },
    [event, payload] as const,
  );
}

/** Runs a command as another client would (`mcp:Claude`, `cli`): journaled as theirs, then the
 *  change event goes out, as the shell's change feed sends it. */
export async function asClient(page: Page, by: string, cmd: string, args: Record<string, unknown>): Promise<unknown> {
  return page.evaluate(
    ([b, c, a]) =>
      (window as unknown as { __valet: { as: (by: string, cmd: string, args: unknown) => unknown } }).__valet.as(b, c, a),
    [by, cmd, args] as const,
  );
}

export const TODAY = '2026-11-28';
export const BANK = '019ac9b2-0000-7000-8000-000000000000';
export const TODO_1 = '019ac9b2-0000-7000-8000-000000000001';

const AXE = readFileSync(join(import.meta.dirname, '../node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A and AA violations inside `selector`, one line each. */
export async function violations(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (sel) => {
    interface Result {
      violations: { id: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
    }
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<Result> } }).axe;
    const result = await axe.run({ include: [sel] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`));
  }, selector);
}
