// The diff view between two versions of an article: per changed field, its lines marked kept, added
// or removed (a longest-common-subsequence over lines; the body compares its text, block by block).
import type { ArticleContent } from './news.tables.js';
import { bodyText } from './news.sanitize.js';

export interface DiffLine {
  op: 'same' | 'add' | 'del';
  text: string;
}
export interface FieldDiff {
  field: string;
  lines: DiffLine[];
}

function linesOf(c: ArticleContent): Record<string, string[]> {
  const list = (xs: string[]) => xs.filter(Boolean);
  return {
    column: list([c.column]),
    kicker: list([c.kicker]),
    headline: list([c.headline]),
    subtitle: list([c.subtitle]),
    lead: list(c.lead.split('\n')),
    body: list(bodyText(c.bodyHtml).split('\n')),
    photos: c.photos.map((p) => `${p.caption}（${p.credit}）`),
    reporters: list(c.reporters),
    correspondents: list(c.correspondents),
    source: list([c.source]),
    editorInCharge: list([c.editorInCharge]),
    tags: list(c.tags),
    links: c.links.map((l) => l.title),
  };
}

export function diffLines(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'del', text: a[i++]! });
    else out.push({ op: 'add', text: b[j++]! });
  }
  while (i < n) out.push({ op: 'del', text: a[i++]! });
  while (j < m) out.push({ op: 'add', text: b[j++]! });
  return out;
}

export function diffContents(from: ArticleContent, to: ArticleContent): FieldDiff[] {
  const a = linesOf(from);
  const b = linesOf(to);
  const out: FieldDiff[] = [];
  for (const field of Object.keys(a)) {
    const lines = diffLines(a[field]!, b[field]!);
    if (lines.some((l) => l.op !== 'same')) out.push({ field, lines });
  }
  return out;
}
