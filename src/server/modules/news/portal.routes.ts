// The public portal: pages without login under /portal/<slug>/, rendered on the server as complete
// HTML (no script), cached in memory and answered with an ETag, Cache-Control and 304 to a
// conditional GET. Not under /api: these are pages, not API routes, and need no access rule.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/http.js';
import { imageFile } from './images.service.js';
import * as portal from './portal.service.js';
import * as repo from './news.repository.js';
import { adoptPortalGeneration, cachedPage, PORTAL_SYNC_MS, portalGeneration, storePage } from './portal-cache.js';
import { setPortalHosts } from './portal-hosts.js';

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>;

function send(req: FastifyRequest, reply: FastifyReply, page: { status: number; type: string; body: Buffer; etag: string }) {
  // Stored, but revalidated on every use: a withdrawal or correction shows at once, and an unchanged
  // page costs a 304 without a body.
  reply.header('cache-control', 'public, no-cache');
  reply.header('etag', page.etag);
  reply.header('vary', 'accept-encoding');
  const inm = req.headers['if-none-match'];
  if (page.status === 200 && inm && inm.split(/\s*,\s*/).some((t) => t === page.etag || t === `W/${page.etag}`))
    return reply.status(304).send();
  return reply.status(page.status).type(page.type).send(page.body);
}

const pageNumber = (v: string | undefined) => {
  const n = Number(v ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
};

export async function portalRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  // The API schema generator builds the app on an empty, unmigrated database: no portals, no host names.
  setPortalHosts(await repo.portalHosts(db).catch(() => []));
  adoptPortalGeneration(await repo.portalState(db).catch(() => portalGeneration()));
  // Another process's public change: its generation reaches this process within PORTAL_SYNC_MS, and
  // the host table is reloaded with it (a database fault only delays the check).
  const sync = async () => {
    const now = await repo.portalState(db);
    if (now === portalGeneration()) return;
    setPortalHosts(await repo.portalHosts(db));
    adoptPortalGeneration(now);
  };
  const timer = setInterval(() => void sync().catch(() => undefined), PORTAL_SYNC_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
  const cached = (key: (req: Req) => string, build: (req: Req) => Promise<portal.Page>) => async (req: Req, reply: FastifyReply) => {
    const k = key(req);
    const hit = cachedPage(k);
    if (hit) return send(req, reply, hit);
    const gen = portalGeneration();
    const page = await build(req);
    return send(req, reply, storePage(k, page.status, page.type, page.body, gen));
  };
  const opts = { schema: { hide: true } };

  app.get('/portal/:slug', opts, (req: Req, reply) => reply.redirect(`/portal/${encodeURIComponent(req.params.slug!)}/`, 301));
  app.get(
    '/portal/:slug/',
    opts,
    cached(
      (r) => `home|${r.params.slug}`,
      (r) => portal.homePage(db, r.params.slug!),
    ),
  );
  app.get(
    '/portal/:slug/articles/:id',
    opts,
    cached(
      (r) => `article|${originOf(r)}|${r.params.slug}|${r.params.id}`,
      (r) => portal.articlePage(db, r.params.slug!, r.params.id!, originOf(r), (ids) => portal.imageWidths(db, ids)),
    ),
  );
  app.get(
    '/portal/:slug/columns/:column',
    opts,
    cached(
      (r) => `column|${r.params.slug}|${r.params.column}|${pageNumber(r.query.page)}`,
      (r) => portal.columnPage(db, r.params.slug!, r.params.column!, pageNumber(r.query.page)),
    ),
  );
  app.get(
    '/portal/:slug/search',
    opts,
    cached(
      (r) => `search|${r.params.slug}|${(r.query.q ?? '').slice(0, 100)}|${pageNumber(r.query.page)}`,
      (r) => portal.searchPage(db, r.params.slug!, (r.query.q ?? '').trim().slice(0, 100), pageNumber(r.query.page)),
    ),
  );
  for (const [file, kind] of [
    ['feed.xml', 'atom'],
    ['rss.xml', 'rss'],
    ['sitemap.xml', 'sitemap'],
  ] as const) {
    app.get(
      `/portal/:slug/${file}`,
      opts,
      cached(
        (r) => `${kind}|${originOf(r)}|${r.params.slug}`,
        (r) => portal.feed(db, r.params.slug!, kind, originOf(r)),
      ),
    );
  }
  app.get('/portal/:slug/images/:id/:file', opts, async (req: Req, reply) => {
    const m = /^(\d{2,4})\.jpg$/.exec(req.params.file ?? '');
    const image = m ? await portal.publicImage(db, req.params.slug!, req.params.id!) : undefined;
    if (!m || !image) return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    const f = await imageFile(deps, image.sizes, Number(m[1]));
    reply.header('cache-control', 'public, max-age=86400');
    return reply.type('image/jpeg').header('content-length', String(f.size)).send(f.stream);
  });
}
