// Fixtures of the industry chain: two sibling national industry unions under the root — X, to which
// city B's enterprise is affiliated, and Y of another industry, with no affiliation there — and a
// federation_staff login in each. Created through the API.
import type { Client, TestServer } from './harness.js';
import { must } from './tasks-world.js';
import { createOrg, createUser, loginFresh, type World } from './world.js';

export interface IndustryWorld {
  unionX: string;
  unionY: string;
  /** federation_staff of union X (enterprise B affiliated) and of union Y (nothing affiliated in B) */
  staffX: Client;
  staffY: Client;
  affiliationB: string;
}

export async function createIndustryWorld(server: TestServer, w: World, tag = ''): Promise<IndustryWorld> {
  const unionX = await createOrg(w.admin, server.rootOrgId, `中国机械冶金建材工会${tag}`, 'industry_union', 'national');
  const unionY = await createOrg(w.admin, server.rootOrgId, `中国能源化学地质工会${tag}`, 'industry_union', 'national');
  await createUser(w.admin, `iu_x${tag}`, unionX, ['federation_staff']);
  await createUser(w.admin, `iu_y${tag}`, unionY, ['federation_staff']);
  const list = must(await w.staffB.post(`/api/orgs/${w.enterpriseB}/affiliations`, { unionId: unionX }), 200, 'affiliation');
  const affiliationB = list.items.find((a: { union: { id: string } }) => a.union.id === unionX).id;
  const staffX = await loginFresh(server, `iu_x${tag}`);
  const staffY = await loginFresh(server, `iu_y${tag}`);
  return { unionX, unionY, staffX, staffY, affiliationB };
}
