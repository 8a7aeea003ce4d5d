// What an attacker's browser or script reaches first: security headers on every answer (app page,
// API, docs), and text the database cannot store (NUL, bytes that are not UTF-8) refused with 400
// naming the field instead of a 500 from deep inside a statement.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../testing/harness.js';

let server: TestServer;
let admin: Client;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jx-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  server = await startTestServer({ JIANGXIN_WEB_DIR: dir });
  admin = await server.login('admin');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('are sent with the app page, API answers (errors too) and the docs; no HSTS over plain HTTP', async () => {
    for (const path of ['/', '/orgs/1', '/api/health', '/api/orgs', '/api/nowhere']) {
      const res = await fetch(server.baseUrl + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
    const docs = await fetch(`${server.baseUrl}/api/docs/static/index.html`);
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('adds HSTS when the app is served over HTTPS', async () => {
    const secure = await startTestServer({ JIANGXIN_COOKIE_SECURE: true });
    try {
      const res = await fetch(`${secure.baseUrl}/api/health`);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await secure.close();
    }
  });
});

describe('text the database cannot store', () => {
  it('a NUL in a JSON string field answers 400 naming the field', async () => {
    const res = await admin.post('/api/orgs', { kind: 'federation', level: 'county', parentId: server.rootOrgId, name: 'a\u0000b' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.fields).toEqual([expect.objectContaining({ path: 'body.name', code: 'nul_character' })]);
    expect(res.body.fields[0].message).toContain('NUL');
  });

  it('a NUL in a query string or a path answers 400', async () => {
    for (const path of ['/api/orgs?q=a%00b', '/api/people?q=%00', '/api/orgs/1%00']) {
      const res = await admin.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.fields[0].code, path).toBe('nul_character');
    }
    const res = await admin.get('/api/orgs?q=a%00b');
    expect(res.body.fields[0].path).toBe('query.q');
  });

  it('bytes that are not UTF-8 in a query string or a body answer 400', async () => {
    const q = await admin.get('/api/orgs?q=%FF%FE');
    expect(q.status).toBe(400);
    expect(q.body.fields[0]).toMatchObject({ path: 'query.q', code: 'invalid_utf8' });

    const res = await fetch(`${server.baseUrl}/api/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie!, 'x-csrf-token': admin.csrfToken! },
      body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).fields[0]).toMatchObject({ path: 'body', code: 'invalid_utf8' });
  });

  it('ordinary Chinese text still passes', async () => {
    const res = await admin.get(`/api/orgs?q=${encodeURIComponent('滨州')}`);
    expect(res.status).toBe(200);
  });
});

describe('raw uploads pass the text guard untouched', () => {
  it('a roster upload (a stream, not JSON) is not walked for NUL characters', async () => {
    const res = await fetch(`${server.baseUrl}/api/people/imports?orgId=${server.rootOrgId}&fileName=a.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie: admin.cookie!, 'x-csrf-token': admin.csrfToken! },
      body: 'a,b\u0000\n1,2\n',
    });
    expect(res.status).not.toBe(500);
  });
});
