// Validates one roster row against the confirmed mapping and turns it into a staged row (ID number and
// phone already sealed) or a list of per-cell errors. Pure apart from the injected seal/hash functions.
import type { SecretBox } from '../../platform/secrets.js';
import { personNameKey } from '../../platform/sort-key.js';
import { parseDateValue } from './excel-dates.js';
import { parseHonour, splitHonours, type ParsedHonour } from './honours.parse.js';
import { maskIdNumber, normaliseIdNumber, parseIdNumber } from './id-number.js';
import type { ImportField, Mapping } from './imports.mapping.js';
import { isValidMobile, maskPhone, normalisePhone, scrubPii } from './phone.js';
import { looksLikeFormula } from '../../platform/formula-guard.js';
import { isValidName, normaliseName, parseEducation, parseEmployment, parseGender, parseYesNo } from './person-fields.js';
import type { Cell } from '../../platform/sheet-reader.js';
import { parseSkillLevel } from './skill-levels.js';

export interface CellError {
  col: number | null;
  field: ImportField | null;
  code: string;
  /** The offending value, with anything resembling an ID or phone number masked. */
  value: string | null;
  /** A skipped non-data line (code is its SkipReason), not an error. */
  skipped?: boolean;
}

export interface StagedRow {
  org_id: string;
  name: string;
  /** The name's pinyin sort key, computed while validating (in the worker), carried into people at commit. */
  name_key: string;
  id_hash: string;
  id_sealed: string;
  id_masked: string;
  gender: 'M' | 'F';
  birth_date: string;
  phone_sealed: string | null;
  phone_masked: string | null;
  union_member: boolean | null;
  union_joined_on: string | null;
  occupation: string | null;
  education: string | null;
  employment_status: string | null;
  skill_level: number | null;
  cert_no: string | null;
  cert_issuer: string | null;
  certified_on: string | null;
  honours: ParsedHonourWithBody[] | null;
}

export interface ParsedHonourWithBody extends ParsedHonour {
  body: string | null;
}

export interface ValidateContext {
  mapping: Mapping;
  /** Organisation of rows without an organisation column (the import's target), or null if it is not a workplace. */
  defaultOrgId: string | null;
  /** Finds a workplace in the import's subtree by exact name or credit code. */
  findOrg: (nameOrUscc: string) => string | undefined;
  /** Every craftsman title the file may name (parsing); whether one counts is per row, below. */
  craftsmanTitles: readonly string[];
  /** Whether a title is set by a federation at or above the row's organisation. */
  titleAllowedAt?: (title: string, orgId: string) => boolean;
  secrets: Pick<SecretBox, 'seal' | 'keyedHash'>;
  today: string; // YYYY-MM-DD
  /** The name's sort key (personNameKey unless given: a roster's validation passes a memoised one). */
  nameKey?: (name: string) => string;
}

/**
 * A refused row: its errors, one per cell, and the keyed hash of its ID number when that parsed, so an ID
 * number written twice is reported on every occurrence (the post-pass over the whole file, see
 * markDuplicateIds in imports.repository.ts), whatever else is wrong with the row.
 */
export interface RefusedRow {
  errors: CellError[];
  idHash?: string;
  idCol?: number | null;
}

const display = (c: Cell | undefined): string | null => {
  if (c === null || c === undefined) return null;
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  if (typeof c === 'object') return `=${c.formula}`;
  return scrubPii(String(c));
};

const text = (c: Cell | undefined): string => {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
};

