// Demo data: a plausible slice of the tree (national > Shandong > Binzhou / Jinan, Hunan > Xiangtan,
// an industry union) and one login per role. Idempotent: does nothing when the demo tree exists.
import type { Kysely } from 'kysely';
import type { Database, OrgKind, OrgLevel, OrganisationRow } from '../db/schema.js';
import type { Role } from '../platform/access.js';
import { writeAudit } from '../platform/audit.js';
import { hashPassword } from '../platform/passwords.js';
import { userNameKey } from '../platform/sort-key.js';
import { insertOrg } from '../modules/orgs/orgs.repository.js';
import { usccCheckCharacter } from '../modules/orgs/uscc.js';
import { seedTasksDemo } from '../modules/tasks/tasks.demo.js';
import { seedPeopleDemo } from '../modules/people/people.demo.js';
import { seedNewsDemo } from '../modules/news/news.demo.js';
import { seedFieldworkDemo, seedReturnsDemo } from '../modules/fieldwork/fieldwork.demo.js';
import { seedInnovationDemo } from '../modules/innovation/innovation.demo.js';
import { seedIndustryDemo } from '../modules/industry/industry.demo.js';
import type { SecretBox } from '../platform/secrets.js';
import { ROOT_ORG_NAME } from './first-start.js';

export const DEMO_PASSWORD = 'Jiangxin-Demo-2026';

interface DemoOrg {
  name: string;
  kind: OrgKind;
  level: OrgLevel;
  region?: string;
  uscc17?: string;
  union?: string;
  /** GB/T 4754-2017 division of an enterprise. */
  industry?: string;
  children?: DemoOrg[];
}

const ent = (name: string, region: string, uscc17: string, union: string, industry?: string): DemoOrg => ({
  name,
  kind: 'enterprise',
  level: 'grassroots',
  region,
  uscc17,
  union,
  industry,
});
const unit = (name: string, region: string): DemoOrg => ({ name, kind: 'member_unit', level: 'city', region });

const TREE: DemoOrg[] = [
  {
    name: '山东省总工会',
    kind: 'federation',
    level: 'province',
    region: '370000',
    children: [
      {
        name: '滨州市总工会',
        kind: 'federation',
        level: 'city',
        region: '371600',
        children: [
          unit('滨州市人力资源和社会保障局', '371600'),
          unit('滨州市教育局', '371600'),
          unit('滨州市工业和信息化局', '371600'),
          ent('滨州黄河装备制造有限公司', '371602', '91371600MA3C0A1B2', '滨州黄河装备制造有限公司工会委员会', '35'),
          ent('滨州渤海新材料股份有限公司', '371603', '91371600MA3D5E6F7', '滨州渤海新材料股份有限公司工会', '26'),
          {
            name: '沾化区总工会',
            kind: 'federation',
            level: 'county',
            region: '371603',
            children: [ent('沾化冬枣食品有限公司', '371603', '91371624MA3G8H9J1', '沾化冬枣食品有限公司工会', '13')],
          },
        ],
      },
      {
        name: '济南市总工会',
        kind: 'federation',
        level: 'city',
        region: '370100',
        children: [ent('济南重型机床有限公司', '370102', '91370100MA3K2L3M4', '济南重型机床有限公司工会委员会', '34')],
      },
    ],
  },
  {
    name: '湖南省总工会',
    kind: 'federation',
    level: 'province',
    region: '430000',
    children: [
      {
        name: '湘潭市总工会',
        kind: 'federation',
        level: 'city',
        region: '430300',
        children: [
          ent('湘电集团有限公司', '430302', '91430300184686551', '湘电集团有限公司工会', '38'),
          ent('湘潭钢铁集团有限公司', '430304', '91430300184680512', '湘潭钢铁集团有限公司工会', '31'),
        ],
      },
    ],
  },
  { name: '中国机械冶金建材工会', kind: 'industry_union', level: 'national' },
];

