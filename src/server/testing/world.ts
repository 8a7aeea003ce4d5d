// A small world for tests, spread across sibling subtrees so cross-tenant leaks surface by default:
// root > province > { cityA > (enterpriseA, unitA), cityB > (enterpriseB) }, with users in each city.
import { usccCheckCharacter } from '../modules/orgs/uscc.js';
import { USER_PASSWORD, type Client, type TestServer } from './harness.js';

let usccSeq = 0;
/** A fresh, valid unified social credit code. */
export function makeUscc(): string {
  usccSeq += 1;
  const body = `913716${String(Date.now() % 1e6).padStart(6, '0')}${String(usccSeq).padStart(5, '0')}`.slice(0, 17);
  return body + usccCheckCharacter(body);
}

export interface World {
  admin: Client;
  province: string;
  cityA: string;
  cityB: string;
  enterpriseA: string;
  enterpriseB: string;
  unitA: string;
  /** federation_staff of city A and city B */
  staffA: Client;
  staffB: Client;
  staffAId: string;
  staffBId: string;
  viewerAId: string;
}

export async function createOrg(
  client: Client,
  parentId: string,
  name: string,
  kind = 'federation',
  level = 'city',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const body = { parentId, name, kind, level, ...(kind === 'enterprise' && { uscc: makeUscc() }), ...extra };
  const res = await client.post('/api/orgs', body);
  if (res.status !== 201) throw new Error(`create org ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function createUser(client: Client, username: string, orgId: string, roles: string[]): Promise<string> {
  const res = await client.post('/api/users', { username, displayName: username, password: USER_PASSWORD, orgId, roles });
  if (res.status !== 201) throw new Error(`create user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Signs a fresh user in and replaces the initial password (the forced first change) with USER_PASSWORD2. */
export const USER_PASSWORD2 = 'Changed-Passw0rd!';
export async function loginFresh(server: TestServer, username: string): Promise<Client> {
  const c = await server.login(username, USER_PASSWORD);
  const res = await c.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: USER_PASSWORD2 });
  if (res.status !== 204) throw new Error(`password change ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}

export async function createWorld(server: TestServer, tag = ''): Promise<World> {
  const admin = await server.login('admin');
  const province = await createOrg(admin, server.rootOrgId, `山东省总工会${tag}`, 'federation', 'province', { regionCode: '370000' });
  const cityA = await createOrg(admin, province, `滨州市总工会${tag}`, 'federation', 'city', { regionCode: '371600' });
  const cityB = await createOrg(admin, province, `济南市总工会${tag}`, 'federation', 'city', { regionCode: '370100' });
  const enterpriseA = await createOrg(admin, cityA, `滨州装备制造有限公司${tag}`, 'enterprise', 'grassroots');
  const enterpriseB = await createOrg(admin, cityB, `济南机床有限公司${tag}`, 'enterprise', 'grassroots');
  const unitA = await createOrg(admin, cityA, `滨州市人社局${tag}`, 'member_unit', 'city');
  const staffAId = await createUser(admin, `staff_a${tag}`, cityA, ['federation_staff']);
  const staffBId = await createUser(admin, `staff_b${tag}`, cityB, ['federation_staff']);
  const viewerAId = await createUser(admin, `viewer_a${tag}`, cityA, ['viewer']);
  const staffA = await loginFresh(server, `staff_a${tag}`);
  const staffB = await loginFresh(server, `staff_b${tag}`);
  return { admin, province, cityA, cityB, enterpriseA, enterpriseB, unitA, staffA, staffB, staffAId, staffBId, viewerAId };
}
