/**
 * Names in every script the bundled fonts cover, typeset to PDF by the CLI: each comes back
 * from the text layer as written, in the font of its script (and, for Han, of its language),
 * with no missing-glyph box.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FONT_FILES, type FontFamily } from '../src/typeset/font-files.js';
import { typeset } from '../src/typeset/index.js';
import type { Run } from '../src/typeset/inline.js';
import { ROOT, runCli } from './helpers/cli.js';
import { testFrame } from './helpers/frame.js';
import { readPdf } from './helpers/pdf.js';

interface Name {
  latin: string;
  native: string;
  lang?: string;
  /** The families its characters are set in. */
  fonts: FontFamily[];
  rtl?: boolean;
}

const NAMES: Name[] = [
  { latin: 'Lương Bích Ngọc', native: 'Lương Bích Ngọc', lang: 'vi', fonts: ['Sans'] },
  { latin: 'Eirini Tsakalou', native: 'Ειρήνη Τσακάλου', lang: 'el', fonts: ['Sans'] },
  { latin: 'Bogdan Yelisejev', native: 'Богдан Елисеев', lang: 'ru', fonts: ['Sans'] },
  { latin: 'Han Ye-rim', native: '한예림', lang: 'ko', fonts: ['KR'] },
  { latin: 'Sugiura Natsumi', native: '杉浦 なつみ', lang: 'ja', fonts: ['JP'] },
  { latin: 'Takeda Shun', native: '武田俊', lang: 'ja', fonts: ['JP'] },
  { latin: 'Gao Yanhong', native: '高艳红', lang: 'zh-Hans', fonts: ['SC'] },
  { latin: 'Lin Kuo-hua', native: '林國華', lang: 'zh-Hant', fonts: ['TC'] },
  { latin: 'Maha Al-Otaibi', native: 'مها العتيبي', lang: 'ar', fonts: ['Arabic'], rtl: true },
  { latin: 'Lamis Khalil', native: 'لميس خليل', lang: 'ar', fonts: ['Arabic'], rtl: true },
  { latin: 'Yael Shapira', native: 'יעל שפירא', lang: 'he', fonts: ['Hebrew'], rtl: true },
  { latin: 'Pimchanok Srisuk', native: 'พิมพ์ชนก ศรีสุข', lang: 'th', fonts: ['Thai'] },
  { latin: 'Priya Deshpande', native: 'प्रिया देशपांडे', lang: 'mr', fonts: ['Sans'] },
  { latin: 'Sreekumar Nair', native: 'ശ്രീകുമാർ നായർ', lang: 'ml', fonts: ['Malayalam'] },
  { latin: 'Ratings', native: '☆ ✔ ☺ ₩ ∮ ⊀', fonts: ['Symbols2', 'Symbols', 'Sans', 'Math'] },
  { latin: 'Delegation mood', native: '👩‍👩‍👦 🇯🇵 🙋🏻 #️⃣', fonts: ['Emoji'] },
];

/** The fact sheet as a list of people, each native name in a span giving its language. */
const TEMPLATE = `# {{title}}

{{#each people}}
- {{name}} ({{#if native_lang}}<span lang="{{native_lang}}">{{native_name}}</span>{{else}}{{native_name}}{{/if}})
{{/each}}
`;

function visitYaml(): string {
  const people = NAMES.map(
    (n) =>
      `  - name: ${n.latin}\n    native_name: "${n.native}"\n    role: Delegate\n${n.lang ? `    native_lang: ${n.lang}\n` : ''}`,
  );
  return `id: scripts-2031\ntitle: Conference on coastal fisheries\nvisit:\n  visitor:\n    name: Ilse Marquardt\n  host:\n    country: Iceland\n  start: 2031-03-04\npeople:\n${people.join('')}`;
}

let dir: string;
let markdown: string;
let pdfText: string;
let pdfPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-scripts-'));
  writeFileSync(join(dir, 'scripts-2031.yaml'), visitYaml());
  writeFileSync(join(dir, 'factsheet.hbs'), TEMPLATE);
  const built = runCli(['build', join(dir, 'scripts-2031.yaml'), '-t', dir, '-f', 'pdf,md', '-o', join(dir, 'out')]);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  pdfPath = join(dir, 'out', 'scripts-2031', 'factsheet.pdf');
  markdown = readFileSync(join(dir, 'out', 'scripts-2031', 'factsheet.md'), 'utf8');
  pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withoutSpaces = (text: string) => text.replace(/\s+/gu, '');
