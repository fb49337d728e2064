/**
 * The language a request is answered in: English when the caller asks for it first
 * (`Accept-Language: en…`, which the web client sends from its language switch), else Chinese,
 * the platform's language. Only people-facing words change; codes, rule ids and data never do.
 */
export type Lang = 'zh' | 'en';

/** The first language of an Accept-Language header that we speak, by quality; Chinese otherwise. */
export function requestLang(header: string | string[] | undefined): Lang {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return 'zh';
  const ranked = value
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh';
}

/** The words of one language: `pick(lang, '中文', 'English')`. */
export function pick(lang: Lang | undefined, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}

/**
 * A name (a person, an institution, a place) inside a sentence the server composes, set apart
 * with Unicode's first-strong isolate (U+2068 … U+2069): invisible as text, and the web shows it
 * as <bdi translate="no">, so a sentence in English may carry a Chinese name and say which part
 * is the name.
 */
export function isolate(name: string): string {
  return `\u2068${name}\u2069`;
}
