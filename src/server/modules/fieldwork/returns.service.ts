// Questionnaires and status returns (问卷 / 情况统计表, issue 13 item 2): the organiser sends a form to
// units it reaches (standing, or attached to a 问卷/大调研 visit of its subtree); each unit saves a
// draft and submits by the deadline; questions bound to a record fact are pre-filled from the unit's
// records and marked; the organiser's side sees every return and the roll-up per question.
import { hasPermission, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { industryUnionOf, reachOfOrg } from '../../platform/reach.repository.js';
import { AppError, conflictOn, fieldError } from '../../platform/errors.js';
import type { RequestContext, ScopedOrg } from '../../platform/http.js';
import { inTransaction } from '../../db/transaction.js';
import { notify } from '../notifications/notify.js';
import * as fw from './fieldwork.repository.js';
import * as repo from './returns.repository.js';
import type { AnswerValue, CreateReturnInput, Question, ReturnView, SaveAnswersInput } from './returns.schemas.js';

const today = () => new Date().toISOString().slice(0, 10);
type Who = RequestContext['actor'];

export const auditReturn = (r: Pick<repo.ReturnRow, 'id' | 'org_id' | 'org_path'>) => ({
  entityType: 'status_return' as const,
  entityId: r.id,
  orgId: r.org_id,
  orgPath: r.org_path,
});

/** The organiser's side manages (tasks.write in its subtree); a recipient unit sees its own return only. */
export async function loadReturn(db: fw.Db, actor: Who, id: string) {
  const ret = await repo.findReturn(db, id);
  if (!ret) throw new AppError('not_found', { entity: 'status_return' });
  const manage = isInScope(actor, ret.org_path);
  const answers = await repo.listAnswers(db, id);
  // An industry union reads (never answers) the rows of its affiliated enterprises.
  const own = answers.filter((a) => isInScope(actor, a.org_path, 'read'));
  if (!manage && own.length === 0) throw new AppError('not_found', { entity: 'status_return' });
  return { ret, manage, answers: manage ? answers : own };
}
export type LoadedReturn = Awaited<ReturnType<typeof loadReturn>>;

/** A recipient's answers: the unit itself (or a level above it) with tasks.report. */
export async function loadAnswer(db: fw.Db, actor: Who, id: string) {
  const answer = await repo.findAnswer(db, id);
  if (!answer || !isInScope(actor, answer.org_path)) throw new AppError('not_found', { entity: 'return_answer' });
  if (!hasPermission(actor, 'tasks.report')) throw new AppError('forbidden');
  const ret = await repo.findReturn(db, answer.return_id);
  if (!ret) throw new AppError('not_found', { entity: 'return_answer' });
  return { answer, ret };
}
export type LoadedAnswer = Awaited<ReturnType<typeof loadAnswer>>;

const questionsOf = (r: repo.ReturnRow) => fw.parseJson<Question[]>(r.questions, []);

function checkQuestions(qs: CreateReturnInput['questions']) {
  qs.forEach((q, i) => {
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice && (q.options?.length ?? 0) < 2) throw fieldError(`body.questions.${i}.options`, 'too_few_options');
    if (choice && new Set(q.options).size !== q.options?.length) throw fieldError(`body.questions.${i}.options`, 'duplicate_option');
    if (q.fact && q.kind !== 'number') throw fieldError(`body.questions.${i}.fact`, 'fact_needs_number');
  });
}

