// The server's messages: every key in both languages, every ICU message formats, and every field
// of every route's request schema labelled in both languages by the route's own module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { schemaPaths } from '../testing/schema-paths.js';
import { ERROR_STATUS, type ErrorCode } from './errors.js';
import { routeTable } from './http.js';
import { errorMessage, fieldMessage, labelKey, LOCALES, messagesOf, NAMESPACES, translate } from './i18n.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The fields the platform itself declares (request parts, paging, sorting): labelled in `common`. */
const PLATFORM_LABELS = ['params', 'query', 'body', 'query.page', 'query.pageSize', 'query.sort'];

describe('server messages', () => {
  it('every namespace has the same keys in zh-CN and en-US, none empty', () => {
    for (const ns of NAMESPACES) {
      const zh = messagesOf(ns, 'zh-CN');
      const en = messagesOf(ns, 'en-US');
      expect(Object.keys(zh).length, ns).toBeGreaterThan(0);
      expect(Object.keys(en).sort(), ns).toEqual(Object.keys(zh).sort());
      for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) expect(text.trim(), `${ns}:${key}`).not.toBe('');
    }
  });

  it('every message is valid ICU and formats in both languages (no placeholder left over)', () => {
    for (const ns of NAMESPACES) {
      for (const locale of LOCALES) {
        for (const key of Object.keys(messagesOf(ns, locale))) {
          const text = translate(ns, key, locale, { label: 'L', count: 2, rows: 2, minutes: 2, minimum: 2, maximum: 2 });
          expect(text, `${ns}:${key} (${locale})`).not.toMatch(/\{\w+[,}]/);
        }
      }
    }
  });

  it('every error code has a message in both languages', () => {
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
      for (const locale of LOCALES) expect(messagesOf('common', locale)[`error.${code}`], `${code} ${locale}`).toBeTruthy();
    }
    expect(errorMessage('import_has_errors', { rows: 1 }, 'en-US')).toMatch(/^1 row has errors/);
    expect(errorMessage('import_has_errors', { rows: 3 }, 'en-US')).toMatch(/^3 rows have errors/);
    expect(errorMessage('account_locked', { minutes: 1 }, 'en-US')).toContain('in 1 minute');
  });

  it('common labels only the fields the platform declares', () => {
    const labels = Object.keys(messagesOf('common', 'zh-CN'))
      .filter((k) => k.startsWith('label.'))
      .map((k) => k.slice('label.'.length));
    expect(labels.sort()).toEqual([...PLATFORM_LABELS].sort());
  });

  it('field labels depend on the module and the full path, not the last segment', () => {
    expect(fieldMessage({ path: 'body.name', code: 'required' }, 'zh-CN', 'orgs')).toBe('名称必填');
    expect(fieldMessage({ path: 'body.name', code: 'required' }, 'en-US', 'orgs')).toBe('Name is required');
    expect(fieldMessage({ path: 'body.name', code: 'required' }, 'zh-CN', 'people')).toBe('姓名必填');
    expect(fieldMessage({ path: 'body.name', code: 'required' }, 'zh-CN', 'people', 'craftsmanTitle')).toBe('称号名称必填');
    expect(fieldMessage({ path: 'body.unionJoinedOn', code: 'invalid_date' }, 'en-US', 'people')).toBe(
      'The date joined is not a valid date',
    );
    expect(fieldMessage({ path: 'body.targets.0.metric', code: 'too_long', params: { maximum: 100 } }, 'en-US', 'tasks')).toBe(
      'Metric must have at most 100 characters',
    );
    expect(fieldMessage({ path: 'body.roles', code: 'too_small', params: { minimum: 1, origin: 'array' } }, 'en-US', 'users')).toBe(
      'Roles needs at least 1 entry',
    );
    // A roster cell speaks the people module's language, not the tasks module's (both have unknown_org).
    expect(fieldMessage({ path: 'cell.org', code: 'unknown_org' }, 'zh-CN', 'people')).toBe('所属单位不是本单位及下级中的企业或基层工会');
  });

  it('every field of every route (params, query, body) has a label of its own module in both languages', () => {
    const missing: string[] = [];
    const routes = routeTable(server.app);
    expect(routes.length).toBeGreaterThan(80);
    for (const route of routes) {
      for (const [part, prefix] of [
        ['params', 'params'],
        ['querystring', 'query'],
        ['body', 'body'],
      ] as const) {
        const schema = route.schema?.[part] as z.ZodType | undefined;
        if (!schema || !('_zod' in schema)) continue;
        for (const path of schemaPaths(schema, prefix)) {
          for (const locale of LOCALES) {
            const found = labelKey(path, route.module, route.labels, locale);
            const ok = found && (found.ns === route.module || PLATFORM_LABELS.includes(path));
            if (!ok) missing.push(`${route.method} ${route.url} [${route.module}] ${path} (${locale})`);
          }
        }
      }
      if (route.labels)
        expect(
          Object.keys(messagesOf(route.module, 'zh-CN')).some((k) => k.startsWith(`label.${route.labels}.`)),
          route.url,
        ).toBe(true);
    }
    expect(missing).toEqual([]);
  });
});
