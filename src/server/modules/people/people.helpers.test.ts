// Unit tests of the pure helpers: GB 11643 ID numbers, phones, Excel dates, skill levels, honours, headers.
import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDateValue } from './excel-dates.js';
import { parseHonour, splitHonours } from './honours.parse.js';
import { idCheckCharacter, maskIdNumber, normaliseIdNumber, parseIdNumber } from './id-number.js';
import { columnLetter, findHeaderRow, guessField, guessMapping, normaliseHeader } from './imports.mapping.js';
import { looksLikeFormula } from '../../platform/formula-guard.js';
import { parseEducation, parseYesNo } from './person-fields.js';
import { isValidMobile, maskPhone, normalisePhone, scrubPii } from './phone.js';
import { isHighlySkilled, parseSkillLevel } from './skill-levels.js';
import { makeIdNumber } from '../../testing/people-world.js';

describe('GB 11643 ID numbers', () => {
  it('computes the check character of a published example', () => {
    // GB 11643-1999 appendix example: 11010519491231002X
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(parseIdNumber('11010519491231002X')).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'F' },
    });
  });
  it('derives birth date and gender (odd sequence: male)', () => {
    const id = makeIdNumber('370102', '19850615', 131);
    expect(parseIdNumber(id)).toMatchObject({ ok: true, value: { birthDate: '1985-06-15', gender: 'M' } });
  });
  it('names the problem', () => {
    const good = makeIdNumber();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(parseIdNumber(wrongCheck)).toEqual({ ok: false, problem: 'invalid_check_digit' });
    expect(parseIdNumber(good.slice(0, 17))).toEqual({ ok: false, problem: 'invalid_length' });
    expect(parseIdNumber('37010219900101A23X')).toEqual({ ok: false, problem: 'invalid_characters' });
    expect(parseIdNumber(makeIdNumber('990102'))).toEqual({ ok: false, problem: 'invalid_region' });
    expect(parseIdNumber(makeIdNumber('370102', '19900230'))).toEqual({ ok: false, problem: 'invalid_birth_date' });
    expect(parseIdNumber(makeIdNumber('370102', '20990101'))).toEqual({ ok: false, problem: 'invalid_birth_date' });
  });
  it('normalises what people paste: full-width digits, apostrophes, spaces, lower-case x', () => {
    expect(normaliseIdNumber("'11010519491231002x")).toBe('11010519491231002X');
    expect(normaliseIdNumber("１１０１０５１９４９１２３１００２Ｘ'")).toBe('11010519491231002X');
    expect(normaliseIdNumber(' 110105 19491231 002X ')).toBe('11010519491231002X');
  });
  it('masks all but the first and last four', () => {
    expect(maskIdNumber('370102199001011234')).toBe('3701**********1234');
  });
});

describe('mobile numbers', () => {
  it('normalises and validates', () => {
    expect(normalisePhone('+86 138-0013-8000')).toBe('13800138000');
    expect(normalisePhone('008613800138000')).toBe('13800138000');
    expect(isValidMobile('13800138000')).toBe(true);
    expect(isValidMobile('12800138000')).toBe(false);
    expect(isValidMobile('1380013800')).toBe(false);
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('scrubs ID-like and phone-like digit runs from echoed text', () => {
    expect(scrubPii('张三 370102199001011234 13812345678')).toBe('张三 370***********1234 138****5678');
    expect(scrubPii('C0001')).toBe('C0001');
  });
});

describe('Excel dates', () => {
  it('reads serial numbers (1900 system with the phantom leap day)', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45047)).toBe('2023-05-01');
    expect(parseDateValue(45047)).toEqual({ ok: true, value: '2023-05-01' });
  });
  it('reads text as people write it', () => {
    for (const t of ['2023.5.1', '2023-05-01', '2023/5/1', '2023年5月1日', '20230501', '２０２３年５月１日', ' 2023 . 5 . 1 ']) {
      expect(parseDateValue(t), t).toEqual({ ok: true, value: '2023-05-01' });
    }
    expect(parseDateValue('2023.5')).toEqual({ ok: true, value: '2023-05-01' });
    expect(parseDateValue(new Date(Date.UTC(2023, 4, 1)))).toEqual({ ok: true, value: '2023-05-01' });
    expect(parseDateValue('')).toEqual({ ok: true, value: null });
  });
  it('refuses impossible dates', () => {
    for (const t of ['2023.2.30', '2023-13-01', '2021年2月29日', 'yesterday', '1899.1.1']) expect(parseDateValue(t).ok, t).toBe(false);
    expect(parseDateValue('2024.2.29')).toEqual({ ok: true, value: '2024-02-29' });
  });
});

