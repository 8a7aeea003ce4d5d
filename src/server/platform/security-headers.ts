// Browser security headers on every answer (app, API, files).
//
// The Content-Security-Policy allows only this origin's scripts: the built app has no inline
// script. Styles allow 'unsafe-inline' because antd writes its component styles into <style>
// elements at run time (CSS-in-JS); a style cannot run code. Images may be data: or blob: URLs
// (the TOTP QR code, previews of a file about to be uploaded). No site may frame the app
// (frame-ancestors 'none' and X-Frame-Options DENY), so clicks cannot be hijacked.
//
// The maintained `helmet` library decides the header set; it is run once per process against a
// recording response and the recorded headers are then set on each answer (issue 17): running
// helmet's middleware chain on every request was a measurable share of the people list's time,
// and with no per-request directive (no nonces) its output never changes. Routes that need
// another policy (the API docs page) overwrite the header.
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

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
};

/** Runs helmet's middleware once and returns the headers it set, names in lower case. */
export function securityHeaders(opts: { https: boolean }): Readonly<Record<string, string>> {
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Sent only when the app is served over HTTPS (the session cookie is then marked Secure).
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  const recorded: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete recorded[name.toLowerCase()];
    },
  };
  let failure: unknown;
  // helmet calls next synchronously; an error (a bad directive) is a start-up fault.
  // biome-ignore lint/suspicious/noExplicitAny: helmet types its arguments as node's IncomingMessage/ServerResponse
  middleware({} as any, response as any, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return Object.freeze(recorded);
}

export async function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  const headers = securityHeaders(opts);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
