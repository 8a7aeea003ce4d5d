// Test harness: a real Jiangxin server on a real database, listening on a free port.
// JX_TEST_DB=pglite (default, in memory) or postgres (a fresh database on 127.0.0.1:5432 per test file).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { buildApp } from '../app.js';
import { ensureRootAndAdmin } from '../bootstrap/first-start.js';
import { testConfig, type Config } from '../config.js';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { useAuditChainKey } from '../platform/audit-chain.js';
import { createSecretBox } from '../platform/secrets.js';

export const ADMIN_PASSWORD = 'Admin-Passw0rd!';
export const USER_PASSWORD = 'User-Passw0rd!';
/** One secret key per test process: the audit chain written by any test server verifies with it. */
export const TEST_SECRET_KEY = randomBytes(32);
useAuditChainKey(TEST_SECRET_KEY);

export const TEST_PG_URL = process.env.JX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testDatabaseKind(): DatabaseKind {
  return process.env.JX_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A migrated database of the kind under test; close() drops it. */
export async function openTestDatabase() {
  if (testDatabaseKind() === 'pglite') {
    const handle = await openDatabase({});
    await migrateToLatest(handle.db);
    return { ...handle, close: () => handle.close() };
  }
  const name = `jx_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolMax: 5 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  /** The database handle (backups need the PGlite instance or the PostgreSQL URL). */
  handle: DatabaseHandle;
  db: Kysely<Database>;
  kind: DatabaseKind;
  baseUrl: string;
  config: Config;
  rootOrgId: string;
  /** Signs in and returns a client carrying the session cookie and CSRF token. */
  login(username: string, password?: string, totpCode?: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const handle = await openTestDatabase();
  const config = testConfig({
    JIANGXIN_LOGIN_RATE_PER_MINUTE: 100_000,
    JIANGXIN_ADMIN_TOTP: 'optional',
    JIANGXIN_WEB_DIR: '/nonexistent',
    ...overrides,
  });
  const secrets = createSecretBox(TEST_SECRET_KEY);
  await ensureRootAndAdmin(handle.db, ADMIN_PASSWORD);
  const root = await handle.db.selectFrom('organisations').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const app = await buildApp({ db: handle.db, dbKind: handle.kind, config, secrets });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const server: TestServer = {
    app,
    handle,
    db: handle.db,
    kind: handle.kind,
    baseUrl,
    config,
    rootOrgId: root.id,
    anonymous: () => new Client(baseUrl),
    async login(username, password = username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD, totpCode) {
      const client = new Client(baseUrl);
      const res = await client.post('/api/auth/login', { username, password, ...(totpCode && { totpCode }) });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return client;
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
  return server;
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A minimal HTTP client over fetch that keeps the session cookie and sends the CSRF token. */
export class Client {
  cookie: string | undefined;
  csrfToken: string | undefined;
  locale = 'zh-CN';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { 'accept-language': this.locale, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') h['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /jx_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `jx_session=${m[1]}` : undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (path === '/api/auth/login' && res.status === 200) this.csrfToken = (parsed as { csrfToken: string }).csrfToken;
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}
