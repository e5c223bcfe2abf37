import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

export type Lang = 'en' | 'fr';
export const CATALOGS: Record<Lang, Record<MessageKey, string>> = { en, fr };

/** The first supported language among the browser's preferences; English otherwise. */
export function pickLanguage(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

/** The message for `key` with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = CATALOGS[lang][key];
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}
