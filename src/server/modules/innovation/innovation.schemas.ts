// Request and response shapes of the innovation module: studios (members, projects, funding), naming
// calls, applications, naming records and assessments, mentor–apprentice pairs, the talent record.
// This file is the contract with the web UI: fields may be added, paths and fields are not renamed.
import { z } from 'zod';
import { pageQuery, sortQuery } from '../../platform/http.js';
import { id, idParam, isoDate, safeText } from '../people/people.schemas.js';
import { SKILL_LEVEL_CODES } from '../people/skill-levels.js';

export { id, idParam };
const text = safeText;
const optText = (max: number) => safeText(max).nullish();
/** An amount in yuan as written ("12000", "12000.5", "12000.50"); fractions of a fen are refused by the service. */
export const yuan = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d+)?$/);

export const MEMBER_ROLES = ['leader', 'core', 'member'] as const;
export const HONOUR_GRADE_LEVELS = ['city', 'provincial', 'national'] as const;
export type HonourGradeLevel = (typeof HONOUR_GRADE_LEVELS)[number];
export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'named', 'rejected'] as const;
export const NAMING_STATUSES = ['named', 'rectification', 'revoked'] as const;
export const ASSESSMENT_RESULTS = ['excellent', 'pass', 'rectify'] as const;
export const PAIR_STATUSES = ['proposed', 'approved', 'signed', 'in_progress', 'exam_due', 'graduated', 'not_graduated', 'ended'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];
export const PAIR_GRADES = ['excellent', 'pass'] as const;

// ---- categories
export const categoriesQuery = z.strictObject({ orgId: id.optional() });
export const createCategoryBody = z.strictObject({ orgId: id, name: text(40) });
export const categoryList = z.object({
  items: z.array(z.object({ id: z.string().nullable(), name: z.string(), orgId: z.string().nullable(), orgName: z.string().nullable() })),
});

// ---- studios
const memberInput = z.strictObject({ personId: id, role: z.enum(MEMBER_ROLES), joinedOn: isoDate });
export const createStudioBody = z.strictObject({
  orgId: id,
  name: text(100),
  category: text(40),
  leaderId: id,
  leaderHonourId: id.nullish(),
  industryChain: optText(60),
  foundedOn: isoDate,
  venueAddress: optText(200),
  venueArea: z.number().min(0).max(1e6).nullish(),
  equipment: z.array(text(100)).max(200).optional(),
  members: z.array(memberInput).max(200).optional(),
});
export type CreateStudioInput = z.infer<typeof createStudioBody>;
export const updateStudioBody = z.strictObject({
  name: text(100).optional(),
  /** A change of leader: the former leader stays as a core member. */
  leaderId: id.optional(),
  leaderHonourId: id.nullish(),
  category: text(40).optional(),
  industryChain: optText(60),
  venueAddress: optText(200),
  venueArea: z.number().min(0).max(1e6).nullish(),
  equipment: z.array(text(100)).max(200).optional(),
  status: z.enum(['active', 'closed']).optional(),
});
export type UpdateStudioInput = z.infer<typeof updateStudioBody>;
export const addMemberBody = memberInput;
export type AddMemberInput = z.infer<typeof addMemberBody>;
export const memberParams = z.strictObject({ id, memberId: id });
export const leaveBody = z.strictObject({ leftOn: isoDate });
export const addProjectBody = z.strictObject({ title: text(200), approvalDocNo: text(60), approvedOn: isoDate });
export type AddProjectInput = z.infer<typeof addProjectBody>;
export const addFundingBody = z.strictObject({ source: text(100), amount: yuan, receivedOn: isoDate, docNo: optText(60) });
export type AddFundingInput = z.infer<typeof addFundingBody>;

