// The news desk through the API and the public portal: writing with every save kept as a version,
// the three-step review with a return, the confidentiality check cleared flag by flag, publication,
// the portal's pages (ETag and 304, 404 for anything unpublished), corrections and withdrawal (410),
// and every step in the audit log with the reviewer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startTestServer, type Client, type TestServer } from '../../testing/harness.js';
import { createWorld, type World } from '../../testing/world.js';
import { expectError } from '../../testing/expect-error.js';
import { article, createNewsWorld, HOTLINE, photoWithGps, uploadImage, type NewsWorld } from '../../testing/news-world.js';

let server: TestServer;
let w: World;
let nw: NewsWorld;
let anon: Client;

beforeAll(async () => {
  server = await startTestServer();
  w = await createWorld(server);
  nw = await createNewsWorld(server, w);
  anon = server.anonymous();
}, 120_000);
afterAll(() => server?.close());

const page = (path: string, headers: Record<string, string> = {}) => fetch(server.baseUrl + path, { headers });

describe('news desk', () => {
  let id: string;

  it('writes an article, sanitising the body, and keeps every save as a version', async () => {
    const res = await w.staffA.post(
      '/api/news/articles',
      article({
        bodyHtml:
          '<p onclick="alert(1)">会议肯定了成绩。<script>alert(1)</script><img src=x onerror=alert(1)></p><a href="javascript:alert(1)">链接</a>',
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
    expect(res.body.content.bodyHtml).not.toMatch(/script|onclick|onerror|javascript:/i);
    expect(res.body).toMatchObject({ status: 'draft', version: 1, orgId: w.cityA, actions: ['edit', 'submit'] });

    const stale = await w.staffA.patch(`/api/news/articles/${id}`, { version: 7, subtitle: '副题' });
    expectError(stale, { status: 409, code: 'conflict', field: { path: 'body.version', code: 'stale_version' } });
    const saved = await w.staffA.patch(`/api/news/articles/${id}`, {
      version: 1,
      subtitle: '深入推进产业工人队伍建设改革',
      bodyHtml: '<p>会议肯定了成绩。</p><p>会议指出，要聚焦目标任务。联系电话 13812345678。</p>',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.version).toBe(2);
    const versions = await w.staffA.get(`/api/news/articles/${id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const diff = await w.staffA.get(`/api/news/articles/${id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    const body = diff.body.fields.find((f: { field: string }) => f.field === 'body');
    expect(body.lines).toContainEqual({ op: 'add', text: '会议指出，要聚焦目标任务。联系电话 13812345678。' });
    expect(diff.body.fields.map((f: { field: string }) => f.field)).toContain('subtitle');
    expectError(await w.staffA.get(`/api/news/articles/${id}/diff?from=1&to=9`), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'query.to', code: 'unknown_version' },
    });
  });

  it('refuses a photo without alt text or caption, and bad input naming the field', async () => {
    expectError(await w.staffA.patch(`/api/news/articles/${id}`, { version: 2, photos: [{ caption: '', credit: '供图' }] }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.photos.0.alt', code: 'alt_required' },
    });
    expectError(await w.staffA.post('/api/news/articles', { column: '动态' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.headline', code: 'required' },
    });
    const unchanged = await w.staffA.get(`/api/news/articles/${id}`);
    expect(unchanged.body.version).toBe(2);
  });

  it('carries the article through 一审, 二审 (with one return) and 三审, each by its role', async () => {
    expectError(await w.staffA.post(`/api/news/articles/${id}/review`, { decision: 'pass' }), { status: 409, code: 'article_state' });
    expect((await w.staffA.post(`/api/news/articles/${id}/submit`)).body.status).toBe('review1');
    expectError(await w.staffA.patch(`/api/news/articles/${id}`, { version: 2, kicker: '引题' }), { status: 409, code: 'article_state' });
    // The second reviewer cannot take the first step.
    expectError(await nw.second.post(`/api/news/articles/${id}/review`, { decision: 'pass' }), { status: 403, code: 'forbidden' });
    expect((await w.staffA.post(`/api/news/articles/${id}/review`, { decision: 'pass', comment: '同意' })).body.status).toBe('review2');
    expectError(await nw.second.post(`/api/news/articles/${id}/review`, { decision: 'return' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.comment', code: 'comment_required' },
    });
    const returned = await nw.second.post(`/api/news/articles/${id}/review`, { decision: 'return', comment: '请补充通讯员署名' });
    expect(returned.body.status).toBe('returned');
    const fixed = await w.staffA.patch(`/api/news/articles/${id}`, {
      version: 2,
      correspondents: ['孙川', '葛洪浦'],
      editorInCharge: '于晓舒',
    });
    expect(fixed.body.version).toBe(3);
    await w.staffA.post(`/api/news/articles/${id}/submit`);
    await w.staffA.post(`/api/news/articles/${id}/review`, { decision: 'pass' });
    // Three reviews are three people.
    const again = await w.staffA.get(`/api/news/articles/${id}`);
    expect(again.body.status).toBe('review2');
    expect((await nw.second.post(`/api/news/articles/${id}/review`, { decision: 'pass' })).body.status).toBe('review3');
  });

  it('publishes only when the sign-off reviewer has cleared every confidentiality flag', async () => {
    const flags = await nw.final.get(`/api/news/articles/${id}/check`);
    expect(flags.body.items).toEqual([{ key: 'phone:13812345678', kind: 'phone', text: '13812345678', field: 'body' }]);
    expectError(await nw.final.post(`/api/news/articles/${id}/review`, { decision: 'pass' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.clearedFlags', code: 'uncleared_flags', message: /13812345678/ },
    });
    const res = await nw.final.post(`/api/news/articles/${id}/review`, { decision: 'pass', clearedFlags: ['phone:13812345678'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'published', publicUrl: `/portal/binzhou/articles/${id}` });
    expect(res.body.reviews.map((r: { step: string; decision: string }) => `${r.step}:${r.decision}`)).toEqual([
      'review1:pass',
      'review2:return',
      'review1:pass',
      'review2:pass',
      'review3:pass',
    ]);
  });

  it('flags ID numbers and names of registry people who are not public', async () => {
    const person = await w.staffA.post('/api/people', { orgId: w.enterpriseA, name: '李秘密', idNumber: '110101199003074514' });
    expect(person.status, JSON.stringify(person.body)).toBe(201);
    const res = await w.staffA.post(
      '/api/news/articles',
      article({ bodyHtml: '<p>李秘密（身份证号 110101199003074514）参加了会议。</p>' }),
    );
    const flags = await w.staffA.get(`/api/news/articles/${res.body.id}/check`);
    expect(flags.body.items.map((f: { key: string }) => f.key).sort()).toEqual(['id_number:110101199003074514', 'person:李秘密']);
  });

  it('serves the published article on the portal to anyone, with ETag, Cache-Control and 304', async () => {
    const res = await page(`/portal/binzhou/articles/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await res.text();
    expect(html).toContain('滨州市召开“四链”融合深入推进产业工人队伍建设改革座谈会');
    expect(html).toContain('通讯员 孙川 葛洪浦');
    expect(html).toContain('责任编辑：于晓舒');
    expect(html).toContain(`违法和不良信息举报电话：${HOTLINE}`);
    expect(html).toContain('一审：staff_a');
    expect(html).not.toMatch(/<script/i);
    const etag = res.headers.get('etag')!;
    const again = await page(`/portal/binzhou/articles/${id}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    // A portal shows its own subtree only; drafts and other ids are not found.
    expect((await page(`/portal/jinan/articles/${id}`)).status).toBe(404);
    expect((await page(`/portal/jinan/articles/${nw.draftB}`)).status).toBe(404);
    expect((await page(`/portal/binzhou/articles/${Number(id) + 1000}`)).status).toBe(404);
    expect((await page('/portal/nosuch/')).status).toBe(404);
  });

  it('lists it on the home page, its column, search, the feeds and the sitemap', async () => {
    const home = await (await page('/portal/binzhou/')).text();
    expect(home).toContain(`/portal/binzhou/articles/${id}`);
    const column = await page(`/portal/binzhou/columns/${encodeURIComponent('工作动态')}`);
    expect(column.status).toBe(200);
    expect(await column.text()).toContain(`/portal/binzhou/articles/${id}`);
    const search = await (await page(`/portal/binzhou/search?q=${encodeURIComponent('四链')}`)).text();
    expect(search).toContain(`/portal/binzhou/articles/${id}`);
    const atom = await page('/portal/binzhou/feed.xml');
    expect(atom.headers.get('content-type')).toMatch(/atom\+xml/);
    expect(await atom.text()).toContain(`/portal/binzhou/articles/${id}</id>`);
    expect(await (await page('/portal/binzhou/rss.xml')).text()).toContain(`<guid>`);
    expect(await (await page('/portal/binzhou/sitemap.xml')).text()).toContain(`/portal/binzhou/articles/${id}</loc>`);
  });

  it('corrects with a visible dated note, and a withdrawn article answers 410', async () => {
    const corrected = await nw.final.post(`/api/news/articles/${id}/correct`, {
      note: '原文中电话号码已删除',
      bodyHtml: '<p>会议肯定了成绩。</p><p>会议指出，要聚焦目标任务。</p>',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const html = await (await page(`/portal/binzhou/articles/${id}`)).text();
    expect(html).toContain('更正');
    expect(html).toContain('原文中电话号码已删除');
    expect(html).not.toContain('13812345678');
    expectError(await w.staffA.post(`/api/news/articles/${id}/withdraw`, { note: '撤稿' }), { status: 403, code: 'forbidden' });
    const withdrawn = await nw.final.post(`/api/news/articles/${id}/withdraw`, { note: '内容有误，予以撤稿' });
    expect(withdrawn.body.status).toBe('withdrawn');
    const gone = await page(`/portal/binzhou/articles/${id}`);
    expect(gone.status).toBe(410);
    const text = await gone.text();
    expect(text).toContain('内容有误，予以撤稿');
    expect(text).not.toContain('会议肯定了成绩');
    expect(await (await page('/portal/binzhou/feed.xml')).text()).not.toContain(`/articles/${id}<`);
  });

  it('records every review step, the publication, correction and withdrawal with the reviewer', async () => {
    const res = await w.admin.get(`/api/audit?entityType=news_article&entityId=${id}&pageSize=100`);
    expect(res.status).toBe(200);
    const entries = res.body.items as { action: string; actorUsername: string }[];
    const seen = entries.map((e) => `${e.action}:${e.actorUsername}`);
    for (const want of [
      'create:staff_a',
      'update:staff_a',
      'submit:staff_a',
      'accept:staff_a',
      'return:second_a',
      'accept:second_a',
      'accept:final_a',
      'publish:final_a',
      'correct:final_a',
      'withdraw:final_a',
    ])
      expect(seen).toContain(want);
  });
});

describe('news images', () => {
  it('resizes an upload into responsive sizes and strips EXIF (GPS)', async () => {
    const res = await uploadImage(w.staffA, await photoWithGps(), '会议现场');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ width: 1200, height: 800, sizes: [480, 960, 1200] });
    const a = await w.staffA.post(
      '/api/news/articles',
      article({ headline: '带图片的稿件', photos: [{ imageId: res.body.id, caption: '会议现场', credit: '滨州市总工会供图' }] }),
    );
    // Not published: the image is not served.
    expect((await page(`/portal/binzhou/images/${res.body.id}/960.jpg`)).status).toBe(404);
    const { publish } = await import('../../testing/news-world.js');
    await publish(w.staffA, w.staffA, nw.second, nw.final, a.body.id);
    const img = await page(`/portal/binzhou/images/${res.body.id}/960.jpg`);
    expect(img.status).toBe(200);
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 960 });
    expect(meta.exif).toBeUndefined();
    const html = await (await page(`/portal/binzhou/articles/${a.body.id}`)).text();
    expect(html).toMatch(/<img src="\/portal\/binzhou\/images\/\d+\/960.jpg" srcset="[^"]+480w[^"]+" [^>]*alt="会议现场"/);
  });

  it('refuses what is not an image, whatever its declared type, and needs alt text', async () => {
    const fake = await uploadImage(w.staffA, Buffer.from('%PDF-1.4 not an image'), '图');
    expectError(fake, { status: 400, code: 'file_rejected' });
    const noAlt = await uploadImage(w.staffA, await photoWithGps(100, 100), '');
    expectError(noAlt, { status: 400, code: 'validation_failed', field: { path: 'query.alt' } });
    void anon;
  });
});

describe('drafting from a record through a provider', () => {
  it('drafts from a meeting the provider hands over, and finds no record outside the subtree', async () => {
    const { registerFactsProvider } = await import('./news.drafting.js');
    const { SEED_004_MEETING } = await import('./news.demo.js');
    const orgs = await server.db.selectFrom('organisations').select(['id', 'path']).where('id', 'in', [w.cityA, w.cityB]).execute();
    const byId = new Map(orgs.map((o) => [o.id, o.path]));
    // A hand-built meeting record shaped like seed 004's (the meetings module plugs in the real one).
    registerFactsProvider({
      kind: 'meeting',
      load: async (recordId) => {
        const orgId = recordId === '1' ? w.cityA : recordId === '2' ? w.cityB : undefined;
        if (!orgId) return undefined;
        return {
          facts: SEED_004_MEETING,
          link: { kind: 'meeting', id: recordId, title: SEED_004_MEETING.topic },
          orgId,
          orgPath: byId.get(orgId)!,
        };
      },
    });
    const res = await w.staffA.post('/api/news/articles/from-record', { kind: 'meeting', recordId: '1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      orgId: w.cityA,
      content: { source: '中工网', links: [{ kind: 'meeting', id: '1' }], headline: expect.stringContaining('座谈会') },
    });
    expect(res.body.content.bodyHtml).toContain('会议强调，要创新工作举措');
    expectError(await w.staffA.post('/api/news/articles/from-record', { kind: 'meeting', recordId: '2' }), {
      status: 404,
      code: 'not_found',
    });
    expectError(await w.staffA.post('/api/news/articles/from-record', { kind: 'visit', recordId: '1' }), {
      status: 404,
      code: 'not_found',
    });
  });
});

describe('drafting templates per federation', () => {
  it('reports a template error when it is saved, and drafts with the federation template', async () => {
    expectError(await w.staffA.put('/api/news/templates', { genre: 'meeting', headline: '{{topic}}', body: '{{date}}，{{budget}}' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.body', code: 'template_unknown_field', message: /budget/ },
    });
    expectError(await w.staffA.put('/api/news/templates', { genre: 'meeting', headline: '{{#topic}}x{{/topic}}', body: '{{date}}' }), {
      status: 400,
      code: 'validation_failed',
      field: { path: 'body.headline', code: 'template_not_a_list' },
    });
    const before = await w.staffA.get('/api/news/templates');
    expect(before.body.items.find((t: { genre: string }) => t.genre === 'meeting')).toMatchObject({ orgId: null });
    const saved = await w.staffA.put('/api/news/templates', {
      genre: 'meeting',
      headline: '{{place}}：{{topic}}',
      body: '{{date}}，{{place}}召开{{topic}}。\n{{#stressed}}\n会议强调，{{.}}{{/stressed}}',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.items.find((t: { genre: string }) => t.genre === 'meeting')).toMatchObject({ orgId: w.cityA });
    // The enterprise below city A drafts with its federation's template.
    const inherited = await w.staffA.get(`/api/news/templates?orgId=${w.enterpriseA}`);
    expect(inherited.body.items.find((t: { genre: string }) => t.genre === 'meeting')).toMatchObject({ orgId: w.cityA });
    const res = await w.staffA.post('/api/news/articles/from-record', { kind: 'meeting', recordId: '1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.content.headline).toBe('山东省滨州市：“四链”融合深入推进产业工人队伍建设改革座谈会');
    expect(res.body.content.bodyHtml).not.toContain('会议指出');
  });
});