const LOGINS: { username: string; displayName: string; org: string; roles: Role[] }[] = [
  { username: 'shandong', displayName: '山东省总工会产改办', org: '山东省总工会', roles: ['federation_staff'] },
  { username: 'binzhou', displayName: '滨州市总工会产改办', org: '滨州市总工会', roles: ['federation_staff'] },
  { username: 'jinan', displayName: '济南市总工会产改办', org: '济南市总工会', roles: ['federation_staff'] },
  { username: 'liaison', displayName: '市人社局联络员', org: '滨州市人力资源和社会保障局', roles: ['member_unit_liaison'] },
  { username: 'xiangdian', displayName: '湘电集团工会', org: '湘电集团有限公司', roles: ['enterprise_staff'] },
  { username: 'viewer', displayName: '湖南省总工会（只读）', org: '湖南省总工会', roles: ['viewer'] },
  { username: 'bz_publicity', displayName: '滨州市总工会宣传部', org: '滨州市总工会', roles: ['news_second_reviewer'] },
  { username: 'bz_leader', displayName: '滨州市总工会分管领导', org: '滨州市总工会', roles: ['news_final_reviewer'] },
  { username: 'hunan', displayName: '湖南省总工会宣传教育部', org: '湖南省总工会', roles: ['federation_staff'] },
  { username: 'hn_publicity', displayName: '湖南省总工会宣传部长', org: '湖南省总工会', roles: ['news_second_reviewer'] },
  { username: 'hn_leader', displayName: '湖南省总工会分管领导', org: '湖南省总工会', roles: ['news_final_reviewer'] },
  { username: 'jixie', displayName: '中国机械冶金建材工会', org: '中国机械冶金建材工会', roles: ['federation_staff'] },
];

export interface DemoResult {
  created: boolean;
  logins: { username: string; role: string; org: string }[];
}

/** With `secrets` (sealing ID numbers), also demo workers with skills and honours for the dashboard. */
export async function seedDemo(db: Kysely<Database>, secrets?: SecretBox): Promise<DemoResult> {
  return db.transaction().execute(async (trx) => {
    const root = await trx.selectFrom('organisations').selectAll().where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
    if (!root) throw new Error(`the root organisation (${ROOT_ORG_NAME}) must exist first`);
    const exists = await trx.selectFrom('users').select('id').where('username', '=', LOGINS[0]!.username).executeTakeFirst();
    if (exists) return { created: false, logins: [] };

    const byName = new Map<string, OrganisationRow>();
    const insertTree = async (parent: OrganisationRow, nodes: DemoOrg[]) => {
      for (const n of nodes) {
        const uscc = n.uscc17 ? n.uscc17 + usccCheckCharacter(n.uscc17) : null;
        const row = await insertOrg(trx, parent, {
          name: n.name,
          kind: n.kind,
          level: n.level,
          region_code: n.region ?? null,
          uscc,
          union_name: n.union ?? null,
          industry_code: n.industry ?? null,
        });
        await writeAudit(
          trx,
          {},
          { action: 'create', entityType: 'organisation', entityId: row.id, orgId: row.id, orgPath: row.path, after: row },
        );
        byName.set(n.name, row);
        if (n.children) await insertTree(row, n.children);
      }
    };
    await insertTree(root, TREE);

    const password_hash = await hashPassword(DEMO_PASSWORD);
    for (const l of LOGINS) {
      const org = byName.get(l.org)!;
      const user = await trx
        .insertInto('users')
        .values({
          username: l.username,
          display_name: l.displayName,
          display_name_key: userNameKey(l.displayName),
          org_id: org.id,
          roles: l.roles,
          password_hash,
          must_change_password: false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(
        trx,
        {},
        {
          action: 'create',
          entityType: 'user',
          entityId: user.id,
          orgId: org.id,
          orgPath: org.path,
          after: { username: l.username, roles: l.roles },
        },
      );
    }
    await seedIndustryDemo(trx, byName);
    await seedTasksDemo(trx, byName);
    await seedNewsDemo(trx, byName);
    await seedFieldworkDemo(trx, byName);
    if (secrets) await seedPeopleDemo(trx, byName, secrets);
    if (secrets) await seedInnovationDemo(trx, byName);
    // After the people: the return's worker counts are pre-filled from them.
    await seedReturnsDemo(trx, byName);
    return { created: true, logins: LOGINS.map((l) => ({ username: l.username, role: l.roles.join(','), org: l.org })) };
  });
}

/** The demo logins as lines to print (main.ts prints them after the start-up lines, the CLI at once). */
export function demoLoginLines(logins: DemoResult['logins']): string[] {
  return [
    `[jiangxin] demo data created. Demo logins (password "${DEMO_PASSWORD}" for all):`,
    ...logins.map((l) => `  ${l.username.padEnd(10)} ${l.role.padEnd(20)} ${l.org}`),
  ];
}
