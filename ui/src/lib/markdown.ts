// Markdown (a todo's notes, a day's sections) as safe HTML: markdown-it with raw HTML off (typed
// tags show as text), links only to http(s) and mailto, and images turned into links so nothing
// loads by itself. Options (the History reader's): "- [x]" items as read-only checkboxes, and
// headings moved down under the page's own.
import MarkdownIt, { type Token } from 'markdown-it';

/** The URLs a note may link to: anything else (javascript:, data:, file:, relative paths that
 *  would navigate the app itself) is left as the text that was typed. */
export function safeUrl(url: string): string | null {
  const u = url.trim();
  return /^(https?:\/\/|mailto:)/i.test(u) ? u : null;
}

const md = new MarkdownIt('default', {
  // Raw HTML in a note is escaped, never passed through.
  html: false,
  // Bare URLs become links (still checked by validateLink).
  linkify: true,
  // A note's line breaks are meant: keep them.
  breaks: true,
  typographer: false,
});

md.validateLink = (url: string): boolean => safeUrl(url) !== null;

const REL = 'noopener noreferrer';

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (token !== undefined) {
    token.attrSet('rel', REL);
    token.attrSet('title', token.attrGet('href') ?? '');
  }
  return self.renderToken(tokens, idx, options);
};

// The CSP allows no remote images, and a note should load nothing by itself anyway: an image
// shows as a link to it (opened, like any link, only after asking).
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const src = token?.attrGet('src') ?? '';
  const alt = token === undefined ? '' : self.renderInlineAsText(token.children ?? [], options, env);
  const label = md.utils.escapeHtml(alt === '' ? src : alt);
  const href = md.utils.escapeHtml(src);
  return `<a href="${href}" rel="${REL}" title="${href}" class="image-link">image: ${label}</a>`;
};

export interface RenderOptions {
  /** List items starting "[ ]" or "[x]" show a read-only checkbox (labelled by the item's text). */
  tasks?: boolean;
  /** The level the text's biggest heading gets; the others keep their steps below it, h6 at
   *  most (a "# Title" in a section must not outrank the headings of the page around it). */
  topHeading?: number;
}

const TASK = /^\[([ xX])\](?=\s|$)/;

/** Turns "- [x] done" items into `<li class="task"><label><input type="checkbox" disabled
 *  checked> done</label></li>`: tokens built here, so nothing typed reaches the HTML raw. */
function taskItems(tokens: Token[], TokenCtor: typeof Token): void {
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i];
    const item = tokens[i - 2];
    if (inline?.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open' || item?.type !== 'list_item_open') continue;
    const first = inline.children?.[0];
    const mark = TASK.exec(inline.content);
    if (mark === null || first?.type !== 'text' || !TASK.test(first.content)) continue;
    first.content = first.content.slice(3).replace(/^\s/, '');
    // "- [x]" alone on its line: the text starts on the next, with no break before it.
    const children = (inline.children ?? []).filter((t, n) => !(n === 1 && t.type === 'softbreak' && first.content === ''));
    const box = new TokenCtor('task_checkbox', 'input', 0);
    box.attrs = [['type', 'checkbox'], ['class', 'task-mark'], ['disabled', '']];
    if (mark[1] !== ' ') box.attrPush(['checked', '']);
    inline.children = [new TokenCtor('task_label_open', 'label', 1), box, ...children, new TokenCtor('task_label_close', 'label', -1)];
    item.attrJoin('class', 'task');
  }
}

function shiftHeadings(tokens: Token[], top: number): void {
  const level = (t: Token): number => Number(t.tag.slice(1));
  const headings = tokens.filter((t) => t.type === 'heading_open' || t.type === 'heading_close');
  const min = Math.min(...headings.map(level));
  for (const t of headings) t.tag = `h${String(Math.min(6, Math.max(1, top + level(t) - min)))}`;
}

md.core.ruler.push('valet_options', (state) => {
  const options = state.env as RenderOptions;
  if (options.tasks === true) taskItems(state.tokens, state.Token);
  if (options.topHeading !== undefined) shiftHeadings(state.tokens, options.topHeading);
});

/** The text as HTML to put in the page (nothing in it runs or loads). */
export function renderMarkdown(text: string, options: RenderOptions = {}): string {
  // markdown-it hands its env to the rules above: a fresh copy, as rules may write to it.
  return md.render(text, { ...options });
}

/** A click inside rendered notes: null when it was not on a link; else the link's URL, null
 *  when it is not one a note may open (the click is then swallowed, never followed). */
export function linkAt(target: EventTarget | null): { url: string | null } | null {
  if (!(target instanceof Element)) return null;
  const a = target.closest('a');
  if (a === null) return null;
  return { url: safeUrl(a.getAttribute('href') ?? '') };
}

/** A click inside rendered Markdown: on a link, it is never followed in the app's own window but
 *  asks, then opens in the browser (an unsafe link does nothing). False when not on a link. */
export function followLink(event: MouseEvent): boolean {
  const link = linkAt(event.target);
  if (link === null) return false;
  event.preventDefault();
  if (link.url !== null && window.confirm(`Open ${link.url} in your browser?`)) {
    window.open(link.url, '_blank', 'noopener,noreferrer');
  }
  return true;
}

/** A middle click on a link would open it with no question asked: swallowed. */
export function blockAuxLink(event: MouseEvent): void {
  if (linkAt(event.target) !== null) event.preventDefault();
}
