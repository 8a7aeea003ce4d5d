// The header set helmet computes once at start-up is exactly what @fastify/helmet sent per request
// with the same options (captured from helmet 8.3 / @fastify/helmet 13.2).
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installSecurityHeaders, securityHeaders } from './security-headers.js';

const HELMET_SET = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';img-src 'self' data: blob:;font-src 'self' data:;connect-src 'self';object-src 'none';form-action 'self';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

describe('security headers computed once', () => {
  it('are the same set helmet sent, with HSTS only over HTTPS', () => {
    expect(securityHeaders({ https: false })).toEqual(HELMET_SET);
    expect(securityHeaders({ https: true })).toEqual({
      ...HELMET_SET,
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
  });

  it('are sent on answers and on unknown routes', async () => {
    const app = Fastify();
    await installSecurityHeaders(app, { https: false });
    app.get('/x', async () => ({ a: 1 }));
    for (const url of ['/x', '/nope']) {
      const res = await app.inject(url);
      for (const [name, value] of Object.entries(HELMET_SET)) expect(res.headers[name], `${url} ${name}`).toBe(value);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    await app.close();
  });
});