export function validateRow(cells: Cell[], ctx: ValidateContext): { row: StagedRow } | RefusedRow {
  const errors: CellError[] = [];
  const m = ctx.mapping;
  const cellOf = (f: ImportField): Cell | undefined => (m[f] === undefined ? undefined : cells[m[f]!]);
  // One clear message per cell: the first problem found with a field is the one reported (an unknown
  // value is not also "missing", a refused ID number not also "mismatched").
  const err = (f: ImportField | null, code: string) => {
    if (f !== null && errors.some((e) => e.field === f)) return;
    errors.push({ col: f && m[f] !== undefined ? m[f]! : null, field: f, code, value: f ? display(cellOf(f)) : null });
  };

  // Formula cells and formula-like text in any mapped column (a phone may start with +86).
  for (const f of Object.keys(m) as ImportField[]) {
    const c = cellOf(f);
    if (c !== null && typeof c === 'object' && !(c instanceof Date)) err(f, 'formula_cell');
    else if (typeof c === 'string' && looksLikeFormula(c) && !(f === 'phone' && /^\s*\+86[\d\s-]+$/.test(c))) err(f, 'formula_injection');
  }
  if (errors.length) return { errors };

  const optionalText = (f: ImportField, max: number): string | null => {
    const v = text(cellOf(f)).normalize('NFKC').trim();
    if (!v) return null;
    if (v.length > max) {
      err(f, 'too_long_cell');
      return null;
    }
    return v;
  };

  // Name
  const name = normaliseName(text(cellOf('name')));
  if (!name) err('name', 'required');
  else if (!isValidName(name)) err('name', 'invalid_name');

  // ID number, and what it says about birth date and gender
  const idCell = cellOf('idNumber');
  let id: { idNumber: string; birthDate: string; gender: 'M' | 'F' } | undefined;
  if (idCell === null || idCell === undefined || text(idCell) === '') err('idNumber', 'required');
  else if (typeof idCell === 'number' && !(Number.isSafeInteger(idCell) && parseIdNumber(String(idCell)).ok)) {
    // Excel keeps 15 significant digits: an 18-digit number has already lost its last digits.
    err('idNumber', idCell >= 1e16 ? 'id_number_as_number' : 'invalid_length');
  } else {
    const parsed = parseIdNumber(normaliseIdNumber(text(idCell)), new Date(`${ctx.today}T23:59:59Z`));
    if (parsed.ok) id = parsed.value;
    else err('idNumber', parsed.problem);
  }
  const idHash = id ? ctx.secrets.keyedHash(id.idNumber) : undefined;
  const gender = parseGender(text(cellOf('gender')));
  if (gender === undefined) err('gender', 'invalid_gender');
  else if (gender && id && gender !== id.gender) err('gender', 'gender_mismatch');
  const birth = parseDateValue(cellOf('birthDate') ?? null);
  if (!birth.ok) err('birthDate', birth.problem);
  else if (
    birth.value &&
    id &&
    birth.value !== id.birthDate &&
    !(birth.value.endsWith('-01') && birth.value.slice(0, 7) === id.birthDate.slice(0, 7))
  )
    err('birthDate', 'birth_date_mismatch');

  // Phone
  let phone: string | null = null;
  const phoneText = text(cellOf('phone'));
  if (phoneText) {
    phone = normalisePhone(phoneText);
    if (!isValidMobile(phone)) {
      err('phone', 'invalid_mobile');
      phone = null;
    }
  }

  // Organisation
  let orgId: string | null = ctx.defaultOrgId;
  const orgText = text(cellOf('org')).normalize('NFKC').replace(/\s/g, '');
  if (orgText) {
    const found = ctx.findOrg(orgText);
    if (!found) err('org', 'unknown_org');
    orgId = found ?? null;
  } else if (!orgId) err(m.org === undefined ? null : 'org', 'org_required');

  // Membership
  const member = parseYesNo(typeof cellOf('unionMember') === 'boolean' ? (cellOf('unionMember') as boolean) : text(cellOf('unionMember')));
  if (member === undefined) err('unionMember', 'invalid_yes_no');
  const joined = parseDateValue(cellOf('joinedOn') ?? null);
  if (!joined.ok) err('joinedOn', joined.problem);
  else if (joined.value && joined.value > ctx.today) err('joinedOn', 'future_date');
  else if (joined.value && member === false) err('joinedOn', 'membership_conflict');
  else if (joined.value && id && joined.value < id.birthDate) err('joinedOn', 'before_birth');

  const occupation = optionalText('occupation', 50);
  const education = parseEducation(text(cellOf('education')));
  if (education === undefined) err('education', 'unknown_education');
  const employment = parseEmployment(text(cellOf('employmentStatus')));
  if (employment === undefined) err('employmentStatus', 'unknown_employment_status');

  // Skill level and its certificate
  const level = parseSkillLevel(text(cellOf('skillLevel')));
  if (level === undefined) err('skillLevel', 'unknown_skill_level');
  const certNo = optionalText('certificateNo', 64);
  const certIssuer = optionalText('certificateIssuer', 100);
  const certified = parseDateValue(cellOf('certifiedOn') ?? null);
  if (!certified.ok) err('certifiedOn', certified.problem);
  else if (certified.value && certified.value > ctx.today) err('certifiedOn', 'future_date');
  // "required" only when the cell is empty: an unknown level has its own message above
  if (level === null && (certNo || certIssuer || (certified.ok && certified.value))) err('skillLevel', 'skill_level_required');

  // Honours
  let honours: ParsedHonourWithBody[] | null = null;
  const honourText = text(cellOf('honours'));
  const yearCell = text(cellOf('honourYear'));
  const body = optionalText('honourBody', 100);
  let defaultYear: number | null = null;
  if (yearCell) {
    const y = /^(19|20)\d{2}/.exec(yearCell.normalize('NFKC'));
    if (!y) err('honourYear', 'invalid_year');
    else defaultYear = Number(y[0]);
  }
  if (honourText) {
    honours = [];
    for (const part of splitHonours(honourText)) {
      const h = parseHonour(part, ctx.craftsmanTitles);
      if (!h) {
        err('honours', 'unknown_honour');
        break;
      }
      if (h.kind === 'craftsman' && orgId && ctx.titleAllowedAt && !ctx.titleAllowedAt(h.title!, orgId)) {
        err('honours', 'unknown_craftsman_title');
        break;
      }
      const year = h.year ?? defaultYear;
      if (year !== null && (year < 1950 || year > Number(ctx.today.slice(0, 4)))) {
        err('honours', 'invalid_year');
        break;
      }
      honours.push({ ...h, year, body });
    }
  }

  if (errors.length || !id || !idHash || !orgId || !name)
    return {
      errors: errors.length ? errors : [{ col: null, field: null, code: 'invalid_row', value: null }],
      ...(idHash && { idHash, idCol: m.idNumber ?? null }),
    };
  return {
    row: {
      org_id: orgId,
      name,
      name_key: (ctx.nameKey ?? personNameKey)(name),
      id_hash: idHash,
      id_sealed: ctx.secrets.seal(id.idNumber),
      id_masked: maskIdNumber(id.idNumber),
      gender: id.gender,
      birth_date: id.birthDate,
      phone_sealed: phone ? ctx.secrets.seal(phone) : null,
      phone_masked: phone ? maskPhone(phone) : null,
      union_member: joined.ok && joined.value ? true : (member ?? null),
      union_joined_on: joined.ok ? joined.value : null,
      occupation,
      education: education ?? null,
      employment_status: employment ?? null,
      skill_level: level ?? null,
      cert_no: certNo,
      cert_issuer: certIssuer,
      certified_on: certified.ok ? certified.value : null,
      honours: honours?.length ? honours : null,
    },
  };
}

