// Field rules shared by the API and the roster import: names, education, employment, membership,
// and the formula-injection guard (text starting with = + - @ is what spreadsheets execute).

export const EDUCATIONS = [
  { code: 'doctorate', zh: '博士研究生', words: ['博士研究生', '博士', '研究生(博士)'] },
  { code: 'master', zh: '硕士研究生', words: ['硕士研究生', '硕士', '研究生', '研究生(硕士)'] },
  { code: 'bachelor', zh: '大学本科', words: ['大学本科', '本科', '大学'] },
  { code: 'college', zh: '大专', words: ['大专', '专科', '大学专科', '高职', '高职高专'] },
  { code: 'secondary_vocational', zh: '中专/技校', words: ['中专/技校', '中专', '中技', '技校', '职高', '中职'] },
  { code: 'high_school', zh: '高中', words: ['高中'] },
  { code: 'junior_high_or_below', zh: '初中及以下', words: ['初中及以下', '初中', '小学', '文盲'] },
] as const;
export type EducationCode = (typeof EDUCATIONS)[number]['code'];
export const EDUCATION_CODES = EDUCATIONS.map((e) => e.code) as unknown as readonly [EducationCode, ...EducationCode[]];

export const EMPLOYMENT_STATUSES = [
  { code: 'employed', zh: '在职', words: ['在职', '在岗', '在册', '正常'] },
  { code: 'retired', zh: '退休', words: ['退休', '离退休'] },
  { code: 'left', zh: '离职', words: ['离职', '调离', '解除劳动合同', '辞职'] },
] as const;
export type EmploymentCode = (typeof EMPLOYMENT_STATUSES)[number]['code'];
export const EMPLOYMENT_CODES = EMPLOYMENT_STATUSES.map((e) => e.code) as unknown as readonly [EmploymentCode, ...EmploymentCode[]];

const norm = (s: string) => s.normalize('NFKC').replace(/\s/g, '');

export function parseEducation(raw: string): EducationCode | null | undefined {
  const s = norm(raw);
  if (!s) return null;
  return EDUCATIONS.find((e) => e.code === s || (e.words as readonly string[]).includes(s))?.code;
}

export function parseEmployment(raw: string): EmploymentCode | null | undefined {
  const s = norm(raw);
  if (!s) return null;
  return EMPLOYMENT_STATUSES.find((e) => e.code === s || (e.words as readonly string[]).includes(s))?.code;
}

export function parseYesNo(raw: string | boolean): boolean | null | undefined {
  if (typeof raw === 'boolean') return raw;
  const s = norm(raw).toLowerCase();
  if (!s) return null;
  if (['是', '会员', 'y', 'yes', 'true', '1', '√', '已入会'].includes(s)) return true;
  if (['否', '非会员', 'n', 'no', 'false', '0', '×', '未入会'].includes(s)) return false;
  return undefined;
}

export function parseGender(raw: string): 'M' | 'F' | null | undefined {
  const s = norm(raw).toLowerCase();
  if (!s) return null;
  if (['男', 'm', 'male'].includes(s)) return 'M';
  if (['女', 'f', 'female'].includes(s)) return 'F';
  return undefined;
}

/** Names: trimmed, inner full-width spaces removed, 1–50 characters, no digits or control characters. */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\u4e00-\u9fa5]) (?=[\u4e00-\u9fa5])/g, '');
}

export function isValidName(name: string): boolean {
  return name.length >= 1 && name.length <= 50 && !/[\d\p{Cc}<>]/u.test(name);
}
