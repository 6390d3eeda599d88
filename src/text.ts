/**
 * Text as the tool accepts it, in visit files and templates alike: UTF-8, with no character
 * that prints as nothing yet changes what is around it (control characters, bidirectional
 * embeddings, overrides and isolates). Such a character is an error at its place, named.
 */
import { type Position, positionAt } from './diagnostics.js';

/** What is said of a file that is not UTF-8, visit or template. */
export const NOT_UTF8 = 'file is not UTF-8 text; save it as UTF-8';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text of UTF-8 bytes, or where the first byte that is not UTF-8 stands. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { invalidAt: Position } {
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    return { invalidAt: firstInvalidByte(bytes) };
  }
}

function firstInvalidByte(bytes: Uint8Array): Position {
  // The longest start that is UTF-8 (but for a character cut short at its end) ends at the bad byte.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (validPrefix(bytes.subarray(0, mid))) low = mid;
    else high = mid - 1;
  }
  const before = new TextDecoder().decode(bytes.subarray(0, low), { stream: true });
  return positionAt(before, before.length);
}

function validPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** C0 controls but tab, line feed and carriage return; DEL and the C1 controls; bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const C0_NAMES = [
  'NULL',
  'START OF HEADING',
  'START OF TEXT',
  'END OF TEXT',
  'END OF TRANSMISSION',
  'ENQUIRY',
  'ACKNOWLEDGE',
  'BELL',
  'BACKSPACE',
  'CHARACTER TABULATION',
  'LINE FEED',
  'LINE TABULATION',
  'FORM FEED',
  'CARRIAGE RETURN',
  'SHIFT OUT',
  'SHIFT IN',
  'DATA LINK ESCAPE',
  'DEVICE CONTROL ONE',
  'DEVICE CONTROL TWO',
  'DEVICE CONTROL THREE',
  'DEVICE CONTROL FOUR',
  'NEGATIVE ACKNOWLEDGE',
  'SYNCHRONOUS IDLE',
  'END OF TRANSMISSION BLOCK',
  'CANCEL',
  'END OF MEDIUM',
  'SUBSTITUTE',
  'ESCAPE',
  'INFORMATION SEPARATOR FOUR',
  'INFORMATION SEPARATOR THREE',
  'INFORMATION SEPARATOR TWO',
  'INFORMATION SEPARATOR ONE',
];

const BIDI_NAMES: Record<number, string> = {
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
};

/** A character's code point and, but for the C1 controls, its name: `U+001B ESCAPE`. */
function characterName(code: number): string {
  const name = C0_NAMES[code] ?? BIDI_NAMES[code] ?? (code === 0x7f ? 'DELETE' : undefined);
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${name ? ` ${name}` : ''}`;
}

/** The first character text may not hold, with what to say of it; undefined when there is none. */
export function forbiddenCharacter(text: string): { index: number; message: string } | undefined {
  const match = FORBIDDEN.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const what =
    code in BIDI_NAMES
      ? 'a bidirectional control, which reorders the text around it unseen'
      : `a ${code >= 0x80 ? 'C1 ' : ''}control character, which prints as nothing or garbles the page`;
  return { index: match.index, message: `holds ${characterName(code)}, ${what}; remove it` };
}

/**
 * Old Mac line ends (CR alone), which YAML and Handlebars read as one long line, as LF: one for
 * one, so that offsets still hold. CRLF stays as it is: every parser reads it, and lines end at
 * its LF.
 */
export const withLfLineEnds = (text: string): string => text.replace(/\r(?!\n)/g, '\n');
