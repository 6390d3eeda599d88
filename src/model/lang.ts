/**
 * A document's language (BCP 47) and what follows from it for layout. The visit's `lang`
 * decides labels, dates and direction; a name's `native_lang` decides its glyph forms.
 */

/** The language of a visit file that names none. */
export const DEFAULT_LANG = 'en';

export type Direction = 'ltr' | 'rtl';

/** Languages written right to left (their primary subtag). */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb']);

/** The direction a document in `lang` is set in. */
export function textDirection(lang: string): Direction {
  return RIGHT_TO_LEFT.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}
