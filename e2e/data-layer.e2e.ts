// Browser test of the web data layer: every list page, with the server answering 500 for its list
// request, shows the error (the server's message and a Retry button) instead of an empty table, and
// Retry loads the list once the server answers again; and the review queue shows a report
// resubmitted by the unit on the next click of its menu item, without a browser reload.
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ApiClient,
  browserAvailable,
  launchBrowser,
  signedInPage,
  startServer,
  type RunningServer,
  userClient,
} from './harness.js';
import { waitForPath } from './ui.js';

interface Org {
  id: string;
  name: string;
}

const PASSWORD = 'Layer-Passw0rd!';
const FAILURE = '服务器暂时出错（测试桩）';

/** A list page and the one request that loads its list. */
interface ListPage {
  name: string;
  path: string;
  request: (url: URL) => boolean;
}

const exactly = (pathname: string) => (url: URL) => url.pathname === pathname;

const LIST_PAGES: ListPage[] = [
  // The tree's first level (the organisation's own node), not a search or a node's children.
  {
    name: 'organisations',
    path: '/orgs',
    request: (u) => u.pathname === '/api/orgs' && !u.searchParams.has('parentId') && !u.searchParams.has('q'),
  },
  { name: 'users', path: '/users', request: exactly('/api/users') },
  { name: 'audit log', path: '/audit', request: exactly('/api/audit') },
  { name: 'people', path: '/people', request: exactly('/api/people/search') },
  {
    name: 'import',
    path: '/people/import/00000000-0000-4000-8000-000000000000',
    request: (u) => u.pathname.startsWith('/api/people/imports/'),
  },
  { name: 'transfers', path: '/people/transfers', request: exactly('/api/people/transfers') },
  { name: 'notifications', path: '/notifications', request: exactly('/api/notifications') },
  { name: 'programmes', path: '/programmes', request: exactly('/api/programmes') },
  { name: 'my tasks', path: '/tasks/mine', request: exactly('/api/tasks') },
  { name: 'review queue', path: '/tasks/reviews', request: exactly('/api/reviews') },
  // The board's counts and its supervision notices: two lists, both failing.
  { name: 'board', path: '/tasks/board', request: (u) => u.pathname === '/api/tasks/board' || u.pathname === '/api/supervisions' },
  { name: 'ledger', path: '/tasks/ledger', request: exactly('/api/tasks') },
  { name: 'dashboard', path: '/dashboard', request: exactly('/api/dashboard') },
];

/** Answers 500 in the server's error model. */
function fail500(route: Route): Promise<void> {
  return route.fulfill({
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify({ status: 500, code: 'internal', message: FAILURE, requestId: 'stub' }),
  });
}

describe.runIf(browserAvailable())('web data layer: failed lists show their error; the review queue refetches', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let root: Org;
  let unit: Org;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    root = (await admin.call<{ items: Org[] }>('GET', '/api/orgs')).items[0]!;
    unit = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '市机械冶金工会', kind: 'industry_union', level: 'city' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the error with Retry, not an empty table, on every list page whose list request fails', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, admin);
    try {
      for (const list of LIST_PAGES) {
        let stubbed = 0;
        const handler = (route: Route) => {
          stubbed++;
          return fail500(route);
        };
        const matches = (url: URL) => list.request(url);
        await page.route(matches, handler);
        await page.goto(list.path);
        const errors = page.getByTestId('query-error');
        const error = errors.first();
        await error.waitFor();
        expect(await error.textContent(), list.name).toContain(FAILURE);
        expect(await error.textContent(), list.name).toContain('加载失败');
        expect(stubbed, `${list.name}: the stub answered`).toBeGreaterThan(0);
        // No empty table (or empty list) stands in for the failed list.
        expect(await page.locator('.ant-empty').count(), `${list.name}: no "no data" placeholder`).toBe(0);

        // The server answers again: Retry loads the list and the error goes (the import named in
        // the address does not exist, so there the stub's error gives way to "not found").
        await page.unroute(matches, handler);
        // Last first: a Retry that succeeds removes its error, and the ones before it keep their place.
        const retries = errors.getByRole('button');
        for (let i = (await retries.count()) - 1; i >= 0; i--) await retries.nth(i).click();
        await expect.poll(() => page.getByText(FAILURE).count(), { timeout: 15_000 }).toBe(0);
        if (list.name !== 'import') expect(await errors.count(), list.name).toBe(0);
      }
    } finally {
      await context.close();
    }
  }, 480_000);

  it('shows a resubmitted report in the open review queue on the next click of its menu item', async () => {
    const staff = await userClient(server.baseUrl, admin, 'dl_staff', root.id, 'federation_staff', PASSWORD);
    const liaison = await userClient(server.baseUrl, admin, 'dl_liaison', unit.id, 'member_unit_liaison', PASSWORD);
    const programme = await staff.call<{ id: string; goals: { id: string }[] }>('POST', '/api/programmes', {
      title: '数据层测试工作要点',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      goals: [{ title: '目标一' }],
    });
    const task = await staff.call<{ id: string }>('POST', '/api/tasks', {
      programmeId: programme.id,
      goalId: programme.goals[0]!.id,
      kind: 'prescribed',
      title: '建设职工创新工作室',
      orgId: unit.id,
      startDate: '2026-01-01',
      dueDate: '2026-12-31',
      cycle: 'once',
    });
    const report = await liaison.call<{ id: string }>('POST', `/api/tasks/${task.id}/reports`, {
      period: 'once',
      narrative: '已建成一个工作室',
    });
    await liaison.call('POST', `/api/reports/${report.id}/submit`);
    await staff.call('POST', `/api/reports/${report.id}/return`, { reason: '请补充照片' });

    const reviewer: { context: BrowserContext; page: Page } = await signedInPage(browser, server.baseUrl, staff);
    try {
      const { page } = reviewer;
      await page.goto('/programmes');
      const menuItem = page.getByRole('menuitem', { name: '报送审核' });
      await menuItem.click();
      await waitForPath(page, /^\/tasks\/reviews$/);
      const queue = page.getByRole('table', { name: '报送审核' });
      await queue.getByText('没有待审核的进展报告').waitFor();

      // The unit resubmits while the reviewer has the queue open.
      const returned = await liaison.call<{ revision: number }>('GET', `/api/reports/${report.id}`);
      await liaison.call('PATCH', `/api/reports/${report.id}`, { narrative: '已建成一个工作室，照片已补充', revision: returned.revision });
      await liaison.call('POST', `/api/reports/${report.id}/submit`);

      await menuItem.click();
      await queue.getByRole('link', { name: '建设职工创新工作室' }).waitFor();
      expect(await queue.getByText('已建成一个工作室，照片已补充').count()).toBe(1);
    } finally {
      await reviewer.context.close();
    }
  }, 120_000);
});
