// One talent record per person (人才档案): skill levels and honours from the registry (through the
// people module's repositories), studio roles and pairs as master and as apprentice with outcomes,
// in one timeline, oldest first; the summary answers "how many apprentices taught / promoted".
import { isInScope } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import { translate } from '../../platform/i18n.js';
import type { RequestContext } from '../../platform/http.js';
import { listHonours } from '../people/honours.repository.js';
import { findPersonById } from '../people/people.repository.js';
import { codeOfRank, SKILL_LEVELS } from '../people/skill-levels.js';
import { listSkills } from '../people/skills.repository.js';
import { honourText, leadsStudioAt } from './eligibility.js';
import * as repo from './innovation.repository.js';
import { patentsOfPerson } from '../proposals/upward.repository.js';

type Entry = {
  date: string | null;
  kind: 'skill' | 'honour' | 'studio' | 'master' | 'apprentice' | 'patent';
  title: string;
  detail: string;
  refId: string | null;
};

export async function talentRecord(ctx: RequestContext, personId: string) {
  const person = await findPersonById(ctx.db, personId);
  if (!person || !isInScope(ctx.actor, person.org_path)) throw new AppError('not_found', { entity: 'person' });
  const t = (key: string, params: Record<string, string> = {}) => translate('innovation', key, ctx.locale, params);
  const levelName = (rank: number) => {
    const l = SKILL_LEVELS.find((x) => x.rank === rank);
    return l ? (ctx.locale === 'zh-CN' ? l.zh : l.en) : String(rank);
  };
  const [skills, honours, roles, pairs, patents] = await Promise.all([
    listSkills(ctx.db, personId),
    listHonours(ctx.db, personId),
    repo.studioRolesOf(ctx.db, personId),
    repo.pairsOfPerson(ctx.db, personId),
    patentsOfPerson(ctx.db, personId),
  ]);
  const entries: Entry[] = [
    ...skills.map((s) => ({
      date: s.certified_on,
      kind: 'skill' as const,
      title: t('talent.skill', { level: levelName(s.level) }),
      detail: [s.certificate_no, s.issuer].filter(Boolean).join(' · '),
      refId: null,
    })),
    ...honours.map((h) => ({
      date: h.year ? `${h.year}-01-01` : null,
      kind: 'honour' as const,
      title: t('talent.honour', { title: honourText(h, ctx.locale) }),
      detail: h.awarding_body ?? '',
      refId: null,
    })),
    ...roles.map((r) => ({
      date: r.joined_on,
      kind: 'studio' as const,
      title: t('talent.studio', { studio: r.name, role: t(`role.${r.role}`) }),
      detail: r.left_on ? `${r.joined_on} – ${r.left_on}` : `${r.joined_on} –`,
      refId: r.studio_id,
    })),
    ...pairs.map((p) => {
      const asMaster = p.master_person_id === personId;
      return {
        date: p.start_on,
        kind: asMaster ? ('master' as const) : ('apprentice' as const),
        title: t(asMaster ? 'talent.master' : 'talent.apprentice', { name: asMaster ? p.apprentice_name : p.master_name, trade: p.trade }),
        detail: `${p.start_on} – ${p.end_on} · ${levelName(p.target_level)} · ${p.promoted_on ? t('outcome.promoted', { date: p.promoted_on }) : t('outcome.none')}`,
        refId: p.id,
      };
    }),
    // Patents (issue #16 item 6): the person's place among the inventors, application and grant.
    ...patents.map((p) => ({
      date: p.application_date,
      kind: 'patent' as const,
      title: t('talent.patent', { type: t(`patentType.${p.type}`), title: p.title, position: String(p.position) }),
      detail: [
        t('talent.patentApplied', { no: p.application_no, date: p.application_date }),
        p.grant_no ? t('talent.patentGranted', { no: p.grant_no, date: p.grant_date ?? '' }) : null,
        p.job_invention ? t('talent.jobInvention') : null,
      ]
        .filter(Boolean)
        .join(' · '),
      refId: p.item_id,
    })),
  ];
  entries.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  const taught = pairs.filter((p) => p.master_person_id === personId);
  return {
    personId: person.id,
    name: person.name,
    orgName: person.org_name,
    skillLevel: person.skill_level ? (codeOfRank(person.skill_level) ?? null) : null,
    entries,
    summary: {
      apprenticesTaught: taught.length,
      apprenticesPromoted: taught.filter((p) => p.promoted_on !== null).length,
      studioRoles: roles.length,
      mayLeadStudioAt: await leadsStudioAt(ctx.db, personId),
    },
  };
}