export async function createReturn(ctx: RequestContext, input: CreateReturnInput, organiser: ScopedOrg | undefined) {
  const org = organiser ?? { id: ctx.actor.orgId, path: ctx.actor.orgPath };
  if (input.deadline < today()) throw fieldError('body.deadline', 'deadline_past');
  checkQuestions(input.questions);
  if (input.visitId) {
    const v = await fw.findVisit(ctx.db, input.visitId);
    if (!v || !isInScope({ orgPath: org.path }, v.org_path) || !['questionnaire', 'survey'].includes(v.visit_type))
      throw fieldError('body.visitId', 'not_a_questionnaire_visit');
  }
  const orgs = await fw.findOrgs(ctx.db, input.recipientOrgIds);
  // Units the sender reaches: its subtree and, for an industry union, its affiliated enterprises.
  const reach = await reachOfOrg(ctx.db, ctx.actor, org);
  const seen = new Set<string>();
  const recipients = input.recipientOrgIds.map((oid, i) => {
    const o = orgs.find((x) => String(x.id) === oid);
    if (!o || !isInScope(reach, o.path, 'read') || !isInScope(ctx.actor, o.path, 'read'))
      throw fieldError(`body.recipientOrgIds.${i}`, 'unreachable_unit');
    if (o.status !== 'active') throw fieldError(`body.recipientOrgIds.${i}`, 'org_archived');
    if (seen.has(oid)) throw fieldError(`body.recipientOrgIds.${i}`, 'duplicate_unit');
    seen.add(oid);
    return o;
  });
  const questions: Question[] = input.questions.map((q, i) => ({ ...q, key: `q${i + 1}` }));
  const id = await inTransaction(ctx.db, async (trx) => {
    const id = await repo.insertReturn(trx, {
      org_id: org.id,
      visit_id: input.visitId ?? null,
      title: input.title,
      intro: input.intro ?? '',
      deadline: input.deadline,
      questions: JSON.stringify(questions),
      created_by: ctx.actor.userId,
    });
    for (const o of recipients) {
      const facts = await repo.unitFacts(trx, o.path);
      const answers: Record<string, AnswerValue> = {};
      const prefilled: string[] = [];
      for (const q of questions)
        if (q.fact) {
          answers[q.key] = facts[q.fact];
          prefilled.push(q.key);
        }
      await repo.insertAnswer(trx, id, String(o.id), JSON.stringify(answers), JSON.stringify(prefilled));
      await notify(trx, {
        orgId: String(o.id),
        kind: 'deadline',
        entityType: 'status_return',
        entityId: id,
        title: { zh: `请于 ${input.deadline} 前填报：${input.title}`, en: `Please answer by ${input.deadline}: ${input.title}` },
        dedupeKey: `return_sent:${id}:${o.id}`,
      });
    }
    await writeAudit(trx, ctx, {
      action: 'create',
      ...auditReturn({ id, org_id: org.id, org_path: org.path }),
      after: { title: input.title, deadline: input.deadline, questions: questions.length, recipients: recipients.length },
    });
    return id;
  });
  return getReturn(ctx, await loadReturn(ctx.db, ctx.actor, id));
}

const str = (v: AnswerValue) => (v === null ? '' : Array.isArray(v) ? v.join('、') : String(v));

export function rollup(questions: Question[], answers: repo.AnswerRow[]) {
  const done = answers.filter((a) => a.status === 'submitted');
  return questions.map((q) => {
    const values = done
      .map((a) => ({ org: a.org_name, v: fw.parseJson<Record<string, AnswerValue>>(a.answers, {})[q.key] ?? null }))
      .filter((x) => x.v !== null && x.v !== '' && !(Array.isArray(x.v) && x.v.length === 0));
    const n = values.length;
    const shares =
      q.kind === 'single' || q.kind === 'multiple'
        ? (q.options ?? []).map((option) => {
            const count = values.filter((x) => (Array.isArray(x.v) ? x.v.includes(option) : x.v === option)).length;
            return { option, count, share: n ? count / n : 0 };
          })
        : [];
    return {
      key: q.key,
      answered: n,
      sum: q.kind === 'number' ? values.reduce((s, x) => s + Number(x.v), 0) : null,
      shares,
      list: values.map((x) => ({ org: x.org, value: str(x.v) })),
    };
  });
}

