// Issue 13 item 9, second scenario: a three-question status return sent to four enterprises; two
// answer (one in the browser: the pre-filled worker count is marked, a draft saved, then submitted
// after confirmation; one through the API); the federation sees the roll-up per question.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/server/testing/world.js';
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
import { button, pickOption } from './ui.js';

interface Org {
  id: string;
  name: string;
}
const PASSWORD = 'Return-Passw0rd!';

describe.runIf(browserAvailable())('status returns in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let staff: ApiClient;
  const ents: Org[] = [];
  const clients: ApiClient[] = [];

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const root = (await admin.call<{ items: Org[] }>('GET', '/api/orgs')).items[0]!;
    const city = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '湘潭市总工会', kind: 'federation', level: 'city' });
    for (const name of ['湘电集团有限公司', '湘潭钢铁集团有限公司', '湘潭电化科技股份有限公司', '湘潭电机股份有限公司'])
      ents.push(
        await admin.call<Org>('POST', '/api/orgs', { parentId: city.id, name, kind: 'enterprise', level: 'grassroots', uscc: makeUscc() }),
      );
    staff = await userClient(server.baseUrl, admin, 'rt_staff', city.id, 'federation_staff', PASSWORD);
    clients.push(await userClient(server.baseUrl, admin, 'rt_ent0', ents[0]!.id, 'enterprise_staff', PASSWORD));
    clients.push(await userClient(server.baseUrl, admin, 'rt_ent1', ents[1]!.id, 'enterprise_staff', PASSWORD));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a three-question return to four enterprises, two answer, the federation sees the roll-up', async () => {
    const ret = await staff.call<{ id: string; questions: unknown[] }>('POST', '/api/returns', {
      title: '企业复工复产情况统计表',
      deadline: '2099-03-01',
      questions: [
        { label: '在岗职工人数', kind: 'number', unit: '人', required: true, fact: 'workers' },
        { label: '复工复产情况', kind: 'single', options: ['已全面复工', '部分复工', '尚未复工'], required: true },
        { label: '需要协调解决的事项', kind: 'text' },
      ],
      recipientOrgIds: ents.map((e) => e.id),
    });
    expect(ret.questions).toHaveLength(3);

    // Enterprise 0 answers in the browser.
    const ent = await signedInPage(browser, server.baseUrl, clients[0]!);
    try {
      const { page } = ent;
      await page.goto('/returns');
      await page.getByRole('link', { name: '企业复工复产情况统计表' }).click();
      await page.getByText('已按本单位记录预填').waitFor();
      await page.getByLabel('在岗职工人数（人）').fill('120');
      await pickOption(page, '复工复产情况', '部分复工');
      await page.getByLabel('需要协调解决的事项').fill('协调原材料运输');
      await button(page, '保存草稿').click();
      await page.getByText('填报中').first().waitFor();
      await button(page, '提交').click();
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: /确\s?定|OK/ })
        .click();
      await page.getByText('已提交').first().waitFor();
    } finally {
      await ent.context.close();
    }

    // Enterprise 1 answers through the API.
    const mine = await clients[1]!.call<{ answers: { id: string }[] }>('GET', `/api/returns/${ret.id}`);
    await clients[1]!.call('POST', `/api/return-answers/${mine.answers[0]!.id}/submit`, {
      answers: [
        { key: 'q1', value: 30 },
        { key: 'q2', value: '已全面复工' },
      ],
    });

    // The federation sees the roll-up.
    const fed = await signedInPage(browser, server.baseUrl, staff);
    try {
      const { page } = fed;
      await page.goto(`/returns/${ret.id}`);
      await page.getByText('合计：150').waitFor();
      await page.getByText('部分复工：1 家（50%）').waitFor();
      await page.getByText('已全面复工：1 家（50%）').waitFor();
      await page.getByText('湘电集团有限公司：协调原材料运输').waitFor();
      await page.getByText('未填报').first().waitFor();
    } finally {
      await fed.context.close();
    }
  }, 240_000);
});
