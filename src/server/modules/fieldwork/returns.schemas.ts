// Schemas of questionnaires and status returns (问卷 / 情况统计表).
import { z } from 'zod';
import { id, isoDate, longText, text } from '../tasks/tasks.schemas.js';

export const QUESTION_KINDS = ['number', 'text', 'single', 'multiple', 'date'] as const;
/** Record facts a question can be pre-filled from. */
export const FACTS = ['workers', 'members', 'skilled', 'open_tasks'] as const;

const question = z.strictObject({
  label: text(200),
  kind: z.enum(QUESTION_KINDS),
  unit: longText(20).optional(),
  help: longText(500).optional(),
  required: z.boolean().optional(),
  options: z.array(text(100)).max(30).optional(),
  fact: z.enum(FACTS).optional(),
});
export type QuestionInput = z.infer<typeof question>;
export interface Question extends QuestionInput {
  key: string;
}

export const createReturnBody = z.strictObject({
  orgId: id.optional(),
  visitId: id.optional(),
  title: text(200),
  intro: longText(2000).optional(),
  deadline: isoDate,
  questions: z.array(question).min(1).max(50),
  recipientOrgIds: z.array(id).min(1).max(500),
});
export type CreateReturnInput = z.infer<typeof createReturnBody>;

export const answerValue = z.union([z.number(), z.string().max(2000), z.array(z.string().max(100)).max(30), z.null()]);
export type AnswerValue = z.infer<typeof answerValue>;
export const saveAnswersBody = z.strictObject({
  answers: z.array(z.strictObject({ key: z.string().max(20), value: answerValue })).max(50),
});
export type SaveAnswersInput = z.infer<typeof saveAnswersBody>;

const questionView = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(QUESTION_KINDS),
  unit: z.string().optional(),
  help: z.string().optional(),
  required: z.boolean().optional(),
  options: z.array(z.string()).optional(),
  fact: z.enum(FACTS).optional(),
});
export const answerView = z.object({
  id: z.string(),
  org: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(['pending', 'draft', 'submitted']),
  submittedAt: z.string().nullable(),
  answers: z.record(z.string(), answerValue),
  prefilled: z.array(z.string()),
  /** The caller answers this row (its unit or a level above, with tasks.report); false when read through the industry chain. */
  canAnswer: z.boolean(),
});
const rollupItem = z.object({
  key: z.string(),
  answered: z.number(),
  sum: z.number().nullable(),
  shares: z.array(z.object({ option: z.string(), count: z.number(), share: z.number() })),
  list: z.array(z.object({ org: z.string(), value: z.string() })),
});
export const returnView = z.object({
  id: z.string(),
  org: z.object({ id: z.string(), name: z.string() }),
  visitId: z.string().nullable(),
  title: z.string(),
  intro: z.string(),
  deadline: z.string(),
  questions: z.array(questionView),
  /** The organiser's side: every recipient's return; a recipient: only its own. */
  answers: z.array(answerView),
  manage: z.boolean(),
  rollup: z.array(rollupItem).nullable(),
});
export type ReturnView = z.infer<typeof returnView>;
export const returnList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      org: z.object({ id: z.string(), name: z.string() }),
      title: z.string(),
      deadline: z.string(),
      recipients: z.number(),
      submitted: z.number(),
    }),
  ),
});
