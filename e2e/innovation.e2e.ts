// Browser test of the innovation module on the demo data: an enterprise applies its studio to the
// city's call on the studio page, the county recommends it from its inbox, the city names it; the
// same studio is recommended on to the province and named again (one studio, two naming records);
// the city assesses it with a rectification and then revokes its plaque. A mentor–apprentice pair:
// the apprentice's promotion entered on the person page makes the master's award show as due on the
// pair list, without anyone touching the pair.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '../src/server/modules/orgs/uscc.js';
import { nthIdNumber } from '../src/server/testing/people-world.js';
import { type ApiClient, browserAvailable, type RunningServer, signedInPage, startWithAdmin, userClient } from './harness.js';
import { button, dialog, pickOption, waitForPath } from './ui.js';

const PASSWORD = 'Studio-Passw0rd!';
const today = new Date().toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));

describe.runIf(browserAvailable())('innovation studios and mentorships', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  const clients: Record<string, ApiClient> = {};
  let enterprise = '';
  let studioId = '';
  let provinceCall = '';
  const people: string[] = [];

  async function user(username: string, orgId: string, role: string) {
    clients[username] = await userClient(server.baseUrl, admin, username, orgId, role, PASSWORD);
  }

  beforeAll(async () => {
    ({ server, browser, admin } = await startWithAdmin({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' }));
    const orgs = async (q: string) =>
      (await admin.call<{ items: { id: string; name: string }[] }>('GET', `/api/orgs?q=${encodeURIComponent(q)}`)).items;
    const find = async (name: string) => {
      const hit = (await orgs(name)).find((o) => o.name === name);
      if (!hit) throw new Error(`no organisation ${name}`);
      return hit.id;
    };
    const city = await find('湘潭市总工会');
    const province = await find('湖南省总工会');
    const county = (
      await admin.call<{ id: string }>('POST', '/api/orgs', { parentId: city, name: '雨湖区总工会', kind: 'federation', level: 'county' })
    ).id;
    enterprise = (
      await admin.call<{ id: string }>('POST', '/api/orgs', {
        parentId: county,
        name: '湘潭电机配件有限公司',
        kind: 'enterprise',
        level: 'grassroots',
        uscc: `91430302MA4L0E2E2${usccCheckCharacter('91430302MA4L0E2E2')}`,
      })
    ).id;
    await user('e2e_ent', enterprise, 'enterprise_staff');
    await user('e2e_county', county, 'federation_staff');
    await user('e2e_city', city, 'federation_staff');
    await user('e2e_province', province, 'federation_staff');
    for (const [i, name] of ['罗劳模', '杨骨干', '胡成员', '林成员', '郭学徒'].entries()) {
      const r = await admin.call<{ person: { id: string } }>('POST', '/api/people', {
        orgId: enterprise,
        name,
        idNumber: nthIdNumber(880_000 + i, '430302'),
      });
      people.push(r.person.id);
    }
    await admin.call('POST', `/api/people/${people[0]}/honours`, { kind: 'model_worker', grade: 'city', year: 2021 });
    await admin.call('POST', `/api/people/${people[0]}/skills`, { level: 'senior_technician', certifiedOn: '2016-05-01' });
    const ent = clients.e2e_ent!;
    const s = await ent.call<{ id: string }>('POST', '/api/studios', {
      orgId: enterprise,
      name: '罗劳模创新工作室',
      category: '劳模创新工作室',
      leaderId: people[0],
      foundedOn: `${year - 4}-03-01`,
      members: people.slice(1, 4).map((p) => ({ personId: p, role: 'member', joinedOn: `${year - 3}-01-01` })),
    });
    studioId = s.id;
    await ent.call('POST', `/api/studios/${studioId}/projects`, {
      title: '电机绝缘工艺攻关',
      approvalDocNo: '配科〔2026〕1号',
      approvedOn: today,
    });
    const conditions = { leaderHonourMinGrade: 'city', minMembers: 3, minYears: 3, projectThisYear: true };
    // the city's call, open beside the province's
    await clients.e2e_city!.call<{ id: string }>('POST', '/api/studio-calls', {
      orgId: city,
      year,
      title: 'E2E湘潭市命名通知',
      quota: 5,
      deadline: '2099-12-31',
      conditions,
    });
    provinceCall = (
      await clients.e2e_province!.call<{ id: string }>('POST', '/api/studio-calls', {
        orgId: province,
        year,
        title: 'E2E湖南省命名通知',
        quota: 5,
        deadline: '2099-12-31',
      })
    ).id;
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('call → application → county recommends → city names → province names → assessment with rectification → revocation', async () => {
    // The enterprise applies on its studio page.
    const ent = await signedInPage(browser, server.baseUrl, clients.e2e_ent!);
    await ent.page.goto(`/studios/${studioId}`);
    await button(ent.page, '申报命名').click();
    await pickOption(ent.page, '命名通知', 'E2E湘潭市命名通知（湘潭市总工会）', { within: dialog(ent.page) });
    await button(dialog(ent.page), '提交申报').click();
    await ent.page.getByRole('cell', { name: '雨湖区总工会' }).waitFor();

    // The county recommends it from its inbox.
    const county = await signedInPage(browser, server.baseUrl, clients.e2e_county!);
    await county.page.goto('/studio-calls');
    const row = county.page.getByRole('row').filter({ hasText: '罗劳模创新工作室' }).first();
    await button(row, '推荐上报').click();
    await dialog(county.page).getByLabel('意见').fill('同意推荐');
    await button(dialog(county.page), '推荐上报').click();
    await expect.poll(() => county.page.getByRole('row').filter({ hasText: '罗劳模创新工作室' }).count()).toBe(0);

    // The city names it.
    const city = await signedInPage(browser, server.baseUrl, clients.e2e_city!);
    await city.page.goto('/studio-calls');
    await button(city.page.getByRole('row').filter({ hasText: '罗劳模创新工作室' }).first(), '命名').click();
    const naming = dialog(city.page);
    await naming.getByLabel('文号').fill('潭工发〔2026〕99号');
    await naming.getByLabel('补助资金（元）').fill('50000');
    // Enter in the date field takes the typed date and submits the form.
    await naming.getByLabel('命名日期').fill(today);
    await naming.getByLabel('命名日期').press('Enter');
    await city.page.getByText('已保存').waitFor();

    // Recommended on to the province (the unions between pass it up), named again: the same studio.
    const app = await clients.e2e_ent!.call<{ id: string }>('POST', '/api/studio-applications', { callId: provinceCall, studioId });
    await clients.e2e_ent!.call('POST', `/api/studio-applications/${app.id}/submit`);
    await clients.e2e_county!.call('POST', `/api/studio-applications/${app.id}/recommend`, {});
    await clients.e2e_city!.call('POST', `/api/studio-applications/${app.id}/recommend`, {});
    await clients.e2e_province!.call('POST', `/api/studio-applications/${app.id}/name`, { docNo: '湘工发〔2026〕5号', namedOn: today });

    await city.page.goto(`/studios/${studioId}`);
    const namings = city.page.locator('.ant-card').filter({ hasText: '命名记录' });
    await namings.getByRole('cell', { name: '潭工发〔2026〕99号' }).waitFor();
    await namings.getByRole('cell', { name: '湘工发〔2026〕5号' }).waitFor();
    expect(await city.page.locator('.ant-descriptions').innerText()).toContain('省级');

    // The city's annual assessment: rectification with a deadline, then revocation.
    const cityRow = namings.getByRole('row').filter({ hasText: '潭工发〔2026〕99号' });
    await button(cityRow, '年度考核').click();
    const assess = dialog(city.page);
    await pickOption(city.page, '考核结果', '限期整改', { within: assess });
    await assess.getByLabel('整改期限').fill('2099-06-30');
    await assess.getByLabel('整改期限').press('Enter');
    await cityRow.getByText('限期整改').first().waitFor();
    await button(cityRow, '摘牌').click();
    await button(city.page.locator('.ant-popconfirm'), '确定').click();
    await cityRow.getByText('已摘牌').waitFor();
    // The province's naming stands.
    expect(await namings.getByRole('row').filter({ hasText: '湘工发〔2026〕5号' }).innerText()).toContain('已命名');
    for (const c of [ent, county, city]) await c.context.close();
  }, 180_000);

  it("a promotion entered on the person page makes the master's award due, without touching the pair", async () => {
    const ent = clients.e2e_ent!;
    const pair = await ent.call<{ id: string }>('POST', '/api/mentorships', {
      orgId: enterprise,
      agreementNo: 'E2E-师带徒-001',
      masterId: people[0],
      apprenticeId: people[4],
      trade: '电机装配工',
      targetLevel: 'senior',
      startOn: `${year - 1}-01-01`,
      endOn: `${year + 1}-01-01`,
      allowance: '300',
    });
    for (const to of ['approved', 'signed', 'in_progress']) await ent.call('POST', `/api/mentorships/${pair.id}/transition`, { to });

    const { context, page } = await signedInPage(browser, server.baseUrl, ent);
    await page.goto('/mentorships');
    const row = page.getByRole('row').filter({ hasText: 'E2E-师带徒-001' });
    await row.getByText('尚未晋升').waitFor();

    await page.goto(`/people/${people[4]}`);
    await button(page, '登记技能等级').click();
    const skill = dialog(page);
    await pickOption(page, '技能等级', '高级工', { within: skill });
    await button(skill, '保存').click();
    // The talent record on the same page shows the pair with its outcome.
    await page.locator('.talent-card').getByText('师傅带徒奖励待发放').waitFor();

    await page.goto('/mentorships');
    await waitForPath(page, /^\/mentorships$/);
    await row.getByText('带徒奖励待发放').waitFor();
    await context.close();
  }, 120_000);
});
