/**
 * The limits on what one run takes in and makes, all in one place. Each is far beyond any real
 * briefing, and is there so that a hostile or broken input (run unattended, in CI or on a
 * server) ends in an error naming the limit instead of a hang or an exhausted machine.
 */

/**
 * Bytes of one visit file. The largest sample visit is under 20 KB and a generated visit with
 * hundreds of entries some 200 KB; 10 MB is a thousand pages of text.
 */
export const VISIT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Bytes of one template. The bundled templates are under 3 KB each; a document's layout never
 * needs a megabyte of Handlebars.
 */
export const TEMPLATE_FILE_BYTES = 1024 * 1024;

/**
 * Characters of one field of a visit. 100,000 is some 15,000 words, thirty pages of one
 * paragraph; a longer field is pasted by mistake (a whole report, a data dump).
 */
export const FIELD_CHARS = 100_000;

/**
 * Characters of the Markdown one document renders to, counted as it is made (every block a
 * template repeats counts its output). A visit file at its limit renders to a few times its
 * size; 50 million is a template repeating its data far past any document.
 */
export const RENDERED_CHARS = 50_000_000;

/**
 * Times one document's templates may enter a repeated block (`#each` and its kin). The largest
 * real document repeats a few thousand times; nested blocks over a few hundred entries each
 * reach a million at once.
 */
export const RENDER_REPEATS = 1_000_000;

/**
 * Blocks ({{#each}}, {{#if}}, …) within one another in a template: a real one nests three or
 * four. Handlebars' parser and compiler recurse once per level, and thousands of levels take
 * minutes before they overflow the stack.
 */
export const TEMPLATE_BLOCK_NESTING = 100;

/**
 * Lists and mappings within one another in a visit file: a visit needs a few levels. yaml's
 * composer and jsonc-parser recurse once per level and overflow the stack at a few thousand.
 */
export const DATA_NESTING = 100;

/**
 * Levels a Markdown field may nest (quotes, lists, emphasis, links within one another; a field
 * sits a level or two deep in its document), and a rendered document, fields and template
 * together. marked, the renderers and pdfmake recurse per level and fail at a few hundred.
 */
export const FIELD_NESTING = 50;
export const DOCUMENT_NESTING = 100;

/**
 * Bytes of one image file (a photo, an emblem, a template's image). A 12-megapixel camera JPEG
 * is 3 to 8 MB and a 50-megapixel one under 25 MB; 30 MB leaves room for either.
 */
export const IMAGE_FILE_BYTES = 30 * 1024 * 1024;

/**
 * Pixels of one image, read from its header before anything is decoded: a small file that
 * claims 100,000 by 100,000 pixels (a decompression bomb) is refused at once. 60 million passes
 * any camera photo (a 50-megapixel one included) at some 240 MB decoded.
 */
export const IMAGE_PIXELS = 60_000_000;

/** The limits as a user reads them: "100,000". */
export const shown = (limit: number): string => limit.toLocaleString('en-US');

/** The limits as a size: "10 MB". */
export const shownBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
