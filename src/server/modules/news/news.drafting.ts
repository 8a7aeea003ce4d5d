// Drafting a story from a record: the facts of a visit or a meeting (a "record facts" object with
// named fields) poured into the genre's template. Every figure and name in the draft comes from the
// facts; the template only adds the genre's fixed wording. No language model.
//
// Template language (checked when a template is saved, so a broken one never reaches drafting):
//   {{field}}                  the field's value (a list is joined with 、), HTML-escaped
//   {{#list}} … {{/list}}      the block once per item of a list: {{.}} is the item, {{@cn}} its
//                              Chinese ordinal (一, 二 …), {{@n}} its number; nothing for an empty list
//   {{?field}} … {{/field}}    the block once when the field is not empty
//   {{^field}} … {{/field}}    the block only when the field is empty
// Each non-empty line of the rendered text is one paragraph of the body.
//
// Records are read by providers (one per record kind): the field-work and meetings module plugs its
// visits and meetings in with registerFactsProvider, and drafting then needs only the record's id.
import type { ArticleContent, ArticleLink } from './news.tables.js';

export interface VisitFacts {
  genre: 'visit';
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
  leader: string;
  post: string;
  team: string[];
  regions: string[];
  hosts: string[];
  themes: string[];
  findings: string[];
  requirements: string[];
  /** The publishing federation (来源). */
  source: string;
}

export interface MeetingFacts {
  genre: 'meeting';
  /** YYYY-MM-DD */
  date: string;
  place: string;
  topic: string;
  organiser: string;
  attendees: string[];
  reporters: string[];
  affirmed: string[];
  pointedOut: string[];
  stressed: string[];
  source: string;
}

export type RecordFacts = VisitFacts | MeetingFacts;
export type Genre = RecordFacts['genre'];

/** What a provider hands back for one record. */
export interface RecordForDrafting {
  facts: RecordFacts;
  link: ArticleLink;
  /** The organisation that owns the record (the draft's publishing organisation). */
  orgId: string;
  orgPath: string;
}

export interface FactsProvider {
  kind: ArticleLink['kind'];
  /** The record if it exists (scope is checked by the caller on orgPath), else undefined. */
  load(id: string): Promise<RecordForDrafting | undefined>;
}

const providers = new Map<string, FactsProvider>();
export function registerFactsProvider(p: FactsProvider): void {
  providers.set(p.kind, p);
}
export function factsProvider(kind: string): FactsProvider | undefined {
  return providers.get(kind);
}

export const TEMPLATE_FIELDS: Record<Genre, readonly string[]> = {
  visit: ['startDate', 'endDate', 'dateSpan', 'leader', 'post', 'team', 'regions', 'hosts', 'themes', 'findings', 'requirements', 'source'],
  meeting: ['date', 'place', 'topic', 'organiser', 'attendees', 'reporters', 'affirmed', 'pointedOut', 'stressed', 'source'],
};

export const DEFAULT_TEMPLATES: Record<Genre, { headline: string; body: string }> = {
  visit: {
    headline: '{{post}}{{leader}}一行赴{{regions}}调研',
    body: [
      '{{dateSpan}}，{{post}}{{leader}}一行{{?team}}（调研组成员：{{team}}）{{/team}}来到{{regions}}，深入{{hosts}}，就{{themes}}开展深入调研。',
      '{{#findings}}\n调研组指出，{{.}}{{/findings}}',
      '{{?requirements}}调研组要求：{{#requirements}}{{@cn}}是{{.}}{{/requirements}}{{/requirements}}',
    ].join('\n'),
  },
  meeting: {
    headline: '{{organiser}}召开{{topic}}',
    body: [
      '{{date}}，{{place}}召开{{topic}}。{{?attendees}}{{attendees}}参加会议。{{/attendees}}',
      '{{?reporters}}会上，{{reporters}}作了汇报和交流发言。{{/reporters}}',
      '{{#affirmed}}\n会议肯定了{{.}}{{/affirmed}}',
      '{{#pointedOut}}\n会议指出，{{.}}{{/pointedOut}}',
      '{{#stressed}}\n会议强调，{{.}}{{/stressed}}',
    ].join('\n'),
  },
};

export class TemplateError extends Error {
  constructor(
    readonly reason: 'unknown_field' | 'unbalanced' | 'not_a_list',
    readonly field: string,
  ) {
    super(`${reason}: ${field}`);
  }
}

type Node =
  | { t: 'text'; v: string }
  | { t: 'field'; name: string }
  | { t: 'item' }
  | { t: 'ordinal'; cn: boolean }
  | { t: 'each' | 'empty' | 'present'; name: string; body: Node[] };

