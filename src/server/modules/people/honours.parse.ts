// Honours as written in a roster cell: "2020年全国劳动模范；省五一劳动奖章(2019)、齐鲁工匠 2022".
export const HONOUR_KINDS = ['model_worker', 'may_day_medal', 'craftsman', 'technical_expert'] as const;
export type HonourKind = (typeof HONOUR_KINDS)[number];
export const HONOUR_GRADES = ['national', 'provincial', 'city'] as const;
export type HonourGrade = (typeof HONOUR_GRADES)[number];

/** Which grades each kind may carry; craftsman titles carry their own name instead. */
export const HONOUR_GRADES_OF: Record<HonourKind, readonly HonourGrade[]> = {
  model_worker: ['national', 'provincial', 'city'],
  may_day_medal: ['national', 'provincial'],
  craftsman: [],
  technical_expert: ['national', 'provincial', 'city'],
};

export interface ParsedHonour {
  kind: HonourKind;
  grade: HonourGrade | null;
  title: string | null;
  year: number | null;
}

function gradeOf(s: string): HonourGrade | null {
  if (/^(全国|国家|中华全国)/.test(s)) return 'national';
  if (/^(省|自治区|[\u4e00-\u9fa5]{2,3}省)/.test(s)) return 'provincial';
  if (/^(市|[\u4e00-\u9fa5]{2,3}市)/.test(s)) return 'city';
  return null;
}

/** One honour, e.g. "全国劳动模范(2020)"; craftsman titles are matched against the federation's list. */
export function parseHonour(raw: string, craftsmanTitles: readonly string[]): ParsedHonour | undefined {
  const s = raw.normalize('NFKC').replace(/\s/g, '');
  const yearMatch = /(19|20)\d{2}/.exec(s);
  const year = yearMatch ? Number(yearMatch[0]) : null;
  const text = s.replace(/\(?(19|20)\d{2}年?(度)?\)?/g, '').replace(/^获得?/, '');
  if (!text) return undefined;
  const title = craftsmanTitles.find((t) => text === t || text === `${t}称号`);
  if (title) return { kind: 'craftsman', grade: null, title, year };
  if (/劳动模范$|劳模$|先进工作者$/.test(text)) {
    const grade = gradeOf(text);
    return grade ? { kind: 'model_worker', grade, title: null, year } : undefined;
  }
  if (/五一劳动奖章$/.test(text)) {
    const grade = gradeOf(text);
    return grade === 'national' || grade === 'provincial' ? { kind: 'may_day_medal', grade, title: null, year } : undefined;
  }
  if (/技术能手$/.test(text)) return { kind: 'technical_expert', grade: gradeOf(text), title: null, year };
  return undefined;
}

/** Splits a cell holding several honours. */
export function splitHonours(raw: string): string[] {
  return raw
    .normalize('NFKC')
    .split(/[;；、,，\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}
