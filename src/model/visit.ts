/**
 * The visit file: one schema that gives the types, the validation and the JSON Schema that
 * `briefing schema` prints. Cross-field rules (source ids, date order) live in `checkVisit`.
 */
import { z } from 'zod';
import { FIELD_CHARS, FIELD_NESTING } from '../limits.js';
import { markdownProblem } from '../markdown/lex.js';
import { compareDates, isOrderedRange, parsePartialDate } from './dates.js';
import { bundledLanguages, canonicalTag, labelLanguage } from './lang.js';
import { VISIT_ID, VISIT_ID_MAX_LENGTH } from './visit-id.js';

const text = (what: string) =>
  z.string({ error: `expected ${what} (a string)` }).refine((s) => s.trim() !== '', {
    message: `expected ${what}, got an empty string`,
  });

/** Plain text: printed literally. */
const plain = (what = 'text') => text(what);
/** Inline Markdown: emphasis, strong, code and links render; nested within the reader's limits. */
const markdown = (what = 'Markdown text') =>
  text(what)
    .superRefine((value, context) => {
      // A field past its length limit is reported as such (see validate.ts), and not read.
      if (value.length > FIELD_CHARS) return;
      const problem = markdownProblem(value, FIELD_NESTING);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description: 'Inline Markdown' });

const day = z
  .string({ error: 'expected a date YYYY-MM-DD' })
  .refine((s) => parsePartialDate(s)?.precision === 'day', {
    message: 'expected a real date YYYY-MM-DD',
  })
  .meta({ format: 'date' });

/** YAML reads a bare year as a number; both spellings mean the same date. */
const partialDate = z
  .union([z.int(), z.string()], { error: 'expected a date YYYY, YYYY-MM or YYYY-MM-DD' })
  .transform((value) => String(value))
  .refine((s) => parsePartialDate(s) !== undefined, {
    message: 'expected a real date YYYY, YYYY-MM or YYYY-MM-DD',
  });

