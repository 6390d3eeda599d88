/**
 * Documents in the reader's language, through the command: the Korean sample's PDF and HTML,
 * a labels file beside the templates, and the output cache knowing the labels.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview } from '../src/serve/server.js';
import { ROOT, runCli } from './helpers/cli.js';
import { flat, type PdfText, readPdf } from './helpers/pdf.js';

let dir: string;
const KO = 'stoltenberg-2017-seoul-ko';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-languages-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Korean sample', () => {
  let factsheet: PdfText;
  let book: PdfText;
  beforeAll(async () => {
    const sample = join(ROOT, 'data', `${KO}.yaml`);
    const result = runCli(['build', sample, '-o', join(dir, 'ko'), '-d', 'factsheet,book', '-f', 'pdf,html', '-q']);
    expect(result.stderr).toBe('');
    factsheet = await readPdf(join(dir, 'ko', KO, 'factsheet.pdf'));
    book = await readPdf(join(dir, 'ko', KO, 'book.pdf'));
  });

  it('prints its labels, dates and page furniture in Korean, and no English', () => {
    // pdf.js may split Hangul into one item per syllable: compared without spaces.
    const squash = (text: string) => text.replace(/\s+/g, '');
    const page = factsheet.lines[0]!;
    expect([page[0], page.at(-1)].map((line) => squash(line!))).toEqual(['공개', '공개']); // the handling marking, top and bottom
    expect(squash(page[1]!)).toBe(squash('개요: 옌스 스톨텐베르그 나토 사무총장 방한'));
    expect(squash(page.at(-2)!)).toBe(squash('2017년 11월 6일 작성 1 / 1'));
    const text = squash(factsheet.pages.join('\n'));
    for (const label of ['주요 사실', '일정', '인물', '방문 인사:', '장소 및 일시:', '출처'])
      expect(text).toContain(squash(label));
    expect(text).toContain(squash('2017년 10월 31일~11월 2일'));
    const all = flat([...factsheet.pages, ...book.pages].join('\n'));
    expect(all).not.toMatch(/\b(page \d|Prepared|Sources|Contents|Key facts|Programme|People|November)\b/);
  });

  it('gives the book Korean contents, bookmarks and metadata', () => {
    const contents = flat(book.pages[1]!);
    for (const part of ['목차', '개요', '연표', '말씀자료', '주요 인사 약력', '출처']) expect(contents).toContain(part);
    expect(book.outline).toEqual(expect.arrayContaining(['개요', '주요 사실', '일정', '연표', '말씀자료', '출처']));
    expect(book.info.Title).toBe('방문 자료집: 옌스 스톨텐베르그 나토 사무총장 방한');
    expect(book.info.Subject).toBe('옌스 스톨텐베르그 나토 사무총장 방한 방문 자료집');
  });

  it('writes HTML that says its language, and the visitor name in hers', () => {
    const html = readFileSync(join(dir, 'ko', KO, 'factsheet.html'), 'utf8');
    expect(html).toContain('<html lang="ko" dir="ltr">');
    expect(html).toContain('(<span lang="nb">Jens Stoltenberg</span>)');
    expect(html).toContain('content: counter(page) " / " counter(pages);');
    expect(html).toContain('2017년 11월 6일 작성');
  });
});

describe('a labels file beside the templates', () => {
  const visit = (lang: string) =>
    `title: Vinte e um\nlang: ${lang}\nvisit:\n  visitor: {name: Inês Albuquerque}\n  host: {country: Angola}\n  start: 2030-06-02\n`;

  it('adds a language, and a visit in it builds; without it the visit is an error listing the bundled', () => {
    const templates = mkdtempSync(join(dir, 'templates-'));
    const english = readFileSync(join(ROOT, 'templates', 'labels', 'en.yaml'), 'utf8');
    const portuguese = english
      .split('\n')
      .filter((line) => /^\w+:/.test(line))
      .map((line) => `  ${line.replace(/^fact_sheet: .*/, 'fact_sheet: Ficha de informação')}`)
      .join('\n');
    writeFileSync(join(templates, 'labels.yaml'), `pt:\n${portuguese}\n`);
    const file = join(dir, 'pt.yaml');
    writeFileSync(file, visit('pt-AO'));
    const out = join(dir, 'out-pt');
    const built = runCli(['build', file, '-t', templates, '-o', out, '-d', 'factsheet', '-f', 'md', '-q']);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const markdown = readFileSync(join(out, 'pt', 'factsheet.md'), 'utf8');
    expect(markdown).toMatch(/^# Ficha de informação: Vinte e um\n/);
    expect(markdown).toContain('2 de junho de 2030');

    const refused = runCli(['check', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${file}:2:7: lang: no labels for language "pt-AO"; bundled languages are: en, ar, de, es, fr, he, ja, ko, ru, zh-Hans, zh-Hant`,
    );
  });

  it('is part of what outputs are made from: an edit to it rebuilds them', () => {
    const templates = mkdtempSync(join(dir, 'templates-'));
    writeFileSync(join(templates, 'labels.yaml'), 'es:\n  purpose: Objeto\n');
    const file = join(dir, 'es.yaml');
    writeFileSync(file, visit('es'));
    const out = join(dir, 'out-es');
    const build = () => runCli(['build', file, '-t', templates, '-o', out, '-d', 'factsheet', '-f', 'md']);
    expect(build().stdout).toContain('1 written');
    expect(build().stdout).toContain('0 written, 1 unchanged');
    writeFileSync(join(templates, 'labels.yaml'), 'es:\n  fact_sheet: Nota informativa\n');
    expect(build().stdout).toContain('1 written');
    expect(readFileSync(join(out, 'es', 'factsheet.md'), 'utf8')).toMatch(/^# Nota informativa: Vinte e um/);
  });

  it('with a problem, is an error at its line and column', () => {
    const templates = mkdtempSync(join(dir, 'templates-'));
    writeFileSync(join(templates, 'labels.yaml'), 'fr:\n  purpose: Objet\n  porpose: Objet\n');
    const result = runCli(['check', join(ROOT, 'data', `${KO}.yaml`), '-t', templates]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${join(templates, 'labels.yaml')}:3:3: fr.porpose: unknown label "porpose"; did you mean "purpose"?`,
    );
  });
});

it('the preview shows a document in its language: the sources heading and the direction', async () => {
  const data = join(dir, 'preview-data');
  mkdirSync(data);
  copyFileSync(join(ROOT, 'data', `${KO}.yaml`), join(data, `${KO}.yaml`));
  const preview = await startPreview([data], {
    out: join(dir, 'preview-out'),
    docs: ['factsheet'],
    host: '127.0.0.1',
    port: 0,
    debounceMs: 20,
  });
  try {
    const page = await (await fetch(new URL(`/v/${KO}/factsheet`, preview.url))).text();
    expect(page).toContain('<article id="_doc" class="doc sheet" data-live lang="ko" dir="ltr">');
    expect(page).toContain('class="notes-title">출처</h2>');
    expect(page).toContain('aria-label="인용 위치로 돌아가기(mofa-2017)"');
  } finally {
    await preview.close();
  }
});
