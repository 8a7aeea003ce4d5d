// A small dictionary-based i18n: zh-CN (default) and en-US. The choice is remembered in
// localStorage ("jx.locale"); the session provider also saves it to the server when signed in.
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
// Registers dayjs' Chinese month and weekday names, which antd's date pickers use with zh_CN.
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setRequestLocale } from './api';
import { en } from './locales/en-us';
import { zh, type MessageKey } from './locales/zh-cn';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const STORAGE_KEY = 'jx.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, 'en-US': en };
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

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
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
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  // Set synchronously so the very first requests already carry the right Accept-Language.
  setRequestLocale(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = dictionaries[locale]['app.documentTitle'];
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // ignore: the choice still applies for this page
    }
    setRequestLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const dict = dictionaries[locale];
    const t: Translate = (key, params) => format(dict[key] ?? key, params);
    const label = (prefix: string, raw: string) => {
      const key = `${prefix}.${raw}` as MessageKey;
      return key in dict ? dict[key] : raw;
    };
    return { locale, setLocale, t, label };
  }, [locale, setLocale]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={antdLocales[locale]} theme={THEME}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

/**
 * The brand colour; no animations for people who ask their system for reduced motion (the
 * browser tests ask too, so a click never lands on a popup that is still zooming in).
 */
const THEME = {
  token: {
    colorPrimary: '#c8102e',
    borderRadius: 4,
    motion: typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches,
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
