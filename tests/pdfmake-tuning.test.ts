/** pdfmake's per-word work cut down (src/output/pdfmake-tuning.ts) must set exactly what it did. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fasterStyleLookups, joinedRuns, type LineInline } from '../src/output/pdfmake-tuning.js';

const require = createRequire(import.meta.url);

describe('style lookups', () => {
  // A subclass takes the faster lookups, so pdfmake's own class stays as it is to compare with.
  type Stack = { push(style: unknown): void; getProperty(property: string): unknown };
  type StackClass = (new (styles: object, defaults?: object) => Stack) & { getStyleProperty(item: object, stack: Stack, property: string, fallback: unknown): unknown };
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
    for (const entry of ['table', { margin: [0, 1, 0, 0] }, 'loop', 'missing', { italics: false, color: null }]) stack.push(entry);
    return stack;
  };

  it('finds each property where pdfmake finds it: items, named styles, the styles they extend, defaults', () => {
    const item = { text: 'x', style: ['th'], decoration: 'underline' };
    for (const property of ['fontSize', 'color', 'lineHeight', 'bold', 'italics', 'font', 'margin', 'decoration', 'sup', 'extends']) {
      expect(stacked(Faster).getProperty(property), property).toEqual(stacked(Original).getProperty(property));
      expect(Faster.getStyleProperty(item, stacked(Faster), property, 'fallback'), property).toEqual(Original.getStyleProperty(item, stacked(Original), property, 'fallback'));
    }
  });
});

describe('lines drawn as runs', () => {
  const font = { name: 'Sans' };
  const word = (text: string, x: number, more: object = {}): LineInline => ({ text, x, width: 10, font, fontSize: 9, height: 11, color: 'black', ...more });

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
