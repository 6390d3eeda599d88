import { describe, expect, it } from 'vitest';
import { lex } from '../src/markdown/lex.js';
import { COVERAGE } from '../src/typeset/coverage.generated.js';
import { covers, decodeRanges, encodeRanges, missingGlyph } from '../src/typeset/coverage.js';
import { familyCoverage } from '../src/typeset/coverage-source.js';
import { FONT_FAMILIES } from '../src/typeset/font-files.js';
import { cjkFamilyOf, fontRuns, textRuns } from '../src/typeset/fonts.js';
import { inlines } from '../src/typeset/inline.js';

const families = (text: string, lang?: string) => fontRuns(text, 'Sans', lang).map((r) => [r.text, r.family]);

describe('the coverage table', () => {
  it('is what the installed fonts have (regenerate: npm run fonts:coverage)', () => {
    // A font upgrade that adds or drops characters must be seen in the committed table.
    for (const family of FONT_FAMILIES) expect(COVERAGE[family], family).toBe(familyCoverage(family));
  });

  it('round-trips ranges', () => {
    const points = [0, 1, 2, 5, 0x3000, 0x3001, 0x1f600];
    const ranges = decodeRanges(encodeRanges(points));
    expect([...ranges]).toEqual([0, 3, 5, 6, 0x3000, 0x3002, 0x1f600, 0x1f601]);
  });

  it('knows which family has a character', () => {
    expect(covers('SC', 0x4e60)).toBe(true); // 习
    expect(covers('JP', 0x4e60)).toBe(false);
    expect(covers('Sans', 0x0627)).toBe(false); // ا
    expect(covers('Arabic', 0x0627)).toBe(true);
  });

  it('names the first character no bundled font has', () => {
    expect(missingGlyph('Ionela Brătianu')).toBeUndefined();
    expect(missingGlyph('Kofi 👩🏾‍🔬 ✓ 𓃒 ꕥ')).toBe('𓃒');
  });
});

describe('textRuns', () => {
  it('keeps Latin, Vietnamese, Greek and Cyrillic in Noto Sans, as one run with no font named', () => {
    for (const name of ['Phạm Quỳnh Anh', 'Σταυρούλα Μπέη', 'Тимофей Гущин'])
      expect(textRuns(name, { bold: true })).toEqual([{ text: name, bold: true }]);
  });

  it('composes to NFC', () => {
    expect(textRuns('Quy\u0300nh')[0]!.text).toBe('Quỳnh');
  });

  it('sets Han in the forms of the language, and drops lang from the runs', () => {
    expect(textRuns('周慧敏', { lang: 'ja' })).toEqual([{ text: '周慧敏', font: 'JP' }]);
    expect(families('周慧敏', 'zh-Hant-TW')).toEqual([['周慧敏', 'TC']]);
    expect(families('周慧敏', 'zh-CN')).toEqual([['周慧敏', 'SC']]);
    expect(families('周慧敏', 'ko')).toEqual([['周慧敏', 'KR']]);
  });

  it('without a CJK language, sets Han beside kana in JP, beside Hangul in KR, else SC', () => {
    expect(families('松本 さくら')).toEqual([['松本 さくら', 'JP']]);
    expect(families('박지훈 朴智勳')).toEqual([['박지훈 朴智勳', 'KR']]);
    expect(families('钱学森')).toEqual([['钱学森', 'SC']]);
  });

  it('falls back to a CJK family that has the character', () => {
    // 习 is in neither JP nor KR.
    expect(families('习', 'ja')).toEqual([['习', 'SC']]);
  });

  it("gives each script its family; spaces and punctuation between two go with the text's own", () => {
    expect(families('Dr Yusuf (يوسف), Shira שירה, Kanya กัญญา')).toEqual([
      ['Dr Yusuf (', 'Sans'],
      ['يوسف', 'Arabic'],
      ['), Shira ', 'Sans'],
      ['שירה', 'Hebrew'],
      [', Kanya ', 'Sans'],
      ['กัญญา', 'Thai'],
    ]);
    expect(families('ಕನ್ನಡ മലയാളം')).toEqual([
      ['ಕನ್ನಡ ', 'Kannada'],
      ['മലയാളം', 'Malayalam'],
    ]);
  });

  it('keeps spaces and punctuation inside a script in its family, and marks with their base', () => {
    expect(families('Oh (「東京」の 森さん。) ok')).toEqual([
      ['Oh (', 'Sans'],
      ['「東京」の 森さん。', 'JP'],
      [') ok', 'Sans'],
    ]);
    expect(families('عَلِيّ')).toEqual([['عَلِيّ', 'Arabic']]);
  });

  it('puts symbols in the first family that has them', () => {
    expect(families('☆✔')).toEqual([['☆✔', 'Symbols2']]);
    expect(families('∯')).toEqual([['∯', 'Math']]);
    expect(families('°C ©')).toEqual([['°C ©', 'Sans']]);
  });

  it('keeps emoji sequences whole in the emoji family', () => {
    const team = '👩🏾‍🔬';
    const flag = '🇧🇷';
    const keycap = '#️⃣';
    expect(families(`Lab ${team}${flag} ${keycap}`)).toEqual([
      ['Lab ', 'Sans'],
      [`${team}${flag} ${keycap}`, 'Emoji'],
    ]);
  });

  it('sets code in Mono and what Mono lacks in the families that have it', () => {
    expect(textRuns('x = 1', { font: 'Mono' })).toEqual([{ text: 'x = 1', font: 'Mono' }]);
    expect(textRuns('s = "金"', { font: 'Mono', lang: 'zh-Hant' })).toEqual([
      { text: 's = "', font: 'Mono' },
      { text: '金', font: 'TC' },
      { text: '"', font: 'Mono' },
    ]);
  });
});

describe('CJK languages', () => {
  it('map to families', () => {
    expect(
      ['ja-JP', 'ko-KR', 'zh', 'zh-Hans', 'zh-SG', 'zh-Hant', 'zh-HK', 'zh-MO', 'en', undefined].map(cjkFamilyOf),
    ).toEqual(['JP', 'KR', 'SC', 'SC', 'SC', 'TC', 'TC', 'TC', undefined, undefined]);
  });
});

describe('<span lang> in the Markdown', () => {
  const paragraph = (source: string) => {
    const block = lex(source).find((b) => b.type === 'paragraph') as { tokens: never };
    return inlines(block.tokens, { lang: 'en' });
  };

  it('sets the language of its text, and only of its text', () => {
    const runs = paragraph('Mr <span lang="ja">関</span> and Ms <span lang="zh-Hant">關</span> met 关.');
    expect(runs.map((r) => [r.text, r.font])).toEqual([
      ['Mr ', undefined],
      ['関', 'JP'],
      [' and Ms ', undefined],
      ['關', 'TC'],
      [' met ', undefined],
      ['关', 'SC'],
      ['.', undefined],
    ]);
    expect(runs.some((r) => 'lang' in r)).toBe(false);
  });

  it('prints any other HTML as text', () => {
    const runs = paragraph('<span class="x">a</span> <b>b</b>');
    expect(runs.map((r) => r.text).join('')).toBe('<span class="x">a</span> <b>b</b>');
  });
});
