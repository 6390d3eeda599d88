/**
 * pdfmake's line building in linear time. pdfmake breaks a paragraph into lines by shifting its
 * words off the front of one array, and copies the rest of the array for every word it places:
 * time grows with the square of a paragraph's length (a 200 KB paragraph took 17 s, 1 MB more
 * than 5 minutes). Here the words are read from where the last line stopped, and only as many
 * words ahead as could still fit the line are looked at; each line comes out as pdfmake made it.
 */

/** A measured word as pdfmake lays it out (pdfmake/js/TextInlines.js). */
interface Inline {
  text: string;
  width: number;
  trailingCut?: number;
  noWrap?: boolean;
  /** Part of the same word as the next inline: they break together. */
  noNewLine?: boolean;
  [property: string]: unknown;
}

/** pdfmake's line (pdfmake/js/Line.js), as far as building one reads it. */
interface Line {
  maxWidth: number;
  inlineWidths: number;
  leadingCut: number;
  lastLineInParagraph?: boolean;
  hasEnoughSpaceForInline(inline: Inline, nextInlines: Inline[]): boolean;
  getAvailableWidth(): number;
  addInline(inline: Inline): void;
}

export interface LineClass {
  new (maxWidth: number): Line;
}

export interface TextInlinesClass {
  new (pdfDocument: null): { widthOfText(text: string, inline: Inline): number };
}

/** What of pdfmake's layout builder buildNextLine reads (pdfmake/js/LayoutBuilder.js). */
interface Builder {
  writer: { context(): { availableWidth: number } };
}

export interface LayoutBuilderClass {
  prototype: { buildNextLine(this: Builder, node: TextNode): Line | null };
}

interface TextNode {
  _inlines?: Inline[];
}

/**
 * A text node's words still to be placed: `items` from `next` on. The node's `_inlines` reads as
 * exactly those (pdfmake's own code may add words back at the front), and setting it starts over.
 */
class Words {
  constructor(
    public items: Inline[],
    public next = 0,
  ) {}

  /** The words not yet placed, as an array of their own, the placed ones dropped once. */
  remaining(): Inline[] {
    if (this.next > 0) {
      this.items.splice(0, this.next);
      this.next = 0;
    }
    return this.items;
  }

  get done(): boolean {
    return this.next >= this.items.length;
  }
}

const queues = new WeakMap<TextNode, Words>();

function wordsOf(node: TextNode): Words | undefined {
  const known = queues.get(node);
  if (known) return known;
  if (!node._inlines) return undefined;
  const words = new Words(node._inlines);
  queues.set(node, words);
  Object.defineProperty(node, '_inlines', {
    get: () => words.remaining(),
    set: (items: Inline[]) => {
      words.items = items;
      words.next = 0;
    },
    enumerable: true,
    configurable: true,
  });
  return words;
}

/** Beyond this many points past the line's end, no later part of a word can bring it back. */
const PAST_END = 1;

/**
 * The words after `words.next` that pdfmake's fit test reads: the rest of the word (inlines
 * joined by noNewLine), up to the first that already takes it well past the line's end. The
 * test adds up each part's width less its trailing space, none of which is negative, so the
 * parts after that one cannot change its answer.
 */
function restOfWord(line: Line, words: Words): Inline[] {
  const first = words.items[words.next]!;
  if (!first.noNewLine) return [];
  let width = first.width - (first.trailingCut ?? 0);
  let end = words.next + 1;
  for (; end < words.items.length; end++) {
    const inline = words.items[end]!;
    width += inline.width - (inline.trailingCut ?? 0);
    if (!inline.noNewLine || line.inlineWidths + width - line.leadingCut > line.maxWidth + PAST_END) break;
  }
  return words.items.slice(words.next + 1, end + 1);
}

/** The longest start of `text` that fits `maxWidth`, by halves, as pdfmake finds it (at least 1). */
function maxFitLength(text: string, maxWidth: number, measure: (text: string) => number): number {
  let low = 1;
  let high = text.length;
  let bestFit = 1;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    if (measure(text.substring(0, mid)) <= maxWidth) {
      bestFit = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return bestFit;
}

/** An inline's copy, made as pdfmake makes it (own enumerable fields, on a plain object). */
function cloneInline(inline: Inline): Inline {
  const copy = (inline.constructor as () => Inline)();
  for (const key in inline) copy[key] = inline[key];
  return copy;
}

/** pdfmake's buildNextLine, word for word, reading the words through a Words queue. */
export function linearLineBuilding(LayoutBuilder: LayoutBuilderClass, Line: LineClass, TextInlines: TextInlinesClass) {
  LayoutBuilder.prototype.buildNextLine = function (node) {
    const words = wordsOf(node);
    if (!words || words.done) return null;
    const line = new Line(this.writer.context().availableWidth);
    const textInlines = new TextInlines(null);
    let isForceContinue = false;
    while (
      !words.done &&
      (line.hasEnoughSpaceForInline(words.items[words.next]!, restOfWord(line, words)) || isForceContinue)
    ) {
      let isHardWrap = false;
      const inline = words.items[words.next++]!;
      if (!inline.noWrap && inline.text.length > 1 && inline.width > line.getAvailableWidth()) {
        const measure = (text: string) => textInlines.widthOfText(text, inline);
        const maxChars = maxFitLength(inline.text, line.getAvailableWidth(), measure);
        if (maxChars < inline.text.length) {
          const rest = cloneInline(inline);
          rest.text = inline.text.substr(maxChars);
          inline.text = inline.text.substr(0, maxChars);
          rest.width = textInlines.widthOfText(rest.text, rest);
          inline.width = textInlines.widthOfText(inline.text, inline);
          words.items[--words.next] = rest;
          isHardWrap = true;
        }
      }
      line.addInline(inline);
      isForceContinue = Boolean(inline.noNewLine) && !isHardWrap;
    }
    line.lastLineInParagraph = words.done;
    return line;
  };
}
