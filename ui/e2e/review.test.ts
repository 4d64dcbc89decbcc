// Browser tests of the Review view and the journal's mood score in the built UI (harness:
// fake-review.ts answers review and write_review from the seeded todos and days): reached with
// its key (9); the week's lists and late marks; previous week and the month; the reflection saved
// with Ctrl+Enter and read back; the mood score picked with the arrow keys in Today's journal;
// and axe-core (WCAG 2.1 A/AA) finds nothing in the Review view in both themes.
import { describe, expect, it } from 'vitest';
import { calls, errorsOf, useBrowser, violations } from './kit';

const open = useBrowser();

const done = (at: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ status: 'completed', completedAt: at, ...extra });

const seed = {
  todos: 8,
  todoPatches: {
    1: done('2026-11-25T10:00:00Z', { due: '2026-11-24' }),
    2: done('2026-11-27T09:00:00Z'),
    5: { due: '2026-11-24' },
    6: { due: '2026-12-02' },
  },
  days: {
    '2026-11-26': {
      plan: { tasks: [{ id: 'a', text: 'Book the dentist', done: false, carried: 2 }] },
      journal: { mood: 'calm', moodScore: 4, highlights: ['Shipped it'], entries: [] },
      archived: true,
    },
  },
};

describe('Review', () => {
  it('opens with 9, lists the week, walks periods and saves the reflection', async () => {
    const page = await open('today', seed);
    await page.locator('body').press('9');
    await page.getByTestId('review-summary').waitFor();
    expect(await page.getByTestId('review-range').textContent()).toBe('Week of Mon 23 Nov – Sun 29 Nov 2026');
    expect(await page.getByTestId('review-completed-item').count()).toBe(2);
    expect(await page.getByTestId('late-mark').textContent()).toBe('late by 1 day');
    expect(await page.getByTestId('review-slipped').textContent()).toContain('carried ×2');
    expect(await page.getByTestId('review-highlights').textContent()).toContain('Shipped it');
    expect(await page.getByRole('img', { name: 'Mood 4 – good' }).count()).toBe(1);

    await page.getByTestId('review-prev').click();
    await expect.poll(() => page.getByTestId('review-range').textContent()).toBe('Week of Mon 16 Nov – Sun 22 Nov 2026');
    await page.getByTestId('review-this').click();
    await page.getByTestId('review-period-month').check({ force: true });
    await expect.poll(() => page.getByTestId('review-range').textContent()).toBe('November 2026');

    await page.getByTestId('review-reflection').fill('A *good* month');
    await page.getByTestId('review-reflection').press('Control+Enter');
    await expect.poll(() => page.getByTestId('review-status').textContent()).toBe('Saved');
    const saved = await calls(page, 'write_review');
    expect(saved.map((c) => c.args)).toEqual([{ period: 'month', date: '2026-11-01', text: 'A *good* month' }]);
    await page.getByTestId('review-prev').click();
    await expect.poll(() => page.getByTestId('review-reflection').inputValue()).toBe('');
    await page.getByTestId('review-next').click();
    await expect.poll(() => page.getByTestId('review-reflection').inputValue()).toBe('A *good* month');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('rates the day in Today’s journal with the arrow keys', async () => {
    const page = await open('today', { ...seed, days: { '2026-11-28': { journal: { mood: 'fine', entries: [] } } } });
    const group = page.getByRole('radiogroup', { name: 'How was the day?' });
    await group.waitFor();
    await page.getByTestId('mood-score-3').click();
    await expect.poll(async () => (await calls(page, 'edit_day')).map((c) => (c.args.edit as Record<string, unknown>).moodScore)).toEqual([3]);
    await expect.poll(() => page.getByTestId('mood-score-3').getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('mood-score-4').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-score'))).toBe('4');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`finds nothing in the Review view (${scheme})`, async () => {
      const page = await open('review', seed, scheme);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.getByTestId('review-summary').waitFor();
      expect(await violations(page, '[data-testid="review"]')).toEqual([]);
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});
