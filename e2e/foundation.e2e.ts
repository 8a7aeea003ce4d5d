// The foundation scenario in a real browser against the real server:
// admin TOTP enrolment and sign-in, building a tree, creating a user, the user's forced password
// change and subtree scope, the language switch, and the audit log.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ApiClient,
  browserAvailable,
  launchBrowser,
  newPage,
  nextTotp,
  signedInPage,
  startServer,
  type RunningServer,
} from './harness.js';
import { button, dialog, pickOption, signIn, signOut, treeItem, waitForPath } from './ui';

const USER = { username: 'binzhou.staff', displayName: '张滨州', initial: 'Binzhou-Init-2026', final: 'Binzhou-Final-2026!' };

interface OrgRef {
  id: string;
  name: string;
}

describe.skipIf(!browserAvailable())('foundation scenario (Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let totpSecret = '';
  /** Admin over the API, for look-ups and seeding (signed in once: every TOTP sign-in needs a new 30 s step). */
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser, server.baseUrl));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Looks an organisation up by exact name through the API as admin. */
  async function findOrg(name: string): Promise<OrgRef> {
    const res = await admin.call<{ items: OrgRef[] }>('GET', `/api/orgs?q=${encodeURIComponent(name)}`);
    const org = res.items.find((o) => o.name === name);
    if (!org) throw new Error(`organisation ${name} not found`);
    return org;
  }

  it('admin enrols TOTP at the first sign-in, then signs in again with a one-time code', async () => {
    await page.goto('/');
    await waitForPath(page, /^\/login$/);
    await signIn(page, 'admin', ADMIN_PASSWORD);

    await waitForPath(page, /^\/setup\/totp$/);
    await expect.poll(() => page.getByRole('img', { name: '两步验证二维码' }).count()).toBe(1);
    totpSecret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
    expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('验证码').fill(await nextTotp(totpSecret));
    await button(page, '启用两步验证').click();

    await waitForPath(page, /^\/orgs/);
    await expect.poll(() => page.getByRole('menuitem', { name: /组织机构/ }).count()).toBe(1);
    await signOut(page);
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD, totpSecret);

    await signIn(page, 'admin', ADMIN_PASSWORD, () => nextTotp(totpSecret));
    await waitForPath(page, /^\/orgs/);
    await page.getByRole('button', { name: '用户菜单' }).filter({ hasText: '系统管理员' }).waitFor();
  });

  async function addChild(parent: string, name: string, level?: string): Promise<void> {
    await treeItem(page, parent).first().getByText(parent, { exact: true }).click();
    await page.getByRole('heading').or(page.locator('.ant-card-head-title')).filter({ hasText: parent }).first().waitFor();
    await button(page, '新增下级').click();
    const modal = dialog(page);
    await modal.getByLabel('组织名称').fill(name);
    if (level) await pickOption(page, '层级', level, { within: modal });
    await button(modal, '保存').click();
    await modal.waitFor({ state: 'detached' });
    await treeItem(page, name).first().waitFor();
  }

  it('admin builds a small tree in the UI', async () => {
    await addChild('中华全国总工会', '滨州市总工会', '市级');
    await addChild('中华全国总工会', '济南市总工会', '市级');
    await addChild('滨州市总工会', '滨城区总工会');
    await addChild('济南市总工会', '历下区总工会');

    // The detail pane of the new child shows its fields and where it sits.
    await treeItem(page, '滨城区总工会').getByText('滨城区总工会', { exact: true }).click();
    await waitForPath(page, /^\/orgs\/\d+$/);
    await page.getByText('县级', { exact: true }).waitFor();
    await page.locator('.ant-breadcrumb').getByText('滨州市总工会').waitFor();
  });

  it('admin creates a federation-staff user of 滨州市总工会 in the UI', async () => {
    await page.getByRole('menuitem', { name: /用户管理/ }).click();
    await waitForPath(page, /^\/users$/);
    await button(page, '新建用户').click();
    const modal = dialog(page);
    await modal.getByLabel('用户名').fill(USER.username);
    await modal.getByLabel('姓名').fill(USER.displayName);
    await modal.getByLabel('初始密码').fill(USER.initial);
    await modal.getByLabel('确认密码').fill(USER.initial);
    await pickOption(page, '所属组织', '滨州市总工会', { within: modal, search: '滨州' });
    await pickOption(page, '角色', '总工会工作人员', { within: modal });
    await page.keyboard.press('Escape'); // close the multi-select's list, not the modal
    await button(modal, '创建').click();
    await modal.waitFor({ state: 'detached' });

    const row = page.getByRole('row').filter({ hasText: USER.username });
    await row.waitFor();
    expect(await row.textContent()).toContain('滨州市总工会');
    expect(await row.textContent()).toContain('总工会工作人员');
  });

  it('the new user must replace the initial password at the first sign-in', async () => {
    await signOut(page);
    await signIn(page, USER.username, USER.initial);
    await waitForPath(page, /^\/setup\/password$/);
    await page.getByLabel('当前密码').fill(USER.initial);
    await page.getByLabel('新密码').fill(USER.final);
    await page.getByLabel('确认密码').fill(USER.final);
    await page.getByLabel('确认密码').press('Enter');
    await waitForPath(page, /^\/orgs/);
    await page.getByRole('button', { name: '用户菜单' }).filter({ hasText: USER.displayName }).waitFor();
  });

  it('the user sees only their own subtree: not in the tree, not in search, not by address', async () => {
    await treeItem(page, '滨州市总工会').first().waitFor();
    await treeItem(page, '滨城区总工会').first().waitFor();
    expect(await treeItem(page, '济南市总工会').count()).toBe(0);
    expect(await treeItem(page, '中华全国总工会').count()).toBe(0);
    // Admin-only pages are not in the menu of federation staff... but users and audit are.
    expect(await page.getByRole('menuitem', { name: /审计日志/ }).count()).toBe(1);

    const search = page.getByRole('searchbox', { name: '按名称搜索组织' }).or(page.getByLabel('按名称搜索组织'));
    await search.fill('济南');
    await search.press('Enter');
    await page.getByText('没有匹配的组织').waitFor();
    await search.fill('滨城');
    await search.press('Enter');
    await page.getByRole('link', { name: '滨城区总工会' }).waitFor();

    const jinan = await findOrg('济南市总工会');
    await page.goto(`/orgs/${jinan.id}`);
    await page.getByText('组织不存在').first().waitFor();
    expect(await page.getByText('济南市总工会').count()).toBe(0);
  });

  it('switches the interface to English, and the choice survives a reload', async () => {
    await page.goto('/orgs');
    await page.getByRole('button', { name: '界面语言' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: /Organisations/ }).waitFor();
    expect(await page.getByRole('menuitem', { name: /Users/ }).count()).toBe(1);
    await page.getByRole('button', { name: /Add child/ }).waitFor();

    await page.reload();
    await page.getByRole('menuitem', { name: /Organisations/ }).waitFor();
    await page.getByText('Direct children').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('jx.locale'))).toBe('en-US');
    const me = (await (await page.request.get('/api/auth/me')).json()) as { user: { locale: string } };
    expect(me.user.locale).toBe('en-US');
    // Server messages follow too.
    const res = await page.request.get('/api/orgs/999999', { headers: { 'Accept-Language': 'en-US' } });
    expect(res.status()).toBe(404);
    await signOut(page, { menu: 'User menu', signOut: 'Sign out' });
    await context.close();
  });

  it('the audit page lists the writes', async () => {
    ({ context, page } = await signedInPage(browser, server.baseUrl, admin));
    await page.goto('/');
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await waitForPath(page, /^\/audit$/);

    const rows = page.locator('.ant-table-tbody').getByRole('row');
    await rows.filter({ hasText: '启用两步验证' }).first().waitFor();
    expect(await rows.filter({ hasText: '修改密码' }).count()).toBeGreaterThan(0);

    // Only the creations of users: the new user, with its roles in the "after" column.
    await pickOption(page, '操作', '新增');
    await pickOption(page, '对象类型', '用户');
    await button(page, '查询').click();
    const created = rows.filter({ hasText: 'admin' }).filter({ hasText: '用户' });
    await expect.poll(() => rows.filter({ hasText: '组织' }).count()).toBe(0);
    await created.first().waitFor();
    await created
      .first()
      .getByRole('button', { name: /展开|Expand/ })
      .click();
    // The entry in words (no raw JSON): the record's name in its row, what was written in the expanded summary.
    await page.getByTestId('audit-summary').first().waitFor();
    expect(await rows.filter({ hasText: USER.displayName }).count()).toBeGreaterThan(0);

    // By actor: the password change of the new user.
    await button(page, '重置').click();
    await page.getByLabel('操作人').fill(USER.username);
    await button(page, '查询').click();
    await rows.filter({ hasText: '修改密码' }).first().waitFor();
    await expect.poll(async () => await rows.filter({ hasNotText: USER.username }).count()).toBe(0);
  });

  it('screenshots of the organisation and user pages', async () => {
    /** Lets loading spinners and menu animations finish, so the picture shows the settled page. */
    const settle = async () => {
      await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
      await page.waitForTimeout(600);
    };
    const binzhou = await findOrg('滨州市总工会');
    await page.goto(`/orgs/${binzhou.id}`);
    await treeItem(page, '滨州市总工会').first().locator('.ant-tree-switcher').click();
    await treeItem(page, '滨城区总工会').first().waitFor();
    await page.getByText('下级组织数').waitFor();
    await settle();
    await page.screenshot({ path: '/tmp/jx-orgs.png' });
    await page.getByRole('menuitem', { name: /用户管理/ }).click();
    await page.getByRole('row').filter({ hasText: USER.username }).waitFor();
    await settle();
    await page.screenshot({ path: '/tmp/jx-users.png' });
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.locator('.ant-table-tbody').getByRole('row').first().waitFor();
    await settle();
    await page.screenshot({ path: '/tmp/jx-audit.png' });
  });
});
