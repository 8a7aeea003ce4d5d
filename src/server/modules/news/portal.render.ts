// The public portal's pages as plain HTML templates: every value escaped (the body is the sanitised
// HTML and is sanitised once more on the way out), no script at all, one small inline stylesheet
// that reads well from a 375 px phone up. Pure functions of their data, so the routes can cache them.
import type { ArticleContent, ArticleNote, ReviewCredits } from './news.tables.js';
import { sanitizeBody } from './news.sanitize.js';

export interface PortalInfo {
  slug: string;
  name: string;
  icp: string;
  copyright: string;
  hotline: string;
  showReviewCredits: boolean;
}

export interface PublishedArticle {
  id: string;
  orgName: string;
  content: ArticleContent;
  publishedAt: Date;
  notes: ArticleNote[];
  credits: ReviewCredits;
  withdrawn: boolean;
}

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const pad = (n: number) => String(n).padStart(2, '0');
/** Beijing time, as the seeds print it: 2024-02-29 09:06. */
export function beijingTime(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}
const beijingDate = (d: Date) => beijingTime(d).slice(0, 10);

export const CSS = `*{box-sizing:border-box}body{margin:0;font:17px/1.75 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f1f1f;background:#fff}
a{color:#0b57a4}a:focus-visible{outline:3px solid #0b57a4;outline-offset:2px}
.wrap{max-width:46rem;margin:0 auto;padding:0 1rem}
header.site{background:#a8071a;color:#fff}header.site a{color:#fff;text-decoration:none}
header.site .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.75rem 1rem}
.brand{font-size:1.2rem;font-weight:700}
nav.cols ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav.cols a{color:#fff;text-decoration:underline}
form.search{display:flex;gap:.25rem}form.search input{font:inherit;padding:.25rem .5rem;border:1px solid #767676;border-radius:4px;min-width:0;width:10rem}
form.search button{font:inherit;padding:.25rem .75rem;border:0;border-radius:4px;background:#fff;color:#a8071a;cursor:pointer}
main{padding:1rem 0 2rem}h1{font-size:1.6rem;line-height:1.35;margin:.25rem 0 .5rem}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
.kicker,.subtitle{color:#434343;margin:0}.meta{color:#595959;font-size:.9rem;margin:.25rem 0 1rem}.meta span{margin-right:1rem}
.lead{font-weight:600}figure{margin:1rem 0}figure img{width:100%;height:auto;display:block;background:#f0f0f0}
figcaption{font-size:.9rem;color:#434343;margin-top:.35rem}.body img{max-width:100%;height:auto}
.note{border-left:4px solid #ad4e00;background:#fff7e6;padding:.5rem .75rem;margin:1rem 0}
.credits,.editor,.tags{color:#434343;font-size:.95rem}.tags ul{display:inline;list-style:none;padding:0}.tags li{display:inline;margin-right:.5rem}
ul.list{list-style:none;padding:0;margin:0}ul.list li{padding:.6rem 0;border-bottom:1px solid #e8e8e8}ul.list time{display:block;color:#595959;font-size:.85rem}
nav.pages{display:flex;gap:1rem;margin:1rem 0}
footer.site{background:#f5f5f5;color:#434343;font-size:.85rem;padding:1rem 0 2rem}footer.site p{margin:.25rem 0}
@media (min-width:48rem){h1{font-size:2rem}}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

function layout(
  p: PortalInfo,
  o: { title: string; main: string; columns: string[]; canonical?: string; description?: string; query?: string },
): string {
  const base = `/portal/${p.slug}`;
  const nav = o.columns.map((c) => `<li><a href="${base}/columns/${encodeURIComponent(c)}">${esc(c)}</a></li>`).join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)}</title>
${o.description ? `<meta name="description" content="${esc(o.description)}">` : ''}
${o.canonical ? `<link rel="canonical" href="${esc(o.canonical)}">` : ''}
<link rel="alternate" type="application/atom+xml" title="${esc(p.name)}" href="${base}/feed.xml">
<style>${CSS}</style>
</head>
<body>
<header class="site"><div class="wrap">
<a class="brand" href="${base}/">${esc(p.name)}</a>
<form class="search" role="search" action="${base}/search" method="get"><label for="q" class="sr">搜索</label><input id="q" name="q" type="search" value="${esc(o.query ?? '')}"><button type="submit">搜索</button></form>
${nav ? `<nav class="cols" aria-label="栏目"><ul>${nav}</ul></nav>` : ''}
</div></header>
<main class="wrap" id="main">
${o.main}
</main>
<footer class="site"><div class="wrap">
<p>${esc(p.name)}</p>
${p.hotline ? `<p>违法和不良信息举报电话：${esc(p.hotline)}</p>` : ''}
${p.copyright ? `<p>${esc(p.copyright)}</p>` : ''}
${p.icp ? `<p>${esc(p.icp)}</p>` : ''}
</div></footer>
</body>
</html>
`;
}

