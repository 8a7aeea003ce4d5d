// Browser test: the people list and the user list show names in pinyin order (阿明, 李四, 单雄信 Shàn,
// 王五, 曾国藩 Zēng, 张三, 赵六), as the server sorts them by their stored sort keys.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nthIdNumber } from '../src/server/testing/people-world.js';
import {
  ADMIN_PASSWORD,
  ApiClient,
  browserAvailable,
  createProvinceEnterprise,
  launchBrowser,
  signedInPage,
  startServer,
  type RunningServer,
} from './harness.js';
import { waitForPath } from './ui.js';

const ENTERED = ['张三', '曾国藩', '阿明', '赵六', '单雄信', '李四', '王五'];
const ORDER = ['阿明', '李四', '单雄信', '王五', '曾国藩', '张三', '赵六'];

/** The texts of one column of the page's first table, top to bottom. */
async function column(page: Page, index: number): Promise<string[]> {
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await rows.first().waitFor();
  return rows.locator(`td:nth-child(${index})`).allInnerTexts();
}

describe.runIf(browserAvailable())('lists in pinyin order', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const { provinceId, enterpriseId } = await createProvinceEnterprise(admin);
    for (const [i, name] of ENTERED.entries()) {
      await admin.call('POST', '/api/people', { orgId: enterpriseId, name, idNumber: nthIdNumber(300 + i) });
      await admin.call('POST', '/api/users', {
        username: `user_${i}`,
        displayName: name,
        password: 'Initial-Passw0rd!',
        orgId: provinceId,
        roles: ['viewer'],
      });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('people page: by name, in pinyin order; users page: by display name when that column is sorted', async () => {
    const { page } = await signedInPage(browser, server.baseUrl, admin);
    await page.goto('/people');
    await waitForPath(page, /^\/people$/);
    await expect.poll(async () => (await column(page, 1)).filter((n) => ORDER.includes(n))).toEqual(ORDER);

    await page.goto('/users');
    await waitForPath(page, /^\/users$/);
    // The first page (in the default order) is shown before the header is clicked, and the header's
    // sort state before the rows are read.
    await expect.poll(async () => (await column(page, 2)).filter((n) => ORDER.includes(n)).length).toBe(ORDER.length);
    const nameHeader = page.locator('.ant-table-thead th').filter({ hasText: '姓名' });
    await nameHeader.click();
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => (await column(page, 2)).filter((n) => ORDER.includes(n))).toEqual(ORDER);
  });
});
