// The API contract: the OpenAPI document is one client generators can use (operationIds, security
// per access rule, documented errors), and the web's generated types match it — a server schema
// changed without regenerating fails here.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../platform/http.js';
import { openApiPath, operationIdOf } from '../platform/openapi.js';
import { generateWebTypes, openApiDocumentOf, openContractApp, REGENERATE_COMMAND, WEB_TYPES_PATH } from './document.js';

type Json = Record<string, any>;
const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

describe('the OpenAPI document', () => {
  let doc: Json;
  let routes: ReturnType<typeof routeTable>;
  beforeAll(async () => {
    const { app, close } = await openContractApp();
    doc = openApiDocumentOf(app);
    routes = routeTable(app);
    await close();
  }, 180_000);

  const operations = () =>
    Object.entries(doc.paths as Json).flatMap(([url, item]) =>
      Object.entries(item as Json)
        .filter(([m]) => METHODS.includes(m))
        .map(([method, op]) => ({ url, method, op: op as Json })),
    );

  it('gives every operation a unique, verb-first operationId derived from its method and URL', () => {
    const ids = operations().map((o) => o.op.operationId as string);
    expect(ids.length).toBe(routes.length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    expect(operationIdOf('GET', '/api/people')).toBe('listPeople');
    expect(operationIdOf('GET', '/api/people/{id}')).toBe('getPerson');
    expect(operationIdOf('POST', '/api/orgs')).toBe('createOrg');
    expect(operationIdOf('POST', '/api/orgs/{id}/move')).toBe('moveOrg');
    expect(operationIdOf('DELETE', '/api/people/{id}/skills/{skillId}')).toBe('deletePersonSkill');
    expect(operationIdOf('GET', '/api/tasks/export.xlsx')).toBe('exportTasks');
  });

  it("declares the session cookie and the CSRF header, and applies them by each route's access rule", () => {
    expect(doc.components.securitySchemes).toEqual({
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'jx_session' }),
      csrfToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }),
    });
    for (const route of routes) {
      const op = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.url}`).toBeDefined();
      const expected = route.access?.public ? [] : route.method === 'GET' ? [{ session: [] }] : [{ session: [], csrfToken: [] }];
      expect(op.security, `${route.method} ${route.url}`).toEqual(expected);
    }
  });

  it('documents the error responses with the one error model', () => {
    expect(doc.components.schemas.ErrorResponse.required).toEqual(expect.arrayContaining(['status', 'code', 'message', 'requestId']));
    for (const { url, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${url}`;
      expect(op.responses['503'], where).toEqual({ $ref: '#/components/responses/Unavailable' });
      if (op.security.length) {
        for (const status of ['401', '403', '404']) expect(op.responses[status], `${where} ${status}`).toBeDefined();
        if (method !== 'get') expect(op.responses['409'], `${where} 409`).toBeDefined();
      }
      if (op.parameters?.length || op.requestBody) expect(op.responses['400'], `${where} 400`).toBeDefined();
    }
    expect(doc.paths['/api/auth/login'].post.responses['429']).toBeDefined();
  });

  it('names the main response shapes as components', () => {
    expect(doc.paths['/api/people/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PersonDetail',
    });
    for (const name of ['PersonView', 'OrgView', 'UserView', 'SessionView', 'TaskDetail', 'ReportDetail', 'DashboardView'])
      expect(doc.components.schemas[name], name).toBeDefined();
  });

  it(`matches the committed web types (${WEB_TYPES_PATH})`, async () => {
    const committed = readFileSync(WEB_TYPES_PATH, 'utf8');
    const fresh = await generateWebTypes(doc);
    expect(
      fresh === committed,
      `${WEB_TYPES_PATH} is stale: the server's API schemas changed. Run \`${REGENERATE_COMMAND}\` and commit the result.`,
    ).toBe(true);
  });
});
