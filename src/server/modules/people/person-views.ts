// How a person's skill certificates and honours read in the API: used by the person view
// (people.service) and by the skills and honours services that answer with it.
import type { HonourGrade, HonourKind } from './honours.parse.js';
import { codeOfRank, type SkillLevelCode } from './skill-levels.js';

export function toSkillView(r: {
  id: string;
  level: number;
  certificate_no: string;
  issuer: string | null;
  certified_on: string | null;
  import_id: string | null;
  created_at: Date;
}) {
  return {
    id: r.id,
    level: codeOfRank(r.level) as SkillLevelCode,
    rank: r.level,
    certificateNo: r.certificate_no || null,
    issuer: r.issuer,
    certifiedOn: r.certified_on,
    fromImport: r.import_id !== null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export function toHonourView(r: {
  id: string;
  kind: string;
  grade: string | null;
  title: string | null;
  year: number | null;
  awarding_body: string | null;
}) {
  return {
    id: r.id,
    kind: r.kind as HonourKind,
    grade: r.grade as HonourGrade | null,
    title: r.title,
    year: r.year,
    awardingBody: r.awarding_body,
  };
}
