// The public side: the seed 004 page reproduced from a meeting record plus a photo (every field in its
// place in the server-rendered HTML), the demo portals crawled for anything private or unpublished,
// the OWASP filter-evasion cases through the API, and the drafting templates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../bootstrap/demo.js';
import { createSecretBox } from '../../platform/secrets.js';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../../testing/harness.js';
import { createNewsWorld, photoWithGps, publish, uploadImage, type NewsWorld } from '../../testing/news-world.js';
import { createWorld, type World } from '../../testing/world.js';
import { ID_NUMBER, PHONE } from './news.confidential.js';
import { chineseOrdinal, compileTemplate, DEFAULT_TEMPLATES, draftFromFacts, TemplateError } from './news.drafting.js';
import { DEMO_HOTLINE, DEMO_PORTALS, SEED_000_VISIT, SEED_004_EDITS, SEED_004_MEETING, seed004Content } from './news.demo.js';
import { bodyText } from './news.sanitize.js';
import { PORTAL_SYNC_MS } from './portal-cache.js';
import { CSS } from './portal.render.js';
import { DANGEROUS, XSS_VECTORS } from './xss-vectors.js';

let server: TestServer;
let w: World;
let nw: NewsWorld;
const get = (path: string) => fetch(server.baseUrl + path);

beforeAll(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  nw = await createNewsWorld(server, w);
}, 120_000);
afterAll(() => server?.close());

describe('drafting from a record', () => {
  it('drafts the meeting of seed 004 in the genre shape, every fact from the record', () => {
    const draft = draftFromFacts(SEED_004_MEETING, { kind: 'meeting', id: '1', title: SEED_004_MEETING.topic });
    const text = bodyText(draft.bodyHtml);
    expect(draft.headline).toBe('滨州市召开“四链”融合深入推进产业工人队伍建设改革座谈会');
    expect(text.split('\n')[0]).toBe(
      '2月27日，山东省滨州市召开“四链”融合深入推进产业工人队伍建设改革座谈会。市产改协调小组有关成员单位、部分市属企业负责同志参加会议。',
    );
    expect(text).toContain('会上，参会单位和企业作了汇报和交流发言。');
    expect(text).toContain(`会议肯定了${SEED_004_MEETING.affirmed[0]}`);
    expect(text).toContain(`会议指出，${SEED_004_MEETING.pointedOut[0]}`);
    expect(text).toContain(`会议强调，${SEED_004_MEETING.stressed[0]}`);
    expect(draft).toMatchObject({ source: '中工网', links: [{ kind: 'meeting', id: '1' }] });
    // Nothing invented: every digit in the draft is one of the record's.
    expect(text.match(/\d+/g)).toEqual(['2', '27']);
  });

  it('drafts a visit with the ordered requirements (一是…二是…)', () => {
    const text = bodyText(draftFromFacts(SEED_000_VISIT, null).bodyHtml);
    expect(text).toMatch(/^8月31日至9月2日，中国机械冶金建材工会党组书记、主席陈杰平一行来到湖南，深入湘电、湘钢等企业/);
    expect(text).toContain('调研组指出，疫情期间');
    expect(text).toMatch(/调研组要求：一是要大力弘扬.*二是要扎实推进.*三是.*四是要深化/);
    expect(chineseOrdinal(12)).toBe('十二');
  });

  it('reports a template error when the template is checked, naming the field', () => {
    expect(() => compileTemplate('{{date}} {{budget}}', 'meeting')).toThrow(new TemplateError('unknown_field', 'budget'));
    expect(() => compileTemplate('{{#attendees}}{{.}}', 'meeting')).toThrow(TemplateError);
    expect(() => compileTemplate('{{#topic}}x{{/topic}}', 'meeting')).toThrow(new TemplateError('not_a_list', 'topic'));
    expect(() => compileTemplate('{{.}}', 'visit')).toThrow(TemplateError);
    for (const genre of ['visit', 'meeting'] as const) {
      expect(() => compileTemplate(DEFAULT_TEMPLATES[genre].body, genre)).not.toThrow();
      expect(() => compileTemplate(DEFAULT_TEMPLATES[genre].headline, genre)).not.toThrow();
    }
  });
});