function imageTag(p: PortalInfo, photo: ArticleContent['photos'][number], widths: number[] | undefined): string {
  if (!photo.imageId) return '';
  const src = (w: number) => `/portal/${p.slug}/images/${photo.imageId}/${w}.jpg`;
  const ws = widths?.length ? widths : [960];
  const srcset = ws.map((w) => `${src(w)} ${w}w`).join(', ');
  return `<img src="${src(ws.includes(960) ? 960 : ws.at(-1)!)}" srcset="${srcset}" sizes="(min-width: 48rem) 46rem, 100vw" alt="${esc(photo.alt)}" loading="lazy">`;
}

const REVIEW_LABELS = { review1: '一审', review2: '二审', review3: '三审' } as const;

export function articlePage(
  p: PortalInfo,
  a: PublishedArticle,
  columns: string[],
  imageWidths: Record<string, number[]>,
  origin: string,
): string {
  const c = a.content;
  const base = `/portal/${p.slug}`;
  const notes = a.notes
    .map(
      (n) =>
        `<aside class="note" aria-label="${n.kind === 'correction' ? '更正' : '撤稿'}"><strong>${n.kind === 'correction' ? '更正' : '撤稿说明'}</strong>（<time datetime="${esc(n.at)}">${beijingTime(new Date(n.at))}</time>）：${esc(n.text)}</aside>`,
    )
    .join('\n');
  if (a.withdrawn) {
    return layout(p, {
      title: `已撤稿 - ${p.name}`,
      columns,
      main: `<h1>本文已撤稿</h1>\n<p>《${esc(c.headline)}》已于 ${beijingDate(new Date(a.notes.filter((n) => n.kind === 'withdrawal').at(-1)?.at ?? a.publishedAt))} 撤稿。</p>\n${notes}\n<p><a href="${base}/">返回首页</a></p>`,
    });
  }
  const photos = c.photos
    .map((ph) => {
      const img = imageTag(p, ph, ph.imageId ? imageWidths[ph.imageId] : undefined);
      const caption = [ph.caption, ph.credit].filter(Boolean).map(esc).join(' ');
      return img || caption ? `<figure>${img}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>` : '';
    })
    .join('\n');
  const people = [
    c.reporters.length ? `记者 ${c.reporters.map(esc).join(' ')}` : '',
    c.correspondents.length ? `通讯员 ${c.correspondents.map(esc).join(' ')}` : '',
  ].filter(Boolean);
  const credits = p.showReviewCredits
    ? (['review1', 'review2', 'review3'] as const)
        .filter((s) => a.credits[s])
        .map((s) => `${REVIEW_LABELS[s]}：${esc(a.credits[s]!.name)}`)
        .join('　')
    : '';
  const main = `<article>
<p><a href="${base}/columns/${encodeURIComponent(c.column)}">${esc(c.column)}</a></p>
${c.kicker ? `<p class="kicker">${esc(c.kicker)}</p>` : ''}
<h1>${esc(c.headline)}</h1>
${c.subtitle ? `<p class="subtitle">${esc(c.subtitle)}</p>` : ''}
<p class="meta">${c.source ? `<span>来源：${esc(c.source)}</span>` : ''}<span>发布时间：<time datetime="${a.publishedAt.toISOString()}">${beijingTime(a.publishedAt)}</time></span></p>
${notes}
${c.lead ? `<p class="lead">${esc(c.lead)}</p>` : ''}
${photos}
<div class="body">${sanitizeBody(c.bodyHtml)}</div>
${people.length ? `<p class="byline">（${people.join('　')}）</p>` : ''}
${c.editorInCharge ? `<p class="editor">责任编辑：${esc(c.editorInCharge)}</p>` : ''}
${credits ? `<p class="credits">${credits}</p>` : ''}
${c.tags.length ? `<p class="tags">标签：<span>${c.tags.map(esc).join('　')}</span></p>` : ''}
</article>`;
  return layout(p, {
    title: `${c.headline} - ${p.name}`,
    columns,
    main,
    canonical: `${origin}${base}/articles/${a.id}`,
    description: c.lead || c.headline,
  });
}

function listItems(p: PortalInfo, items: PublishedArticle[]): string {
  if (!items.length) return '<p>暂无文章。</p>';
  return `<ul class="list">${items
    .map(
      (a) =>
        `<li><a href="/portal/${p.slug}/articles/${a.id}">${esc(a.content.headline)}</a><time datetime="${a.publishedAt.toISOString()}">${beijingDate(a.publishedAt)}</time></li>`,
    )
    .join('')}</ul>`;
}

function pager(path: string, page: number, pages: number, extra = ''): string {
  if (pages <= 1) return '';
  const link = (n: number, label: string) => `<a href="${path}?${extra}page=${n}">${label}</a>`;
  return `<nav class="pages" aria-label="分页">${page > 1 ? link(page - 1, '上一页') : ''}<span>第 ${page} / ${pages} 页</span>${page < pages ? link(page + 1, '下一页') : ''}</nav>`;
}

