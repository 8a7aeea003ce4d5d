// The web app's translations: every namespace has the same keys in zh-CN and en-US (the compiler
// checks it too), and every message is valid ICU that formats in both languages.
import { describe, expect, it } from 'vitest';
import { i18n, LOCALES, translate } from './i18next';
import './i18n';
import './modules/dashboard/dashboard-i18n';
import './modules/notifications/notifications-i18n';
import './modules/people/people-i18n';
import './modules/tasks/tasks-i18n';
import './modules/news/news-i18n';
import './modules/fieldwork/fieldwork-i18n';

import './modules/innovation/innovation-i18n';
import './modules/proposals/proposals-i18n';

const NAMESPACES = [
  'common',
  'auth',
  'orgs',
  'users',
  'audit',
  'dashboard',
  'notifications',
  'people',
  'tasks',
  'news',
  'fieldwork',
  'innovation',
  'proposals',
];
const bundle = (locale: string, ns: string) => (i18n.getResourceBundle(locale, ns) ?? {}) as Record<string, string>;

describe('web translations', () => {
  it('has one namespace per module, each with the same keys in zh-CN and en-US, none empty', () => {
    for (const ns of NAMESPACES) {
      const zh = bundle('zh-CN', ns);
      const en = bundle('en-US', ns);
      expect(Object.keys(zh).length, ns).toBeGreaterThan(0);
      expect(Object.keys(en).sort(), ns).toEqual(Object.keys(zh).sort());
      for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) expect(text.trim(), `${ns}:${key}`).not.toBe('');
    }
  });

  it('formats every message as ICU in both languages, with no placeholder left over', () => {
    for (const ns of NAMESPACES) {
      for (const locale of LOCALES) {
        for (const key of Object.keys(bundle(locale, ns))) {
          expect(translate(ns, key, locale), `${ns}:${key} (${locale})`).not.toMatch(/\{\w+[,}]/);
        }
      }
    }
  });

  it('counts in English with ICU plurals', () => {
    expect(translate('tasks', 'goal.taskCount', 'en-US', { n: 1 })).toBe('1 task');
    expect(translate('tasks', 'goal.taskCount', 'en-US', { n: 3 })).toBe('3 tasks');
    expect(translate('tasks', 'goal.taskCount', 'zh-CN', { n: 3 })).toBe('3 项任务');
    expect(translate('orgs', 'org.search.count', 'en-US', { total: 1 })).toBe('1 organisation found');
    expect(translate('tasks', 'period.quarter', 'en-US', { year: 2026, n: 1 })).toBe('2026 Q1');
  });
});
