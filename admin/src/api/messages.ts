import en from '../../messages/en.json' with { type: 'json' };
import ru from '../../messages/ru.json' with { type: 'json' };

/**
 * The UI's messages, for the few strings the API itself writes for people: headers and verdicts in the Excel
 * files it builds. The same files the Next.js app uses, so wording stays in one place.
 */
export type Locale = 'ru' | 'en';
export const LOCALES: readonly Locale[] = ['ru', 'en'];

const CATALOGUES = { ru, en } as const;

/** Looks up `a.b.c` and fills `{name}` placeholders; an unknown key returns itself (and a test forbids that). */
export function translate(locale: Locale, key: string, values: Record<string, string | number> = {}): string {
  let node: unknown = CATALOGUES[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') return key;
  return node.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

export function localeOf(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'ru';
}