export const listStudiosQuery = z.strictObject({
  orgId: id.optional(),
  q: z.string().trim().min(1).max(64).optional(),
  category: z.string().trim().min(1).max(40).optional(),
  level: z.enum(['national', 'province', 'city', 'county', 'grassroots', 'none']).optional(),
  status: z.enum(['active', 'closed']).optional(),
  sort: sortQuery(['name', 'foundedOn', 'id']),
  ...pageQuery,
});
export type ListStudiosQuery = z.infer<typeof listStudiosQuery>;
export const exportStudiosQuery = listStudiosQuery.omit({ page: true, pageSize: true });

export const studioRow = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  leaderId: z.string(),
  leaderName: z.string(),
  foundedOn: z.string(),
  status: z.enum(['active', 'closed']),
  memberCount: z.number(),
  /** Highest level of a current (not revoked) naming; null when not named. */
  level: z.string().nullable(),
});
export const studioList = z.object({ items: z.array(studioRow), total: z.number() });

const money = z.object({ fen: z.string(), yuan: z.string() });
export const namingView = z.object({
  id: z.string(),
  callId: z.string().nullable(),
  orgId: z.string(),
  orgName: z.string(),
  level: z.string(),
  docNo: z.string(),
  namedOn: z.string(),
  plaqueNo: z.string().nullable(),
  grant: money,
  status: z.enum(NAMING_STATUSES),
  rectifyBy: z.string().nullable(),
  revokedOn: z.string().nullable(),
  revokeReason: z.string().nullable(),
  assessments: z.array(
    z.object({
      id: z.string(),
      year: z.number(),
      score: z.number().nullable(),
      result: z.enum(ASSESSMENT_RESULTS),
      rectifyBy: z.string().nullable(),
      note: z.string(),
      items: z.array(z.object({ key: z.string(), label: z.string(), ok: z.boolean().nullable(), deduction: z.number().nullable() })),
    }),
  ),
  canAssess: z.boolean(),
});
export const studioDetail = studioRow.extend({
  leaderHonour: z.string().nullable(),
  industryChain: z.string().nullable(),
  venueAddress: z.string().nullable(),
  venueArea: z.number().nullable(),
  equipment: z.array(z.string()),
  members: z.array(
    z.object({
      id: z.string(),
      personId: z.string(),
      name: z.string(),
      role: z.enum(MEMBER_ROLES),
      joinedOn: z.string(),
      leftOn: z.string().nullable(),
    }),
  ),
  projects: z.array(z.object({ id: z.string(), title: z.string(), approvalDocNo: z.string(), approvedOn: z.string() })),
  funding: z.array(z.object({ id: z.string(), source: z.string(), amount: money, receivedOn: z.string(), docNo: z.string().nullable() })),
  fundingTotal: money,
  namings: z.array(namingView),
  applications: z.array(
    z.object({
      id: z.string(),
      callId: z.string(),
      callTitle: z.string(),
      status: z.enum(APPLICATION_STATUSES),
      atOrgName: z.string().nullable(),
    }),
  ),
  canEdit: z.boolean(),
});
export const figuresQuery = z.strictObject({ orgId: id.optional() });
export const figuresView = z.object({
  byLevel: z.array(z.object({ level: z.string(), studios: z.number() })),
  studios: z.number(),
  activePairs: z.number(),
  awardsDue: z.number(),
});

export const dashboardQuery = z.strictObject({ orgId: id.optional() });
const dashboardFigures = {
  level: z.string(),
  category: z.string(),
  studiosNamed: z.number(),
  revoked: z.number(),
  /** Grants paid, in fen (exact integer as a decimal string). */
  grantsFen: z.string(),
  excellent: z.number(),
  passed: z.number(),
  rectify: z.number(),
  /** Active members of the studios named at this level (not revoked). */
  members: z.number(),
};
export const dashboardView = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  rows: z.array(z.object(dashboardFigures)),
  children: z.array(z.object({ orgId: z.string(), orgName: z.string(), ...dashboardFigures })),
  quotas: z.array(z.object({ year: z.number(), level: z.string(), quota: z.number(), named: z.number() })),
});
export type DashboardView = z.infer<typeof dashboardView>;