describe('skill levels', () => {
  it('reads the eight-level ladder as written in rosters', () => {
    expect(parseSkillLevel('学徒工')).toBe(1);
    expect(parseSkillLevel('高级工')).toBe(4);
    expect(parseSkillLevel('高级工（三级）')).toBe(4);
    expect(parseSkillLevel('三级/高级工')).toBe(4);
    expect(parseSkillLevel('技师(二级)')).toBe(5);
    expect(parseSkillLevel('一级')).toBe(6);
    expect(parseSkillLevel('首席技师')).toBe(8);
    expect(parseSkillLevel('特级技师')).toBe(7);
    expect(parseSkillLevel('')).toBeNull();
    expect(parseSkillLevel('大师')).toBeUndefined();
    expect(parseSkillLevel('高级工(二级)')).toBeUndefined();
  });
  it('derives highly skilled talent from 高级工 up', () => {
    expect(isHighlySkilled(3)).toBe(false);
    expect(isHighlySkilled(4)).toBe(true);
    expect(isHighlySkilled(null)).toBe(false);
  });
});

describe('honours', () => {
  const titles = ['大国工匠', '齐鲁工匠'];
  it('parses kind, grade, title and year', () => {
    expect(parseHonour('2020年全国劳动模范', titles)).toEqual({ kind: 'model_worker', grade: 'national', title: null, year: 2020 });
    expect(parseHonour('山东省劳动模范(2018)', titles)).toEqual({ kind: 'model_worker', grade: 'provincial', title: null, year: 2018 });
    expect(parseHonour('滨州市劳动模范', titles)).toEqual({ kind: 'model_worker', grade: 'city', title: null, year: null });
    expect(parseHonour('全国五一劳动奖章', titles)).toMatchObject({ kind: 'may_day_medal', grade: 'national' });
    expect(parseHonour('齐鲁工匠 2022', titles)).toEqual({ kind: 'craftsman', grade: null, title: '齐鲁工匠', year: 2022 });
    expect(parseHonour('全国技术能手', titles)).toMatchObject({ kind: 'technical_expert', grade: 'national' });
    expect(parseHonour('市五一劳动奖章', titles)).toBeUndefined();
    expect(parseHonour('优秀员工', titles)).toBeUndefined();
    expect(splitHonours('全国劳动模范(2020)；齐鲁工匠、省五一劳动奖章')).toHaveLength(3);
  });
});

describe('headers and fields', () => {
  it('normalises headers: full width, spaces, required marks, notes', () => {
    expect(normaliseHeader(' 身份证号码（必填）')).toBe('身份证号码');
    expect(normaliseHeader('*姓　名')).toBe('姓名');
    expect(guessField('手 机 号')).toBe('phone');
    expect(guessField('职业（工种）')).toBe('occupation');
    expect(guessField('备注')).toBeNull();
  });
  it('finds the header row below merged title rows and guesses the mapping', () => {
    const rows = [
      { row: 1, cells: ['滨州装备制造有限公司职工花名册', null, null] },
      { row: 2, cells: ['填报日期：2023年5月1日', null, null] },
      { row: 3, cells: ['序号', '姓 名', '身份证号码', '备注', '手机'] },
    ];
    expect(findHeaderRow(rows)).toBe(3);
    expect(guessMapping(rows[2]!.cells)).toEqual({ name: 1, idNumber: 2, phone: 4 });
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });
  it('recognises formula-like text and yes/no and education words', () => {
    for (const v of ['=1+1', '+1', '-2', '@SUM(A1)', '＝HYPERLINK("x")', ' =cmd']) expect(looksLikeFormula(v), v).toBe(true);
    expect(looksLikeFormula('张三')).toBe(false);
    expect(parseYesNo('是')).toBe(true);
    expect(parseYesNo('否')).toBe(false);
    expect(parseEducation('本科')).toBe('bachelor');
    expect(parseEducation('中专')).toBe('secondary_vocational');
  });
});
