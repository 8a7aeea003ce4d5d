// Article bodies are rich text written in the browser: whatever arrives is cut down to an allow-list
// of tags and attributes by a maintained sanitiser (sanitize-html) before it is stored, so nothing a
// reader's browser could run (script, event handlers, javascript: URLs, styles, frames) is ever kept.
import sanitizeHtml from 'sanitize-html';

const SAFE_SRC = /^(?:https?:\/\/|\/(?!\/))[^\s`<>"'\\]*$/i;
const SAFE_HREF = /^(?:https?:\/\/|mailto:|\/(?!\/)|#)[^\s`<>"'\\]*$/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // A link keeps only an address that plainly is one: http(s), mailto, or a path of this site.
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      return { tagName, attribs: { ...rest, ...(href && SAFE_HREF.test(href) && { href }), rel: 'noopener noreferrer nofollow' } };
    },
  },
  // An image whose address is not plainly http(s) or a path of this site is dropped altogether, and
  // so is one without alt text (alt text is required; photos with captions are the article's photos).
  exclusiveFilter: (frame) => frame.tag === 'img' && (!SAFE_SRC.test(frame.attribs.src ?? '') || !frame.attribs.alt?.trim()),
};
// rel is added by the transform, so it must be allowed on a too.
(OPTIONS.allowedAttributes as Record<string, string[]>).a!.push('rel');

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

const BLOCK_END = /<\/(p|h2|h3|h4|li|blockquote|figcaption|tr)>|<br\s*\/?>/gi;

/** The body's text, one line per block (for search, the confidentiality check and the diff). */
export function bodyText(html: string): string {
  const text = sanitizeHtml(
    html.replace(BLOCK_END, (m) => `${m}\n`),
    { allowedTags: [], allowedAttributes: {} },
  );
  return decodeEntities(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}
