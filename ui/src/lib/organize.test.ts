// Unit tests of organizing's pure parts: Markdown notes rendered safely (no raw HTML, script,
// image or unsafe link), reading typed tags, rename/merge plans, checklist progress and moves.
import { describe, expect, it } from 'vitest';
import { linkAt, renderMarkdown, safeUrl } from './markdown';
import { dropStepOp, hasTag, moveStepOp, parseTags, renamedFilter, renamePlan, sameTag, stepProgress, tagLine } from './organize';
import { filterByText } from './todos';
import type { Step, Todo } from './types';

/** The rendered HTML parsed back, so tests look at elements rather than at spelling. */
function dom(markdown: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = renderMarkdown(markdown);
  return div;
}

describe('Markdown notes render safely', () => {
  it('renders the usual Markdown', () => {
    const d = dom('# Plan\n\n- **bold** and *soft*\n- `code`\n\n1. one\n2. two\n\n> quoted');
    expect(d.querySelector('h1')?.textContent).toBe('Plan');
    expect(d.querySelector('strong')?.textContent).toBe('bold');
    expect(d.querySelector('em')?.textContent).toBe('soft');
    expect(d.querySelector('code')?.textContent).toBe('code');
    expect(d.querySelectorAll('ol li')).toHaveLength(2);
    expect(d.querySelector('blockquote')?.textContent.trim()).toBe('quoted');
  });

  it('shows a typed <script> as text and runs nothing', () => {
    const d = dom('Hello <script>alert(1)</script> there');
    expect(d.querySelector('script')).toBeNull();
    expect(d.textContent).toContain('<script>alert(1)</script>');
  });

  it('passes no raw HTML through, blocks or inline', () => {
    const d = dom('<div onclick="x()">block</div>\n\ntext <b onmouseover="x()">bold</b> <iframe src="https://example.com"></iframe>\n\n<style>body{}</style>');
    for (const tag of ['div', 'b', 'iframe', 'style']) expect(d.querySelector(tag)).toBeNull();
    expect(d.querySelector('[onclick], [onmouseover]')).toBeNull();
    expect(d.textContent).toContain('<b onmouseover="x()">bold</b>');
  });

  it('loads no image: an image becomes a link to it', () => {
    const d = dom('![the cat](http://example.com/cat.png) and <img src=http://example.com/x.png onerror=alert(1)>');
    expect(d.querySelector('img')).toBeNull();
    const a = d.querySelector('a');
    expect(a?.getAttribute('href')).toBe('http://example.com/cat.png');
    expect(a?.textContent).toBe('image: the cat');
    expect(d.textContent).toContain('<img src=http://example.com/x.png onerror=alert(1)>');
  });

  it('keeps javascript:, data: and other links as text', () => {
    for (const bad of [
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](&#106;avascript:alert(1))',
      '[click](data:text/html;base64,PHNjcmlwdD4=)',
      '[click](file:///etc/passwd)',
      '[click](vbscript:msgbox)',
      '[click](/settings)',
      '<javascript:alert(1)>',
      '![x](javascript:alert(1))',
    ]) {
      const d = dom(bad);
      expect(d.querySelector('a'), bad).toBeNull();
      expect(d.querySelector('img'), bad).toBeNull();
    }
  });

  it('gives links rel="noopener noreferrer", bare URLs included', () => {
    const d = dom('[docs](https://example.com/docs) and https://example.org and <mailto:me@example.com>');
    const links = [...d.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/docs', 'https://example.org', 'mailto:me@example.com']);
    for (const a of links) expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('escapes quotes in link titles and URLs', () => {
    const d = dom('[x](https://example.com/"onmouseover="alert(1) "t\\"itle")');
    expect(d.querySelector('[onmouseover]')).toBeNull();
  });

  it('shows task items as read-only checkboxes only when asked', () => {
    const md = '- [x] done\n- [ ] open\n- plain\n- [x]\n  next line';
    expect(dom(md).querySelector('input')).toBeNull();
    const div = document.createElement('div');
    div.innerHTML = renderMarkdown(md, { tasks: true });
    const boxes = [...div.querySelectorAll('input')];
    expect(boxes.map((b) => [b.type, b.checked, b.disabled, b.closest('label')?.textContent])).toEqual([
      ['checkbox', true, true, 'done'],
      ['checkbox', false, true, 'open'],
      ['checkbox', true, true, 'next line'],
    ]);
    expect(div.querySelectorAll('li.task')).toHaveLength(3);
    expect(div.textContent).not.toContain('[x]');
    expect(div.querySelector('label br')).toBeNull();
  });

  it('moves headings down to start at the level asked, keeping their steps', () => {
    const div = document.createElement('div');
    div.innerHTML = renderMarkdown('## Top\n\n### Under\n\n#### Deeper\n\n##### Deepest', { topHeading: 5 });
    expect([...div.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => `${h.tagName}:${h.textContent}`)).toEqual([
      'H5:Top',
      'H6:Under',
      'H6:Deeper',
      'H6:Deepest',
    ]);
  });

  it('keeps line breaks', () => {
    expect(dom('one\ntwo').querySelector('br')).not.toBeNull();
  });

  it('finds the link a click landed on, only a safe one', () => {
    const d = dom('see [docs](https://example.com/docs) **now**');
    expect(linkAt(d.querySelector('a'))).toEqual({ url: 'https://example.com/docs' });
    expect(linkAt(d.querySelector('strong'))).toBeNull();
    const evil = document.createElement('a');
    evil.setAttribute('href', 'javascript:alert(1)');
    expect(linkAt(evil)).toEqual({ url: null });
    expect(safeUrl(' https://x.org ')).toBe('https://x.org');
    expect(safeUrl('ftp://x.org')).toBeNull();
  });
});

describe('tags', () => {
  it('reads what was typed: commas or spaces, # dropped, repeats once', () => {
    expect(parseTags('#finance, calls  #Finance,,home')).toEqual(['finance', 'calls', 'home']);
    expect(parseTags('  ')).toEqual([]);
    expect(parseTags('#')).toEqual([]);
    expect(parseTags('a+b')).toEqual(['a+b']);
  });

  it('compares without case and writes the line', () => {
    expect(sameTag('Work', 'work')).toBe(true);
    expect(hasTag({ tags: ['Work'] }, 'WORK')).toBe(true);
    expect(hasTag({}, 'work')).toBe(false);
    expect(tagLine(['finance', 'calls'])).toBe('#finance #calls');
  });

  it('says when a rename merges two tags', () => {
    const all = [['calls', 2], ['finance', 3], ['Work', 1]] as const;
    expect(renamePlan('calls', '#Finance', all)).toEqual({ to: 'Finance', mergeInto: { name: 'finance', count: 3 }, noop: false });
    expect(renamePlan('calls', 'phone', all)).toEqual({ to: 'phone', mergeInto: null, noop: false });
    // A new spelling of the same tag is a rename, not a merge.
    expect(renamePlan('Work', 'work', all).mergeInto).toBeNull();
    expect(renamePlan('Work', ' Work ', all).noop).toBe(true);
    expect(renamePlan('Work', '', all).noop).toBe(true);
  });

  it('follows a rename in the filter', () => {
    expect(renamedFilter(['calls', 'home'], 'Calls', 'phone')).toEqual(['phone', 'home']);
    expect(renamedFilter(['calls', 'finance'], 'calls', 'Finance')).toEqual(['Finance']);
  });
});

describe('checklist', () => {
  const steps: Step[] = [
    { id: 'a', text: 'Buy paint', done: true },
    { id: 'b', text: 'Tape the edges', done: false },
    { id: 'c', text: 'Paint', done: true },
  ];

  it('counts progress', () => {
    expect(stepProgress(steps)).toEqual({ done: 2, total: 3, text: '2/3', words: '2 of 3 steps done' });
    expect(stepProgress([])).toBeNull();
    expect(stepProgress(undefined)).toBeNull();
    expect(stepProgress([{ id: 'x', text: 'x', done: false }])?.words).toBe('0 of 1 step done');
  });

  it('moves a step by one place, not past an end', () => {
    expect(moveStepOp(steps, 'b', -1)).toEqual({ op: 'move', id: 'b', to: 0 });
    expect(moveStepOp(steps, 'b', 1)).toEqual({ op: 'move', id: 'b', to: 2 });
    expect(moveStepOp(steps, 'a', -1)).toBeNull();
    expect(moveStepOp(steps, 'c', 1)).toBeNull();
  });

  it('drops a step before or after another', () => {
    expect(dropStepOp(steps, 'c', 'a', false)).toEqual({ op: 'move', id: 'c', to: 0 });
    expect(dropStepOp(steps, 'a', 'b', true)).toEqual({ op: 'move', id: 'a', to: 1 });
    expect(dropStepOp(steps, 'a', 'b', false)).toBeNull();
  });
});

describe('the text filter reads tags, steps and notes too (as the Rust query does)', () => {
  const todo = (id: string, extra: Partial<Todo>): Todo =>
    ({ id, content: 'Something', category: 'General', notes: [], priority: 'medium', status: 'pending', ...extra }) as Todo;
  const list = [
    todo('tagged', { tags: ['Finance'] }),
    todo('stepped', { steps: [{ id: 'a', text: 'Ring the landlord', done: false }] }),
    todo('noted', { body: '# Plan\nAsk about **fees**' }),
  ];

  it('finds each by its own field', () => {
    const ids = (text: string): string[] => filterByText(list, text).map((t) => t.id);
    expect(ids('finance')).toEqual(['tagged']);
    expect(ids('landlord')).toEqual(['stepped']);
    expect(ids('fees')).toEqual(['noted']);
    expect(ids('something')).toEqual(['tagged', 'stepped', 'noted']);
  });
});
