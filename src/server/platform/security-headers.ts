// Browser security headers on every answer (app, API, files), with @fastify/helmet.
//
// The Content-Security-Policy allows only this origin's scripts: the built app has no inline
// script. Styles allow 'unsafe-inline' because antd writes its component styles into <style>
// elements at run time (CSS-in-JS); a style cannot run code. Images may be data: or blob: URLs
// (the TOTP QR code, previews of a file about to be uploaded). No site may frame the app
// (frame-ancestors 'none' and X-Frame-Options DENY), so clicks cannot be hijacked.
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = {
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
  upgradeInsecureRequests: null,
};

export async function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Sent only when the app is served over HTTPS (the session cookie is then marked Secure).
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}
