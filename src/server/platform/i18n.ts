// Server-side messages in zh-CN (default) and en-US, chosen by user preference or Accept-Language.
// i18next with ICU messages (i18next-icu): one namespace per module. `common` (common.messages.ts)
// holds the error codes, the generic field reasons and the platform's own fields; each module keeps
// its field labels, reasons and entity names in `<module>.messages.ts` under its own namespace.
//
// Keys in a namespace:
//   label.<path>   a field, by its full request path without array indices (`label.body.name`)
//   reason.<code>  why a field was refused: a sentence template with {label} (`{label}必填`)
//   entity.<name>  an entity named by not_found
//   error.<code>   the message of an error code (common only)
//   file.<code>    why a file was refused (file_rejected {reason})
import i18next from 'i18next';
import ICU from 'i18next-icu';
import type { ErrorCode, FieldError } from './errors.js';
import { COMMON_EN, COMMON_ZH } from './common.messages.js';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

export const NAMESPACES = [
  'common',
  'orgs',
  'users',
  'auth',
  'audit',
  'people',
  'tasks',
  'notifications',
  'dashboard',
  'news',
  'fieldwork',
  'innovation',
  'industry',
  'proposals',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Params = Record<string, string | number>;

const i18n = i18next.createInstance();
void i18n.use(ICU).init({
  initAsync: false,
  lng: 'zh-CN',
  supportedLngs: [...LOCALES],
  fallbackLng: false,
  ns: [...NAMESPACES],
  defaultNS: 'common',
  fallbackNS: false,
  keySeparator: false,
  nsSeparator: false,
  returnNull: false,
  resources: {},
  // ICU needs the full language tag for its plural rules; keep ours as given.
  load: 'currentOnly',
  cleanCode: false,
});

function addBundle(namespace: Namespace, zh: Record<string, string>, en: Record<string, string>): void {
  i18n.addResourceBundle('zh-CN', namespace, zh, true, true);
  i18n.addResourceBundle('en-US', namespace, en, true, true);
}

addBundle('common', COMMON_ZH, COMMON_EN);

/** A message in both languages: [zh-CN, en-US] (so no key can exist in one language only). */
export type Pair = readonly [zh: string, en: string];

/**
 * A module's namespace, written as `key: [zh-CN, en-US]` pairs in `<module>.messages.ts`, added to
 * the server's i18next instance. The returned `namespace` is what `domainModule` gives the routes.
 */
export function defineMessages<const M extends Record<string, Pair>>(namespace: Namespace, messages: M) {
  const zh: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const [key, [z, e]] of Object.entries(messages)) {
    zh[key] = z;
    en[key] = e;
  }
  addBundle(namespace, zh, en);
  return { namespace, messages };
}

/** The messages of a namespace in one locale (for the parity test and the label walk). */
export function messagesOf(namespace: Namespace, locale: Locale): Record<string, string> {
  return (i18n.getResourceBundle(locale, namespace) as Record<string, string> | undefined) ?? {};
}

function has(namespace: Namespace, key: string, locale: Locale): boolean {
  return messagesOf(namespace, locale)[key] !== undefined;
}

export function translate(namespace: Namespace, key: string, locale: Locale, params: Params = {}): string {
  // ICU refuses to format a message missing one of its arguments (and i18next would then answer
  // the raw template): an argument not given reads as empty.
  const values: Params = { ...params };
  for (const [, name] of (messagesOf(namespace, locale)[key] ?? '').matchAll(/\{(\w+)\s*[,}]/g)) values[name!] ??= '';
  return i18n.t(key, { ...values, lng: locale, ns: namespace, interpolation: { escapeValue: false } });
}

export function resolveLocale(preferred: string | null | undefined, acceptLanguage: string | undefined): Locale {
  if (preferred === 'zh-CN' || preferred === 'en-US') return preferred;
  if (acceptLanguage) {
    for (const part of acceptLanguage.split(',')) {
      const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
      if (tag.startsWith('zh')) return 'zh-CN';
      if (tag.startsWith('en')) return 'en-US';
    }
  }
  return 'zh-CN';
}

