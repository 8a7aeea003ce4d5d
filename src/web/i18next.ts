// The web app's i18next instance (ICU messages, react-i18next), free of React components so the
// key-parity test can load it. Each namespace is added with both languages at once by
// defineNamespace: the shell's (locales/zh-cn.ts, en-us.ts) and each module's (<m>-i18n.ts).
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export type Params = Record<string, string | number>;

export const i18n = i18next.createInstance();
void i18n
  .use(ICU)
  .use(initReactI18next)
  .init({
    initAsync: false,
    lng: 'zh-CN',
    supportedLngs: [...LOCALES],
    fallbackLng: false,
    load: 'currentOnly',
    cleanCode: false,
    resources: {},
    keySeparator: false,
    nsSeparator: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });

/** Adds a namespace: zh-CN first, en-US with exactly its keys (the compiler checks both ways). */
export function defineNamespace<const Z extends Record<string, string>>(namespace: string, zh: Z, en: Record<keyof Z, string>): void {
  i18n.addResourceBundle('zh-CN', namespace, zh, true, true);
  i18n.addResourceBundle('en-US', namespace, en, true, true);
}

/**
 * Numbers are passed as text (ICU would group a year as 2,026; plurals still count them), and a
 * parameter the message names but the caller left out reads as empty (ICU would fail the message).
 */
export function icuParams(namespace: string, key: string, locale: Locale, params?: Params): Params {
  const out: Params = {};
  const template = i18n.getResource(locale, namespace, key) as string | undefined;
  for (const [, name] of (template ?? '').matchAll(/\{(\w+)\s*[,}]/g)) out[name!] = '';
  for (const [k, v] of Object.entries(params ?? {})) out[k] = String(v);
  return out;
}

/** A message outside React (the document title, tests). */
export function translate(namespace: string, key: string, locale: Locale, params?: Params): string {
  return i18n.t(key, { ...icuParams(namespace, key, locale, params), lng: locale, ns: namespace });
}
