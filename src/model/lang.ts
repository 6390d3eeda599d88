/**
 * A document's language (BCP 47) and what follows from it for layout. The visit's `lang`
 * decides labels, dates and direction; a name's `native_lang` decides its glyph forms.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The language of a visit file that names none. */
export const DEFAULT_LANG = 'en';

export type Direction = 'ltr' | 'rtl';

/** Languages written right to left (their primary subtag). */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb']);

/** The direction a document in `lang` is set in. */
export function textDirection(lang: string): Direction {
  return RIGHT_TO_LEFT.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** The language a visit's documents are written in: its `lang`, canonical, else the default. */
export function documentLang(lang: string | undefined): string {
  return (lang && canonicalTag(lang)) || DEFAULT_LANG;
}

/** The bundled labels, one file per language (`<lang>.yaml`). */
export const BUNDLED_LABELS = fileURLToPath(new URL('../../templates/labels/', import.meta.url));

let bundled: string[] | undefined;

/** The languages whose labels come with briefing, as their files name them (en, fr, zh-Hans, …). */
export function bundledLanguages(): readonly string[] {
  bundled ??= readdirSync(BUNDLED_LABELS)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort((a, b) => (a === DEFAULT_LANG ? -1 : b === DEFAULT_LANG ? 1 : a.localeCompare(b)));
  return bundled;
}

/** A tag's canonical spelling (`zh-hant` → `zh-Hant`), or undefined when it is not well-formed BCP 47. */
export function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * The language among `available` whose labels a document in `tag` is written with, or
 * undefined. Matched without regard to case: the tag itself (`zh-Hant`); else its language
 * and likely script (`zh` and `zh-CN` are written in `zh-Hans`, `zh-TW` and `zh-HK` in
 * `zh-Hant`); else its primary language alone when that is available (`pt-BR` → `pt`,
 * `de-AT` → `de`). A region never picks another region's labels.
 */
export function labelLanguage(tag: string, available: readonly string[]): string | undefined {
  const canonical = canonicalTag(tag);
  if (!canonical) return undefined;
  const byKey = new Map(available.map((lang) => [lang.toLowerCase(), lang]));
  const locale = new Intl.Locale(canonical);
  const likely = locale.maximize();
  const candidates = [canonical, `${locale.language}-${likely.script}`, locale.language];
  for (const candidate of candidates) {
    const found = byKey.get(candidate.toLowerCase());
    if (found) return found;
  }
  return undefined;
}