const time = z
  .string({ error: 'expected a time HH:MM (quote it in YAML)' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a time HH:MM from 00:00 to 23:59' });

const id = z
  .string({ error: 'expected an id of a-z, 0-9 and -' })
  .regex(VISIT_ID, { message: 'expected an id of a-z, 0-9 and - (e.g. kim-2024-seoul)' })
  .max(VISIT_ID_MAX_LENGTH, {
    message: `expected an id of at most ${VISIT_ID_MAX_LENGTH} characters (it names the output folder)`,
  });

const paper = z.enum(['A4', 'LETTER'], { error: 'expected A4 or LETTER' });

const sourceRef = plain('a source id').optional();

/** A well-formed BCP 47 language tag, in any language (a name's `native_lang`). */
const languageTag = plain('a language tag (BCP 47)')
  .refine((tag) => canonicalTag(tag) !== undefined, {
    message: 'expected a language tag (BCP 47) such as ko, ja, zh-Hans or ar',
  })
  .meta({ description: 'BCP 47 language tag, e.g. ko, ja, zh-Hans, zh-Hant, ar' });

/** The documents' language: a tag whose labels briefing has (checked in checkVisit, which knows the user's). */
const documentLanguage = plain('a language tag (BCP 47)')
  .refine((tag) => canonicalTag(tag) !== undefined, {
    message: 'expected a language tag (BCP 47) such as ko, fr or zh-Hant',
  })
  .meta({
    description: `The documents' language (BCP 47; default en): labels, dates, direction. Bundled: ${bundledLanguages().join(', ')}; a labels.yaml beside the templates may add others.`,
  });

/** A local image, checked, read and scaled by the load stage (see images/). */
const imagePath = plain('a path to a PNG or JPEG image').meta({
  description: "Path of a local PNG or JPEG image, relative to the visit file's folder and inside it; never a URL",
});

/** A message: Markdown, or {text, source} to cite where it comes from (talking points, press lines). */
const point = z.union([markdown('a point'), z.strictObject({ text: markdown('a point'), source: sourceRef })], {
  error: 'expected a point: a string, or {text, source}',
});

/** Responsive lines: what to say if asked. */
const ifAsked = z.array(z.strictObject({ question: plain('a question'), answer: markdown('an answer') }));

/** How far the press may follow a programme item. */
const press = z.enum(['open', 'pool', 'closed'], { error: 'expected open, pool or closed' });

export const PersonSchema = z.strictObject({
  name: plain('a name'),
  native_name: plain('a name').optional(),
  native_lang: languageTag.optional(),
  title: plain().optional(),
  organization: plain().optional(),
  role: plain().optional(),
  bio: markdown().optional(),
  photo: imagePath.optional(),
});

export const VisitSchema = z
  .strictObject({
    id: id.optional(),
    lang: documentLanguage.optional(),
    title: plain('a title'),
    marking: plain('a handling marking').optional(),
    prepared: day.optional(),
    paper: paper.optional(),
    emblem: imagePath.optional(),
    visit: z.strictObject({
      visitor: z.strictObject({
        name: plain('a name'),
        title: plain().optional(),
        organization: plain().optional(),
        native_name: plain('a name').optional(),
        native_lang: languageTag.optional(),
        photo: imagePath.optional(),
      }),
      host: z.strictObject({
        country: plain('a country'),
        city: plain('a city').optional(),
      }),
      start: day,
      end: day.optional(),
      purpose: markdown().optional(),
    }),
    people: z.array(PersonSchema).optional(),
    programme: z
      .array(
        z.strictObject({
          date: day,
          time: time.optional(),
          item: plain('a programme item'),
          place: plain('a place').optional(),
          press: press.optional(),
        }),
      )
      .optional(),
    facts: z
      .array(
        z.strictObject({
          section: plain('a section name'),
          items: z.array(z.strictObject({ label: plain('a label'), value: plain('a value'), source: sourceRef })),
        }),
      )
      .optional(),
    chronology: z
      .array(
        z.strictObject({
          date: partialDate,
          end: partialDate.optional(),
          event: markdown('an event (Markdown text)'),
          source: sourceRef,
        }),
      )
      .optional(),
    talking_points: z
      .array(
        z.strictObject({
          topic: plain('a topic'),
          points: z.array(point).optional(),
          if_asked: ifAsked.optional(),
        }),
      )
      .optional(),
    objectives: z.array(markdown('an objective (Markdown text)')).optional(),
    their_objectives: z.array(markdown('an objective (Markdown text)')).optional(),
    press_lines: z
      .strictObject({
        lines: z.array(point).optional(),
        if_asked: ifAsked.optional(),
      })
      .optional(),
    drafted: z
      .strictObject({
        name: plain('a name'),
        unit: plain('a unit').optional(),
        contact: plain('a contact').optional(),
        date: day.optional(),
        cleared_by: plain('a name').optional(),
        cleared: day.optional(),
      })
      .optional(),
    sources: z
      .array(
        z.strictObject({
          id: plain('a source id'),
          title: plain('a title'),
          publisher: plain('a publisher').optional(),
          date: partialDate.optional(),
          url: z
            .url({ protocol: /^(https?|mailto)$/, error: 'expected a web address (https://…) or mailto:' })
            .optional(),
        }),
      )
      .optional(),
  })
  .meta({ title: 'briefing visit file' });

export type Visit = z.output<typeof VisitSchema>;
export type Person = z.output<typeof PersonSchema>;
export type Paper = z.output<typeof paper>;

export type FieldPath = (string | number)[];
export interface FieldProblem {
  path: FieldPath;
  message: string;
  severity: 'error' | 'warning';
}

/** The value if this schema accepts it, else undefined. */
function valid<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

const fieldOf = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const sourceId = plain('a source id');

/**
 * Rules that span fields: the documents' language must have labels (bundled, or among
 * `extraLanguages`, which the user's labels file adds), sources cited must exist, ranges must
 * run forwards; and warnings
 * for what is legal but suspicious. It reads the raw data and uses only the parts that are
 * valid, so these problems are reported in the same run as any schema errors.
 */
export function checkVisit(data: unknown, extraLanguages: readonly string[] = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const error = (path: FieldPath, message: string) => problems.push({ path, message, severity: 'error' });
  const warn = (path: FieldPath, message: string) => problems.push({ path, message, severity: 'warning' });

  const lang = valid(documentLanguage, fieldOf(data, 'lang'));
  if (lang !== undefined && !labelLanguage(lang, [...bundledLanguages(), ...extraLanguages])) {
    const added = extraLanguages.length ? `; added by the labels file: ${extraLanguages.join(', ')}` : '';
    error(
      ['lang'],
      `no labels for language "${lang}"; bundled languages are: ${bundledLanguages().join(', ')}${added} (a labels.yaml beside the templates may add one)`,
    );
  }

  const sources = listOf(fieldOf(data, 'sources'));
  const sourceIds = new Map<string, number>();
  sources.forEach((source, i) => {
    const id = valid(sourceId, fieldOf(source, 'id'));
    if (id === undefined) return;
    if (sourceIds.has(id))
      error(['sources', i, 'id'], `duplicate source id "${id}" (first at sources[${sourceIds.get(id)}])`);
    else sourceIds.set(id, i);
  });
  const known = [...sourceIds.keys()];
  const cited = new Set<string>();
  /** True when the item names a source (known or not). */
  const cite = (item: unknown, path: FieldPath): boolean => {
    const ref = valid(sourceId, fieldOf(item, 'source'));
    if (ref === undefined) return fieldOf(item, 'source') !== undefined;
    cited.add(ref);
    if (!sourceIds.has(ref)) {
      const list = known.length ? `one of: ${known.join(', ')}` : 'an id listed under sources (there are none)';
      error([...path, 'source'], `unknown source "${ref}"; expected ${list}`);
    }
    return true;
  };

  const visit = fieldOf(data, 'visit');
  const start = valid(day, fieldOf(visit, 'start'));
  const end = valid(day, fieldOf(visit, 'end'));
  if (start && end && end < start) error(['visit', 'end'], `end ${end} is before start ${start}`);

  listOf(fieldOf(data, 'facts')).forEach((section, s) => {
    listOf(fieldOf(section, 'items')).forEach((item, i) => {
      const path = ['facts', s, 'items', i];
      if (!cite(item, path)) warn(path, 'fact has no source; add "source:" naming an entry under sources');
    });
  });

  const dated: { date: string; index: number }[] = [];
  listOf(fieldOf(data, 'chronology')).forEach((entry, i) => {
    cite(entry, ['chronology', i]);
    const date = valid(partialDate, fieldOf(entry, 'date'));
    const until = valid(partialDate, fieldOf(entry, 'end'));
    if (date && until && !isOrderedRange(date, until))
      error(['chronology', i, 'end'], `end ${until} is before date ${date}`);
    if (date) dated.push({ date, index: i });
  });
  for (const { entry, neighbour } of outOfOrder(dated)) {
    warn(
      ['chronology', entry.index, 'date'],
      `${entry.date} is out of date order (after ${neighbour.date} at chronology[${neighbour.index}]); the output sorts by date, check this date`,
    );
  }

  listOf(fieldOf(data, 'talking_points')).forEach((topic, t) => {
    let sourced = false;
    listOf(fieldOf(topic, 'points')).forEach((point, p) => {
      if (cite(point, ['talking_points', t, 'points', p])) sourced = true;
    });
    if (!sourced) warn(['talking_points', t], 'talking point cites no source; give one of its points {text, source}');
  });

  listOf(fieldOf(fieldOf(data, 'press_lines'), 'lines')).forEach((line, l) => {
    cite(line, ['press_lines', 'lines', l]);
  });

  sources.forEach((source, i) => {
    const id = valid(sourceId, fieldOf(source, 'id'));
    if (id !== undefined && sourceIds.get(id) === i && !cited.has(id))
      warn(['sources', i, 'id'], `source "${id}" is never cited`);
  });
  return problems;
}

type Dated = { date: string; index: number };

/**
 * Entries that break the file's own order. Oldest-first and newest-first are both deliberate
 * styles; an entry that breaks whichever the file mostly follows is more likely a typo.
 */
function outOfOrder(entries: Dated[]): { entry: Dated; neighbour: Dated }[] {
  const breaks = (direction: 1 | -1) => {
    const found: { entry: Dated; neighbour: Dated }[] = [];
    let extreme: Dated | undefined;
    for (const entry of entries) {
      if (extreme && compareDates(entry.date, extreme.date) * direction < 0) found.push({ entry, neighbour: extreme });
      else extreme = entry;
    }
    return found;
  };
  const ascending = breaks(1);
  const descending = breaks(-1);
  if (ascending.length === 0 || descending.length === 0) return [];
  return descending.length < ascending.length ? descending : ascending;
}