function answerOut(actor: Who, a: repo.AnswerRow) {
  return {
    id: a.id,
    canAnswer: isInScope(actor, a.org_path) && hasPermission(actor, 'tasks.report'),
    org: { id: a.org_id, name: a.org_name },
    status: a.status,
    submittedAt: a.submitted_at ? new Date(a.submitted_at).toISOString() : null,
    answers: fw.parseJson<Record<string, AnswerValue>>(a.answers, {}),
    prefilled: fw.parseJson<string[]>(a.prefilled, []),
  };
}

export async function getReturn(ctx: RequestContext, { ret, manage, answers }: LoadedReturn): Promise<ReturnView> {
  const questions = questionsOf(ret);
  return {
    id: ret.id,
    org: { id: ret.org_id, name: ret.org_name },
    visitId: ret.visit_id,
    title: ret.title,
    intro: ret.intro,
    deadline: ret.deadline,
    questions,
    answers: answers.map((a) => answerOut(ctx.actor, a)),
    manage,
    rollup: manage ? rollup(questions, answers) : null,
  };
}

export async function listReturns(ctx: RequestContext) {
  const rows = await repo.listReturns(ctx.db, ctx.actor.orgPath, industryUnionOf(ctx.actor));
  return {
    items: rows.map((r) => ({
      id: r.id,
      org: { id: r.org_id, name: r.org_name },
      title: r.title,
      deadline: r.deadline,
      recipients: r.recipients,
      submitted: r.submitted,
    })),
  };
}

/** Checks each answer against its question; on submit also that every required one is there. */
function checkAnswers(questions: Question[], input: SaveAnswersInput, submit: boolean, prior: Record<string, AnswerValue>) {
  const out: Record<string, AnswerValue> = { ...prior };
  input.answers.forEach((a, i) => {
    const q = questions.find((x) => x.key === a.key);
    const at = `body.answers.${i}.value`;
    if (!q) throw fieldError(`body.answers.${i}.key`, 'unknown_question');
    const v = a.value;
    if (v !== null && v !== '') {
      if (q.kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) throw fieldError(at, 'not_a_number');
      if ((q.kind === 'text' || q.kind === 'date') && typeof v !== 'string') throw fieldError(at, 'not_text');
      if (q.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(v))) throw fieldError(at, 'not_a_date');
      if (q.kind === 'single' && (typeof v !== 'string' || !q.options?.includes(v))) throw fieldError(at, 'not_an_option');
      if (q.kind === 'multiple' && (!Array.isArray(v) || v.some((o) => !q.options?.includes(o)))) throw fieldError(at, 'not_an_option');
    }
    out[a.key] = v;
  });
  if (submit)
    questions.forEach((q, i) => {
      const v = out[q.key];
      if (q.required && (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)))
        throw fieldError(`body.questions.${i}`, 'answer_required', { question: q.label });
    });
  return out;
}

export async function saveAnswers(
  ctx: RequestContext,
  { answer, ret }: LoadedAnswer,
  input: SaveAnswersInput,
  submit: boolean,
  now = today(),
) {
  if (answer.status === 'submitted') throw conflictOn('body.answers', 'already_submitted');
  if (submit && now > ret.deadline) throw fieldError('body.answers', 'after_deadline');
  const answers = checkAnswers(questionsOf(ret), input, submit, fw.parseJson(answer.answers, {}));
  await inTransaction(ctx.db, async (trx) => {
    await repo.updateAnswer(trx, answer.id, { answers: JSON.stringify(answers), status: submit ? 'submitted' : 'draft' });
    await writeAudit(trx, ctx, {
      action: submit ? 'submit' : 'update',
      entityType: 'return_answer',
      entityId: answer.id,
      orgId: answer.org_id,
      orgPath: answer.org_path,
      before: { status: answer.status },
      after: { status: submit ? 'submitted' : 'draft', returnId: ret.id },
    });
  });
  return getReturn(ctx, await loadReturn(ctx.db, ctx.actor, ret.id));
}
