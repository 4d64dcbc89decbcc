// A todo's Markdown notes as safe HTML: markdown-it with raw HTML off (typed tags show as text),
// links only to http(s) and mailto, and images turned into links so nothing loads by itself.
import MarkdownIt from 'markdown-it';

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

/** The notes as HTML to put in the page (nothing in it runs or loads). */
export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** A click inside rendered notes: null when it was not on a link; else the link's URL, null
 *  when it is not one a note may open (the click is then swallowed, never followed). */
export function linkAt(target: EventTarget | null): { url: string | null } | null {
  if (!(target instanceof Element)) return null;
  const a = target.closest('a');
  if (a === null) return null;
  return { url: safeUrl(a.getAttribute('href') ?? '') };
}
