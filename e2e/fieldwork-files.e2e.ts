// Issue 13 items 1, 4 and 5 in the browser: files on field-work records. The organiser attaches a
// photo to a visit problem and sees it listed with a download link; an executable renamed .pdf is
// refused with the message naming the file (zh-CN), a web page in English; a file is removed after
// confirmation (the empty state returns). On the meeting page the convenor attaches a document to an
// agenda item and to the meeting, and finds the Word booklet; the invited enterprise (with unread
// notifications: the bell's name carries its visible count) sees the agenda document. axe checks
// every state in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/server/testing/world.js';
import { type AxeFinding, axeFindings, formatFindings } from './axe.js';
import { type ApiClient, browserAvailable, type RunningServer, signedInPage, startWithAdmin, userClient } from './harness.js';
import { settled } from './ui.js';

interface Org {
  id: string;
  name: string;
}
const PASSWORD = 'Files-Passw0rd!';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4000, 1)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');

/** Clicks an upload button and hands the file chooser a file. */
async function attach(page: Page, label: string | RegExp, name: string, buffer: Buffer, mimeType = 'application/pdf') {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: label }).click();
  await (await chooser).setFiles({ name, mimeType, buffer });
}

describe.runIf(browserAvailable())('files on visits and meetings in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiClient;
  let staff: ApiClient;
  let ent: ApiClient;
  let host: Org;
  let visitId = '';
  let meetingId = '';

  beforeAll(async () => {
    ({ server, browser, admin } = await startWithAdmin({ JIANGXIN_ADMIN_TOTP: 'optional' }));
    const root = (await admin.call<{ items: Org[] }>('GET', '/api/orgs')).items[0]!;
    const city = await admin.call<Org>('POST', '/api/orgs', { parentId: root.id, name: '滨州市总工会', kind: 'federation', level: 'city' });
    host = await admin.call<Org>('POST', '/api/orgs', {
      parentId: city.id,
      name: '渤海活塞股份有限公司',
      kind: 'enterprise',
      level: 'grassroots',
      uscc: makeUscc(),
    });
    staff = await userClient(server.baseUrl, admin, 'ff_staff', city.id, 'federation_staff', PASSWORD);
    ent = await userClient(server.baseUrl, admin, 'ff_ent', host.id, 'enterprise_staff', PASSWORD);
    ({ id: visitId } = await staff.call<{ id: string }>('POST', '/api/visits', {
      title: '复工复产和产业工人队伍建设调研',
      visitType: 'thematic',
      themes: ['复工复产'],
      leaderName: '陈杰平',
      startDate: '2026-08-31',
      endDate: '2026-09-02',
      hostOrgIds: [host.id],
      report: '调研组深入企业生产一线，听取企业复工复产情况汇报。',
    }));
    await staff.call('POST', `/api/visits/${visitId}/problems`, { category: '技能人才', text: '高技能人才短缺', hostOrgId: host.id });
    ({ id: meetingId } = await staff.call<{ id: string }>('POST', '/api/meetings', {
      meetingType: 'symposium',
      title: '“四链”融合深入推进产业工人队伍建设改革座谈会',
      meetingDate: '2099-02-27',
      venue: '滨州市总工会会议室',
      agenda: [{ title: '参会单位汇报落实情况', presenter: '各参会单位', documents: '请提前审阅汇报材料' }],
      invitedOrgIds: [host.id],
    }));
    // The enterprise has unread notifications (a call for agenda items was announced to it).
    await staff.call('PUT', `/api/meetings/${meetingId}/proposal-deadline`, { deadline: '2099-02-20' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('attaches, lists, refuses a disguised executable and a web page with the file named, and removes a file on a visit', async () => {
    const findings: AxeFinding[] = [];
    const fed = await signedInPage(browser, server.baseUrl, staff);
    try {
      const { page } = fed;
      await page.goto(`/visits/${visitId}`);
      await page.getByText('高技能人才短缺').waitFor();
      await page.getByText('暂无附件').first().waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'visit page (no attachments)')));

      await attach(page, '上传附件：问题附件：1. 技能人才', '现场照片.png', PNG, 'image/png');
      await page.getByRole('link', { name: '现场照片.png' }).waitFor();
      expect(await page.getByRole('link', { name: '现场照片.png' }).getAttribute('href')).toMatch(/^\/api\/fieldwork-files\/\d+$/);

      await attach(page, '上传附件：调研报告附件', '整改报告.pdf', EXE);
      const alert = page.getByRole('alert').filter({ hasText: '附件未上传' });
      await alert.getByText('附件“整改报告.pdf”是可执行文件或脚本，不能上传（不论扩展名），未保存').waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'visit page (a refused file)')));
      expect(await page.getByRole('link', { name: '整改报告.pdf' }).count()).toBe(0);
      await attach(page, '上传附件：调研报告附件', '调研报告.pdf', PDF);
      await page.getByRole('link', { name: '调研报告.pdf' }).waitFor();

      // Remove, after confirmation.
      await page.getByRole('button', { name: '删除：现场照片.png' }).click();
      const pop = page.locator('.ant-popover:not(.ant-popover-hidden)').last();
      await pop.getByText('删除附件“现场照片.png”？删除后不能恢复。').waitFor();
      findings.push(...(await axeFindings(page, 'remove confirmation')));
      await pop.getByRole('button', { name: /确\s?定|OK/ }).click();
      await page.getByRole('link', { name: '现场照片.png' }).waitFor({ state: 'detached' });

      // English: the same page, a web page refused with the English message.
      await page.getByRole('button', { name: '界面语言' }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await page.getByText('Report attachments').first().waitFor();
      await attach(page, 'Upload a file: Report attachments', 'notes.html', HTML, 'text/html');
      await page
        .getByRole('alert')
        .getByText(/^Attachment "notes\.html" is of a type not accepted/)
        .waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'visit page, English (a refused file)')));
      await page.getByRole('button', { name: 'Language' }).click();
      await page.getByRole('menuitem', { name: '中文' }).click();
      await page.getByText('调研报告附件').first().waitFor();
    } finally {
      await fed.context.close();
    }
    const v = await staff.call<{ problems: { files: unknown[] }[]; reportFiles: { fileName: string }[] }>('GET', `/api/visits/${visitId}`);
    expect(v.problems[0]!.files).toEqual([]);
    expect(v.reportFiles.map((f) => f.fileName)).toEqual(['调研报告.pdf']);
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 240_000);

  it('attaches documents to an agenda item and to the meeting; the invited enterprise sees the agenda document', async () => {
    const findings: AxeFinding[] = [];
    const fed = await signedInPage(browser, server.baseUrl, staff);
    try {
      const { page } = fed;
      await page.goto(`/meetings/${meetingId}`);
      await page.getByText('请提前审阅汇报材料').waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'meeting page (no documents)')));
      await attach(page, '上传附件：审议材料：1. 参会单位汇报落实情况', '汇报材料汇编.pdf', PDF);
      await page.getByRole('link', { name: '汇报材料汇编.pdf' }).waitFor();
      await attach(page, '上传附件：会议材料', '会议通知.pdf', PDF);
      await page.getByRole('link', { name: '会议通知.pdf' }).waitFor();
      const booklet = page.getByRole('link', { name: /导出会议材料（Word）/ });
      expect(await booklet.getAttribute('href')).toBe(`/api/meetings/${meetingId}/booklet.docx`);
      await settled(page);
      findings.push(...(await axeFindings(page, 'meeting page (documents)')));
    } finally {
      await fed.context.close();
    }

    const unit = await signedInPage(browser, server.baseUrl, ent);
    try {
      const { page } = unit;
      await page.goto(`/meetings/${meetingId}`);
      await page.getByRole('link', { name: '汇报材料汇编.pdf' }).waitFor();
      // The meeting's own documents are the convenor's; the enterprise neither sees them nor uploads.
      expect(await page.getByRole('link', { name: '会议通知.pdf' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /上传附件/ }).count()).toBe(0);
      // Unread notifications: the bell's accessible name carries the count it shows.
      await page.getByRole('button', { name: /^通知：\d+ 条未读$/ }).waitFor();
      await settled(page);
      findings.push(...(await axeFindings(page, 'meeting page (invited enterprise, unread notifications)')));
    } finally {
      await unit.context.close();
    }
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 240_000);
});
