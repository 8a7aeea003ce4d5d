// Fixtures of the reform-task module: a programme, goal, tag, task, submitted report with an
// attachment and a supervision notice in city B (the sibling subtree every access case attacks),
// created through the API; and the raw-body attachment upload.
import type { Client, Res, TestServer } from './harness.js';
import { createUser, loginFresh, type World } from './world.js';

export interface TasksWorld {
  /** enterprise_staff of enterprise B (the lead unit of taskB) */
  entB: Client;
  programmeB: string;
  goalB: string;
  tagB: string;
  taskB: string;
  targetB: string;
  reportB: string;
  attachmentB: string;
  supervisionB: string;
}

/** Uploads an evidence file as the raw request body. */
export async function uploadAttachment(
  client: Client,
  reportId: string,
  fileName: string,
  data: Buffer | string,
  type = 'application/octet-stream',
): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': type, 'accept-language': client.locale };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
  const res = await fetch(`${client.baseUrl}/api/reports/${reportId}/attachments?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers,
    body: typeof data === 'string' ? data : new Uint8Array(data),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

export function must(res: Res, status: number, what: string): any {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export async function createTasksWorld(server: TestServer, w: World, tag = ''): Promise<TasksWorld> {
  await createUser(w.admin, `tasks_ent_b${tag}`, w.enterpriseB, ['enterprise_staff']);
  const entB = await loginFresh(server, `tasks_ent_b${tag}`);
  const t = must(await w.staffB.post('/api/task-tags', { orgId: w.cityB, name: `人才链${tag}` }), 201, 'tag');
  const p = must(
    await w.staffB.post('/api/programmes', {
      orgId: w.cityB,
      title: `济南市2026年产改工作要点${tag}`,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      tagIds: [t.id],
      goals: [{ title: '壮大技能人才队伍' }],
    }),
    201,
    'programme',
  );
  const task = must(
    await w.staffB.post('/api/tasks', {
      programmeId: p.id,
      goalId: p.goals[0].id,
      kind: 'prescribed',
      title: '新增技能人才',
      orgId: w.enterpriseB,
      startDate: '2026-01-01',
      dueDate: '2026-12-31',
      cycle: 'quarterly',
      targets: [{ metric: '新增技能人才', unit: '人', targetValue: 100 }],
      tagIds: [t.id],
    }),
    201,
    'task',
  );
  const report = must(
    await entB.post(`/api/tasks/${task.id}/reports`, {
      period: '2026-Q1',
      narrative: '一季度新增技能人才 30 人',
      values: [{ targetId: task.targets[0].id, value: 30 }],
    }),
    201,
    'report',
  );
  const att = must(await uploadAttachment(entB, report.id, '佐证材料.pdf', PDF, 'application/pdf'), 201, 'attachment');
  must(await entB.post(`/api/reports/${report.id}/submit`), 200, 'submit');
  const sup = must(
    await w.staffB.post(`/api/tasks/${task.id}/supervise`, { message: '请加快进度', respondBy: '2099-01-31' }),
    201,
    'supervise',
  );
  return {
    entB,
    programmeB: p.id,
    goalB: p.goals[0].id,
    tagB: t.id,
    taskB: task.id,
    targetB: task.targets[0].id,
    reportB: report.id,
    attachmentB: att.id,
    supervisionB: sup.id,
  };
}
