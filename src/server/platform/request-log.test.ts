// The request log: one line per request, and never the query string of a people route (an ID
// number searched for must not land in a log file).
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggedUrl, OneLinePerRequest } from './request-log.js';

describe('request log', () => {
  it('redacts the query strings of people routes and keeps the others', () => {
    expect(loggedUrl('/api/people?q=370102199001011234')).toBe('/api/people?[redacted]');
    expect(loggedUrl('/api/people/export?orgId=3&q=1234')).toBe('/api/people/export?[redacted]');
    expect(loggedUrl('/api/people/imports?orgId=3&fileName=a.csv')).toBe('/api/people/imports?[redacted]');
    expect(loggedUrl('/api/people/12')).toBe('/api/people/12');
    expect(loggedUrl('/api/peoplex?q=1')).toBe('/api/peoplex?q=1');
    expect(loggedUrl('/api/orgs?q=济南')).toBe('/api/orgs?q=济南');
  });

  it('writes one line per request, with the redacted URL', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream }, logController: new OneLinePerRequest() });
    app.get('/api/people', async () => ({ items: [] }));
    app.get('/api/orgs', async () => ({ items: [] }));
    const id = '370102199001011234';
    await app.inject({ method: 'GET', url: `/api/people?q=${id}` });
    await app.inject({ method: 'GET', url: '/api/orgs?q=abc' });
    await app.close();
    const text = lines.join('');
    expect(text).not.toContain(id);
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.url);
    expect(requests.map((l) => l.msg)).toEqual([
      expect.stringMatching(/^GET \/api\/people\?\[redacted\] 200 /),
      expect.stringMatching(/^GET \/api\/orgs\?q=abc 200 /),
    ]);
  });
});
