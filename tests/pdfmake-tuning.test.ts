/** pdfmake's per-word work cut down (src/pdf/style-lookups.ts and src/pdf/runs.ts) must set exactly what it did. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { joinedRuns, type LineInline } from '../src/pdf/runs.js';
import { fasterStyleLookups, memoizedWhileMeasuring } from '../src/pdf/style-lookups.js';

const require = createRequire(import.meta.url);

describe('style lookups', () => {
  // A subclass takes the faster lookups, so pdfmake's own class stays as it is to compare with.
  type Stack = { push(style: unknown): void; getProperty(property: string): unknown };
  type StackClass = (new (
    styles: object,
    defaults?: object,
  ) => Stack) & { getStyleProperty(item: object, stack: Stack, property: string, fallback: unknown): unknown };
  const Original = (require('pdfmake/js/StyleContextStack.js') as { default: StackClass }).default;
  const Faster = class extends Original {} as StackClass;
  fasterStyleLookups(Faster as never);

  const styles = {
    base: { fontSize: 9, color: '#111111' },
    table: { extends: 'base', lineHeight: 1.05 },
    loop: { extends: ['loop', 'table'] },
    th: { bold: true },
  };
  const stacked = (Class: StackClass) => {
    const stack = new Class(styles, { font: 'Sans', fontSize: 10 });
    for (const entry of ['table', { margin: [0, 1, 0, 0] }, 'loop', 'missing', { italics: false, color: null }])
      stack.push(entry);
    return stack;
  };

  const PROPERTIES = [
    'fontSize',
    'color',
    'lineHeight',
    'bold',
    'italics',
    'font',
    'margin',
    'decoration',
    'sup',
    'extends',
  ];

  it('finds each property where pdfmake finds it: items, named styles, the styles they extend, defaults', () => {
    const items: object[] = [
      { text: 'x', style: ['th'], decoration: 'underline' },
      { text: 'x', style: 'table' },
      { text: 'x', style: ['missing', { color: 'red' }, 'th'] },
      { text: 'x', style: 'th', section: 'header' }, // pdfmake pushes nothing for a section
      { text: 'x', color: null, style: '' },
      'a plain string',
    ];
    for (const item of items) {
      for (const property of PROPERTIES) {
        expect(stacked(Faster).getProperty(property), property).toEqual(stacked(Original).getProperty(property));
        expect(
          Faster.getStyleProperty(item, stacked(Faster), property, 'fallback'),
          `${JSON.stringify(item)} ${property}`,
        ).toEqual(Original.getStyleProperty(item, stacked(Original), property, 'fallback'));
      }
    }
  });

  it('keeps the stack as it was: the item looked up is not left on it', () => {
    const stack = stacked(Faster) as Stack & { styleOverrides: unknown[] };
    const before = [...stack.styleOverrides];
    Faster.getStyleProperty({ text: 'x', style: ['th'] }, stack, 'bold', false);
    expect(stack.styleOverrides).toEqual(before);
  });

  it('answers from memory only while measuring, and forgets at any push or pop', () => {
    class Measurer {
      measure(words: { text: string }[], stack: Stack & { pop(): void }) {
        const seen = words.map((w) => Faster.getStyleProperty(w, stack, 'fontSize', 12));
        stack.push({ fontSize: 20 }); // nothing of pdfmake's does this while measuring; a memory must not hide it
        seen.push(Faster.getStyleProperty(words[0]!, stack, 'fontSize', 12));
        stack.pop();
        seen.push(Faster.getStyleProperty(words[0]!, stack, 'fontSize', 12));
        return seen;
      }
    }
    memoizedWhileMeasuring(Measurer as never);
    const stack = stacked(Faster) as Stack & { pop(): void; memo?: unknown };
    expect(new Measurer().measure([{ text: 'a' }, { text: 'b' }], stack)).toEqual([9, 9, 20, 9]);
    expect(stack.memo).toBeUndefined();
    (stack as unknown as { styleOverrides: Record<string, unknown>[] }).styleOverrides.push({ fontSize: 7 });
    expect(stack.getProperty('fontSize')).toBe(7); // after measuring, nothing is remembered
  });
});

describe('lines drawn as runs', () => {
  const font = { name: 'Sans' };
  const word = (text: string, x: number, more: object = {}): LineInline => ({
    text,
    x,
    width: 10,
    font,
    fontSize: 9,
    height: 11,
    color: 'black',
    ...more,
  });

  it('joins words of the same look that follow on, and keeps apart what is drawn differently', () => {
    const runs = joinedRuns([
      word('Two ', 0),
      word('words ', 10),
      word('then ', 20, { italics: true }), // not drawn differently: the face is in the font
      word('italic ', 30, { font: { name: 'Italic' } }),
      word('link', 40, { link: 'https://example.org' }),
      word('1', 50, { sup: true, fontSize: 5.2 }),
      word('gap ', 65),
      word('justified', 75, { justifyShift: 3 }),
    ]);
    expect(runs.map((r) => [r.text, r.x, r.width])).toEqual([
      ['Two words then ', 0, 30],
      ['italic ', 30, 10],
      ['link', 40, 10],
      ['1', 50, 10],
      ['gap ', 65, 10],
      ['justified', 75, 10],
    ]);
  });

  it('joins only after a space: a pair kerned across a break inside a word would move what follows', () => {
    const runs = joinedRuns([word('AVA-', 0), word('TAVA ', 10), word('and/', 20), word('or', 30)]);
    expect(runs.map((r) => r.text)).toEqual(['AVA-', 'TAVA and/', 'or']);
  });

  it('leaves the laid-out words as they were', () => {
    const words = [word('a ', 0), word('b', 10)];
    joinedRuns(words);
    expect(words.map((w) => w.text)).toEqual(['a ', 'b']);
  });
});
