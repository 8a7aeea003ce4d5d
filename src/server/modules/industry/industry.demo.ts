// The industry chain in the demo data and the generated datasets: 中国机械冶金建材工会 serves the
// machinery, metallurgy and building-materials divisions; its enterprises are affiliated to it.
import type { Kysely, Transaction } from 'kysely';
import type { Database, OrganisationRow } from '../../db/schema.js';
import { insertOrg } from '../orgs/orgs.repository.js';
import * as repo from './industry.repository.js';

export const MACHINERY_UNION = '中国机械冶金建材工会';
/** GB/T 4754-2017 divisions of 中国机械冶金建材工会: non-metallic minerals (building materials), metals, machinery, vehicles, electrical, instruments, repair. */
export const MACHINERY_DIVISIONS = ['30', '31', '32', '33', '34', '35', '36', '37', '38', '40', '43'];

/** Demo: the mapping, and 湘电集团 and 湘潭钢铁 (Hunan chain) affiliated to the national union. */
export async function seedIndustryDemo(trx: Transaction<Database>, byName: Map<string, OrganisationRow>): Promise<void> {
  const union = byName.get(MACHINERY_UNION);
  if (!union) return;
  for (const d of MACHINERY_DIVISIONS) await repo.setMapping(trx, d, [union.id]);
  const enterprises = ['湘电集团有限公司', '湘潭钢铁集团有限公司'].flatMap((n) => byName.get(n)?.id ?? []);
  await repo.affiliateAll(trx, union.id, enterprises);
}

/**
 * Generated datasets: the national machinery union (created under the root when missing), its
 * divisions, and every enterprise whose generated industry code is one of them affiliated to it and
 * to its province's machinery union.
 */
export async function seedIndustryChain(
  db: Kysely<Database>,
  root: Pick<OrganisationRow, 'id' | 'path' | 'depth'>,
): Promise<{ union: OrganisationRow; affiliated: number }> {
  return db.transaction().execute(async (trx) => {
    const union =
      (await repo.findUnionByName(trx, MACHINERY_UNION)) ??
      (await insertOrg(trx, root, {
        name: MACHINERY_UNION,
        kind: 'industry_union',
        level: 'national',
        region_code: null,
        uscc: null,
        union_name: null,
      }));
    // The provinces' own machinery unions (the generated tree has one per province) serve their province's enterprises.
    const provincial = (await repo.findProvincialUnions(trx, '机械冶金建材工会')).filter((p) => p.region_code);
    for (const d of MACHINERY_DIVISIONS) await repo.setMapping(trx, d, [union.id, ...provincial.map((p) => p.id)]);
    const affiliated = await repo.affiliateByDivisions(trx, union.id, MACHINERY_DIVISIONS);
    for (const p of provincial) await repo.affiliateByDivisions(trx, p.id, MACHINERY_DIVISIONS, p.region_code!);
    return { union, affiliated };
  });
}
