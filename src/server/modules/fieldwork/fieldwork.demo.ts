// Demo field work and meetings, entered from the two source documents in Chinese:
//  - seed 000: the research visit led by 陈杰平 (chairman of the China machinery, metallurgy and
//    building materials trade union) to Hunan enterprises, Aug 31 – Sep 2, on four themes, with its
//    findings and the four requirements ("要…"). The industry union cannot reach Hunan's enterprises
//    on this branch (its affiliation is another branch's work), so the Hunan provincial federation
//    is the organiser here; the leader and post are kept as the seed names them.
//  - seed 004: Binzhou's symposium of Feb 27 on "four chains" integration, with the member units and
//    enterprises invited and attending, exchange speeches and the conclusions (肯定/指出/强调), issued.
import type { Transaction } from 'kysely';
import type { Database, OrganisationRow } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { unitFacts } from './returns.repository.js';

type Trx = Transaction<Database>;

export async function seedFieldworkDemo(trx: Trx, byName: Map<string, OrganisationRow>, now = new Date()): Promise<void> {
  const year = now.toISOString().slice(0, 4);
  const org = (name: string) => byName.get(name)!;

  const hunan = org('湖南省总工会');
  const hosts = [org('湘电集团有限公司'), org('湘潭钢铁集团有限公司')];
  const start = `${year}-08-31`;
  const past = now.toISOString().slice(0, 10) > `${year}-09-30`;
  const visit = await trx
    .insertInto('fw_visits')
    .values({
      org_id: hunan.id,
      title: '中国机械冶金建材工会来湘调研复工复产、生产经营管理、产业工人队伍建设和工会改革创新',
      visit_type: 'thematic',
      themes: JSON.stringify(['复工复产', '生产经营管理', '产业工人队伍建设', '深化工会改革创新']),
      leader_name: '陈杰平',
      leader_post: '中国机械冶金建材工会分党组书记、主席',
      team: JSON.stringify([{ name: '陈杰平', post: '分党组书记、主席（带队）' }]),
      start_date: start,
      end_date: `${year}-09-02`,
      itinerary: JSON.stringify([
        { date: `${year}-08-31`, hostOrgId: hosts[0]!.id, activity: '深入企业调研复工复产和生产经营管理情况' },
        { date: `${year}-09-01`, hostOrgId: hosts[1]!.id, activity: '调研产业工人队伍建设和企业工会工作' },
        { date: `${year}-09-02`, activity: '座谈交流，深化工会改革创新' },
      ]),
      findings: JSON.stringify([
        '疫情期间，湘电、湘钢等企业坚持疫情防控和生产经营两手抓，严格落实各项防疫措施，积极稳妥推进复工复产，努力把疫情对企业生产的不利影响降到最低，各项工作取得显著成效。',
        '当前产业革命已由机械化、电气化、信息化进入智能化时代，企业要进一步坚定信心，贯彻新发展理念，深化企业改革，调整产业结构，对标国际先进技术，加大科技创新和产品研发力度，推进研发团队建设，不断提升产品科技含量和企业核心竞争力。',
      ]),
      report: '调研组深入企业，围绕复工复产、生产经营管理、产业工人队伍建设和深化工会改革创新开展调研，提出四个方面的要求。',
      report_due: `${year}-09-30`,
      status: past ? 'reported' : 'planned',
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('fw_visit_hosts')
    .values(hosts.map((h, i) => ({ visit_id: visit.id, org_id: h.id, region_code: h.region_code, sort_order: i })))
    .execute();
  const requirements = [
    '要大力弘扬劳模精神、劳动精神、工匠精神，充分发挥劳模和工匠人才的示范引领作用，积极搭建劳模创新平台，广泛开展劳模工匠带徒等活动。',
    '要扎实推进产业工人队伍建设，吸引和培养更多高技能人才，释放人才集聚效应，为企业发展提供有力人才支撑。',
    '要鼓励职工大胆开展技术创新和发明创造，加强产品研发，增强产品技术优势，推动技术升级和产业转型升级。',
    '要深化工会改革创新，加强基层工会组织建设，提高企业工会工作水平，更好服务企业发展和职工群众，为经济社会高质量发展作出更大贡献。',
  ];
  await trx
    .insertInto('fw_visit_requirements')
    .values(requirements.map((text, i) => ({ visit_id: visit.id, sort_order: i, text, task_id: null })))
    .execute();
  await trx
    .insertInto('fw_visit_problems')
    .values({
      visit_id: visit.id,
      sort_order: 0,
      category: '复工复产',
      text: '疫情对企业生产造成不利影响，部分订单交付延迟',
      host_org_id: hosts[0]!.id,
      response_org_id: hosts[0]!.id,
      lead_org_id: hosts[0]!.id,
      co_unit_ids: '[]',
      measures: '严格落实防疫措施，积极稳妥推进复工复产',
      task_id: null,
    })
    .execute();
  await writeAudit(
    trx,
    {},
    { action: 'create', entityType: 'visit', entityId: visit.id, orgId: hunan.id, orgPath: hunan.path, after: { demo: 'seed 000' } },
  );

  const binzhou = org('滨州市总工会');
  const programme = await trx.selectFrom('task_programmes').select('id').where('org_id', '=', binzhou.id).orderBy('id').executeTakeFirst();
  const invited = [
    '滨州市人力资源和社会保障局',
    '滨州市教育局',
    '滨州市工业和信息化局',
    '滨州黄河装备制造有限公司',
    '滨州渤海新材料股份有限公司',
  ].map(org);
  const meeting = await trx
    .insertInto('fw_meetings')
    .values({
      org_id: binzhou.id,
      series_id: null,
      session_no: null,
      meeting_type: 'symposium',
      title: '“四链”融合深入推进产业工人队伍建设改革座谈会',
      meeting_date: `${year}-02-27`,
      venue: '滨州市',
      host_org_id: binzhou.id,
      programme_id: programme?.id ?? null,
      report_period: null,
      report_deadline: null,
      agenda: JSON.stringify([
        { key: 'a-demo-report', title: '参会单位和企业汇报“四链”融合深入推进产业工人队伍建设改革落实情况', presenter: '各参会单位和企业' },
        { key: 'a-demo-speech', title: '围绕推动全市产改工作提档升级作交流发言', presenter: '各参会单位和企业' },
      ]),
      attendance: '市直有关成员单位和部分市属企业负责人参加会议',
      speeches_summary: '参会单位和企业汇报了“四链”融合深入推进产业工人队伍建设改革落实情况，并围绕推动全市产改工作提档升级作交流发言。',
      conclusions: JSON.stringify([
        {
          kind: 'affirmed',
          text: '会议肯定了各有关单位和企业在产业工人队伍建设改革中取得的成绩，提出今后工作要提高政治站位，充分认识推进产业工人队伍建设改革的重要性和紧迫性，自觉站在战略和全局高度，深刻理解、准确把握推进产改的重大意义，不断增强思想自觉和行动自觉。',
        },
        {
          kind: 'pointed_out',
          text: '会议指出，要聚焦目标任务，扎实推进产业工人队伍建设改革各项任务落实；要把产改作为分内之责、硬性任务，摆在突出位置，抓在手上、做在实处、见到成效。',
        },
        {
          kind: 'stressed',
          text: '会议强调，要创新工作举措，确保尽快取得实实在在的成效；要加强组织领导，压实责任，按照各项工作要求创新举措、精准发力，确保“规定动作”不走样、“自选动作”有特色，以实际行动推动产业工人队伍建设改革取得新突破，为建设“品质滨州”注入强劲动力。',
        },
      ]),
      minutes_status: 'issued',
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('fw_invitations')
    .values(
      invited.map((o) => ({ meeting_id: meeting.id, org_id: o.id, reply: 'attending' as const, signed_in_at: `${year}-02-27T01:00:00Z` })),
    )
    .execute();
  await writeAudit(
    trx,
    {},
    {
      action: 'create',
      entityType: 'meeting',
      entityId: meeting.id,
      orgId: binzhou.id,
      orgPath: binzhou.path,
      after: { demo: 'seed 004' },
    },
  );
}

/**
 * Seed 000's first theme as a standing return: 湖南省总工会 collects the enterprises' resumption of
 * production status (复工复产) from the two Xiangtan enterprises; 湘潭钢铁 has answered, 湘电 has not yet.
 */
export async function seedReturnsDemo(trx: Trx, byName: Map<string, OrganisationRow>, now = new Date()): Promise<void> {
  const org = (name: string) => byName.get(name)!;
  const hunan = org('湖南省总工会');
  const deadline = new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const questions = [
    {
      key: 'q1',
      label: '在岗职工人数',
      kind: 'number',
      unit: '人',
      required: true,
      fact: 'workers',
      help: '按本单位职工花名册预填，可修改',
    },
    { key: 'q2', label: '复工复产情况', kind: 'single', options: ['已全面复工', '部分复工', '尚未复工'], required: true },
    { key: 'q3', label: '产能恢复率', kind: 'number', unit: '%', help: '与上年同期相比' },
    { key: 'q4', label: '面临的主要困难', kind: 'multiple', options: ['用工短缺', '资金紧张', '原材料供应', '物流运输', '订单不足'] },
    { key: 'q5', label: '全面复工日期', kind: 'date' },
    { key: 'q6', label: '需要工会协调解决的事项', kind: 'text' },
  ];
  const ret = await trx
    .insertInto('fw_returns')
    .values({
      org_id: hunan.id,
      title: '湖南省重点企业复工复产情况统计表',
      intro: '请各企业工会如实填报本单位复工复产情况，职工人数已按系统中的职工信息预填。',
      deadline,
      questions: JSON.stringify(questions),
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const xg = org('湘潭钢铁集团有限公司');
  const xd = org('湘电集团有限公司');
  const workers = async (o: OrganisationRow) => (await unitFacts(trx, o.path)).workers;
  await trx
    .insertInto('fw_return_answers')
    .values([
      {
        return_id: ret.id,
        org_id: xg.id,
        answers: JSON.stringify({
          q1: await workers(xg),
          q2: '已全面复工',
          q3: 96.5,
          q4: ['原材料供应', '物流运输'],
          q5: `${now.getFullYear()}-02-20`,
          q6: '协调钢材物流运输通道',
        }),
        prefilled: JSON.stringify(['q1']),
        status: 'submitted',
        submitted_at: now,
      },
      { return_id: ret.id, org_id: xd.id, answers: JSON.stringify({ q1: await workers(xd) }), prefilled: JSON.stringify(['q1']) },
    ])
    .execute();
  await writeAudit(
    trx,
    {},
    {
      action: 'create',
      entityType: 'status_return',
      entityId: ret.id,
      orgId: hunan.id,
      orgPath: hunan.path,
      after: { demo: 'seed 000 复工复产' },
    },
  );
}
