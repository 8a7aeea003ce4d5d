import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/harness.js';

describe('GET /api/health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('reports ok and the database kind', async () => {
    const res = await server.anonymous().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: server.kind });
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const res = await server.anonymous().get('/api/docs/json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/api/orgs/{id}');
  });

  it('answers unknown routes with the error model, translated', async () => {
    const zh = await server.anonymous().get('/api/nope');
    expect(zh.status).toBe(404);
    expect(zh.body).toMatchObject({ status: 404, code: 'route_not_found' });
    expect(zh.body.message).toContain('接口不存在');
    const client = server.anonymous();
    client.locale = 'en-US';
    const en = await client.get('/api/nope');
    expect(en.body.message).toContain('No such endpoint');
  });
});