// ---- calls
export const conditionsInput = z.strictObject({
  leaderHonourMinGrade: z.enum(HONOUR_GRADE_LEVELS).nullish(),
  minMembers: z.number().int().min(1).max(500).nullish(),
  minYears: z.number().int().min(1).max(50).nullish(),
  projectThisYear: z.boolean().nullish(),
});
export type Conditions = z.infer<typeof conditionsInput>;
export const checklistInput = z.strictObject({
  kind: z.enum(['items', 'scored']),
  items: z
    .array(
      z.strictObject({ key: z.string().regex(/^[a-z0-9_]{1,30}$/), label: text(60), points: z.number().int().min(0).max(100).nullish() }),
    )
    .min(1)
    .max(40),
});
export type Checklist = z.infer<typeof checklistInput>;
export const createCallBody = z.strictObject({
  orgId: id,
  year: z.number().int().min(2000).max(2100),
  title: text(200),
  quota: z.number().int().min(1).max(100000),
  deadline: isoDate,
  conditions: conditionsInput.optional(),
  checklist: checklistInput.optional(),
});
export type CreateCallInput = z.infer<typeof createCallBody>;
export const listCallsQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const callView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  year: z.number(),
  title: z.string(),
  level: z.string(),
  quota: z.number(),
  named: z.number(),
  deadline: z.string(),
  conditions: z.object({
    leaderHonourMinGrade: z.enum(HONOUR_GRADE_LEVELS).nullish(),
    minMembers: z.number().nullish(),
    minYears: z.number().nullish(),
    projectThisYear: z.boolean().nullish(),
  }),
  checklist: z.object({
    kind: z.enum(['items', 'scored']),
    items: z.array(z.object({ key: z.string(), label: z.string(), points: z.number().nullish() })),
  }),
});
export const callList = z.object({ items: z.array(callView) });

// ---- applications
export const createApplicationBody = z.strictObject({ callId: id, studioId: id, statement: z.string().trim().max(4000).optional() });
export const listApplicationsQuery = z.strictObject({
  callId: id.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  /** Only those waiting for the caller's organisation. */
  mine: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type ListApplicationsQuery = z.infer<typeof listApplicationsQuery>;
export const noteBody = z.strictObject({ note: z.string().trim().max(2000).optional() });
export const returnBody = z.strictObject({ note: text(2000) });
export const reviewBody = z.strictObject({
  scores: z
    .array(z.strictObject({ expert: text(40), score: z.number().min(0).max(100) }))
    .min(1)
    .max(30),
  notes: z.string().trim().max(4000).optional(),
});
export type ReviewInput = z.infer<typeof reviewBody>;
export const nameBody = z.strictObject({ docNo: text(60), namedOn: isoDate, plaqueNo: optText(60), grant: yuan.optional() });
export type NameInput = z.infer<typeof nameBody>;
export const applicationView = z.object({
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  callOrgId: z.string(),
  callOrgName: z.string(),
  studioId: z.string(),
  studioName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  atOrgId: z.string().nullable(),
  atOrgName: z.string().nullable(),
  statement: z.string(),
  scores: z.array(z.object({ expert: z.string(), score: z.number() })).nullable(),
  averageScore: z.number().nullable(),
  reviewNotes: z.string().nullable(),
  steps: z.array(z.object({ orgName: z.string(), action: z.string(), note: z.string(), at: z.string() })),
  actions: z.array(z.enum(['submit', 'recommend', 'return', 'review', 'name'])),
});
export const applicationList = z.object({ items: z.array(applicationView.omit({ steps: true })), total: z.number() });

// ---- namings
export const assessBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  items: z.array(
    z.strictObject({
      key: z.string().regex(/^[a-z0-9_]{1,30}$/),
      ok: z.boolean().nullish(),
      deduction: z.number().min(0).max(100).nullish(),
    }),
  ),
  result: z.enum(ASSESSMENT_RESULTS).optional(),
  rectifyBy: isoDate.nullish(),
  note: z.string().trim().max(2000).optional(),
});
export type AssessInput = z.infer<typeof assessBody>;
export const draftQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const assessmentDraft = z.object({
  kind: z.enum(['items', 'scored']),
  items: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      points: z.number().nullish(),
      /** Answered from the records (no inspector needed): `ok` is pre-filled. */
      computed: z.boolean(),
      ok: z.boolean().nullable(),
    }),
  ),
  facts: z.object({
    members: z.number(),
    projects: z.number(),
    funding: money,
    apprenticesTaught: z.number(),
    membersPromoted: z.number(),
  }),
});
export const revokeBody = z.strictObject({ revokedOn: isoDate, reason: text(500) });

