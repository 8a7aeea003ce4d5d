// Demo studios and pairs on top of the demo workers: a 劳模创新工作室 at 湘电集团 named by 湘潭市总工会
// (and applied to the province's call, waiting at the city), a craftsman studio at 湘潭钢铁 not yet
// named, one at 滨州黄河装备 named by 滨州市总工会; three pairs at 湘电集团, one whose apprentice was
// promoted within the term (so its master's award shows as due). Deterministic on every first start.
import type { Transaction } from 'kysely';
import type { Database, OrganisationRow } from '../../db/schema.js';
import { insertHonour } from '../people/honours.repository.js';
import { refreshSkillLevel } from '../people/people.repository.js';
import { insertSkill } from '../people/skills.repository.js';
import * as repo from './innovation.repository.js';
import { DEFAULT_CHECKLIST } from './naming.service.js';

export async function seedInnovationDemo(trx: Transaction<Database>, byName: Map<string, OrganisationRow>, now = new Date()) {
  const year = now.getUTCFullYear();
  const today = now.toISOString().slice(0, 10);
  const ago = (years: number, md = '-03-01') => `${year - years}${md}`;
  const xiangdian = byName.get('湘电集团有限公司');
  const xianggang = byName.get('湘潭钢铁集团有限公司');
  const huanghe = byName.get('滨州黄河装备制造有限公司');
  const xiangtan = byName.get('湘潭市总工会');
  const hunan = byName.get('湖南省总工会');
  const binzhou = byName.get('滨州市总工会');
  if (!xiangdian || !xianggang || !huanghe || !xiangtan || !hunan || !binzhou) return;

  const studio = async (org: OrganisationRow, category: string, equipment: string[], chain: string) => {
    const people = await repo.peopleOfOrg(trx, org.id, 12);
    if (people.length < 5) return undefined;
    const [leader, ...rest] = people;
    await insertHonour(trx, {
      person_id: leader!.id,
      kind: 'model_worker',
      grade: 'city',
      title: null,
      year: year - 4,
      awarding_body: '市人民政府',
    });
    const { id } = await repo.insertStudio(trx, {
      org_id: org.id,
      name: `${leader!.name}${category}`,
      category,
      leader_person_id: leader!.id,
      leader_honour_id: null,
      industry_chain: chain,
      founded_on: ago(5),
      venue_address: `${org.name}技术中心二楼`,
      venue_area: 260,
      equipment: JSON.stringify(equipment),
    });
    await repo.insertMember(trx, { studio_id: id, person_id: leader!.id, role: 'leader', joined_on: ago(5) });
    for (const [i, p] of rest.slice(0, 4).entries())
      await repo.insertMember(trx, { studio_id: id, person_id: p.id, role: i === 0 ? 'core' : 'member', joined_on: ago(4) });
    await repo.insertProject(trx, {
      studio_id: id,
      title: '关键工序质量提升攻关',
      approval_doc_no: `${org.name.slice(0, 2)}科〔${year}〕7号`,
      approved_on: `${year}-01-15`,
    });
    await repo.insertFunding(trx, {
      studio_id: id,
      source: '企业配套经费',
      amount_fen: '8000000',
      received_on: `${year}-02-01`,
      doc_no: null,
    });
    return { id, people: rest };
  };

  const call = async (org: OrganisationRow, title: string, quota: number) =>
    (
      await repo.insertCall(trx, {
        org_id: org.id,
        year,
        title,
        level: org.level,
        quota,
        deadline: `${year}-12-31`,
        conditions: JSON.stringify({ leaderHonourMinGrade: 'city', minMembers: 3, minYears: 3 }),
        checklist: JSON.stringify(DEFAULT_CHECKLIST),
      })
    ).id;

  const name = async (studioId: string, callId: string, namingOrg: OrganisationRow, docNo: string, grantFen: string) => {
    const { id } = await repo.insertApplication(trx, { call_id: callId, studio_id: studioId, statement: '' });
    await repo.updateApplication(trx, id, { status: 'named', at_org_id: null });
    await repo.insertNaming(trx, {
      studio_id: studioId,
      call_id: callId,
      application_id: id,
      org_id: namingOrg.id,
      level: namingOrg.level,
      doc_no: docNo,
      named_on: `${year}-06-18`,
      plaque_no: null,
      grant_fen: grantFen,
    });
  };

  const xd = await studio(xiangdian, '劳模创新工作室', ['数控立式车床', '绝缘检测仪', '三坐标测量仪'], '轨道交通装备');
  const cityCall = await call(xiangtan, `${year}年湘潭市劳模和工匠人才创新工作室命名`, 20);
  const provCall = await call(hunan, `${year}年湖南省劳模和工匠人才创新工作室命名`, 50);
  if (xd) {
    await name(xd.id, cityCall, xiangtan, `潭工发〔${year}〕12号`, '5000000');
    const { id } = await repo.insertApplication(trx, { call_id: provCall, studio_id: xd.id, statement: '申请认定为省级劳模创新工作室' });
    await repo.updateApplication(trx, id, { status: 'submitted', at_org_id: xiangtan.id });
  }
  await studio(xianggang, '工匠人才创新工作室', ['热处理试验炉'], '精品钢材');
  const hh = await studio(huanghe, '技能大师工作室', ['焊接机器人', '数控加工中心'], '高端装备');
  if (hh) await name(hh.id, await call(binzhou, `${year}年滨州市职工创新工作室命名`, 15), binzhou, `滨工发〔${year}〕3号`, '3000000');

  // Pairs at 湘电集团: the master is the studio's leader.
  const people = await repo.peopleOfOrg(trx, xiangdian.id, 40);
  const master = people[0];
  const apprentices = people.slice(-3);
  if (!master || apprentices.length < 3) return;
  for (const [i, a] of apprentices.entries()) {
    const target = Math.min(8, (a.skill_level ?? 2) + 1);
    await repo.insertPair(trx, {
      org_id: xiangdian.id,
      agreement_no: `XD-${year}-${String(i + 1).padStart(3, '0')}`,
      master_person_id: master.id,
      apprentice_person_id: a.id,
      studio_id: xd?.id ?? null,
      trade: ['电机装配工', '数控车工', '电工'][i]!,
      target_level: target,
      stages: JSON.stringify([
        { title: '识图与工艺规程', until: `${year}-06-30` },
        { title: '关键工序实操', until: `${year + 1}-06-30` },
      ]),
      start_on: ago(1, '-01-01'),
      end_on: `${year + 1}-12-31`,
      allowance_fen: '30000',
    });
    if (i === 0) {
      await insertSkill(trx, {
        person_id: a.id,
        level: target,
        certificate_no: `XD-JN-${year}-01`,
        issuer: '湘潭市职业技能鉴定中心',
        certified_on: today,
      });
      await refreshSkillLevel(trx, [a.id]);
    }
  }
  const pairs = await repo.listPairs(trx, { rootPath: xiangdian.path }, { limit: 10, offset: 0 });
  for (const p of pairs.rows) await repo.updatePair(trx, p.id, { status: 'in_progress' });
}
