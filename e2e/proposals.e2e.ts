// Browser test of worker accounts (issue #16): enterprise union staff open a sign-in for a registry
// person from the person page; the worker signs in, and submits a proposal with a co-proposer (60/40);
// staff adopt, implement and verify the labour-hour benefit; the award splits 60/40 to the fen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { nthIdNumber } from '../src/server/testing/people-world.js';
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
import { button, dialog, signIn, waitForPath } from './ui.js';

const STAFF_PASSWORD = 'Staff-Passw0rd!';

describe.runIf(browserAvailable())('innovation: worker accounts and a proposal through the workflow', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: ApiClient;
  let enterpriseId: string;
  let personA: string;
  let personB: string;

  beforeAll(async () => {
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional' });
    browser = await launchBrowser();
    const admin = new ApiClient(server.baseUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const root = (await admin.call<{ items: { id: string }[] }>('GET', '/api/orgs')).items[0]!.id;
    enterpriseId = (
      await admin.call<{ id: string }>('POST', '/api/orgs', {
        parentId: root,
        name: '滨州装备制造有限公司',
        kind: 'enterprise',
        level: 'grassroots',
        uscc: `91371600MA3C0A1B2${usccCheckCharacter('91371600MA3C0A1B2')}`,
      })
    ).id;
    await admin.call('POST', '/api/users', {
      username: 'ent_staff',
      displayName: '企业工会干事',
      password: 'Initial-Passw0rd!',
      orgId: enterpriseId,
      roles: ['enterprise_staff'],
    });
    staff = new ApiClient(server.baseUrl);
    await staff.login('ent_staff', 'Initial-Passw0rd!');
    await staff.call('POST', '/api/auth/password', { currentPassword: 'Initial-Passw0rd!', newPassword: STAFF_PASSWORD });
    const add = (name: string, n: number) =>
      staff.call<{ person: { id: string } }>('POST', '/api/people', { orgId: enterpriseId, name, idNumber: nthIdNumber(n) });
    personA = (await add('李创新', 11)).person.id;
    personB = (await add('王协作', 12)).person.id;
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('staff open a worker account on the person page; the worker submits; staff take it to a split award', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, staff);
    await page.goto(`/people/${personA}`);
    await button(page, '开通职工账号').click();
    const d = dialog(page);
    await d.getByLabel('登录账号').fill('li_worker');
    await d.getByLabel('初始密码').fill('Initial-Passw0rd!');
    await button(d, '保存').click();
    await page.getByText('已开通职工账号 li_worker').waitFor();
    await context.close();

    const worker = new ApiClient(server.baseUrl);
    await worker.login('li_worker', 'Initial-Passw0rd!');
    await worker.call('POST', '/api/auth/password', { currentPassword: 'Initial-Passw0rd!', newPassword: 'Worker-Passw0rd!' });
    const item = await worker.call<{ id: string }>('POST', '/api/proposals', {
      orgId: enterpriseId,
      title: '装配工序优化',
      category: 'rationalisation',
      area: 'process',
      proposers: [
        { personId: personA, shareBp: 6000 },
        { personId: personB, shareBp: 4000 },
      ],
    });
    await worker.call('POST', `/api/proposals/${item.id}/steps`, { step: 'submit' });
    for (const body of [{ step: 'send_to_experts' }, { step: 'adopt' }, { step: 'implement', startDate: '2026-01-01' }])
      await staff.call('POST', `/api/proposals/${item.id}/steps`, body);
    const verified = await staff.call<{ benefit: { savingYuan: string }; proposers: { awardYuan: string }[] }>(
      'POST',
      `/api/proposals/${item.id}/benefit`,
      {
        formula: 'labour_hour',
        periodStart: '2026-01-01',
        oldValue: '0.3',
        newValue: '0.1',
        rate: '35.15',
        output: '3000',
        inputs: '0.2',
        award: '1000.01',
      },
    );
    expect(verified.benefit.savingYuan).toBe('21089.80');
    expect(verified.proposers.map((p) => p.awardYuan)).toEqual(['600.01', '400.00']);
    const mine = await worker.call<{ items: { id: string; status: string }[] }>('GET', '/api/proposals');
    expect(mine.items).toEqual([expect.objectContaining({ id: item.id, status: 'verified' })]);

    // The worker signs in to the web app and lands on their own proposals.
    const w = await newPage(browser, server.baseUrl);
    await signIn(w.page, 'li_worker', 'Worker-Passw0rd!');
    await waitForPath(w.page, /^\/proposals$/);
    await w.page.getByRole('cell', { name: '装配工序优化' }).waitFor();
    await w.page.getByText('李创新（60%）、王协作（40%）').waitFor();
    await w.page.getByRole('cell', { name: '21089.80' }).waitFor();
    await w.context.close();
  }, 180_000);
});
