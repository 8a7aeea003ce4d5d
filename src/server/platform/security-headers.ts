// Browser security headers on every answer (app, API, files).
//
// The Content-Security-Policy allows only this origin's scripts: the built app has no inline
// script. Styles allow 'unsafe-inline' because antd writes its component styles into <style>
// elements at run time (CSS-in-JS); a style cannot run code. Images may be data: or blob: URLs
// (the TOTP QR code, previews of a file about to be uploaded). No site may frame the app
// (frame-ancestors 'none' and X-Frame-Options DENY), so clicks cannot be hijacked.
//
// The header set is the one @fastify/helmet sent with these options, computed once per process
// (issue 17): helmet re-ran its middleware chain on every request, a measurable share of the
// people list's time. Routes that need another policy (the API docs page) overwrite the header.
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY: Record<string, readonly string[]> = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

function policyText(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
    .join(';');
}

export function securityHeaders(opts: { https: boolean }): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': policyText(CONTENT_SECURITY_POLICY),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'same-origin',
    // Sent only when the app is served over HTTPS (the session cookie is then marked Secure).
    ...(opts.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}

export async function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  const headers = securityHeaders(opts);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
