// Every page of the app, as the demo's federation user and as the system admin, in both languages:
// the Content-Security-Policy the server sends is one the app lives with (no violation reported by
// Chromium, no script error on any page), and each page passes axe-core's WCAG 2.1 AA rules
// (e2e/accessibility.e2e.ts does the other roles' menus and the dialogs).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo.js';
import { type AxeFinding, axeFindings, formatFindings } from './axe.js';
import {
  ADMIN_PASSWORD,
  ApiClient,
  browserAvailable,
  launchBrowser,
  newPage,
  signedInPage,
  startServer,
  type RunningServer,
} from './harness.js';

interface Listed {
  items: { id: string }[];
}

/** Collects CSP violations and script errors reported by the page, from before its first script runs. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|CSP violation|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  return problems;
}

describe.runIf(browserAvailable())('every page under the security policy', () => {
  let server: RunningServer;
  let browser: Browser;
  const paths: Record<string, string[]> = {};
  const clients: Record<string, ApiClient> = {};

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' });
    browser = await launchBrowser();
    for (const [user, password] of [
      ['shandong', DEMO_PASSWORD],
      ['admin', ADMIN_PASSWORD],
    ] as const) {
      const c = new ApiClient(server.baseUrl);
      await c.login(user, password);
      clients[user] = c;
    }
    const c = clients.shandong!;
    const person = (await c.call<Listed>('GET', '/api/people?pageSize=1')).items[0]?.id;
    const programme = (await c.call<Listed>('GET', '/api/programmes')).items[0]?.id;
    const task = (await c.call<Listed>('GET', '/api/tasks?pageSize=1').catch(() => ({ items: [] }))).items[0]?.id;
    const article = (await c.call<Listed>('GET', '/api/news/articles?pageSize=1')).items[0]?.id;
    const studio = (await c.call<Listed>('GET', '/api/studios?pageSize=1')).items[0]?.id;
    const pair = (await clients.admin!.call<Listed>('GET', '/api/mentorships?pageSize=1')).items[0]?.id;
    // The demo's 复工复产 return is Hunan's: the root admin sees it on the organiser's side.
    const statusReturn = (await clients.admin!.call<Listed>('GET', '/api/returns')).items[0]?.id;
    const common = [
      '/dashboard',
      '/orgs',
      '/industry',
      '/industry?tab=mapping',
      '/people',
      '/people/transfers',
      '/people/worker-registrations',
      '/programmes',
      '/tasks/mine',
      '/tasks/ledger',
      '/tasks/board',
      '/tasks/summary',
      '/tasks/ledger/print',
      '/visits',
      '/meetings',
      '/returns',
      '/audit',
      '/proposals',
      '/proposals/selections',
      '/proposals/dashboard',
      '/profile',
      '/notifications',
      '/news',
      '/news/submissions',
      '/studios',
      '/studio-calls',
      '/studio-dashboard',
      '/mentorships',
    ];
    const visit = (await c.call<Listed>('GET', '/api/visits?pageSize=1')).items[0]?.id;
    const meeting = (await c.call<Listed>('GET', '/api/meetings?pageSize=1')).items[0]?.id;
    paths.shandong = [
      ...common,
      '/people/import',
      '/tasks/reviews',
      ...(person ? [`/people/${person}`] : []),
      ...(programme ? [`/programmes/${programme}`] : []),
      ...(task ? [`/tasks/${task}`] : []),
      ...(article ? [`/news/${article}`, '/news/new'] : []),
      ...(visit ? [`/visits/${visit}`] : []),
      ...(meeting ? [`/meetings/${meeting}`] : []),
      ...(studio ? [`/studios/${studio}`] : []),
    ];
    paths.admin = [...common, '/users', ...(pair ? [`/mentorships/${pair}`] : []), ...(statusReturn ? [`/returns/${statusReturn}`] : [])];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the sign-in page and the API docs load without a violation', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const problems = await watch(page);
    await page.goto('/login');
    await page.getByLabel('用户名').waitFor();
    await page.goto('/register');
    await page.getByLabel('身份证号').waitFor();
    await page.goto('/api/docs');
    await page.locator('.swagger-ui').first().waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const user of ['shandong', 'admin']) {
    for (const locale of ['zh-CN', 'en-US']) {
      it(`${user}, ${locale}: no page reports a CSP violation or a script error, or an accessibility violation`, async () => {
        const { context, page } = await signedInPage(browser, server.baseUrl, clients[user]!);
        await page.addInitScript((l) => localStorage.setItem('jx.locale', l), locale);
        const problems = await watch(page);
        const findings: AxeFinding[] = [];
        for (const path of paths[user]!) {
          await page.goto(path);
          await page.locator('main, #root > *').first().waitFor();
          await page.waitForLoadState('networkidle');
          expect(problems, path).toEqual([]);
          // WCAG 2.1 AA (axe-core), once the page has settled: no spinner or skeleton left.
          await page
            .locator('.ant-spin-spinning, .ant-skeleton-active')
            .first()
            .waitFor({ state: 'detached' })
            .catch(() => undefined);
          findings.push(...(await axeFindings(page, `${user} ${locale} ${path}`)));
        }
        await context.close();
        expect(findings, formatFindings(findings)).toEqual([]);
      }, 360_000);
    }
  }
});