/** Why a line that is no data row is skipped (shown with the row, never counted as an error). */
export type SkipReason = 'skipped_total' | 'skipped_blank_marker' | 'skipped_signature' | 'skipped_after_blank_marker';

// Marker words, matched in a cell's text after NFKC, without spaces, lower case. A marker counts only on
// a line that is mostly empty and has no ID number in its ID column, so a person named 张合计 is read.
const TOTAL_MARKERS = ['合计', '小计', '总计', '共计', '累计', '总人数', '人数合计', 'subtotal', 'sub-total', 'grandtotal', 'total', 'sum'];
const BLANK_MARKERS = [
  '以下空白',
  '以下无内容',
  '以下无数据',
  '以下为空',
  '以下无',
  '此页空白',
  '本页空白',
  'blankbelow',
  'nothingbelow',
  'endoflist',
  'intentionallyleftblank',
];
const BLANK_EXACT = ['空白', '(空白)', 'blank', '(blank)'];
const SIGNATURE_MARKERS = [
  '填表人',
  '制表人',
  '填报人',
  '审核人',
  '审批人',
  '负责人',
  '经办人',
  '联系人',
  '制表日期',
  '填表日期',
  '填报日期',
  '报送日期',
  '制表时间',
  '填表时间',
  '盖章',
  '单位(盖章)',
  '单位盖章',
  '签字',
  '签名',
  '签章',
  'preparedby',
  'checkedby',
  'reviewedby',
  'approvedby',
  'filledby',
  'compiledby',
  'dateprepared',
  'preparedon',
  'signature',
  'signedby',
  'stamp',
  'seal',
  'contactperson',
];

