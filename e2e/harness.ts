// Browser-test harness: the real server (own data directory, free port) and Debian's Chromium
// driven by playwright-core. No browser is ever downloaded.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { totpCode } from '../src/server/platform/totp.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ADMIN_PASSWORD = 'Admin-Passw0rd!';
const CI = process.env.CI === 'true' || process.env.CI === '1';

/** Whether the browser suite can run here; without Chromium it is skipped, except under CI=true. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (CI) throw new Error(`${CHROMIUM} is missing and CI=true: the browser suite cannot be skipped`);
  console.warn(`[e2e] ${CHROMIUM} not found: browser suite skipped (apt-get install chromium)`);
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `npm test` builds the web app first; a lone `vitest --project e2e` builds it when missing. */
function ensureWebBuilt(): void {
  if (existsSync('dist/web/index.html')) return;
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the web app (vite build) failed');
}

/** Starts `src/server/main.ts` with a fresh data directory and waits until /api/health answers. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  ensureWebBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-e2e-'));
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    JIANGXIN_DATA_DIR: dataDir,
    JIANGXIN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    JIANGXIN_ADMIN_TOTP: 'required',
    JIANGXIN_LOGIN_RATE_PER_MINUTE: '1000',
    // The scenario builds its own tree: no demo organisations and logins.
    JIANGXIN_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += String(d)));
  child.stderr?.on('data', (d) => (log += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const baseUrl = `http://127.0.0.1:${port}`;
  // A start takes seconds; on a machine busy with other work (tsx compiling under load) minutes.
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before it was ready:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after 150 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const server: RunningServer = {
    baseUrl,
    dataDir,
    output: () => log,
    stop: async () => {
      runningServers.delete(server);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  runningServers.add(server);
  return server;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * What most browser tests start with: the server (with `env`), the browser, and an API client signed
 * in as the admin. Whatever was started is stopped again when a later step fails.
 */
export async function startWithAdmin(
  env: Record<string, string> = {},
): Promise<{ server: RunningServer; browser: Browser; admin: ApiClient }> {
  const server = await startServer(env);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    return { server, browser, admin };
  } catch (err) {
    await browser?.close();
    await server.stop();
    throw err;
  }
}

/**
 * A fresh browser context (own cookies and localStorage) in Chinese, on a desktop-sized window,
 * asking for reduced motion: the app then turns antd's animations off, so no click lands on a
 * popup that is still zooming into place.
 */
export async function newPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[browser] ${err.message}`));
  openPages.add(page);
  page.once('close', () => openPages.delete(page));
  return { context, page };
}

/** A browser page signed in with the session of an API client (skips the sign-in form). */
export async function signedInPage(browser: Browser, baseUrl: string, client: ApiClient): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPage(browser, baseUrl);
  await opened.context.addCookies([{ ...client.sessionCookie(), url: baseUrl }]);
  return opened;
}

const lastStep = new Map<string, number>();

/**
 * A TOTP code the server will take: it refuses a step at or before the last one used, and accepts
 * one step of clock drift, so this hands out the next unused step (waiting only when needed).
 */
export async function nextTotp(secret: string): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now, (lastStep.get(secret) ?? -1) + 1);
    if (step <= now + 1) {
      lastStep.set(secret, step);
      return totpCode(secret, step * 30_000);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Seeds through the HTTP API with a session cookie and the CSRF token, as the web app does. */
export class ApiClient {
  private cookie = '';
  private csrf = '';

  constructor(private readonly baseUrl: string) {}

  async login(username: string, password: string, totpSecret?: string): Promise<unknown> {
    const body: Record<string, string> = { username, password };
    if (totpSecret) body.totpCode = await nextTotp(totpSecret);
    const res = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { csrfToken?: string };
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(json)}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrf = json.csrfToken ?? '';
    return json;
  }

  /** The session cookie, to open a browser context already signed in as this client. */
  sessionCookie(): { name: string; value: string } {
    const [name = '', value = ''] = this.cookie.split('=');
    return { name, value };
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie: this.cookie, 'x-csrf-token': this.csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Pages opened by `newPage` and servers started by `startServer`, still open: for `reportFailure`. */
const openPages = new Set<Page>();
const runningServers = new Set<RunningServer>();

/**
 * What a failed test leaves to read afterwards (e2e/setup.ts calls it for every browser test): a
 * screenshot of each open page under `.tmp/e2e-failures/`, the messages, dialogs and popups on
 * screen, and the tail of each running server's log.
 */
export async function reportFailure(testName: string): Promise<void> {
  const dir = join('.tmp', 'e2e-failures');
  mkdirSync(dir, { recursive: true });
  const slug = testName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
  for (const [i, page] of [...openPages].entries()) {
    const file = join(dir, `${slug}-${i + 1}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    const onScreen = await page
      .locator('.ant-message, .ant-modal-wrap:not([style*="display: none"]), .ant-popover:not(.ant-popover-hidden)')
      .allInnerTexts()
      .catch(() => []);
    console.error(`[e2e] page ${i + 1} at ${page.url()} (screenshot ${file}); on screen: ${JSON.stringify(onScreen)}`);
  }
  for (const server of runningServers) console.error(`[e2e] server ${server.baseUrl} log (tail):\n${server.output().slice(-4000)}`);
}

/**
 * A user created by the admin with one role, past the first sign-in's password change, signed in
 * with `password`.
 */
export async function userClient(
  baseUrl: string,
  admin: ApiClient,
  username: string,
  orgId: string,
  role: string,
  password: string,
  displayName = username,
): Promise<ApiClient> {
  await admin.call('POST', '/api/users', { username, displayName, password: 'Initial-Passw0rd!', orgId, roles: [role] });
  const first = new ApiClient(baseUrl);
  await first.login(username, 'Initial-Passw0rd!');
  await first.call('POST', '/api/auth/password', { currentPassword: 'Initial-Passw0rd!', newPassword: password });
  const client = new ApiClient(baseUrl);
  await client.login(username, password);
  return client;
}

/**
 * Under the root, 山东省总工会 (a province federation) and in it the enterprise 滨州装备制造有限公司
 * (with a fixed valid USCC), created by the admin.
 */
export async function createProvinceEnterprise(admin: ApiClient): Promise<{ provinceId: string; enterpriseId: string }> {
  const root = (await admin.call<{ items: { id: string }[] }>('GET', '/api/orgs')).items[0]!.id;
  const province = await admin.call<{ id: string }>('POST', '/api/orgs', {
    parentId: root,
    name: '山东省总工会',
    kind: 'federation',
    level: 'province',
  });
  const enterprise = await admin.call<{ id: string }>('POST', '/api/orgs', {
    parentId: province.id,
    name: '滨州装备制造有限公司',
    kind: 'enterprise',
    level: 'grassroots',
    uscc: `91371600MA3C0A1B2${usccCheckCharacter('91371600MA3C0A1B2')}`,
  });
  return { provinceId: province.id, enterpriseId: enterprise.id };
}
