// Visual snapshots: every screen (screens.ts) in light and dark, in a 1280x800 and an 800x600
// window, with the demo data set, compared with the PNGs in e2e/__screenshots__/ (pixelmatch, a
// little anti-aliasing noise allowed). A mismatch writes the actual image and a diff to
// e2e/__screenshots__/__diff__/ (ignored by git). A missing baseline is written and the test
// fails, so CI never passes without one. `npm run test:visual:update` builds the UI and
// rewrites them all (UPDATE_SNAPSHOTS=1); `npm run test:visual` checks against them.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from './demo-seed';
import { errorsOf, useBrowser } from './kit';
import { FROZEN_AT, SCREENS, show, ZONE, type Screen } from './screens';

const DIR = join(import.meta.dirname, '__screenshots__');
const DIFF_DIR = join(DIR, '__diff__');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
/** pixelmatch's per-pixel colour distance (0..1): anti-aliased edges stay under it. */
const THRESHOLD = 0.1;
/** The share of pixels that may still differ: 0.5% absorbs a browser update's text rendering
 * (a moved control or a changed colour differs by far more). */
const MAX_DIFF = 0.005;

const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;
const THEMES = ['light', 'dark'] as const;

const open = useBrowser();

/** Compares with the baseline (or writes it); returns why it failed, or null. */
function compare(name: string, actual: Buffer): string | null {
  const file = join(DIR, `${name}.png`);
  const diffFiles = [join(DIFF_DIR, `${name}.actual.png`), join(DIFF_DIR, `${name}.diff.png`)];
  for (const f of diffFiles) rmSync(f, { force: true });
  if (UPDATE || !existsSync(file)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return UPDATE ? null : `no baseline; created ${file} (check it, commit it, run again)`;
  }
  const want = PNG.sync.read(readFileSync(file));
  const got = PNG.sync.read(actual);
  if (want.width !== got.width || want.height !== got.height) {
    mkdirSync(DIFF_DIR, { recursive: true });
    writeFileSync(diffFiles[0] ?? '', actual);
    return `the size changed from ${String(want.width)}x${String(want.height)} to ${String(got.width)}x${String(got.height)}`;
  }
  const diff = new PNG({ width: want.width, height: want.height });
  const differing = pixelmatch(want.data, got.data, diff.data, want.width, want.height, { threshold: THRESHOLD });
  const allowed = Math.floor(want.width * want.height * MAX_DIFF);
  if (differing <= allowed) return null;
  mkdirSync(DIFF_DIR, { recursive: true });
  writeFileSync(diffFiles[0] ?? '', actual);
  writeFileSync(diffFiles[1] ?? '', PNG.sync.write(diff));
  return `${String(differing)} pixels differ (at most ${String(allowed)}); see ${diffFiles[1] ?? ''} and the .actual.png beside it`;
}

for (const size of SIZES) {
  const tag = `${String(size.width)}x${String(size.height)}`;

  describe(`screens at ${tag}`, () => {
    let page: Page;
    let shown: Screen | null = null;

    beforeAll(async () => {
      page = await open('today', DEMO_SEED, 'light', {
        page: { viewport: size, timezoneId: ZONE, locale: 'en-US', reducedMotion: 'reduce' },
        time: FROZEN_AT,
      });
      await page.getByTestId('today-item').first().waitFor();
    });

    afterAll(async () => {
      await page.close();
    });

    for (const screen of SCREENS) {
      for (const theme of THEMES) {
        it(`${screen.name}, ${theme}`, async () => {
          await page.emulateMedia({ colorScheme: theme });
          if (shown !== screen) {
            await show(page, screen);
            shown = screen;
          }
          // The caret blinks and the motion is off (reducedMotion above): two shots agree.
          const shot = await page.screenshot({ animations: 'disabled', caret: 'hide' });
          const failure = compare(`${screen.name}-${theme}-${tag}`, shot);
          expect(errorsOf(page)).toEqual([]);
          if (failure !== null) expect.fail(`${screen.name}, ${theme} theme, ${tag}: ${failure}`);
        });
      }
    }
  });
}
