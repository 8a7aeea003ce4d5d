// News-desk fixtures: reviewers for the second and third steps in each city, a portal for each, and
// helpers to write an article and carry it through the three reviews to publication.
import sharp from 'sharp';
import type { Client, Res, TestServer } from './harness.js';
import { createUser, loginFresh, type World } from './world.js';

export interface NewsWorld {
  /** 二审 and 三审 of city A and of city B. */
  second: Client;
  final: Client;
  secondB: Client;
  finalB: Client;
  /** Articles of city B: one published, one draft (for the access test). */
  publishedB: string;
  draftB: string;
}

export const HOTLINE = '0543-3188123';

export async function uploadImage(client: Client, data: Buffer, alt: string, orgId?: string, type = 'image/jpeg'): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': type, 'accept-language': client.locale };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
  const q = new URLSearchParams({ alt, ...(orgId && { orgId }) });
  const res = await fetch(`${client.baseUrl}/api/news/images?${q}`, { method: 'POST', headers, body: new Uint8Array(data) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

/** A JPEG photo carrying EXIF with a GPS position (which the upload must strip). */
export function photoWithGps(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 180, g: 40, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Test camera owner', Artist: '张三' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 22/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '117/1 58/1 0/1' },
    })
    .toBuffer();
}

export const article = (extra: Record<string, unknown> = {}) => ({
  column: '工作动态',
  headline: '滨州市召开“四链”融合深入推进产业工人队伍建设改革座谈会',
  lead: '2月27日，滨州市召开座谈会。',
  bodyHtml: '<p>会议肯定了各单位取得的成绩。</p><p>会议强调，要创新工作举措。</p>',
  source: '中工网',
  ...extra,
});

/** Submits the article and passes the three steps; the sign-off clears every flag the check finds. */
export async function publish(author: Client, first: Client, second: Client, final: Client, id: string): Promise<Res> {
  const steps: Res[] = [await author.post(`/api/news/articles/${id}/submit`)];
  steps.push(await first.post(`/api/news/articles/${id}/review`, { decision: 'pass' }));
  steps.push(await second.post(`/api/news/articles/${id}/review`, { decision: 'pass' }));
  const flags = await final.get(`/api/news/articles/${id}/check`);
  const res = await final.post(`/api/news/articles/${id}/review`, {
    decision: 'pass',
    clearedFlags: flags.body.items.map((f: { key: string }) => f.key),
  });
  for (const s of steps) if (s.status !== 200) throw new Error(`review step: ${s.status} ${JSON.stringify(s.body)}`);
  if (res.status !== 200) throw new Error(`sign-off: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

export async function createNewsWorld(server: TestServer, world: World, tag = ''): Promise<NewsWorld> {
  const users: Client[] = [];
  for (const [name, org, role] of [
    [`second_a${tag}`, world.cityA, 'news_second_reviewer'],
    [`final_a${tag}`, world.cityA, 'news_final_reviewer'],
    [`second_b${tag}`, world.cityB, 'news_second_reviewer'],
    [`final_b${tag}`, world.cityB, 'news_final_reviewer'],
  ] as const) {
    await createUser(world.admin, name, org, [role]);
    users.push(await loginFresh(server, name));
  }
  const [second, final, secondB, finalB] = users as [Client, Client, Client, Client];
  for (const [orgId, slug, name] of [
    [world.cityA, `binzhou${tag}`, '滨州市总工会'],
    [world.cityB, `jinan${tag}`, '济南市总工会'],
  ] as const) {
    const res = await world.admin.put('/api/news/portal', {
      orgId,
      slug,
      name,
      icp: '鲁ICP备00000000号',
      copyright: `Copyright © 2026 ${name} 版权所有`,
      hotline: HOTLINE,
      showReviewCredits: true,
    });
    if (res.status !== 200) throw new Error(`portal: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const pub = await world.staffB.post('/api/news/articles', article({ headline: '济南市总工会召开会议' }));
  await publish(world.staffB, world.staffB, secondB, finalB, pub.body.id);
  const draft = await world.staffB.post('/api/news/articles', article({ headline: '济南草稿', bodyHtml: '<p>未发布的草稿</p>' }));
  return { second, final, secondB, finalB, publishedB: pub.body.id, draftB: draft.body.id };
}
