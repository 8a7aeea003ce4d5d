// Reference data of the registry for clients: codes with zh-CN/en-US labels.
import { z } from 'zod';
import { HONOUR_GRADES_OF, HONOUR_KINDS } from './honours.parse.js';
import { IMPORT_FIELDS, REQUIRED_FIELDS } from './imports.mapping.js';
import { IMPORT_FIELD_LABELS } from './people.messages.js';
import { EDUCATIONS, EMPLOYMENT_STATUSES } from './person-fields.js';
import { HIGHLY_SKILLED_RANK, SKILL_LEVELS } from './skill-levels.js';

const HONOUR_LABELS = {
  model_worker: { zh: '劳动模范', en: 'Model worker' },
  may_day_medal: { zh: '五一劳动奖章', en: 'May Day Labour Medal' },
  craftsman: { zh: '工匠称号', en: 'Craftsman title' },
  technical_expert: { zh: '技术能手', en: 'Technical expert' },
};
const GRADE_LABELS = {
  national: { zh: '全国', en: 'National' },
  provincial: { zh: '省级', en: 'Provincial' },
  city: { zh: '市级', en: 'City' },
};

const label = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export const peopleMetaView = z.object({
  skillLevels: z.array(label.extend({ rank: z.number() })),
  highlySkilledRank: z.number(),
  honourKinds: z.array(label.extend({ grades: z.array(z.string()) })),
  honourGrades: z.array(label),
  educations: z.array(label),
  employmentStatuses: z.array(label),
  importFields: z.array(label.extend({ required: z.boolean() })),
});

const EDU_EN: Record<string, string> = {
  doctorate: 'Doctorate',
  master: 'Master',
  bachelor: 'Bachelor',
  college: 'College',
  secondary_vocational: 'Secondary vocational',
  high_school: 'High school',
  junior_high_or_below: 'Junior high or below',
};
const EMP_EN: Record<string, string> = { employed: 'Employed', retired: 'Retired', left: 'Left' };

export function peopleMeta(): z.infer<typeof peopleMetaView> {
  return {
    skillLevels: SKILL_LEVELS.map((l) => ({ code: l.code, zh: l.zh, en: l.en, rank: l.rank })),
    highlySkilledRank: HIGHLY_SKILLED_RANK,
    honourKinds: HONOUR_KINDS.map((k) => ({ code: k, ...HONOUR_LABELS[k], grades: [...HONOUR_GRADES_OF[k]] })),
    honourGrades: Object.entries(GRADE_LABELS).map(([code, l]) => ({ code, ...l })),
    educations: EDUCATIONS.map((e) => ({ code: e.code, zh: e.zh, en: EDU_EN[e.code]! })),
    employmentStatuses: EMPLOYMENT_STATUSES.map((e) => ({ code: e.code, zh: e.zh, en: EMP_EN[e.code]! })),
    importFields: IMPORT_FIELDS.map((f) => ({
      code: f,
      zh: IMPORT_FIELD_LABELS[f][0],
      en: IMPORT_FIELD_LABELS[f][1],
      required: REQUIRED_FIELDS.includes(f),
    })),
  };
}
