// The built web app as the server hands it out: files of the build, the app's page for client-side
// routes, and a 404 (the API's error model) for a file that is not there — never the page in its
// place, which a browser would refuse as a script ("MIME type text/html").
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness.js';

describe('serving the web app', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jx-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app-1a2b.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    server = await startTestServer({ JIANGXIN_WEB_DIR: dir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${server.baseUrl}${path}`);

  it('serves the page at / and at client-side routes, not to be cached', async () => {
    for (const path of ['/', '/orgs/12', '/people?q=a.b', '/tasks/ledger']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await res.text(), path).toContain('<div id="root">');
    }
    for (const path of ['/', '/orgs/12']) expect((await get(path)).headers.get('cache-control'), path).toBe('no-cache');
  });

  it("serves the build's files with their types", async () => {
    const res = await get('/assets/app-1a2b.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });

  it('serves the OpenAPI document beside the web app, which stays out of it', async () => {
    const res = await get('/api/docs/json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/'))).toBe(true);
  });

  it('answers a file that is not there with 404 and the error model, not with the page', async () => {
    for (const path of ['/assets/app-old.js', '/favicon.ico', '/assets/logo.svg?v=2']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(await res.json(), path).toMatchObject({ status: 404 });
    }
  });
});