const sorted = (text: string) => [...withoutSpaces(text)].sort().join('');
/** The line of the extracted text that holds a name's Latin form. */
const lineOf = (text: string, latin: string) => text.split('\n').find((line) => line.includes(latin)) ?? '';
/** The characters of a line in the name's own script (no Latin, brackets or marks of direction). */
const nativePart = (line: string, latin: string) =>
  line.replace(latin, '').replace(/[()\u200e\u200f\u202a-\u202e\s]/gu, '');

describe('names in sixteen scripts and forms', () => {
  it.each(NAMES)('$latin: pdftotext gives back $native', ({ latin, native, rtl }) => {
    const line = lineOf(pdfText, latin);
    // Word order right to left is set by the bidi stage; here each character must come back.
    if (rtl) expect(sorted(nativePart(line, latin))).toBe(sorted(native));
    else expect(withoutSpaces(pdfText)).toContain(withoutSpaces(`${latin} (${native})`));
  });

  it('pdf.js gives back every left-to-right name too', async () => {
    const { pages } = await readPdf(pdfPath);
    const text = withoutSpaces(pages.join(''));
    for (const { native } of NAMES.filter((n) => !n.rtl)) expect(text).toContain(withoutSpaces(native));
  });

  it('embeds the family of each script, and no other', () => {
    const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' });
    const embedded = new Set([...fonts.matchAll(/\+(NotoSans\w*|NotoEmoji)-/g)].map((m) => m[1]));
    expect([...embedded].sort()).toEqual(
      [
        'NotoSans',
        'NotoSansKR',
        'NotoSansJP',
        'NotoSansSC',
        'NotoSansTC',
        'NotoSansArabic',
        'NotoSansHebrew',
        'NotoSansThai',
        'NotoSansMalayalam',
        'NotoSansSymbols',
        'NotoSansSymbols2',
        'NotoSansMath',
        'NotoEmoji',
      ].sort(),
    );
  });
});

describe('the runs the names are set in', () => {
  const frame = testFrame({ title: 'Fact sheet' });
  const runs = (): Run[] => {
    const found: Run[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const text = (node as Run).text;
        if (typeof text === 'string') found.push(node as Run);
        for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
      }
    };
    walk(typeset(markdown, frame).content);
    return found;
  };
  const fontOf = (run: Run) => (run.font ?? 'Sans') as FontFamily;

  it.each(NAMES)('$latin is set in $fonts', ({ native, fonts }) => {
    const all = runs();
    const used = new Set<FontFamily>();
    for (const word of native.split(' ')) {
      const hits = all.filter((run) => typeof run.text === 'string' && run.text.includes(word.slice(0, 2)));
      expect(hits.length, word).toBeGreaterThan(0);
      for (const run of hits) used.add(fontOf(run));
    }
    expect([...used].sort()).toEqual([...fonts].sort());
  });

  it('draws no missing glyph: every run shapes to real glyphs in its font', () => {
    const fontkit = createRequire(join(ROOT, 'node_modules', 'pdfkit', 'x.js'))('fontkit') as {
      openSync(path: string): { layout(text: string): { glyphs: { id: number }[] } };
    };
    const opened = new Map<FontFamily, ReturnType<typeof fontkit.openSync>>();
    const names = new Set(NAMES.flatMap((n) => n.native.split(' ')));
    for (const run of runs()) {
      const text = run.text as string;
      if (![...names].some((word) => text.includes(word.slice(0, 2)))) continue;
      const family = fontOf(run);
      if (!opened.has(family)) opened.set(family, fontkit.openSync(FONT_FILES[family].normal));
      const glyphs = opened.get(family)!.layout(text.trim()).glyphs;
      expect(
        glyphs.map((g) => g.id),
        `${text} in ${family}`,
      ).not.toContain(0);
    }
  });
});
