// Demo workers for the demo tree: a few hundred people per province spread over the enterprises,
// with skill certificates (the new eight-level ladder), honours (model workers at each level, May Day
// medals, provincial craftsman titles, technical experts), education, most with a (fictional) mobile
// number, and registration dates over the last year,
// so the dashboard has figures and a trend. Deterministic: the same people on every first start.
// The dashboard's counters fill themselves through the triggers.
import type { Transaction } from 'kysely';
import type { Database, OrganisationRow } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import type { SecretBox } from '../../platform/secrets.js';
import { personNameKey } from '../../platform/sort-key.js';
import { idCheckCharacter, maskIdNumber } from './id-number.js';
import { EDUCATION_CODES } from './person-fields.js';
import { maskPhone } from './phone.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂建国海华';
/** Enterprises of the demo tree, how many workers each, and the craftsman title of its province. */
const ROSTERS: { org: string; count: number; region: string; title: string }[] = [
  { org: '滨州黄河装备制造有限公司', count: 64, region: '371602', title: '齐鲁工匠' },
  { org: '滨州渤海新材料股份有限公司', count: 48, region: '371603', title: '齐鲁工匠' },
  { org: '沾化冬枣食品有限公司', count: 26, region: '371603', title: '齐鲁工匠' },
  { org: '济南重型机床有限公司', count: 56, region: '370102', title: '齐鲁工匠' },
  { org: '湘电集团有限公司', count: 72, region: '430302', title: '湖湘工匠' },
  { org: '湘潭钢铁集团有限公司', count: 60, region: '430304', title: '湖湘工匠' },
];
const TITLE_OWNERS: Record<string, string> = { 齐鲁工匠: '山东省总工会', 湖湘工匠: '湖南省总工会' };
// Levels by share of the workforce: no certificate, apprentice … chief technician.
const LEVEL_OF = [null, null, 1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8] as const;

export async function seedPeopleDemo(
  trx: Transaction<Database>,
  byName: Map<string, OrganisationRow>,
  secrets: SecretBox,
  now = new Date(),
): Promise<number> {
  for (const [title, owner] of Object.entries(TITLE_OWNERS)) {
    const org = byName.get(owner);
    if (org)
      await trx
        .insertInto('craftsman_titles')
        .values({ org_id: org.id, name: title })
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
  let n = 0;
  let total = 0;
  for (const r of ROSTERS) {
    const org = byName.get(r.org);
    if (!org) continue;
    const people = Array.from({ length: r.count }, () => {
      n += 1;
      const year = 1965 + ((n * 7) % 37);
      const birth = `${year}${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}`;
      const body = `${r.region}${birth}${String(100 + (n % 900)).padStart(3, '0')}`;
      const id = body + idCheckCharacter(body);
      // Most have a mobile number on file (fictional: 1[3-9] and nine digits from the counter).
      const phone = n % 7 ? `1${3 + (n % 7)}${String((n * 7_919_831) % 1_000_000_000).padStart(9, '0')}` : null;
      const level = LEVEL_OF[(n * 5) % LEVEL_OF.length]!;
      // Registered over the last twelve months, more in recent ones.
      const created = new Date(now.getTime() - Math.floor((((n * 37) % 100) ** 1.4 / 631) * 365) * 86_400_000);
      return {
        values: {
          org_id: org.id,
          name: SURNAMES[n % SURNAMES.length]! + GIVEN[(n * 3) % GIVEN.length]! + (n % 3 ? GIVEN[(n * 7) % GIVEN.length]! : ''),
          id_hash: secrets.keyedHash(id),
          id_sealed: secrets.seal(id),
          id_masked: maskIdNumber(id),
          phone_sealed: phone && secrets.seal(phone),
          phone_masked: phone && maskPhone(phone),
          gender: (Number(id[16]) % 2 ? 'M' : 'F') as 'M' | 'F',
          birth_date: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
          union_member: n % 5 !== 0,
          union_joined_on: n % 5 !== 0 ? `${Math.max(year + 20, 2000)}-0${(n % 9) + 1}-01` : null,
          education: EDUCATION_CODES[2 + (n % 5)]!,
          occupation: ['车工', '钳工', '焊工', '电工', '数控机床操作工', '化学检验员'][n % 6]!,
          employment_status: n % 41 === 0 ? 'retired' : 'employed',
          skill_level: level,
          created_at: created,
        },
        level,
        n,
      };
    });
    const ids = await trx
      .insertInto('people')
      .values(people.map((p) => ({ ...p.values, name_key: personNameKey(p.values.name) })))
      .onConflict((oc) => oc.column('id_hash').doNothing())
      .returning('id')
      .execute();
    const skills = people.flatMap((p, i) =>
      p.level && ids[i]
        ? [
            {
              person_id: ids[i].id,
              level: p.level,
              certificate_no: `S${2020 + (p.n % 5)}${String(p.n).padStart(5, '0')}`,
              issuer: '职业技能等级认定中心',
              certified_on: `${2020 + (p.n % 5)}-06-30`,
            },
          ]
        : [],
    );
    if (skills.length) await trx.insertInto('person_skills').values(skills).execute();
    const honours = people.flatMap((p, i) => {
      const id = ids[i]?.id;
      if (!id) return [];
      const h: { person_id: string; kind: string; grade: string | null; title: string | null; year: number }[] = [];
      if (p.n % 89 === 0) h.push({ person_id: id, kind: 'model_worker', grade: 'national', title: null, year: 2020 });
      else if (p.n % 37 === 0) h.push({ person_id: id, kind: 'model_worker', grade: 'provincial', title: null, year: 2022 });
      else if (p.n % 23 === 0) h.push({ person_id: id, kind: 'model_worker', grade: 'city', title: null, year: 2023 });
      if (p.n % 17 === 0)
        h.push({ person_id: id, kind: 'may_day_medal', grade: p.n % 34 === 0 ? 'national' : 'provincial', title: null, year: 2021 });
      if (p.n % 19 === 0) h.push({ person_id: id, kind: 'craftsman', grade: null, title: r.title, year: 2024 });
      if (p.n % 13 === 0)
        h.push({ person_id: id, kind: 'technical_expert', grade: p.n % 39 === 0 ? 'provincial' : 'city', title: null, year: 2023 });
      return h;
    });
    if (honours.length)
      await trx
        .insertInto('person_honours')
        .values(honours.map((h) => ({ ...h, awarding_body: null })))
        .execute();
    await writeAudit(
      trx,
      {},
      {
        action: 'create',
        entityType: 'person',
        entityId: null,
        orgId: org.id,
        orgPath: org.path,
        after: { demo: true, people: ids.length, skills: skills.length, honours: honours.length },
      },
    );
    total += ids.length;
  }
  return total;
}
