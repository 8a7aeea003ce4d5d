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

const WORD_TO_FIELD = new Map<string, ImportField>();
for (const f of IMPORT_FIELDS) for (const w of HEADER_WORDS[f]) if (!WORD_TO_FIELD.has(w)) WORD_TO_FIELD.set(w.toLowerCase(), f);

export function guessField(header: unknown): ImportField | null {
  const h = normaliseHeader(header);
  if (!h) return null;
  return WORD_TO_FIELD.get(h) ?? WORD_TO_FIELD.get(h.replace(/\(.*\)$/, '')) ?? null;
}

/** The header row: among the first rows, the one naming the most known fields (at least name or ID). */
export function findHeaderRow(rows: { row: number; cells: Cell[] }[]): number | undefined {
  let best: { row: number; score: number } | undefined;
  for (const r of rows) {
    const fields = new Set(r.cells.map(guessField).filter((f): f is ImportField => f !== null));
    if (!fields.has('name') && !fields.has('idNumber')) continue;
    if (!best || fields.size > best.score) best = { row: r.row, score: fields.size };
  }
  return best?.row;
}

export type Mapping = Partial<Record<ImportField, number>>;

/** Field → 0-based column, first matching column wins. */
export function guessMapping(headers: Cell[]): Mapping {
  const mapping: Mapping = {};
  headers.forEach((h, i) => {
    const f = guessField(h);
    if (f && mapping[f] === undefined) mapping[f] = i;
  });
  return mapping;
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
