/**
 * Documents in the reader's language: labels by key (bundled and the user's), dates through Intl,
 * the documents' language checked, and names marked with their language in Markdown and HTML.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diagnosticsOf, formatDiagnostic } from '../src/diagnostics.js';
import { DOC_KINDS } from '../src/docs.js';
import { htmlDocument } from '../src/html/document.js';
import { markdownToHtml } from '../src/html/render.js';
import { type LoadOptions, loadVisitFile } from '../src/load/index.js';
import { formatDate, formatDateRange } from '../src/model/dates.js';
import { BUNDLED_LABELS, bundledLanguages, labelLanguage } from '../src/model/lang.js';
import { buildContext } from '../src/render/context.js';
import { LABEL_KEYS } from '../src/render/labels.js';
import { TemplateSet } from '../src/render/templates.js';
import { pageFrame } from '../src/typeset/frame.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-languages-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

/**
 * A visit whose own text is proper names, codes and numbers only: whatever words a document
 * made from it prints come from the labels and the dates.
 */
const neutralVisit = (lang: string, extra = '') => `id: neutral-${lang.toLowerCase()}
lang: ${lang}
title: Kallio–Okonkwo 2031
prepared: 2031-02-01
visit:
  visitor:
    name: Ilse Kallio-Okonkwo
    native_name: 大槻 澄
    native_lang: ja
  host: { country: Tuvalu, city: Funafuti }
  start: 2031-01-30
  end: 2031-02-01
  purpose: OSCE–ASEAN 7
people:
  - { name: Teodor Wąsik, native_name: Теодор Васик, native_lang: ru, role: OSCE }
  - { name: Nour Haddad, native_name: نور حداد, native_lang: ar }
  - { name: Pita Taufa }
programme:
  - { date: 2031-01-30, time: "09:30", item: ASEAN, place: Funafuti }
  - { date: 2031-01-31, item: OSCE }
facts:
  - section: ASEAN
    items:
      - { label: OSCE, value: "1975", source: s1 }
chronology:
  - { date: 1991, end: 1993, event: OSCE, source: s1 }
  - { date: 2006-03, event: ASEAN }
  - { date: 2012-05-04, end: 2012-05-09, event: G20 }
  - { date: 2031-01-30, event: OSCE }
talking_points:
  - topic: ASEAN
    points:
      - { text: OSCE 1975, source: s1 }
    if_asked:
      - { question: G20?, answer: G7. }
sources:
  - { id: s1, title: OSCE–ASEAN, publisher: UNESCO, date: 2030-11 }
${extra}`;

const load = (yaml: string, options: LoadOptions = {}) => loadVisitFile('visit.yaml', Buffer.from(yaml), options);

/** Every document of a visit, as Markdown, from these templates and labels. */
function render(yaml: string, templates = TemplateSet.load(), options?: LoadOptions): Record<string, string> {
  const { loaded, diagnostics } = load(yaml, options);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const labels = templates.labels.table(loaded!.visit.lang);
  return Object.fromEntries(
    DOC_KINDS.map((kind) => [kind, templates.render(kind, buildContext(loaded!.id, loaded!.visit, kind, labels))]),
  );
}

