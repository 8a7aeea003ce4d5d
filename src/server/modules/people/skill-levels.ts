// The "new eight-level" vocational skill ladder (新八级), lowest first. 高技能人才 = 高级工 and above.

export const SKILL_LEVELS = [
  { code: 'apprentice', rank: 1, zh: '学徒工', en: 'Apprentice' },
  { code: 'junior', rank: 2, zh: '初级工', en: 'Junior worker (grade 5)' },
  { code: 'intermediate', rank: 3, zh: '中级工', en: 'Intermediate worker (grade 4)' },
  { code: 'senior', rank: 4, zh: '高级工', en: 'Senior worker (grade 3)' },
  { code: 'technician', rank: 5, zh: '技师', en: 'Technician (grade 2)' },
  { code: 'senior_technician', rank: 6, zh: '高级技师', en: 'Senior technician (grade 1)' },
  { code: 'principal_technician', rank: 7, zh: '特级技师', en: 'Principal technician' },
  { code: 'chief_technician', rank: 8, zh: '首席技师', en: 'Chief technician' },
] as const;

export type SkillLevelCode = (typeof SKILL_LEVELS)[number]['code'];
export const SKILL_LEVEL_CODES = SKILL_LEVELS.map((l) => l.code) as unknown as readonly [SkillLevelCode, ...SkillLevelCode[]];
/** Rank of 高级工: this level and above are highly skilled talent (高技能人才). */
export const HIGHLY_SKILLED_RANK = 4;

export function rankOf(code: SkillLevelCode): number {
  return SKILL_LEVELS.find((l) => l.code === code)!.rank;
}

export function codeOfRank(rank: number): SkillLevelCode | undefined {
  return SKILL_LEVELS.find((l) => l.rank === rank)?.code;
}

export function isHighlySkilled(rank: number | null | undefined): boolean {
  return rank !== null && rank !== undefined && rank >= HIGHLY_SKILLED_RANK;
}

// The national occupational grades (国家职业资格五级…一级) as they appear beside the names.
const GRADE_TO_RANK: Record<string, number> = {
  五级: 2,
  四级: 3,
  三级: 4,
  二级: 5,
  一级: 6,
  '5级': 2,
  '4级': 3,
  '3级': 4,
  '2级': 5,
  '1级': 6,
};
const NAME_TO_RANK = new Map<string, number>([
  ...SKILL_LEVELS.map((l) => [l.zh, l.rank] as [string, number]),
  ...SKILL_LEVELS.map((l) => [l.code, l.rank] as [string, number]),
  ['学徒', 1],
  ['初级', 2],
  ['中级', 3],
  ['高级', 4],
  ['首席', 8],
  ['特级', 7],
]);

/**
 * Reads a skill level as written in rosters: 高级工, 高级工（三级）, 三级/高级工, 3级, 技师(二级), senior.
 * Returns the rank (1–8), null for an empty cell, or undefined when not recognised.
 */
export function parseSkillLevel(raw: string): number | null | undefined {
  const s = raw.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  if (s === '') return null;
  const direct = NAME_TO_RANK.get(s);
  if (direct) return direct;
  // Strip a grade in brackets or a grade prefix/suffix, and check both halves agree.
  const parts = s.split(/[()/、,;|]+/).filter(Boolean);
  let rank: number | undefined;
  for (const p of parts) {
    const r = NAME_TO_RANK.get(p) ?? GRADE_TO_RANK[p] ?? GRADE_TO_RANK[p.replace(/^国家职业资格|^职业资格/, '')];
    if (r === undefined) return undefined;
    if (rank !== undefined && rank !== r) return undefined;
    rank = r;
  }
  return rank;
}
