/**
 * What every page of a document says about itself (its running title, marking and prepared
 * date) and the PDF's metadata, from the visit. The HTML stage shows the same frame.
 */
import { DOC_TITLES, type DocKind } from '../docs.js';
import type { LoadedVisit } from '../load/index.js';
import { formatDate } from '../model/dates.js';
import { DEFAULT_LANG, type Direction, textDirection } from '../model/lang.js';
import type { Paper } from '../model/visit.js';

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
  /** Document metadata. */
  subject: string;
  author: string;
  keywords: string[];
  /** Fixed creation date, so that the same input gives the same bytes. */
  date: Date;
}

export function pageFrame(loaded: LoadedVisit, kind: DocKind, paper: Paper): PageFrame {
  const { visit } = loaded;
  const visitor = visit.visit.visitor;
  const lang = visit.lang ?? DEFAULT_LANG;
  return {
    lang,
    direction: textDirection(lang),
    title: `${DOC_TITLES[kind]}: ${visit.title}`,
    marking: visit.marking,
    prepared: visit.prepared ? formatDate(visit.prepared) : undefined,
    paper,
    subject: `${DOC_TITLES[kind]} for the ${visit.title}`,
    author: [visitor.organization, visit.visit.host.country].filter(Boolean).join(' / ') || 'briefing',
    keywords: [visitor.name, visit.visit.host.country, visit.visit.host.city ?? '', DOC_TITLES[kind]].filter(Boolean),
    date: buildDate(loaded),
  };
}

/** The date stamped into PDFs: SOURCE_DATE_EPOCH, else the prepared date, else the visit's start. */
export function buildDate(loaded: LoadedVisit): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${loaded.visit.prepared ?? loaded.visit.visit.start}T00:00:00Z`);
}
