// The news desk end to end, in Chromium on the demo data: an article written in the editor, reviewed
// through 一审, 二审 (returned once, with a comment) and 三审 (clearing the confidentiality flag),
// published, read by an anonymous visitor with JavaScript off, found in the feed, withdrawn (410);
// the OWASP filter-evasion cases through the editor and the API with no script run; the public pages
// under axe-core's WCAG 2.1 AA rules and on a 375 px phone.
import { mkdirSync } from 'node:fs';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo.js';
import { XSS_VECTORS } from '../src/server/modules/news/xss-vectors.js';
import { ApiClient, browserAvailable, launchBrowser, newPage, signedInPage, startServer, type RunningServer } from './harness.js';
import { button, dialog, waitForPath } from './ui.js';

/** axe-core's own source, injected into the page under test. */
const AXE = axe.source;

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const inPage = (
      window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
    ).axe;
    return inPage.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
}

describe.runIf(browserAvailable())('news desk and public portal', () => {
  let server: RunningServer;
  let browser: Browser;
  const clients: Record<string, ApiClient> = {};
  let articleId = '';
  const headline = '滨州市总工会召开产业工人队伍建设改革推进会';

  beforeAll(async () => {
    // The portal pages are served without a script; the CSP of the app is the one they must pass.
    server = await startServer({ JIANGXIN_ADMIN_TOTP: 'optional', JIANGXIN_DEMO: 'true' });
    browser = await launchBrowser();
    for (const user of ['binzhou', 'bz_publicity', 'bz_leader']) {
      const c = new ApiClient(server.baseUrl);
      await c.login(user, DEMO_PASSWORD);
      clients[user] = c;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const as = async (user: string) => (await signedInPage(browser, server.baseUrl, clients[user]!)).page;

  it('writes, reviews in three steps with one return, publishes, and an anonymous reader without JavaScript finds it', async () => {
    const writer = await as('binzhou');
    await writer.goto('/news');
    await button(writer, '写稿').click();
    await waitForPath(writer, /^\/news\/new$/);
    await writer.getByLabel('栏目').fill('产改动态');
    await writer.getByLabel('来源').fill('滨州市总工会');
    await writer.getByLabel('标题', { exact: true }).fill(headline);
    await writer.getByLabel('正文（每行一段）').fill('3月5日，滨州市总工会召开推进会。\n会议强调，要创新工作举措。联系电话 13812345678。');
    await button(writer, '保存').click();
    await waitForPath(writer, /^\/news\/\d+$/);
    articleId = writer.url().split('/').pop()!;
    await button(writer, '送审').click();
    await writer.getByText('待一审').first().waitFor();
    await button(writer, '审核通过').click();
    await writer.getByText('待二审').first().waitFor();

    const second = await as('bz_publicity');
    await second.goto(`/news/${articleId}`);
    await second.getByLabel('审核意见').fill('请补充通讯员署名');
    await button(second, '退回修改').click();
    await second.getByText('已退回').first().waitFor();

    await writer.reload();
    await writer.getByText('请补充通讯员署名').waitFor();
    await button(writer, '修改').click();
    await writer.getByLabel('通讯员（用顿号或逗号分隔）').fill('孙川、葛洪浦');
    await button(writer, '保存').click();
    await writer.getByText('第 2 版').first().waitFor();
    await button(writer, '送审').click();
    await writer.getByText('待一审').first().waitFor();
    await button(writer, '审核通过').click();
    await writer.getByText('待二审').first().waitFor();

    await second.reload();
    await button(second, '审核通过').click();
    await second.getByText('待三审（终审）').first().waitFor();

    const final = await as('bz_leader');
    await final.goto(`/news/${articleId}`);
    const publish = button(final, '终审通过并发布');
    await final.getByText('电话号码：13812345678').waitFor();
    expect(await publish.isDisabled()).toBe(true);
    await final.getByRole('checkbox').check();
    await publish.click();
    await final.getByText('已发布').first().waitFor();

    // The diff view between the two versions names what changed.
    await final.getByLabel('原版本').click();
    await final.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('第 1 版').click();
    await final.getByLabel('新版本').click();
    await final.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle('第 2 版').click();
    await final.getByText('+ 新增：孙川').waitFor();

    // An anonymous visitor with JavaScript disabled reads the whole story.
    const context = await browser.newContext({ baseURL: server.baseUrl, javaScriptEnabled: false, locale: 'zh-CN' });
    const reader = await context.newPage();
    const res = await reader.goto(`/portal/binzhou/articles/${articleId}`);
    expect(res?.status()).toBe(200);
    await reader.getByRole('heading', { level: 1, name: headline }).waitFor();
    await reader.getByText('（通讯员 孙川 葛洪浦）').waitFor();
    await reader.getByText('违法和不良信息举报电话：12377').waitFor();
    await reader.goto('/portal/binzhou/');
    await reader.getByRole('link', { name: headline }).click();
    await reader.getByRole('heading', { level: 1, name: headline }).waitFor();
    const feed = await (await fetch(`${server.baseUrl}/portal/binzhou/feed.xml`)).text();
    expect(feed).toContain(`<title>${headline}</title>`);

    // Withdrawn: the page answers 410 with the dated note.
    await final.reload();
    await button(final, '撤稿').click();
    await button(dialog(final), '撤稿').click();
    await final.getByLabel('撤稿说明（将公开显示）').fill('内容需要核实，予以撤稿');
    await button(final.getByRole('dialog').last(), '撤稿').click();
    await final.getByText('已撤稿').first().waitFor();
    const gone = await reader.goto(`/portal/binzhou/articles/${articleId}`);
    expect(gone?.status()).toBe(410);
    await reader.getByText('内容需要核实，予以撤稿').waitFor();
    await context.close();
  });

  it('runs no script of any OWASP filter-evasion case, through the editor or the API', async () => {
    const dialogs: string[] = [];
    const watch = (p: Page) => {
      p.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      p.on('pageerror', (e) => dialogs.push(`error: ${e.message}`));
    };
    const writer = await as('binzhou');
    watch(writer);
    await writer.goto('/news/new');
    await writer.getByLabel('栏目').fill('测试');
    await writer.getByLabel('标题', { exact: true }).fill('XSS 测试（编辑器）');
    await writer.getByLabel('正文（每行一段）').fill(XSS_VECTORS.join('\n'));
    await button(writer, '保存').click();
    await waitForPath(writer, /^\/news\/\d+$/);
    await writer.waitForLoadState('networkidle');

    const api = clients.binzhou!;
    const created = await api.call<{ id: string }>('POST', '/api/news/articles', {
      column: '测试',
      headline: 'XSS 测试（接口）',
      bodyHtml: XSS_VECTORS.join('\n'),
    });
    await api.call('POST', `/api/news/articles/${created.id}/submit`);
    await api.call('POST', `/api/news/articles/${created.id}/review`, { decision: 'pass' });
    await clients.bz_publicity!.call('POST', `/api/news/articles/${created.id}/review`, { decision: 'pass' });
    const flags = await clients.bz_leader!.call<{ items: { key: string }[] }>('GET', `/api/news/articles/${created.id}/check`);
    await clients.bz_leader!.call('POST', `/api/news/articles/${created.id}/review`, {
      decision: 'pass',
      clearedFlags: flags.items.map((f) => f.key),
    });
    await writer.goto(`/news/${created.id}`);
    await writer.waitForLoadState('networkidle');
    const { context, page: reader } = await newPage(browser, server.baseUrl);
    watch(reader);
    await reader.goto(`/portal/binzhou/articles/${created.id}`);
    await reader.waitForLoadState('load');
    // Hovering and focusing every element would fire any handler that survived.
    for (const el of await reader.locator('.body *').all()) await el.hover({ timeout: 1000 }).catch(() => undefined);
    await reader.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    expect(await reader.locator('script').count()).toBe(0);
    await context.close();
  });

  it('public pages pass axe-core WCAG 2.1 AA and read on a 375 px phone', async () => {
    const published = await clients.binzhou!.call<{ items: { id: string; status: string }[] }>(
      'GET',
      '/api/news/articles?status=published',
    );
    const article = published.items[0]!.id;
    const pages = [
      '/portal/binzhou/',
      `/portal/binzhou/articles/${article}`,
      `/portal/binzhou/columns/${encodeURIComponent('产改动态')}`,
      `/portal/binzhou/search?q=${encodeURIComponent('会议')}`,
      `/portal/binzhou/articles/${articleId}`,
      '/portal/hunan/',
    ];
    mkdirSync('.tmp/portal-screens', { recursive: true });
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({
        baseURL: server.baseUrl,
        locale: 'zh-CN',
        viewport: { width: 375, height: 812 },
        javaScriptEnabled,
        // axe is injected as a script tag, which the portal's policy (script-src 'self') would refuse.
        bypassCSP: true,
      });
      const page = await context.newPage();
      for (const path of pages) {
        await page.goto(path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} is wider than the phone`).toBeLessThanOrEqual(0);
        if (javaScriptEnabled) {
          expect(await axeViolations(page), path).toEqual([]);
          await page.screenshot({ path: `.tmp/portal-screens/${path.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true });
        }
      }
      await context.close();
    }
  });
});