// ---- mentorships
export const createPairBody = z.strictObject({
  orgId: id,
  agreementNo: text(60),
  masterId: id,
  apprenticeId: id,
  studioId: id.nullish(),
  trade: text(60),
  targetLevel: z.enum(SKILL_LEVEL_CODES),
  stages: z
    .array(z.strictObject({ title: text(100), until: isoDate }))
    .max(20)
    .optional(),
  startOn: isoDate,
  endOn: isoDate,
  allowance: yuan.optional(),
});
export type CreatePairInput = z.infer<typeof createPairBody>;
export const transitionBody = z.strictObject({
  to: z.enum(PAIR_STATUSES),
  grade: z.enum(PAIR_GRADES).nullish(),
  reason: optText(500),
});
export type TransitionInput = z.infer<typeof transitionBody>;
export const listPairsQuery = z.strictObject({
  orgId: id.optional(),
  q: z.string().trim().min(1).max(64).optional(),
  status: z.enum(PAIR_STATUSES).optional(),
  awardDue: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type ListPairsQuery = z.infer<typeof listPairsQuery>;
export const pairView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  agreementNo: z.string(),
  masterId: z.string(),
  masterName: z.string(),
  apprenticeId: z.string(),
  apprenticeName: z.string(),
  studioId: z.string().nullable(),
  studioName: z.string().nullable(),
  trade: z.string(),
  targetLevel: z.enum(SKILL_LEVEL_CODES),
  stages: z.array(z.object({ title: z.string(), until: z.string() })),
  startOn: z.string(),
  endOn: z.string(),
  allowance: money,
  status: z.enum(PAIR_STATUSES),
  grade: z.enum(PAIR_GRADES).nullable(),
  endedReason: z.string().nullable(),
  /** When the apprentice reached the target level within the term (from the skill history), else null. */
  promotedOn: z.string().nullable(),
  /** The master's outcome award is due: the apprentice was promoted within the term. */
  awardDue: z.boolean(),
  next: z.array(z.enum(PAIR_STATUSES)),
});
export const pairList = z.object({ items: z.array(pairView), total: z.number() });
export const settingsQuery = z.strictObject({ orgId: id.optional() });
export const settingsBody = z.strictObject({ orgId: id, maxApprentices: z.number().int().min(1).max(50) });
export const settingsView = z.object({ orgId: z.string(), maxApprentices: z.number() });

// ---- talent record
export const talentView = z.object({
  personId: z.string(),
  name: z.string(),
  orgName: z.string(),
  skillLevel: z.enum(SKILL_LEVEL_CODES).nullable(),
  entries: z.array(
    z.object({
      date: z.string().nullable(),
      kind: z.enum(['skill', 'honour', 'studio', 'master', 'apprentice', 'patent']),
      title: z.string(),
      detail: z.string(),
      refId: z.string().nullable(),
    }),
  ),
  summary: z.object({
    apprenticesTaught: z.number(),
    apprenticesPromoted: z.number(),
    studioRoles: z.number(),
    /** The highest level at which the person may lead a studio (a model-worker, May Day medal or craftsman honour), or null. */
    mayLeadStudioAt: z.enum(HONOUR_GRADE_LEVELS).nullable(),
  }),
});