const ALL_MARKERS = [...TOTAL_MARKERS, ...BLANK_MARKERS, ...BLANK_EXACT, ...SIGNATURE_MARKERS];

const markerText = (c: Cell | undefined): string =>
  c === null || c === undefined || c instanceof Date || typeof c === 'object'
    ? ''
    : String(c).normalize('NFKC').replace(/\s/g, '').toLowerCase();

// English words must stand alone ("total:", "Total 40"), not inside another word ("totally").
const hasMarker = (t: string, markers: readonly string[]) =>
  markers.some((w) => (/^[a-z-]+$/.test(w) ? new RegExp(`(^|[^a-z])${w}([^a-z]|$)`).test(t) : t.includes(w)));

const looksLikeIdNumber = (c: Cell | undefined): boolean => {
  if (typeof c === 'number') return c >= 1e14;
  const t = markerText(c).toUpperCase().replace(/[-']/g, '');
  return /^\d{15}$|^\d{17}[\dX]$/.test(t);
};

/**
 * A totals, subtotal, blank-marker or signature line: a marker word in a line whose ID column holds no
 * ID number and that is mostly empty (at most three cells, or half as many as the mapped columns,
 * filled), or whose first filled cell carries the marker while its name cell is empty or the marker
 * itself (a totals line with sums in several columns). Any line after a blank marker (以下空白) is
 * skipped too, unless it holds an ID number.
 */
export function summaryLine(cells: Cell[], mapping: Mapping, afterBlankMarker: boolean): SkipReason | null {
  if (looksLikeIdNumber(mapping.idNumber === undefined ? undefined : cells[mapping.idNumber])) return null;
  if (afterBlankMarker) return 'skipped_after_blank_marker';
  // A name cell counts only when it starts with the marker (填表人：王芳), not a name holding one (王总计).
  const texts = cells.map((c, i) => {
    const t = markerText(c);
    return i === mapping.name && !ALL_MARKERS.some((w) => t.startsWith(w)) ? '' : t;
  });
  const filled = cells
    .map(markerText)
    .filter((t, i) => t !== '' || cells[i] instanceof Date || (typeof cells[i] === 'object' && cells[i] !== null));
  const mapped = Math.max(Object.keys(mapping).length, 1);
  const reasonOf = (list: readonly string[]): SkipReason | null => {
    if (list.some((t) => t && (hasMarker(t, BLANK_MARKERS) || BLANK_EXACT.includes(t)))) return 'skipped_blank_marker';
    if (list.some((t) => t && hasMarker(t, TOTAL_MARKERS))) return 'skipped_total';
    if (list.some((t) => t && hasMarker(t, SIGNATURE_MARKERS))) return 'skipped_signature';
    return null;
  };
  if (filled.length <= Math.max(3, Math.floor(mapped / 2))) return reasonOf(texts);
  const lead = reasonOf(filled.slice(0, 1));
  const nameText = mapping.name === undefined ? '' : markerText(cells[mapping.name]);
  return lead && (nameText === '' || nameText === filled[0]) ? lead : null;
}
