// The confidentiality check before publishing: ID numbers, phone numbers, and names of registry
// people who are not public (not honoured) found in the text or captions. Each finding is a flag the
// sign-off reviewer clears one by one (by its key); the article cannot be published with one open.
import type { ArticleContent } from './news.tables.js';
import { bodyText } from './news.sanitize.js';

export type FlagKind = 'id_number' | 'phone' | 'person';
export interface Flag {
  key: string;
  kind: FlagKind;
  text: string;
  /** Which field it was found in (headline, body, photos …). */
  field: string;
}

export const ID_NUMBER = /(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9Xx])/g;
/** Mobile numbers (also written 138 1234 5678 / 138-1234-5678) and landlines with an area code. */
export const PHONE = /(?<![0-9])(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}[ -]?\d{7,8})(?![0-9])/g;

/** Every text field of an article by name, the body as its text. */
export function textFields(c: ArticleContent): [string, string][] {
  return [
    ['kicker', c.kicker],
    ['headline', c.headline],
    ['subtitle', c.subtitle],
    ['lead', c.lead],
    ['body', bodyText(c.bodyHtml)],
    ['photos', c.photos.map((p) => `${p.caption}\n${p.credit}\n${p.alt}`).join('\n')],
    ['reporters', [...c.reporters, ...c.correspondents].join('\n')],
    ['source', c.source],
  ];
}

export function allText(c: ArticleContent): string {
  return textFields(c)
    .map(([, t]) => t)
    .join('\n');
}

/** The pattern flags; names of registry people are added by the service (they need the database). */
export function patternFlags(c: ArticleContent): Flag[] {
  const flags = new Map<string, Flag>();
  for (const [field, text] of textFields(c)) {
    for (const m of text.matchAll(ID_NUMBER)) add(flags, 'id_number', m[0], field);
    for (const m of text.matchAll(PHONE)) add(flags, 'phone', m[0], field);
  }
  return [...flags.values()];
}

export function personFlags(c: ArticleContent, names: string[]): Flag[] {
  const flags = new Map<string, Flag>();
  for (const [field, text] of textFields(c)) for (const n of names) if (text.includes(n)) add(flags, 'person', n, field);
  return [...flags.values()];
}

function add(flags: Map<string, Flag>, kind: FlagKind, text: string, field: string) {
  const key = `${kind}:${text}`;
  if (!flags.has(key)) flags.set(key, { key, kind, text, field });
}
