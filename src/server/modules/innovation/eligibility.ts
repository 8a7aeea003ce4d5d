// The conditions of a naming call, checked on submission against the registry (the leader's honours,
// through the people module's repositories) and the studio's own records (members, founding date,
// projects). Every failed condition names its rule and the fact that failed.
import type { FieldError } from '../../platform/errors.js';
import { translate, type Locale } from '../../platform/i18n.js';
import { listHonours, titlesAlongPath } from '../people/honours.repository.js';
import { findPersonById } from '../people/people.repository.js';
import * as repo from './innovation.repository.js';
import type { Conditions, HonourGradeLevel } from './innovation.schemas.js';

const GRADE_RANK: Record<string, number> = { city: 1, provincial: 2, national: 3 };
const ORG_LEVEL_RANK: Record<string, number> = { city: 1, province: 2, national: 3 };
const QUALIFYING = new Set(['model_worker', 'may_day_medal', 'craftsman']);
const GRADE_OF_RANK = [null, 'city', 'provincial', 'national'] as const;

export interface HonourFact {
  kind: string;
  grade: string | null;
  title: string | null;
  /** 1 city, 2 provincial, 3 national; 0 below city or unknown. */
  rank: number;
}

/** The person's honours with their level (a craftsman title: the level of the federation that defines it). */
export async function honoursWithRank(db: repo.Db, personId: string): Promise<HonourFact[]> {
  const person = await findPersonById(db, personId);
  if (!person) return [];
  const honours = await listHonours(db, personId);
  const craftsman = honours.some((h) => h.kind === 'craftsman') ? await titlesAlongPath(db, person.org_path) : [];
  const levels = new Map((await repo.findOrgLevels(db, [...new Set(craftsman.map((t) => t.org_id))])).map((o) => [o.id, o.level]));
  return honours.map((h) => {
    if (h.kind === 'craftsman') {
      const t = craftsman.find((c) => c.name === h.title);
      return { kind: h.kind, grade: null, title: h.title, rank: t ? (ORG_LEVEL_RANK[levels.get(t.org_id) ?? ''] ?? 0) : 0 };
    }
    return { kind: h.kind, grade: h.grade, title: h.title, rank: GRADE_RANK[h.grade ?? ''] ?? 0 };
  });
}

export function honourText(h: Pick<HonourFact, 'kind' | 'grade' | 'title'>, locale: Locale): string {
  if (h.kind === 'craftsman') return h.title ?? '';
  const grade = h.grade ? translate('innovation', `grade.${h.grade}`, locale) : '';
  const kind = translate('innovation', `honour.${h.kind}`, locale);
  return locale === 'zh-CN' ? `${grade}${kind}` : `${grade} ${kind}`.trim();
}

const yearsBetween = (from: string, to: string) => {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
};

/** Failed conditions as field errors (paths `eligibility.<rule>`), empty when the studio qualifies. */
export async function checkEligibility(
  db: repo.Db,
  studio: repo.StudioRecord,
  call: { year: number; conditions: Conditions },
  today: string,
  locale: Locale,
): Promise<FieldError[]> {
  const c = call.conditions ?? {};
  const failed: FieldError[] = [];
  if (c.leaderHonourMinGrade) {
    const required = GRADE_RANK[c.leaderHonourMinGrade]!;
    const honours = await honoursWithRank(db, studio.leader_person_id);
    const qualifying = honours.filter((h) => QUALIFYING.has(h.kind));
    if (!qualifying.some((h) => h.rank >= required)) {
      const found = qualifying.length ? qualifying.map((h) => honourText(h, locale)).join('、') : translate('innovation', 'none', locale);
      failed.push({
        path: 'eligibility.leaderHonour',
        code: 'leader_honour',
        params: { leader: studio.leader_name, found, required: gradeText(c.leaderHonourMinGrade, locale) },
      });
    }
  }
  if (c.minMembers && studio.member_count < c.minMembers)
    failed.push({ path: 'eligibility.minMembers', code: 'min_members', params: { found: studio.member_count, required: c.minMembers } });
  if (c.minYears && yearsBetween(studio.founded_on, today) < c.minYears)
    failed.push({ path: 'eligibility.minYears', code: 'min_years', params: { found: studio.founded_on, required: c.minYears } });
  if (c.projectThisYear) {
    const n = await repo.countProjectsInYear(db, studio.id, call.year);
    if (n < 1)
      failed.push({ path: 'eligibility.projectThisYear', code: 'project_this_year', params: { found: n, year: String(call.year) } });
  }
  return failed;
}

const gradeText = (g: HonourGradeLevel, locale: Locale) => translate('innovation', `grade.${g}`, locale);

/** "May lead a studio at which level?": the highest qualifying honour's level, or null. */
export async function leadsStudioAt(db: repo.Db, personId: string): Promise<HonourGradeLevel | null> {
  const best = Math.max(0, ...(await honoursWithRank(db, personId)).filter((h) => QUALIFYING.has(h.kind)).map((h) => h.rank));
  return GRADE_OF_RANK[best] ?? null;
}