/** `body.targets.0.name` → `body.targets.name`: a label names a field of every array element. */
export function labelPath(path: string): string {
  return path
    .split('.')
    .filter((p) => !/^\d+$/.test(p))
    .join('.');
}

/**
 * Where a field's label is: the route's label group in its module (`label.craftsmanTitle.body.name`,
 * for a route whose fields mean something else than the module's usual ones), the module's own
 * (`label.body.name`), or `common` for the few fields the platform itself declares (the request
 * parts, paging and sorting).
 */
export function labelKey(
  path: string,
  namespace: Namespace,
  group?: string,
  locale: Locale = 'zh-CN',
): { ns: Namespace; key: string } | undefined {
  const p = labelPath(path);
  if (group && has(namespace, `label.${group}.${p}`, locale)) return { ns: namespace, key: `label.${group}.${p}` };
  if (has(namespace, `label.${p}`, locale)) return { ns: namespace, key: `label.${p}` };
  if (has('common', `label.${p}`, locale)) return { ns: 'common', key: `label.${p}` };
  return undefined;
}

/**
 * A field's label in a module, by its full path. A field no schema declares (an unknown query
 * parameter the input guard refused) is named as sent, in quotes.
 */
export function fieldLabel(path: string, locale: Locale, namespace: Namespace = 'common', group?: string): string {
  const found = labelKey(path, namespace, group, locale);
  if (found) return translate(found.ns, found.key, locale);
  const name = labelPath(path).split('.').pop() ?? path;
  return locale === 'zh-CN' ? `“${name}”` : `"${name}"`;
}

/** A module's reason for a code, else the common one, else the generic "not valid". */
function reasonNamespace(code: string, namespace: Namespace, locale: Locale): { ns: Namespace; key: string } {
  if (has(namespace, `reason.${code}`, locale)) return { ns: namespace, key: `reason.${code}` };
  if (has('common', `reason.${code}`, locale)) return { ns: 'common', key: `reason.${code}` };
  return { ns: 'common', key: 'reason.custom' };
}

/** One field's message, a sentence: "名称必填" / "Name is required". */
export function fieldMessage(f: FieldError, locale: Locale, namespace: Namespace = 'common', group?: string): string {
  // A refinement's invalid_value names no options: it reads as the generic "is not valid".
  // A list's too_small / too_big count entries.
  let code = f.code === 'invalid_value' && f.params?.options === undefined ? 'custom' : f.code;
  if (f.params?.origin === 'array' && (code === 'too_small' || code === 'too_big')) code = code === 'too_small' ? 'too_few' : 'too_many';
  const { ns, key } = reasonNamespace(code, namespace, locale);
  const text = translate(ns, key, locale, { ...f.params, label: fieldLabel(f.path, locale, namespace, group) });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An entity's name: the module's own first, then any namespace's (entity names are shared nouns). */
function entityName(entity: string, locale: Locale, namespace: Namespace): string {
  const key = `entity.${entity}`;
  for (const ns of [namespace, ...NAMESPACES]) if (has(ns, key, locale)) return translate(ns, key, locale);
  return entity;
}

/** Why a file was refused: the module's text, else the platform's. */
function fileReason(reason: string, locale: Locale, namespace: Namespace): string {
  const key = `file.${reason}`;
  for (const ns of [namespace, 'common'] as const) if (has(ns, key, locale)) return translate(ns, key, locale);
  return reason;
}

export function errorMessage(code: ErrorCode, params: Params, locale: Locale, namespace: Namespace = 'common'): string {
  const p = { ...params };
  if (typeof p.entity === 'string') p.entity = entityName(p.entity, locale, namespace);
  if (code === 'file_rejected' && typeof p.reason === 'string') p.reason = fileReason(p.reason, locale, namespace);
  return translate('common', `error.${code}`, locale, p);
}
