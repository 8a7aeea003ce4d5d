// Demo reform tasks for the demo tree: Binzhou's yearly key points (四链融合 tags, three goals,
// a task handed down to two enterprises and a county federation with accepted and pending
// reports, an overdue optional task under supervision) and one Jinan task, so the demo logins see
// a realistic ledger, review queue and board. Dates follow the current year.
import type { Transaction } from 'kysely';
import type { Database, OrganisationRow } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { recomputeTask } from './tasks.repository.js';
import { addDays, isoDay, periodsOf } from './status.js';
import type { ReportCycle, TaskKind } from './tasks.schemas.js';

type Trx = Transaction<Database>;

interface DemoTask {
  key: string;
  goal: number;
  kind: TaskKind;
  title: string;
  description: string;
  lead: string;
  co?: string[];
  tags?: string[];
  cycle: ReportCycle;
  start?: string;
  due?: string;
  targets?: { metric: string; unit: string; value: number }[];
  parent?: { key: string; values: number[] };
  report?: { status: 'accepted' | 'submitted'; values: number[]; narrative: string };
}

export async function seedTasksDemo(trx: Trx, byName: Map<string, OrganisationRow>, now = new Date()): Promise<void> {
  const today = isoDay(now);
  const year = today.slice(0, 4);
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const start = addDays(today, -45) < yearStart ? addDays(today, -45) : yearStart;
  const org = (name: string) => byName.get(name)!;
  const users = new Map((await trx.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));

  const binzhou = org('滨州市总工会');
  const tagIds = new Map<string, string>();
  for (const [name, color] of [
    ['产业链', '#1677ff'],
    ['创新链', '#722ed1'],
    ['人才链', '#52c41a'],
    ['教育链', '#fa8c16'],
  ] as const) {
    const t = await trx.insertInto('task_tags').values({ org_id: binzhou.id, name, color }).returning('id').executeTakeFirstOrThrow();
    tagIds.set(name, t.id);
    await writeAudit(
      trx,
      {},
      { action: 'create', entityType: 'task_tag', entityId: t.id, orgId: binzhou.id, orgPath: binzhou.path, after: { name } },
    );
  }

  const programme = async (owner: OrganisationRow, title: string, description: string, goals: string[], tags: string[]) => {
    const p = await trx
      .insertInto('task_programmes')
      .values({ org_id: owner.id, title, description, period_start: start, period_end: yearEnd, created_by: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const t of tags)
      await trx
        .insertInto('task_programme_tags')
        .values({ programme_id: p.id, tag_id: tagIds.get(t)! })
        .execute();
    const goalIds: string[] = [];
    for (const [i, g] of goals.entries())
      goalIds.push(
        (
          await trx
            .insertInto('task_goals')
            .values({ programme_id: p.id, title: g, sort_order: i })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    await writeAudit(
      trx,
      {},
      { action: 'create', entityType: 'programme', entityId: p.id, orgId: owner.id, orgPath: owner.path, after: { title, goals } },
    );
    return { id: p.id, goalIds, owner };
  };

  const bz = await programme(
    binzhou,
    `滨州市${year}年产业工人队伍建设改革工作要点`,
    '围绕“四链融合”，推动产业工人队伍建设改革走深走实。',
    ['壮大高技能人才队伍', '推进“四链融合”发展', '提升产业工人经济社会地位'],
    ['产业链', '创新链', '人才链', '教育链'],
  );
  const jinan = org('济南市总工会');
  const jn = await programme(jinan, `济南市${year}年产改重点任务`, '', ['技能提升'], []);

  const overdueDue = addDays(today, -10) > start ? addDays(today, -10) : addDays(start, 5);
  const TASKS: DemoTask[] = [
    {
      key: 'talent',
      goal: 0,
      kind: 'prescribed',
      title: '新增高技能人才',
      description: '分解到重点企业和县区，按季度报送新增人数。',
      lead: '滨州市总工会',
      co: ['滨州市人力资源和社会保障局'],
      tags: ['人才链'],
      cycle: 'quarterly',
      targets: [{ metric: '新增高技能人才', unit: '人', value: 2000 }],
    },
    {
      key: 't-huanghe',
      goal: 0,
      kind: 'prescribed',
      title: '新增高技能人才',
      description: '',
      lead: '滨州黄河装备制造有限公司',
      cycle: 'quarterly',
      parent: { key: 'talent', values: [800] },
      report: { status: 'accepted', values: [520], narrative: '组织焊工、钳工等工种技能等级认定 3 批次，新增高级工以上 520 人。' },
    },
    {
      key: 't-bohai',
      goal: 0,
      kind: 'prescribed',
      title: '新增高技能人才',
      description: '',
      lead: '滨州渤海新材料股份有限公司',
      cycle: 'quarterly',
      parent: { key: 'talent', values: [700] },
      report: { status: 'submitted', values: [310], narrative: '开展“名师带高徒”结对 42 对，新增高技能人才 310 人，佐证材料见附件。' },
    },
    {
      key: 't-zhanhua',
      goal: 0,
      kind: 'prescribed',
      title: '新增高技能人才',
      description: '',
      lead: '沾化区总工会',
      cycle: 'quarterly',
      parent: { key: 'talent', values: [500] },
    },
    {
      key: 'contest',
      goal: 0,
      kind: 'prescribed',
      title: '举办全市职业技能竞赛',
      description: '联合人社、教育部门举办全市职工职业技能大赛。',
      lead: '滨州市人力资源和社会保障局',
      co: ['滨州市教育局'],
      tags: ['人才链'],
      cycle: 'half_yearly',
      targets: [
        { metric: '竞赛场次', unit: '场', value: 12 },
        { metric: '参赛职工', unit: '人次', value: 5000 },
      ],
      report: { status: 'accepted', values: [5, 2100], narrative: '上半年举办数控车工、电工等 5 个工种竞赛，参赛职工 2100 人次。' },
    },
    {
      key: 'studio',
      goal: 1,
      kind: 'optional',
      title: '建设劳模和工匠人才创新工作室',
      description: '企业自选动作：围绕产业链关键技术攻关建设创新工作室。',
      lead: '滨州黄河装备制造有限公司',
      tags: ['创新链', '产业链'],
      cycle: 'once',
      due: overdueDue,
      targets: [{ metric: '创新工作室', unit: '个', value: 3 }],
    },
    {
      key: 'training-base',
      goal: 1,
      kind: 'prescribed',
      title: '建设产教融合实训基地',
      description: '推动职业院校与重点企业共建实训基地。',
      lead: '滨州市教育局',
      co: ['滨州市工业和信息化局'],
      tags: ['教育链', '产业链'],
      cycle: 'once',
      due: addDays(today, 150),
      targets: [{ metric: '实训基地', unit: '个', value: 4 }],
    },
    {
      key: 'wages',
      goal: 2,
      kind: 'prescribed',
      title: '推动技能人才薪酬分配改革',
      description: '指导企业建立技能导向的薪酬分配制度。',
      lead: '滨州市工业和信息化局',
      cycle: 'quarterly',
      due: addDays(today, 200),
    },
  ];

  const ids = new Map<string, string>();
  const targetIds = new Map<string, string[]>();
  for (const d of TASKS) {
    const lead = org(d.lead);
    const parentId = d.parent ? ids.get(d.parent.key)! : null;
    const parentTargets = d.parent ? targetIds.get(d.parent.key)! : [];
    const parentTask = d.parent ? TASKS.find((x) => x.key === d.parent!.key)! : undefined;
    const assignedBy = parentTask ? org(parentTask.lead) : binzhou;
    const t = await trx
      .insertInto('tasks')
      .values({
        programme_id: bz.id,
        goal_id: bz.goalIds[d.goal]!,
        parent_id: parentId,
        kind: d.kind,
        title: d.title,
        description: d.description,
        org_id: lead.id,
        assigned_by_org_id: assignedBy.id,
        start_date: d.start ?? start,
        due_date: d.due ?? yearEnd,
        cycle: d.cycle,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(d.key, t.id);
    for (const co of d.co ?? [])
      await trx
        .insertInto('task_co_units')
        .values({ task_id: t.id, org_id: org(co).id })
        .execute();
    for (const tag of d.tags ?? parentTask?.tags ?? [])
      await trx
        .insertInto('task_tag_links')
        .values({ task_id: t.id, tag_id: tagIds.get(tag)! })
        .execute();
    const tIds: string[] = [];
    const targets = d.parent
      ? parentTask!.targets!.map((pt, i) => ({ metric: pt.metric, unit: pt.unit, value: d.parent!.values[i]!, parent: parentTargets[i]! }))
      : (d.targets ?? []).map((x) => ({ ...x, parent: null }));
    for (const [i, x] of targets.entries()) {
      tIds.push(
        (
          await trx
            .insertInto('task_targets')
            .values({ task_id: t.id, parent_target_id: x.parent, metric: x.metric, unit: x.unit, target_value: x.value, sort_order: i })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    }
    targetIds.set(d.key, tIds);
    await writeAudit(
      trx,
      {},
      { action: 'create', entityType: 'task', entityId: t.id, orgId: lead.id, orgPath: lead.path, after: { title: d.title, parentId } },
    );
    if (d.report) {
      const periods = periodsOf(d.cycle, d.start ?? start, d.due ?? yearEnd).filter((p) => p.start <= today);
      const period = periods[Math.max(0, periods.length - 2)]?.key ?? periods[0]!.key;
      const values = JSON.stringify(tIds.map((id, i) => ({ targetId: id, value: d.report!.values[i]! })));
      const submitted = addDays(today, -7);
      const r = await trx
        .insertInto('task_reports')
        .values({
          task_id: t.id,
          period,
          status: d.report.status,
          narrative: d.report.narrative,
          metric_values: values,
          version: 1,
          created_by: null,
          submitted_at: submitted,
          reviewed_at: d.report.status === 'accepted' ? addDays(today, -3) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('task_report_versions')
        .values({
          report_id: r.id,
          version: 1,
          narrative: d.report.narrative,
          metric_values: values,
          attachment_ids: '[]',
          submitted_by: null,
          submitted_at: submitted,
        })
        .execute();
      if (d.report.status === 'accepted') {
        await trx
          .insertInto('task_report_reviews')
          .values({
            report_id: r.id,
            version: 1,
            decision: 'accepted',
            reason: null,
            reviewer_id: users.get('binzhou') ?? null,
            reviewer_org_id: assignedBy.id,
          })
          .execute();
      }
      await writeAudit(
        trx,
        {},
        {
          action: d.report.status === 'accepted' ? 'accept' : 'submit',
          entityType: 'report',
          entityId: r.id,
          orgId: lead.id,
          orgPath: lead.path,
          after: { period, status: d.report.status },
        },
      );
    }
    await recomputeTask(trx, t.id, now);
  }

  // The overdue optional task is under supervision.
  const studio = org('滨州黄河装备制造有限公司');
  const s = await trx
    .insertInto('task_supervisions')
    .values({
      task_id: ids.get('studio')!,
      org_id: studio.id,
      from_org_id: binzhou.id,
      message: '该任务已逾期，请说明进展情况和下一步计划。',
      respond_by: addDays(today, 5),
      created_by: users.get('binzhou') ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAudit(
    trx,
    {},
    {
      action: 'supervise',
      entityType: 'task',
      entityId: ids.get('studio')!,
      orgId: studio.id,
      orgPath: studio.path,
      after: { supervisionId: s.id },
    },
  );

  const jinanEnt = org('济南重型机床有限公司');
  const jt = await trx
    .insertInto('tasks')
    .values({
      programme_id: jn.id,
      goal_id: jn.goalIds[0]!,
      parent_id: null,
      kind: 'prescribed',
      title: '开展职工技能提升培训',
      description: '',
      org_id: jinanEnt.id,
      assigned_by_org_id: jinan.id,
      start_date: start,
      due_date: addDays(today, 120),
      cycle: 'quarterly',
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('task_targets')
    .values({ task_id: jt.id, parent_target_id: null, metric: '培训职工', unit: '人次', target_value: 3000, sort_order: 0 })
    .execute();
  await writeAudit(
    trx,
    {},
    {
      action: 'create',
      entityType: 'task',
      entityId: jt.id,
      orgId: jinanEnt.id,
      orgPath: jinanEnt.path,
      after: { title: '开展职工技能提升培训' },
    },
  );
  await recomputeTask(trx, jt.id, now);
}