const english = parse(readFileSync(join(BUNDLED_LABELS, 'en.yaml'), 'utf8')) as Record<string, string>;
const labelsOf = (lang: string) =>
  parse(readFileSync(join(BUNDLED_LABELS, `${lang}.yaml`), 'utf8')) as Record<string, string>;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const asWord = (text: string) => new RegExp(`(?<!\\p{L})${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u');

/** The English words of each label (placeholders and punctuation aside) that `lang`'s own label does not share. */
function englishWordsFor(lang: string): string[] {
  const own = labelsOf(lang);
  return LABEL_KEYS.flatMap((key) =>
    english[key]!.split(/\{\w+\}/)
      .map((part) => part.trim())
      .filter((part) => /\p{L}{2}/u.test(part) && !own[key]!.includes(part)),
  );
}

describe('bundled labels', () => {
  it('come in at least en, fr, ko, ja, zh-Hans, zh-Hant, ar, ru, es, de, each with every label and no other', () => {
    expect(bundledLanguages()).toEqual(
      expect.arrayContaining(['en', 'fr', 'ko', 'ja', 'zh-Hans', 'zh-Hant', 'ar', 'ru', 'es', 'de']),
    );
    for (const lang of bundledLanguages()) {
      const table = labelsOf(lang);
      expect(Object.keys(table).sort(), lang).toEqual([...LABEL_KEYS].sort());
      for (const key of LABEL_KEYS) {
        expect(typeof table[key], `${lang}.${key}`).toBe('string');
        // The same places to fill as the English label has: none lost, none invented.
        const places = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
        expect(places(table[key]!), `${lang}.${key}`).toEqual(places(english[key]!));
      }
    }
  });

  it('set French as French typography wants it: a no-break space before the colon', () => {
    const fr = labelsOf('fr');
    expect(fr.colon).toBe('\u00a0:');
    expect(fr.title_separator).toBe('\u00a0: ');
  });
});

describe('whole documents in the reader language', () => {
  it.each(['ko', 'fr', 'ja', 'ar', 'he'])('%s: no English label or month name in any document', (lang) => {
    const docs = render(neutralVisit(lang));
    const words = englishWordsFor(lang);
    expect(words.length).toBeGreaterThan(20);
    for (const [kind, markdown] of Object.entries(docs)) {
      for (const word of [...words, ...MONTHS])
        expect(markdown, `${lang} ${kind}: "${word}"`).not.toMatch(asWord(word));
    }
  });

  it('prints each language its own words and dates', () => {
    const ko = render(neutralVisit('ko'));
    expect(ko.factsheet).toContain('## 주요 사실');
    expect(ko.factsheet).toContain('## 일정');
    expect(ko.factsheet).toContain('## 인물');
    expect(ko.factsheet).toContain('> **방문 인사:** Ilse Kallio-Okonkwo');
    expect(ko.factsheet).toContain('2031년 1월 30일~2월 1일');
    expect(ko['talking-points']).toContain('> **예상 질문:** G20?');
    expect(ko.book).toContain('2031년 2월 1일 작성');
    expect(ko.chronology).toContain('| 1991년 ~ 1993년 | OSCE');
    const fr = render(neutralVisit('fr'));
    expect(fr.factsheet).toContain('# Fiche de synthèse\u00a0: Kallio–Okonkwo 2031');
    expect(fr.factsheet).toContain('**Personnalité invitée\u00a0:**');
    expect(fr.book).toContain('Établi le 1er février 2031');
    expect(fr.chronology).toContain('| 4–9 mai 2012 | G20 |');
    const ja = render(neutralVisit('ja'));
    expect(ja.factsheet).toContain('**訪問者：**');
    expect(ja.chronology).toContain('2012年5月4日～2012年5月9日');
    expect(ja.chronology).toContain('[^s1]: *OSCE–ASEAN*、UNESCO、2030年11月。');
    expect(ja.factsheet).toContain('Funafuti、Tuvalu、2031年1月30日～2031年2月1日');
    const ar = render(neutralVisit('ar'));
    expect(ar.factsheet).toContain('## حقائق رئيسية');
    expect(ar.chronology).toContain('مارس 2006');
    expect(ar.factsheet).toContain('Funafuti، Tuvalu، 30 يناير');
  });

  it('keeps English documents as they were', () => {
    const en = render(neutralVisit('en'));
    expect(en.factsheet).toContain('# Fact sheet: Kallio–Okonkwo 2031');
    expect(en.factsheet).toContain('> **Visitor:** Ilse Kallio-Okonkwo');
    expect(en.factsheet).toContain('> **Where and when:** Funafuti, Tuvalu, 30 January – 1 February 2031');
    expect(en.factsheet).toContain('## Key facts\n\n| Fact | Detail |');
    expect(en.factsheet).toContain('| Date | Time | Item | Place |');
    expect(en.factsheet).toContain('| Name | Role |');
    expect(en['talking-points']).toContain('> **If asked:** G20?');
    expect(en.book).toContain('Prepared 1 February 2031');
    expect(en.book).toContain('## Contents');
    expect(en.book).toContain('- [Biographies](#biographies)');
    expect(en.chronology).toContain('| 1991–1993 | OSCE');
    expect(en.chronology).toContain('| 4–9 May 2012 | G20 |');
    expect(en.chronology).toContain('| March 2006 | ASEAN |');
    // The visit names no language: English.
    const unnamed = render(neutralVisit('en').replace('lang: en\n', ''));
    expect(unnamed).toEqual(en);
  });
});

describe('dates in the document language', () => {
  // Each bundled language at day, month and year precision, and a range within a month.
  const cases: [string, string, string, string, string][] = [
    ['en', '1 November 2017', 'November 2017', '2017', '11–13 April 2013'],
    ['ko', '2017년 11월 1일', '2017년 11월', '2017년', '2013년 4월 11일~13일'],
    ['fr', '1er novembre 2017', 'novembre 2017', '2017', '11–13 avril 2013'],
    ['ja', '2017年11月1日', '2017年11月', '2017年', '2013年4月11日～2013年4月13日'],
    ['zh-Hans', '2017年11月1日', '2017年11月', '2017年', '2013年4月11日 – 2013年4月13日'],
    ['zh-Hant', '2017年11月1日', '2017年11月', '2017年', '2013年4月11日至2013年4月13日'],
    ['de', '1. November 2017', 'November 2017', '2017', '11.–13. April 2013'],
    // ICU's own spacing: a narrow no-break space before "г.".
    ['ru', '1 ноября 2017\u202fг.', 'ноябрь 2017\u202fг.', '2017', '11–13 апреля 2013\u202fг.'],
    ['es', '1 de noviembre de 2017', 'noviembre de 2017', '2017', '11–13 de abril de 2013'],
    ['ar', '1 نوفمبر 2017', 'نوفمبر 2017', '2017', '11–13 أبريل 2013'],
    ['he', '1 בנובמבר 2017', 'נובמבר 2017', '2017', '11–13 באפריל 2013'],
  ];
  it.each(cases)('%s', (lang, day, month, year, range) => {
    expect(formatDate('2017-11-01', lang)).toBe(day);
    expect(formatDate('2017-11', lang)).toBe(month);
    expect(formatDate('2017', lang)).toBe(year);
    expect(formatDateRange('2013-04-11', '2013-04-13', lang)).toBe(range);
  });

  it('ranges over months and years say what differs', () => {
    expect(formatDateRange('2017-10-31', '2017-11-02', 'ko')).toBe('2017년 10월 31일~11월 2일');
    expect(formatDateRange('2016-12-31', '2017-01-02', 'de')).toBe('31. Dezember 2016\u2009–\u20092. Januar 2017');
    expect(formatDateRange('2012-03', '2012-05', 'es')).toBe('marzo–mayo de 2012');
    expect(formatDateRange('1991', '1993', 'zh-Hant')).toBe('1991年至1993年');
    expect(formatDateRange('2017-11', '2017-11-02', 'fr')).toBe('novembre 2017\u2009–\u20092 novembre 2017');
  });

  it('stay Gregorian where the locale would switch calendars, and keep the locale digits', () => {
    // ar-SA defaults to the Islamic calendar (1439 AH), th to the Buddhist era (2560).
    expect(formatDate('2017-11-01', 'ar-SA')).toBe('١ نوفمبر ٢٠١٧');
    expect(formatDate('2017-11-01', 'th')).toBe('1 พฤศจิกายน 2017');
    expect(formatDate('2017', 'th')).toBe('2017');
    expect(formatDate('2017-11-01', 'ar-u-nu-arab')).toBe('١ نوفمبر ٢٠١٧');
  });
});

describe('the documents language', () => {
  it('finds its labels by tag, script or primary language, without regard to case', () => {
    const all = bundledLanguages();
    expect(labelLanguage('KO', all)).toBe('ko');
    expect(labelLanguage('zh-hant', all)).toBe('zh-Hant');
    expect(labelLanguage('zh', all)).toBe('zh-Hans');
    expect(labelLanguage('zh-CN', all)).toBe('zh-Hans');
    expect(labelLanguage('zh-TW', all)).toBe('zh-Hant');
    expect(labelLanguage('zh-HK', all)).toBe('zh-Hant');
    expect(labelLanguage('de-AT', all)).toBe('de');
    expect(labelLanguage('en-US', all)).toBe('en');
    expect(labelLanguage('pt-BR', all)).toBeUndefined();
    expect(labelLanguage('pt-BR', [...all, 'pt'])).toBe('pt');
    expect(labelLanguage('en_GB', all)).toBeUndefined();
  });

  it('is an error at its place when no labels exist for it, listing the bundled languages', () => {
    const { loaded, diagnostics } = load(neutralVisit('tlh'));
    expect(loaded).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `visit.yaml:2:7: lang: no labels for language "tlh"; bundled languages are: ${bundledLanguages().join(', ')} (a labels.yaml beside the templates may add one)`,
    ]);
    expect(bundledLanguages().join(', ')).toContain('en, ar, de, es, fr, he, ja, ko, ru, zh-Hans, zh-Hant');
    // One the user's labels file adds is fine.
    expect(load(neutralVisit('tlh'), { languages: ['tlh'] }).loaded).toBeDefined();
  });

  it('checks native_lang as BCP 47 in any language', () => {
    expect(load(neutralVisit('en').replace('native_lang: ja', 'native_lang: tlh-Latn')).loaded).toBeDefined();
    const { diagnostics } = load(neutralVisit('en').replace('native_lang: ru', 'native_lang: ru_RU'));
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'visit.yaml:15:67: people[0].native_lang: expected a language tag (BCP 47) such as ko, ja, zh-Hans or ar, got "ru_RU"',
    ]);
  });
});

describe('a user labels file', () => {
  const portuguese = Object.fromEntries(LABEL_KEYS.map((key) => [key, `pt ${key.replace(/_/g, ' ')}`]));
  portuguese.page = 'página {page} de {pages}';
  portuguese.prepared = 'Elaborado em {date}';
  portuguese.subject = '{document}: {title}';
  portuguese.back_to_citation = 'Voltar à citação {citation}';
  const pt = Object.entries(portuguese)
    .map(([key, text]) => `  ${key}: "${text}"`)
    .join('\n');

  it('overrides one label of a bundled language and adds a language', () => {
    const dir = folder({ 'labels.yaml': `fr:\n  key_facts: Chiffres clés\npt:\n${pt}\n` });
    const templates = TemplateSet.load(dir);
    expect(templates.labels.added()).toEqual(['pt']);
    const fr = render(neutralVisit('fr'), templates);
    expect(fr.factsheet).toContain('## Chiffres clés');
    expect(fr.factsheet).not.toContain('Données clés');
    expect(fr.factsheet).toContain('## Programme'); // the other labels stay the bundled ones
    const ported = render(neutralVisit('pt-BR'), templates, { languages: templates.labels.added() });
    expect(ported.factsheet).toContain('## pt key facts');
    expect(ported.book).toContain('Elaborado em 1 de fevereiro de 2031');
  });

  const problems = (labels: string) => {
    const dir = folder({ 'labels.yaml': labels });
    try {
      TemplateSet.load(dir);
      return [];
    } catch (error) {
      return diagnosticsOf(error).map((d) => formatDiagnostic(d).replace(`${dir}/`, ''));
    }
  };

  it('is checked: every problem at its line and column', () => {
    expect(problems('fr:\n  key_facts: Chiffres clés\n  key_fcts: Chiffres\n')).toEqual([
      `labels.yaml:3:3: fr.key_fcts: unknown label "key_fcts"; did you mean "key_facts"? Labels are: ${LABEL_KEYS.join(', ')}`,
    ]);
    expect(problems('fr:\n  page: "p. {page}/{total}"\n')).toEqual([
      'labels.yaml:2:9: fr.page: {total} is not filled in here; this label has {page}, {pages}',
    ]);
    expect(problems('pt:\n  key_facts: Fatos\n')[0]).toMatch(
      /^labels\.yaml:1:1: pt: "pt" is not a bundled language \(.*\), so its labels must all be given; missing: fact_sheet, /,
    );
    expect(problems('fr_FR:\n  key_facts: Chiffres\n')).toEqual([
      'labels.yaml:1:1: fr_FR: "fr_FR" is not a language tag (BCP 47) such as fr, ko or zh-Hant',
    ]);
    expect(problems('fr:\n  key_facts: [a, b]\n')).toEqual([
      "labels.yaml:2:14: fr.key_facts: expected the label's text (a string)",
    ]);
    expect(problems('fr: [\n')[0]).toMatch(/^labels\.yaml:\d+:\d+: YAML syntax/);
    expect(problems('# nothing yet\n\n')).toEqual([]);
  });
});

describe('labels in templates', () => {
  it('an unknown key is an error at its place, with the closest key', () => {
    const dir = folder({ 'factsheet.hbs': '# {{doc.title}}\n\n## {{label "key_fact"}}\n{{label "programme"}}\n' });
    let lines: string[] = [];
    try {
      TemplateSet.load(dir);
    } catch (error) {
      lines = diagnosticsOf(error).map((d) => formatDiagnostic(d).replace(`${dir}/`, ''));
    }
    expect(lines).toEqual([
      `factsheet.hbs:3:4: unknown label "key_fact"; did you mean "key_facts"? Labels are: ${LABEL_KEYS.join(', ')}`,
    ]);
  });

  it('a key computed at render time is checked then', () => {
    const dir = folder({ 'factsheet.hbs': '# {{label title}}\n' });
    const templates = TemplateSet.load(dir);
    expect(() => render(neutralVisit('en'), templates)).toThrow(
      /factsheet\.hbs:1:3: unknown label "Kallio–Okonkwo 2031"/,
    );
  });
});

describe('names carry their language', () => {
  it('in the Markdown, as <span lang> around each native name that has a native_lang', () => {
    const docs = render(neutralVisit('en'));
    expect(docs.factsheet).toContain('Ilse Kallio-Okonkwo (<span lang="ja">大槻 澄</span>)');
    expect(docs.factsheet).toContain('| **Teodor Wąsik** (<span lang="ru">Теодор Васик</span>) | OSCE |');
    expect(docs.book).toContain('## Nour Haddad (<span lang="ar">نور حداد</span>)');
    const bare = render(neutralVisit('en').replace('    native_lang: ja\n', ''));
    expect(bare.factsheet).toContain('Ilse Kallio-Okonkwo (大槻 澄)');
    // The tag as BCP 47 spells it.
    const cased = render(neutralVisit('en').replace('native_lang: ja', 'native_lang: ZH-hant'));
    expect(cased.factsheet).toContain('(<span lang="zh-Hant">大槻 澄</span>)');
  });

  it('in the HTML, as a real span with lang (and dir for right-to-left); other raw HTML stays text', () => {
    const html = markdownToHtml(
      'A <span lang="ja">大槻</span> and <span lang="he">דנה</span>, <span class="x">not</span> <span lang=ja>no</span> </span>',
    );
    expect(html).toContain('<span lang="ja">大槻</span>');
    expect(html).toContain('<span lang="he" dir="rtl">דנה</span>');
    expect(html).toContain('&lt;span class=&quot;x&quot;&gt;not</span>'.replace('</span>', '&lt;/span&gt;'));
    expect(html).toContain('&lt;span lang=ja&gt;no');
    expect(html.match(/<span/g)).toHaveLength(2);
    expect(html.match(/<\/span>/g)).toHaveLength(2);
    // A heading's anchor is made of its text, not of the tags.
    expect(markdownToHtml('## Nour (<span lang="ar">نور</span>)\n')).toContain('<h2 id="nour-نور">');
  });

  it('the HTML page says its language and direction, and its page words are the document language', () => {
    const { loaded } = load(neutralVisit('ar'));
    const templates = TemplateSet.load();
    const labels = templates.labels.table('ar');
    const frame = pageFrame(loaded!, 'factsheet', 'A4', labels);
    const page = htmlDocument(
      templates.render('factsheet', buildContext(loaded!.id, loaded!.visit, 'factsheet', labels)),
      frame,
    );
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('content: "الصفحة " counter(page) " من " counter(pages);');
    expect(page).toContain('أُعدّت في 1 فبراير 2031');
    expect(page).toContain('class="notes-title">المصادر</h2>');
    expect(page).not.toMatch(/Sources|Prepared|page "|Back to citation/);
  });
});

describe('the page frame', () => {
  it('carries the document words: title, subject, page and prepared lines', () => {
    const { loaded } = load(neutralVisit('ko'));
    const frame = pageFrame(loaded!, 'talking-points', 'A4', TemplateSet.load().labels.table('ko'));
    expect(frame.lang).toBe('ko');
    expect(frame.title).toBe('말씀자료: Kallio–Okonkwo 2031');
    expect(frame.subject).toBe('Kallio–Okonkwo 2031 말씀자료');
    expect(frame.furniture).toEqual({
      page: '{page} / {pages}',
      prepared: '2031년 2월 1일 작성',
      contents: '목차',
      sources: '출처',
      backToCitation: '인용 위치로 돌아가기({citation})',
      onPage: ' ({page}쪽)',
    });
    // Plain data: it travels to typesetting threads.
    expect(structuredClone(frame)).toEqual(frame);
  });
});

it('a labels-only folder is a templates folder', () => {
  const dir = folder({});
  mkdirSync(join(dir, 'x'));
  writeFileSync(join(dir, 'labels.yaml'), 'de:\n  if_asked: Falls gefragt\n');
  const docs = render(neutralVisit('de'), TemplateSet.load(dir));
  expect(docs['talking-points']).toContain('**Falls gefragt:** G20?');
});
