import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zh, type MessageKey } from './zh';
import { en } from './en';
import { businessDate, durationText, format, timeLeft } from './format';
import { ROLE_INFO, type Role } from '../../../contract/roles.js';
import { setRequestLanguage } from '../api/client';

export type Lang = 'zh' | 'en';
export type { MessageKey };
const STORAGE_KEY = 'skillcert.lang';
const DICTS: Record<Lang, Record<MessageKey, string>> = { zh, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export { businessDate, durationText, format, timeLeft };

export function translator(lang: Lang): Translate {
  const dict = DICTS[lang];
  return (key, vars) => format(dict[key] ?? zh[key] ?? key, vars);
}

function initialLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh') return v;
  } catch {
    /* storage may be blocked */
  }
  return 'zh';
}

function applyLang(lang: Lang) {
  setRequestLanguage(lang);
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

interface I18nValue {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: Translate;
  /** role label in the current language (server labels are Chinese) */
  roleLabel: (role: Role | string, fallback?: string) => string;
}
const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    applyLang(l);
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    applyLang(l);
    setLangState(l);
  }, []);
  const value = useMemo<I18nValue>(() => {
    const t = translator(lang);
    const roleLabel = (role: string, fallback?: string) => {
      const info = (ROLE_INFO as Record<string, { label: string; labelEn: string } | undefined>)[role];
      if (!info) return fallback ?? role;
      return lang === 'zh' ? info.label : info.labelEn;
    };
    return { lang, setLang, t, roleLabel };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The two scopes the server names in Chinese (an account's 本人 / 全平台), in the reader's language. */
export function scopeWord(s: string, t: Translate): string {
  return s === '本人' ? t('scope.self') : s === '全平台' ? t('scope.platform') : s;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** Numbers are always grouped the Chinese way (1,234,567). */
export const numberFormat = new Intl.NumberFormat('zh-CN');
export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : numberFormat.format(n);
}
/** ISO UTC timestamps shown in the viewer's local time, zh-CN style (2026/11/21 23:38:05). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', {
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit' });
}
