// Browser test of the notification bell: notifications sent with notify() before the server starts
// (on its data directory) show as a badge count; the popover lists them, opening one marks it read
// and goes to its task, "mark all read" empties the badge; the list page in English, unread filter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRootAndAdmin } from '../src/server/bootstrap/first-start.js';
import { DEMO_PASSWORD, seedDemo } from '../src/server/bootstrap/demo.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { notify } from '../src/server/modules/notifications/notify.js';
import { useAuditChainKey } from '../src/server/platform/audit-chain.js';
import { loadSecretKey } from '../src/server/platform/secrets.js';
import { ADMIN_PASSWORD, browserAvailable, launchBrowser, newPage, startServer, type RunningServer } from './harness.js';
import { button, signIn, waitForPath } from './ui.js';

/** Demo tree and logins, plus three notifications for Binzhou's staff and one for Jinan's. */
async function seed(dataDir: string): Promise<void> {
  const handle = await openDatabase({ dataDir });
  // The audit entries written here chain with the key the server will load from the same directory.
  useAuditChainKey(loadSecretKey(undefined, dataDir));
  try {
    await migrateToLatest(handle.db);
    await ensureRootAndAdmin(handle.db, ADMIN_PASSWORD);
    await seedDemo(handle.db);
    const orgOf = async (username: string) =>
      (await handle.db.selectFrom('users').select('org_id').where('username', '=', username).executeTakeFirstOrThrow()).org_id;
    const binzhou = await orgOf('binzhou');
    await notify(handle.db, {
      orgId: binzhou,
      kind: 'task_assigned',
      entityType: 'task',
      entityId: '41',
      title: { zh: '新任务：产业工人技能提升行动', en: 'New task: skills upgrading campaign' },
      dedupeKey: 'task_assigned:41',
    });
    await notify(handle.db, {
      orgId: binzhou,
      kind: 'report_returned',
      entityType: 'report',
      entityId: '7',
      title: { zh: '报送被退回：一季度进展', en: 'Report returned: Q1 progress' },
      dedupeKey: 'report_returned:7',
    });
    await notify(handle.db, {
      orgId: binzhou,
      kind: 'deadline',
      entityType: 'task',
      entityId: '42',
      title: { zh: '任务明天到期：技能竞赛', en: 'Task due tomorrow: skills contest' },
      dedupeKey: 'deadline:42:2026-12-02',
    });
    await notify(handle.db, {
      orgId: await orgOf('jinan'),
      kind: 'supervision',
      entityType: 'task',
      entityId: '43',
      title: { zh: '济南督办', en: 'Jinan supervision' },
      dedupeKey: 'supervision:43',
    });
  } finally {
    await handle.close();
  }
}

const bell = (page: Page, name: RegExp) => page.getByRole('button', { name });
const popover = (page: Page) => page.getByTestId('notification-popover');

describe.runIf(browserAvailable())('notifications: bell, popover, mark read, list page', () => {
  let server: RunningServer;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-e2e-notify-'));

  beforeAll(async () => {
    await seed(dataDir);
    server = await startServer({ JIANGXIN_DATA_DIR: dataDir, JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the unread count, opens a notification, marks all read, and speaks English', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signIn(page, 'binzhou', DEMO_PASSWORD);
    await waitForPath(page, /^\/(orgs|people|users|audit|profile)/);

    await expect.poll(() => bell(page, /^通知：3 条未读$/).count()).toBe(1);
    await expect.poll(() => page.getByTestId('bell-count').textContent()).toBe('3');

    await bell(page, /^通知/).click();
    const list = popover(page);
    await list.getByText('报送被退回：一季度进展').waitFor();
    expect(await list.locator('[data-unread="true"]').count()).toBe(3);
    expect(await list.getByText('济南督办').count()).toBe(0);

    // Opening one marks it read and goes to its task.
    await list.getByText('新任务：产业工人技能提升行动').click();
    await waitForPath(page, /^\/tasks\/41$/);
    await expect.poll(() => bell(page, /^通知：2 条未读$/).count()).toBe(1);

    await bell(page, /^通知/).click();
    await popover(page).getByText('任务明天到期：技能竞赛').waitFor();
    await button(popover(page), '全部标为已读').click();
    await expect.poll(() => bell(page, /^通知$/).count()).toBe(1);
    await expect.poll(() => page.getByTestId('bell-count').count()).toBe(0); // after the zoom-out
    await expect.poll(() => popover(page).locator('[data-unread="true"]').count()).toBe(0);
    await page.keyboard.press('Escape');

    // English: the bell, the popover and the titles (stored in both languages).
    await page.getByRole('button', { name: '界面语言' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await bell(page, /^Notifications$/).click();
    await popover(page).getByText('Report returned: Q1 progress').waitFor();
    await popover(page).getByRole('link', { name: 'View all notifications' }).click();
    await waitForPath(page, /^\/notifications$/);
    await page.getByText('3 in all, 0 unread').waitFor();
    expect(await page.getByRole('main').getByText('Task due tomorrow: skills contest').count()).toBe(1);
    await page.getByRole('switch', { name: 'Unread only' }).click();
    await page.getByText('No unread notifications').waitFor();
    await context.close();
  });
});
