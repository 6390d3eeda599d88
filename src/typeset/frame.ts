/**
 * What every page of a document says about itself (its running title, marking and prepared
 * date) and the PDF's metadata, from the visit. The HTML stage shows the same frame.
 */
import { DOC_SHEET, type DocKind, type Sheet } from '../docs.js';
import type { LoadedVisit } from '../load/index.js';
import { NOTES_TITLE } from '../markdown/conventions.js';
import { formatDate } from '../model/dates.js';
import { type Direction, documentLang, textDirection } from '../model/lang.js';
import { fillPlaceholders } from '../model/placeholders.js';
import type { Paper } from '../model/visit.js';
import { DOC_TITLE_LABELS, type LabelTable } from '../render/labels.js';

/**
 * The fixed words a page prints around the content, in the document's language: plain data,
 * as the frame travels to typesetting threads.
 */
export interface Furniture {
  /** The page number, with {page} and {pages} to fill: "page {page} of {pages}". */
  page: string;
  /** The prepared line, filled ("Prepared 6 November 2017"), or '' without a prepared date. */
  prepared: string;
  /** The contents list's title when the template gives it none. */
  contents: string;
  /** The heading over the sources (the footnotes). */
  sources: string;
  /** The HTML's link back from a source to where it is cited, with {citation} (the source's id) to fill. */
  backToCitation: string;
  /** Where a page reference stands, with {page} to fill: ", page 3". */
  onPage: string;
}

export interface PageFrame {
  /** The document's language (BCP 47) and the direction it is set in. */
  lang: string;
  direction: Direction;
  /** The document's title, e.g. "Chronology: Visit of …". */
  title: string;
  marking?: string;
  /** Prepared date, already formatted for print. */
  prepared?: string;
  paper: Paper;
  /** What the document prints on when not a page of the paper: a pocket card. */
  sheet?: Exclude<Sheet, 'page'>;
  /** Document metadata. */
  subject: string;
  author: string;
  keywords: string[];
  /** Fixed creation date, so that the same input gives the same bytes. */
  date: Date;
  /** The page's words in the document's language; English when absent. */
  furniture?: Furniture;
  /** The emblem's image ref, printed small in the running head of every page. */
  emblem?: string;
  /**
   * Which release the document is, filled: "Revision 2 · 3 November 2017", or "Draft after
   * revision 2" when the data has changed since. Absent for a visit never released.
   */
  revision?: string;
}

/** The page's words of a frame: its own, or those of an English document. */
export function furnitureOf(frame: Pick<PageFrame, 'furniture' | 'prepared'>): Furniture {
  return (
    frame.furniture ?? {
      page: 'page {page} of {pages}',
      prepared: frame.prepared ? `Prepared ${frame.prepared}` : '',
      contents: 'Contents',
      sources: NOTES_TITLE,
      backToCitation: 'Back to citation {citation}',
      onPage: ', page {page}',
    }
  );
}

/** A document's frame, its words from `labels` (those of the visit's language). */
export function pageFrame(loaded: LoadedVisit, kind: DocKind, paper: Paper, words: LabelTable): PageFrame {
  const { visit } = loaded;
  const visitor = visit.visit.visitor;
  const lang = documentLang(visit.lang);
  const document = words[DOC_TITLE_LABELS[kind]];
  const prepared = visit.prepared ? formatDate(visit.prepared, lang) : undefined;
  const emblem = emblemRef(loaded);
  const sheet = DOC_SHEET[kind];
  const frame: PageFrame = {
    lang,
    direction: textDirection(lang),
    title: `${document}${words.title_separator}${visit.title}`,
    marking: visit.marking,
    prepared,
    paper,
    ...(sheet !== 'page' ? { sheet } : {}),
    subject: fillPlaceholders(words.subject, { document, title: visit.title }),
    author: [visitor.organization, visit.visit.host.country].filter(Boolean).join(' / ') || 'briefing',
    keywords: [visitor.name, visit.visit.host.country, visit.visit.host.city ?? '', document].filter(Boolean),
    date: buildDate(loaded),
    furniture: {
      page: words.page,
      prepared: prepared ? fillPlaceholders(words.prepared, { date: prepared }) : '',
      contents: words.contents,
      sources: words.sources,
      backToCitation: words.back_to_citation,
      onPage: words.on_page,
    },
    // Only when there is one: a frame without is as it always was (and keys its PDF alike).
    ...(emblem ? { emblem } : {}),
  };
  // Set only when released: a visit never released keeps today's frame, and so today's bytes.
  if (loaded.release) frame.revision = revisionLine(loaded.release, lang, words);
  return frame;
}

/** "Revision 2 · 3 November 2017", or "Draft after revision 2", in the document's language. */
export function revisionLine(
  release: { revision: number; released: string; draft: boolean },
  lang: string,
  words: Pick<LabelTable, 'revision' | 'draft_after_revision'>,
): string {
  return release.draft
    ? fillPlaceholders(words.draft_after_revision, { n: release.revision })
    : fillPlaceholders(words.revision, { n: release.revision, date: formatDate(release.released, lang) });
}

/** The ref of the visit's emblem, which every page's running head prints, if it has one. */
export function emblemRef(loaded: Pick<LoadedVisit, 'images'>): string | undefined {
  return loaded.images?.find((image) => image.field.length === 1 && image.field[0] === 'emblem')?.asset.ref;
}

/** The date stamped into PDFs: SOURCE_DATE_EPOCH, else the prepared date, else the visit's start. */
export function buildDate(loaded: LoadedVisit): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${loaded.visit.prepared ?? loaded.visit.visit.start}T00:00:00Z`);
}