const TAG = /\{\{([#^?/]?)\s*([@.\w]+)\s*\}\}/g;
const LISTS = new Set([
  'team',
  'regions',
  'hosts',
  'themes',
  'findings',
  'requirements',
  'attendees',
  'reporters',
  'affirmed',
  'pointedOut',
  'stressed',
]);

/** Parses and checks a template for a genre; throws TemplateError naming the first problem. */
export function compileTemplate(text: string, genre: Genre): Node[] {
  const known = new Set(TEMPLATE_FIELDS[genre]);
  const root: Node[] = [];
  const stack: { name: string; body: Node[]; inEach: boolean }[] = [];
  const current = () => stack.at(-1)?.body ?? root;
  const inEach = () => stack.some((s) => s.inEach);
  let last = 0;
  for (const m of text.matchAll(TAG)) {
    if (m.index > last) current().push({ t: 'text', v: text.slice(last, m.index) });
    last = m.index + m[0].length;
    const [, sigil, name] = m as unknown as [string, string, string];
    if (sigil === '/') {
      const open = stack.pop();
      if (!open || open.name !== name) throw new TemplateError('unbalanced', name);
      continue;
    }
    if (name === '.' || name === '@n' || name === '@cn') {
      if (sigil || !inEach()) throw new TemplateError('unbalanced', name);
      current().push(name === '.' ? { t: 'item' } : { t: 'ordinal', cn: name === '@cn' });
      continue;
    }
    if (!known.has(name)) throw new TemplateError('unknown_field', name);
    if (sigil === '#') {
      if (!LISTS.has(name)) throw new TemplateError('not_a_list', name);
      const node: Node = { t: 'each', name, body: [] };
      current().push(node);
      stack.push({ name, body: node.body, inEach: true });
    } else if (sigil === '^' || sigil === '?') {
      const node: Node = { t: sigil === '^' ? 'empty' : 'present', name, body: [] };
      current().push(node);
      stack.push({ name, body: node.body, inEach: false });
    } else current().push({ t: 'field', name });
  }
  if (stack.length) throw new TemplateError('unbalanced', stack.at(-1)!.name);
  if (last < text.length) root.push({ t: 'text', v: text.slice(last) });
  return root;
}

const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export function chineseOrdinal(n: number): string {
  if (n <= 10) return CN[n]!;
  if (n < 20) return `十${CN[n - 10]}`;
  return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 2026-02-27 → 2月27日; a span in the same month → 8月31日至9月2日 / 3月1日至3日. */
export function chineseDate(iso: string): string {
  const [, m, d] = iso.split('-').map(Number);
  return `${m}月${d}日`;
}
function dateSpan(start: string, end: string): string {
  if (!end || start === end) return chineseDate(start);
  const [, m1] = start.split('-');
  const [, m2, d2] = end.split('-').map(Number);
  return m1 === String(m2).padStart(2, '0') ? `${chineseDate(start)}至${d2}日` : `${chineseDate(start)}至${chineseDate(end)}`;
}

function valuesOf(facts: RecordFacts): Record<string, string | string[]> {
  if (facts.genre === 'visit') {
    const { genre: _g, ...rest } = facts;
    return {
      ...rest,
      startDate: chineseDate(facts.startDate),
      endDate: chineseDate(facts.endDate),
      dateSpan: dateSpan(facts.startDate, facts.endDate),
    };
  }
  const { genre: _g, ...rest } = facts;
  return { ...rest, date: chineseDate(facts.date) };
}

function render(nodes: Node[], values: Record<string, string | string[]>, item?: { v: string; n: number }): string {
  let out = '';
  for (const node of nodes) {
    switch (node.t) {
      case 'text':
        out += node.v;
        break;
      case 'item':
        out += escapeHtml(item?.v ?? '');
        break;
      case 'ordinal':
        out += node.cn ? chineseOrdinal(item?.n ?? 0) : String(item?.n ?? 0);
        break;
      case 'field': {
        const v = values[node.name] ?? '';
        out += escapeHtml(Array.isArray(v) ? v.join('、') : v);
        break;
      }
      case 'each': {
        const v = values[node.name];
        const list = Array.isArray(v) ? v : v ? [v] : [];
        list.forEach((x, i) => {
          out += render(node.body, values, { v: x, n: i + 1 });
        });
        break;
      }
      case 'empty':
      case 'present': {
        const v = values[node.name];
        const empty = !v || (Array.isArray(v) && v.length === 0);
        if (empty === (node.t === 'empty')) out += render(node.body, values, item);
        break;
      }
    }
  }
  return out;
}

export function renderTemplate(text: string, facts: RecordFacts): string {
  return render(compileTemplate(text, facts.genre), valuesOf(facts));
}

/** A draft article from a record's facts, in the genre's usual shape. */
export function draftFromFacts(
  facts: RecordFacts,
  link: ArticleLink | null,
  template: { headline: string; body: string } = DEFAULT_TEMPLATES[facts.genre],
): ArticleContent {
  const headline = renderTemplate(template.headline, facts)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  const body = renderTemplate(template.body, facts)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `<p>${l}</p>`)
    .join('\n');
  return {
    column: facts.genre === 'visit' ? '工作动态' : '会议活动',
    kicker: '',
    headline,
    subtitle: '',
    lead: '',
    bodyHtml: body,
    photos: [],
    reporters: [],
    correspondents: [],
    source: facts.source,
    editorInCharge: '',
    tags: [],
    links: link ? [link] : [],
  };
}
