/**
 * Entity and numeric character references, decoded as CommonMark reads them: a reference it
 * does not accept (`&#87654321;`, eight digits) is text and prints as written.
 */
import { decodeHTMLStrict } from 'entities';

/** What CommonMark takes for a reference: a name, or up to 7 decimal or 6 hex digits. */
const REFERENCE = /&(?:#[0-9]{1,7}|#[Xx][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Text with the references CommonMark accepts decoded, and every other character as it is. */
export function decodeReferences(text: string): string {
  return text.includes('&') ? text.replace(REFERENCE, (reference) => decodeHTMLStrict(reference)) : text;
}
