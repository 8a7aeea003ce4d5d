// Translations on i18next + react-i18next (ICU messages), zh-CN (default) and en-US, one namespace
// per module: the shell's in locales/ (common, auth, orgs, users, audit), the others in
// modules/<m>/<m>-i18n.ts (dashboard, notifications, people, tasks). The choice is remembered in
// localStorage ("jx.locale"); the session provider also saves it to the server when signed in.
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
// Registers dayjs' Chinese month and weekday names, which antd's date pickers use with zh_CN.
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { setRequestLocale } from './api';
import { defineNamespace, i18n, icuParams, LOCALES, translate, type Locale, type Params } from './i18next';
import { en } from './locales/en-us';
import { zh, type MessageKey, type ShellNamespace } from './locales/zh-cn';

export { LOCALES, type Locale, type MessageKey };
export type Translate = (key: MessageKey, params?: Params) => string;

for (const ns of Object.keys(zh) as ShellNamespace[]) defineNamespace(ns, zh[ns], en[ns]);

/** The shell namespace of each shell key (keys are unique across them), so useT() keeps one flat key space. */
const shellNamespace = new Map<string, ShellNamespace>(
  (Object.keys(zh) as ShellNamespace[]).flatMap((ns) => Object.keys(zh[ns]).map((key) => [key, ns] as const)),
);
const namespaceOf = (key: string): ShellNamespace => shellNamespace.get(key) ?? 'common';

const STORAGE_KEY = 'jx.locale';
const antdLocales = { 'zh-CN': zhCN, 'en-US': enUS };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage unavailable (private mode): use the default
  }
  return 'zh-CN';
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** Translates a key built at run time (e.g. a role name); falls back to the raw value. */
  label: (prefix: string, value: string) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  // i18next's language follows this state (resources are in memory: the change is synchronous).
  const [locale, setLocaleState] = useState<Locale>(() => {
    const first = initialLocale();
    void i18n.changeLanguage(first);
    return first;
  });

  // Set synchronously so the very first requests already carry the right Accept-Language.
  setRequestLocale(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate('common', 'app.documentTitle', locale);
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // ignore: the choice still applies for this page
    }
    setRequestLocale(next);
    void i18n.changeLanguage(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const t: Translate = (key, params) => translate(namespaceOf(key), key, locale, params);
    const label = (prefix: string, raw: string) => {
      const key = `${prefix}.${raw}`;
      return shellNamespace.has(key) ? translate(namespaceOf(key), key, locale) : raw;
    };
    return { locale, setLocale, t, label };
  }, [locale, setLocale]);

  return (
    <I18nextProvider i18n={i18n}>
      <I18nContext.Provider value={value}>
        <ConfigProvider locale={antdLocales[locale]} theme={THEME}>
          {children}
        </ConfigProvider>
      </I18nContext.Provider>
    </I18nextProvider>
  );
}

/** Overrides of a preset colour's shade 7 (tag text), under both of antd's token names. */
function shade7(colours: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(colours).flatMap(([name, hex]) => [
      [`${name}7`, hex],
      [`${name}-7`, hex],
    ]),
  );
}

/**
 * The brand colour; no animations for people who ask their system for reduced motion (the
 * browser tests ask too, so a click never lands on a popup that is still zooming in).
 *
 * Accessibility (WCAG 2.1 AA, checked by axe-core in e2e/accessibility.e2e.ts): every colour that
 * text is drawn in reaches 4.5:1 against white and the light greys antd puts behind it (#fafafa
 * table headers, #f5f5f5 fills, the light tints of tags). The UI kit's defaults do not (its grey
 * descriptions 3.4:1, placeholders 1.8:1, blue links 3.7:1, status and tag colours 2–3.4:1), so
 * they are darkened here, in this one place, never per page.
 */
const THEME = {
  token: {
    colorPrimary: '#c8102e',
    borderRadius: 4,
    motion: typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches,
    // Greys: descriptions, statistic titles, secondary text (5.7:1 on white), placeholders (5.1:1).
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.57)',
    // Links and "processing"/info (blue 7 instead of 6: 6.2:1), hovered darker still.
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#003eb3',
    // Status colours: error (form messages, danger buttons) one shade darker; the text shades of
    // success/warning/error (Typography, messages) darker too; status tags below.
    colorError: '#cf1322',
    colorErrorHover: '#a8071a', // a danger link hovered or with its confirmation open, on a hovered row (#fafafa)
    colorErrorActive: '#820014',
    colorErrorText: '#cf1322',
    colorSuccessText: '#237804',
    colorWarningText: '#874d00',
    // Preset tag colours draw their text in shade 7 on shade 1: the shades that fall short, one
    // darker (set under both names antd has for a shade, "gold7" and "gold-7": its CSS variables
    // are named after the second).
    ...shade7({
      cyan: '#006d75',
      green: '#237804',
      orange: '#ad4e00',
      yellow: '#876800',
      volcano: '#ad2102',
      lime: '#3f6600',
      gold: '#874d00',
    }),
  },
  components: {
    // Status tags draw their text in the plain status colour: darker there only, so icons, progress
    // bars and alert backgrounds keep the UI kit's palette.
    Tag: { colorSuccess: '#237804', colorWarning: '#874d00' },
    // A table's "no data" text is drawn in the disabled colour (1.8:1): the description grey instead.
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
  },
};

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

/**
 * A module's translate function over its own namespace (react-i18next: re-renders on a change of
 * language). `useTasksT()` and the other modules' hooks are this with their key type.
 */
export function useNamespaceT<K extends string>(namespace: string): (key: K, params?: Params) => string {
  const { t, i18n: instance } = useTranslation(namespace);
  const locale = instance.language as Locale;
  return useCallback((key: K, params?: Params) => t(key, icuParams(namespace, key, locale, params)), [t, namespace, locale]);
}
