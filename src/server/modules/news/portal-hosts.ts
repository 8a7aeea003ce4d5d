// Portals served by host name: a request whose Host is a portal's host name is answered with that
// portal at `/` (the URL is rewritten to /portal/<slug>/… before routing). The host → slug table is
// held in memory, loaded at start and replaced whenever portal settings are saved.
import type { IncomingMessage } from 'node:http';

let hosts = new Map<string, string>();

export function setPortalHosts(rows: { host: string | null; slug: string }[]) {
  hosts = new Map(rows.filter((r) => r.host).map((r) => [r.host as string, r.slug]));
}

const hostOf = (req: IncomingMessage) => (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');

/** Fastify's rewriteUrl: the portal path for a request to a portal's own host name. */
export function rewritePortalHost(req: IncomingMessage): string {
  const url = req.url ?? '/';
  if (hosts.size === 0) return url;
  const slug = hosts.get(hostOf(req));
  if (!slug || /^\/(?:portal|api|assets)(?:\/|$)/.test(url)) return url;
  return `/portal/${slug}${url.startsWith('/') ? url : `/${url}`}`;
}