export function homePage(p: PortalInfo, sections: { column: string; items: PublishedArticle[] }[], columns: string[]): string {
  const main = `<h1>${esc(p.name)}</h1>\n${
    sections.length
      ? sections
          .map(
            (s, i) =>
              `<section aria-labelledby="col-${i}"><h2 id="col-${i}"><a href="/portal/${p.slug}/columns/${encodeURIComponent(s.column)}">${esc(s.column)}</a></h2>${listItems(p, s.items)}</section>`,
          )
          .join('\n')
      : '<p>暂无文章。</p>'
  }`;
  return layout(p, { title: p.name, columns, main });
}

export function columnPage(
  p: PortalInfo,
  column: string,
  items: PublishedArticle[],
  page: number,
  pages: number,
  columns: string[],
): string {
  const path = `/portal/${p.slug}/columns/${encodeURIComponent(column)}`;
  return layout(p, {
    title: `${column} - ${p.name}`,
    columns,
    main: `<h1>${esc(column)}</h1>\n${listItems(p, items)}\n${pager(path, page, pages)}`,
  });
}

export function searchPage(
  p: PortalInfo,
  q: string,
  items: PublishedArticle[],
  total: number,
  page: number,
  pages: number,
  columns: string[],
): string {
  const path = `/portal/${p.slug}/search`;
  const head = q ? `<p>“${esc(q)}”共 ${total} 条结果</p>` : '<p>请输入要搜索的内容。</p>';
  return layout(p, {
    title: `搜索 - ${p.name}`,
    columns,
    query: q,
    main: `<h1>搜索</h1>\n${head}\n${q ? listItems(p, items) : ''}\n${pager(path, page, pages, `q=${encodeURIComponent(q)}&amp;`)}`,
  });
}

export function notFoundPage(p: PortalInfo | undefined, status: 404 | 410 = 404): string {
  const info = p ?? { slug: '', name: '页面不存在', icp: '', copyright: '', hotline: '', showReviewCredits: false };
  return layout(info, {
    title: '页面不存在',
    columns: [],
    main: `<h1>页面不存在</h1><p>您要找的页面不存在${status === 410 ? '或已撤下' : ''}。</p>`,
  });
}

const xmlEsc = (s: string) => esc(s).replace(/&#39;/g, '&apos;');

export function atomFeed(p: PortalInfo, items: PublishedArticle[], origin: string): string {
  const base = `${origin}/portal/${p.slug}`;
  const updated = (items[0]?.publishedAt ?? new Date(0)).toISOString();
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<title>${xmlEsc(p.name)}</title>
<id>${xmlEsc(`${base}/`)}</id>
<link href="${xmlEsc(`${base}/`)}"/>
<link rel="self" href="${xmlEsc(`${base}/feed.xml`)}"/>
<updated>${updated}</updated>
${items
  .map(
    (a) => `<entry>
<title>${xmlEsc(a.content.headline)}</title>
<id>${xmlEsc(`${base}/articles/${a.id}`)}</id>
<link href="${xmlEsc(`${base}/articles/${a.id}`)}"/>
<published>${a.publishedAt.toISOString()}</published>
<updated>${a.publishedAt.toISOString()}</updated>
<author><name>${xmlEsc(a.content.source || a.orgName)}</name></author>
<category term="${xmlEsc(a.content.column)}"/>
<summary>${xmlEsc(a.content.lead || a.content.headline)}</summary>
</entry>`,
  )
  .join('\n')}
</feed>
`;
}

export function rssFeed(p: PortalInfo, items: PublishedArticle[], origin: string): string {
  const base = `${origin}/portal/${p.slug}`;
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>${xmlEsc(p.name)}</title>
<link>${xmlEsc(`${base}/`)}</link>
<description>${xmlEsc(p.name)}</description>
<language>zh-CN</language>
${items
  .map(
    (a) => `<item>
<title>${xmlEsc(a.content.headline)}</title>
<link>${xmlEsc(`${base}/articles/${a.id}`)}</link>
<guid>${xmlEsc(`${base}/articles/${a.id}`)}</guid>
<pubDate>${a.publishedAt.toUTCString()}</pubDate>
<category>${xmlEsc(a.content.column)}</category>
<description>${xmlEsc(a.content.lead || a.content.headline)}</description>
</item>`,
  )
  .join('\n')}
</channel></rss>
`;
}

export function sitemap(p: PortalInfo, items: PublishedArticle[], columns: string[], origin: string): string {
  const base = `${origin}/portal/${p.slug}`;
  const urls = [
    `<url><loc>${xmlEsc(`${base}/`)}</loc></url>`,
    ...columns.map((c) => `<url><loc>${xmlEsc(`${base}/columns/${encodeURIComponent(c)}`)}</loc></url>`),
    ...items.map(
      (a) => `<url><loc>${xmlEsc(`${base}/articles/${a.id}`)}</loc><lastmod>${a.publishedAt.toISOString().slice(0, 10)}</lastmod></url>`,
    ),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('\n')}
</urlset>
`;
}
