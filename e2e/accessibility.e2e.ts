// Accessibility: axe-core's WCAG 2.1 A/AA rules on every page of each role's menu, in Chinese and in
// English, and on the main dialogs and forms (with their validation errors showing and a confirmation
// open), where most labelling problems live. Zero violations; a failure lists rule, element and page.
// (e2e/every-page.e2e.ts runs the same check on its full page list as the federation user and the admin.)
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo.js';
import { type AxeFinding, axeFindings, formatFindings } from './axe.js';
import { ADMIN_PASSWORD, ApiClient, browserAvailable, launchBrowser, signedInPage, startServer, type RunningServer } from './harness.js';
import { treeItem } from './ui.js';

interface Listed {
  items: { id: string }[];
}

const ROLES = ['shandong', 'liaison', 'xiangdian', 'viewer', 'admin'] as const;
type Login = (typeof ROLES)[number];

/** Waits until the page has settled: requests done, no spinner or skeleton left. */
async function settled(page: Page): Promise<void> {
  await page.locator('main, #root > *').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning, .ant-skeleton-active')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
}

/** The dialog on screen (antd keeps closed ones in the page, hidden). */
function openDialog(page: Page) {
  return page.locator('.ant-modal-wrap:not([style*="display: none"]) .ant-modal').last();
}

/**
 * Opens a dialog with `trigger`, checks it, presses its OK button to show the validation errors,
 * checks again, and closes it.
 */
async function checkDialog(page: Page, where: string, trigger: ReturnType<Page['locator']>): Promise<AxeFinding[]> {
  await trigger.first().click();
  const dialog = openDialog(page);
  await dialog.waitFor();
  await page.waitForLoadState('networkidle');
  const findings = await axeFindings(page, `${where} (dialog)`);
  await dialog.locator('.ant-modal-footer .ant-btn-primary').last().click();
  await dialog.locator('.ant-form-item-explain-error').first().waitFor();
  findings.push(...(await axeFindings(page, `${where} (dialog with errors)`)));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  return findings;
}

/** Opens a confirmation (Popconfirm) with `trigger`, checks the page with it open, and cancels it. */
async function checkConfirm(page: Page, where: string, trigger: ReturnType<Page['locator']>): Promise<AxeFinding[]> {
  await trigger.first().click();
  const pop = page.locator('.ant-popover:not(.ant-popover-hidden)').last();
  await pop.waitFor();
  const findings = await axeFindings(page, `${where} (confirmation)`);
  await pop.locator('.ant-btn').first().click();
  await pop.waitFor({ state: 'hidden' });
  return findings;
}

/** The side menu's entries, opened one after the other: the pages this role reaches. */
async function menuPaths(page: Page): Promise<string[]> {
  await page.goto('/profile');
  await settled(page);
  const items = page.locator('.ant-layout-sider .ant-menu-item');
  const count = await items.count();
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    await items.nth(i).click();
    await page.waitForURL((url) => url.pathname !== '/profile' || i === 0);
    await settled(page);
    paths.push(new URL(page.url()).pathname);
  }
  return [...new Set(paths)];
}