describe('seed 004 on the portal', () => {
  it('reproduces every field of the seed page from the meeting record plus a photo', async () => {
    const photo = await uploadImage(w.staffA, await photoWithGps(), SEED_004_EDITS.photo.caption);
    expect(photo.status).toBe(201);
    const content = seed004Content(photo.body.id);
    const created = await w.staffA.post('/api/news/articles', content);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    await publish(w.staffA, w.staffA, nw.second, nw.final, id);
    await server.db.updateTable('news_articles').set({ published_at: SEED_004_EDITS.publishedAt }).where('id', '=', id).execute();
    await w.admin.put('/api/news/portal', {
      orgId: w.cityA,
      slug: 'binzhou',
      name: '滨州市总工会',
      hotline: '010-84151598',
      copyright: 'Copyright © 2008-2024 by www.workercn.cn. all rights reserved',
      icp: '京ICP备00000000号',
      showReviewCredits: true,
    });
    const res = await get(`/portal/binzhou/articles/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const expectIn = (what: string, re: RegExp) => expect(html, what).toMatch(re);
    expectIn('column', /<a href="\/portal\/binzhou\/columns\/[^"]+">产改动态<\/a>/);
    expectIn('headline', /<h1>山东滨州：创新举措精准发力 推动全市产改工作实现新突破<\/h1>/);
    expectIn('source', /来源：中工网/);
    expectIn('publication time', /<time datetime="2024-02-29T01:06:00.000Z">2024-02-29 09:06<\/time>/);
    for (const paragraph of bodyText(content.bodyHtml).split('\n')) expect(html, 'body paragraph').toContain(`<p>${paragraph}</p>`);
    expectIn('photo', /<figure><img src="\/portal\/binzhou\/images\/\d+\/960\.jpg"[^>]* alt="日前，滨州市召开[^"]+"/);
    expectIn(
      'caption and credit',
      /<figcaption>日前，滨州市召开“四链”融合深入推进产业工人队伍建设改革座谈会。图为会议现场。 滨州市总工会供图<\/figcaption>/,
    );
    expectIn('correspondents', /（通讯员 孙川 葛洪浦）/);
    expectIn('editor in charge', /责任编辑：于晓舒/);
    expectIn('report hotline', /<footer[\s\S]*违法和不良信息举报电话：010-84151598/);
    expectIn('copyright', /<footer[\s\S]*Copyright © 2008-2024 by www.workercn.cn. all rights reserved/);
    expectIn('tags', /四链融合/);
    expectIn('review credits', /一审：staff_a　二审：second_a　三审：final_a/);
    // First paint: the page and its one inline stylesheet, well under 50 KB, no script.
    expect(Buffer.byteLength(html)).toBeLessThan(50 * 1024);
    expect(Buffer.byteLength(CSS)).toBeLessThan(10 * 1024);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"/i);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });
});

describe('a public change made by another server process', () => {
  it("leaves this process's page cache within about a second (the shared generation)", async () => {
    const created = await w.staffA.post('/api/news/articles', { column: '产改动态', headline: '跨进程撤稿测试', bodyHtml: '<p>原文</p>' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await publish(w.staffA, w.staffA, nw.second, nw.final, id);
    const url = `/portal/binzhou/articles/${id}`;
    const first = await get(url);
    expect(first.status).toBe(200);
    // Another process withdraws it: the row and the shared generation change in the database, and
    // nothing in this process is told.
    await server.db.transaction().execute(async (trx) => {
      await trx.updateTable('news_articles').set({ status: 'withdrawn', withdrawn_at: new Date() }).where('id', '=', id).execute();
      await trx
        .updateTable('news_portal_state')
        .set((eb) => ({ generation: eb('generation', '+', '1') }))
        .execute();
    });
    const started = Date.now();
    let status = 200;
    while (Date.now() - started < PORTAL_SYNC_MS * 10) {
      status = (await get(url)).status;
      if (status === 410) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(410);
  });
});

describe('article bodies against the OWASP filter-evasion cases', () => {
  it('keeps nothing executable of any case, through the API and on the page', async () => {
    const bad: string[] = [];
    for (const vector of XSS_VECTORS) {
      const res = await w.staffA.post('/api/news/articles', {
        column: '测试',
        headline: 'XSS',
        bodyHtml: `<p>前文</p>${vector}<p>后文</p>`,
      });
      expect(res.status).toBe(201);
      // Only markup counts: text that merely reads "javascript:" is escaped and inert.
      const tags = (res.body.content.bodyHtml as string).match(/<[^>]*>/g)?.join('') ?? '';
      if (DANGEROUS.test(tags)) bad.push(`${vector} → ${res.body.content.bodyHtml}`);
    }
    expect(bad).toEqual([]);
    const headline = await w.staffA.post('/api/news/articles', {
      column: '测试',
      headline: '<script>alert(1)</script>标题',
      bodyHtml: XSS_VECTORS.join(''),
    });
    await publish(w.staffA, w.staffA, nw.second, nw.final, headline.body.id);
    const html = await (await get(`/portal/binzhou/articles/${headline.body.id}`)).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;标题');
    expect(html).not.toMatch(/<script/i);
    const body = /<div class="body">([\s\S]*?)<\/div>\n/.exec(html)![1]!;
    expect((body.match(/<[^>]*>/g) ?? []).filter((t) => DANGEROUS.test(t))).toEqual([]);
  });

  it('serves a portal at / of its own host name, with its footer; a host name belongs to one portal', async () => {
    const saved = await w.admin.put('/api/news/portal', {
      orgId: w.cityA,
      slug: 'binzhou',
      name: '滨州市总工会',
      hotline: '0543-0000000',
      copyright: '版权所有 滨州市总工会',
      icp: '鲁ICP备00000001号',
      host: 'News.Binzhou.example.cn',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.portal.host).toBe('news.binzhou.example.cn');
    const onHost = (url: string, host = 'news.binzhou.example.cn:8080') => server.app.inject({ url, headers: { host } });
    const home = await onHost('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('鲁ICP备00000001号');
    expect(home.body).toContain('0543-0000000');
    expect(home.body).toContain('版权所有 滨州市总工会');
    expect((await onHost('/rss.xml')).body).toContain('<rss');
    // The API and the path-prefixed portal still answer on that host; other hosts are not rewritten.
    expect((await onHost('/portal/binzhou/')).statusCode).toBe(200);
    expect((await onHost('/api/health')).statusCode).not.toBe(404);
    expect((await onHost('/rss.xml', 'other.example.cn')).statusCode).toBe(404);
    const bad = await w.admin.put('/api/news/portal', { orgId: w.cityA, slug: 'binzhou', name: '滨州市总工会', host: 'not a host' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('门户域名');
    // Back to the settings of the test above (the page cache is per process: saving clears it).
    const restored = await w.admin.put('/api/news/portal', {
      orgId: w.cityA,
      slug: 'binzhou',
      name: '滨州市总工会',
      hotline: '010-84151598',
      copyright: 'Copyright © 2008-2024 by www.workercn.cn. all rights reserved',
      icp: '京ICP备00000000号',
      showReviewCredits: true,
    });
    expect(restored.body.portal.host).toBeNull();
    expect((await onHost('/rss.xml')).statusCode).toBe(404);
  });
});

describe('the demo portals', () => {
  let demo: TestServer;
  beforeAll(async () => {
    demo = await startTestServer();
    await seedDemo(demo.db, createSecretBox(TEST_SECRET_KEY));
    // Unpublished work in progress at Binzhou, full of what must never be public.
    const staff = await demo.login('binzhou', 'Jiangxin-Demo-2026');
    const draft = await staff.post('/api/news/articles', {
      column: '产改动态',
      headline: '内部草稿不得公开',
      bodyHtml: '<p>联系人手机 13912345678，身份证号 110101199003074514。</p>',
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const submitted = await staff.post('/api/news/articles', { column: '产改动态', headline: '送审中的稿件', bodyHtml: '<p>审核中</p>' });
    await staff.post(`/api/news/articles/${submitted.body.id}/submit`);
  }, 180_000);
  afterAll(() => demo?.close());

  it('publishes the two seed stories in Chinese', async () => {
    const shandong = await (await fetch(`${demo.baseUrl}/portal/shandong/`)).text();
    expect(shandong).toContain('山东滨州：创新举措精准发力 推动全市产改工作实现新突破');
    const hunan = await (await fetch(`${demo.baseUrl}/portal/hunan/`)).text();
    expect(hunan).toContain('陈杰平赴湖南调研');
  });

  it('shows nothing private or unpublished on any public page or feed', async () => {
    const seen = new Set<string>();
    const queue: string[] = DEMO_PORTALS.flatMap((p) => [
      `/portal/${p.slug}/`,
      `/portal/${p.slug}/feed.xml`,
      `/portal/${p.slug}/rss.xml`,
      `/portal/${p.slug}/sitemap.xml`,
      `/portal/${p.slug}/search?q=${encodeURIComponent('草稿')}`,
      `/portal/${p.slug}/search?q=${encodeURIComponent('会议')}`,
    ]);
    const problems: string[] = [];
    while (queue.length && seen.size < 500) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await fetch(demo.baseUrl + path);
      if (path.includes('/images/')) continue;
      const text = await res.text();
      if (res.status !== 200) problems.push(`${path} → ${res.status}`);
      const visible = text.replaceAll(DEMO_HOTLINE, '');
      for (const m of visible.matchAll(ID_NUMBER)) problems.push(`${path}: ID number ${m[0]}`);
      for (const m of visible.matchAll(PHONE)) problems.push(`${path}: phone ${m[0]}`);
      for (const secret of ['内部草稿不得公开', '送审中的稿件', '13912345678', '110101199003074514'])
        if (text.includes(secret)) problems.push(`${path}: unpublished ${secret}`);
      for (const m of text.matchAll(/(?:href|src|<loc>|<link>)="?(?:https?:\/\/[^/"<]+)?(\/portal\/[^"<\s]+)/g)) {
        const next = m[1]!.replace(/&amp;/g, '&');
        if (!seen.has(next)) queue.push(next);
      }
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(10);
    // Guessing the ids of the unpublished articles finds nothing.
    const ids = await demo.db.selectFrom('news_articles').select('id').where('status', '!=', 'published').execute();
    expect(ids.length).toBe(2);
    for (const { id } of ids)
      for (const p of DEMO_PORTALS) expect((await fetch(`${demo.baseUrl}/portal/${p.slug}/articles/${id}`)).status).toBe(404);
  });
});
