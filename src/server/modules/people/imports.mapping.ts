// Which column holds what: the import fields, the header words rosters use for them, finding the
// header row below merged title rows, and guessing a mapping the user then confirms.
import type { Cell } from '../../platform/sheet-reader.js';

export const IMPORT_FIELDS = [
  'name',
  'idNumber',
  'phone',
  'org',
  'gender',
  'birthDate',
  'unionMember',
  'joinedOn',
  'occupation',
  'education',
  'employmentStatus',
  'skillLevel',
  'certificateNo',
  'certificateIssuer',
  'certifiedOn',
  'honours',
  'honourYear',
  'honourBody',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ImportField[] = ['name', 'idNumber'];

/** Header words per field, normalised (see normaliseHeader); the first is the template's header. */
export const HEADER_WORDS: Record<ImportField, string[]> = {
  name: ['姓名', '职工姓名', '会员姓名', '名字', '人员姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证', '身份证件号码', 'idnumber'],
  phone: ['手机号', '手机号码', '手机', '联系电话', '联系方式', '电话', '移动电话', 'phone'],
  org: ['所属单位', '工作单位', '单位名称', '单位', '所在单位', '企业名称', '所属企业', '统一社会信用代码', 'organisation'],
  gender: ['性别', 'gender'],
  birthDate: ['出生日期', '出生年月', '出生年月日', 'birthdate'],
  unionMember: ['是否会员', '是否工会会员', '会员', '工会会员', 'unionmember'],
  joinedOn: ['入会时间', '入会日期', '入会年月', 'joinedon'],
  occupation: ['职业', '工种', '职业工种', '职业(工种)', '岗位', '职业/工种', 'occupation'],
  education: ['学历', '文化程度', '最高学历', 'education'],
  employmentStatus: ['在职状态', '就业状态', '人员状态', '用工状态', 'employmentstatus'],
  skillLevel: ['技能等级', '职业技能等级', '技能等级(新八级)', '等级', '技术等级', 'skilllevel'],
  certificateNo: ['证书编号', '证书号', '证书号码', '技能证书编号', 'certificateno'],
  certificateIssuer: ['发证机关', '发证单位', '评价机构', '认定机构', '发证机构', 'certificateissuer'],
  certifiedOn: ['发证日期', '取证日期', '取证时间', '发证时间', '认定日期', 'certifiedon'],
  honours: ['荣誉称号', '荣誉', '获得荣誉', '所获荣誉', 'honours'],
  honourYear: ['荣誉年份', '获得年份', '授予年份', '获奖年份', 'honouryear'],
  honourBody: ['授予单位', '授予机关', '颁发单位', '表彰单位', 'honourbody'],
};

/** Full-width to half-width, no spaces (ASCII or ideographic), no required-marks or bracketed notes. */
export function normaliseHeader(raw: unknown): string {
  if (raw === null || raw === undefined || typeof raw === 'object') return '';
  return String(raw)
    .normalize('NFKC')
    .replace(/\s/g, '')
    .replace(/[*＊]/g, '')
    .replace(/\((必填|选填|必须|可选|非必填|格式[^)]*|如[^)]*|yyyy[^)]*)\)/gi, '')
    .toLowerCase();
}

/**
 * The header words of one kind of sheet (a roster here; a studio or pair list in the innovation
 * module): field → words, normalised as normaliseHeader does, and the fields of which a header row
 * must name at least one. Plain data, so it crosses to the analysis worker.
 */
export interface HeaderVocabulary {
  words: Record<string, string[]>;
  anchors: string[];
}
export const ROSTER_VOCABULARY: HeaderVocabulary = { words: HEADER_WORDS, anchors: ['name', 'idNumber'] };

const wordMaps = new WeakMap<HeaderVocabulary, Map<string, string>>();
function wordMap(v: HeaderVocabulary): Map<string, string> {
  let m = wordMaps.get(v);
  if (!m) {
    m = new Map();
    for (const [f, words] of Object.entries(v.words)) for (const w of words) if (!m.has(w.toLowerCase())) m.set(w.toLowerCase(), f);
    wordMaps.set(v, m);
  }
  return m;
}

/** The field a header names in a vocabulary, or null. */
export function guessFieldIn(v: HeaderVocabulary, header: unknown): string | null {
  const h = normaliseHeader(header);
  if (!h) return null;
  const m = wordMap(v);
  return m.get(h) ?? m.get(h.replace(/\(.*\)$/, '')) ?? null;
}

export function guessField(header: unknown): ImportField | null {
  return guessFieldIn(ROSTER_VOCABULARY, header) as ImportField | null;
}

/** The header row: among the first rows, the one naming the most known fields (at least one anchor: name or ID for a roster). */
export function findHeaderRow(rows: { row: number; cells: Cell[] }[], v: HeaderVocabulary = ROSTER_VOCABULARY): number | undefined {
  let best: { row: number; score: number } | undefined;
  for (const r of rows) {
    const fields = new Set(r.cells.map((c) => guessFieldIn(v, c)).filter((f): f is string => f !== null));
    if (!v.anchors.some((a) => fields.has(a))) continue;
    if (!best || fields.size > best.score) best = { row: r.row, score: fields.size };
  }
  return best?.row;
}

export type Mapping = Partial<Record<ImportField, number>>;

/** Field → 0-based column, first matching column wins. */
export function guessMapping(headers: Cell[], v: HeaderVocabulary = ROSTER_VOCABULARY): Mapping {
  const mapping: Record<string, number> = {};
  headers.forEach((h, i) => {
    const f = guessFieldIn(v, h);
    if (f && mapping[f] === undefined) mapping[f] = i;
  });
  return mapping as Mapping;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