describe.runIf(browserAvailable())('accessibility: WCAG 2.1 AA on every page', () => {
  let server: RunningServer;
  let browser: Browser;
  const clients = {} as Record<Login, ApiClient>;
  const details = {} as Record<Login, string[]>;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' });
    browser = await launchBrowser();
    for (const user of ROLES) {
      const c = new ApiClient(server.baseUrl);
      await c.login(user, user === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
      clients[user] = c;
      const first = async (path: string) => (await c.call<Listed>('GET', path).catch(() => ({ items: [] }))).items[0]?.id;
      const person = await first('/api/people?pageSize=1');
      const programme = await first('/api/programmes');
      const task = await first('/api/tasks?pageSize=1');
      details[user] = [
        '/profile',
        '/notifications',
        ...(person ? [`/people/${person}`] : []),
        ...(programme ? [`/programmes/${programme}`] : []),
        ...(task ? [`/tasks/${task}`] : []),
      ];
    }
  }, 300_000); // the server's start and five sign-ins (argon2), on a machine busy with other work
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the sign-in and registration pages, in both languages, also with their validation errors showing', async () => {
    const findings: AxeFinding[] = [];
    for (const locale of ['zh-CN', 'en-US']) {
      const page = await browser.newPage({ baseURL: server.baseUrl, locale, reducedMotion: 'reduce' });
      await page.addInitScript((l) => localStorage.setItem('jx.locale', l), locale);
      await page.goto('/login');
      await page.locator('form').first().waitFor();
      findings.push(...(await axeFindings(page, `${locale} /login`)));
      await page.locator('form button[type="submit"]').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      findings.push(...(await axeFindings(page, `${locale} /login (errors)`)));
      // The workers' self-registration, reached from the sign-in page.
      await page.goto('/register');
      await page.locator('form').first().waitFor();
      findings.push(...(await axeFindings(page, `${locale} /register`)));
      await page.locator('form button[type="submit"]').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      findings.push(...(await axeFindings(page, `${locale} /register (errors)`)));
      await page.close();
    }
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  for (const user of ROLES) {
    for (const locale of ['zh-CN', 'en-US']) {
      it(`${user}, ${locale}: every page of the menu and the detail pages`, async () => {
        const { context, page } = await signedInPage(browser, server.baseUrl, clients[user]);
        await page.addInitScript((l) => localStorage.setItem('jx.locale', l), locale);
        const findings: AxeFinding[] = [];
        const paths = [...(await menuPaths(page)), ...details[user]];
        for (const path of paths) {
          await page.goto(path);
          await settled(page);
          findings.push(...(await axeFindings(page, `${user} ${locale} ${path}`)));
        }
        await context.close();
        expect(findings, formatFindings(findings)).toEqual([]);
      }, 360_000); // a dozen pages or more, each settled and checked, on a machine busy with other work
    }
  }

  it('the main dialogs and forms, with their validation errors, and a confirmation, in both languages', async () => {
    const findings: AxeFinding[] = [];
    for (const locale of ['zh-CN', 'en-US']) {
      for (const user of ['shandong', 'admin'] as const) {
        const { context, page } = await signedInPage(browser, server.baseUrl, clients[user]);
        await page.addInitScript((l) => localStorage.setItem('jx.locale', l), locale);
        const open = async (path: string) => {
          await page.goto(path);
          await settled(page);
        };
        const primary = page.locator('main .ant-btn-primary:not([disabled])');
        if (user === 'shandong') {
          // The organisation tree: a new subordinate organisation.
          await open('/orgs');
          await page.locator('main .ant-btn-primary').first().waitFor();
          findings.push(...(await checkDialog(page, `${user} ${locale} /orgs`, primary)));
          // Archiving a subordinate organisation (not one's own) asks first.
          await treeItem(page, '滨州市总工会').first().getByText('滨州市总工会', { exact: true }).click();
          findings.push(...(await checkConfirm(page, `${user} ${locale} /orgs`, page.locator('main button:has(.anticon-inbox)'))));
          // Programmes: a new programme, then a new task inside the first one.
          await open('/programmes');
          findings.push(...(await checkDialog(page, `${user} ${locale} /programmes`, primary)));
          const programme = details[user].find((p) => p.startsWith('/programmes/'));
          if (programme) {
            await open(programme);
            findings.push(...(await checkDialog(page, `${user} ${locale} ${programme}`, primary)));
          }
          // Profile: the password form with its errors showing.
          await open('/profile');
          await page.locator('main form button[type="submit"]').first().click();
          await page.locator('main .ant-form-item-explain-error').first().waitFor();
          findings.push(...(await axeFindings(page, `${user} ${locale} /profile (errors)`)));
        } else {
          // Users: a new account, and the confirmation before disabling one.
          await open('/users');
          findings.push(...(await checkDialog(page, `${user} ${locale} /users`, primary)));
          findings.push(...(await checkConfirm(page, `${user} ${locale} /users`, page.locator('main .ant-table-row .ant-btn-dangerous'))));
        }
        await context.close();
      }
    }
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 360_000);
});
