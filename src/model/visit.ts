/**
 * The visit file: one schema that gives the types, the validation and the JSON Schema that
 * `briefing schema` prints. Cross-field rules (source ids, date order) live in `checkVisit`.
 */
import { z } from 'zod';
import { isOrderedRange, parsePartialDate } from './dates.js';

const text = (what: string) =>
  z.string({ error: `expected ${what} (a string)` }).refine((s) => s.trim() !== '', {
    message: `expected ${what}, got an empty string`,
  });

/** Plain text: printed literally. */
const plain = (what = 'text') => text(what);
/** Inline Markdown: emphasis, strong, code and links render. */
const markdown = (what = 'Markdown text') => text(what).meta({ description: 'Inline Markdown' });

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
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'expected an id of a-z, 0-9 and - (e.g. kim-2024-seoul)' });

const paper = z.enum(['A4', 'LETTER'], { error: 'expected A4 or LETTER' });

const sourceRef = plain('a source id').optional();

export const PersonSchema = z.strictObject({
  name: plain('a name'),
  native_name: plain('a name').optional(),
  title: plain().optional(),
  organization: plain().optional(),
  role: plain().optional(),
  bio: markdown().optional(),
});

export const VisitSchema = z
  .strictObject({
    id: id.optional(),
    title: plain('a title'),
    marking: plain('a handling marking').optional(),
    prepared: day.optional(),
    paper: paper.optional(),
    visit: z.strictObject({
      visitor: z.strictObject({
        name: plain('a name'),
        title: plain().optional(),
        organization: plain().optional(),
        native_name: plain('a name').optional(),
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
        }),
      )
      .optional(),
    facts: z
      .array(
        z.strictObject({
          section: plain('a section name'),
          items: z.array(
            z.strictObject({ label: plain('a label'), value: plain('a value'), source: sourceRef }),
          ),
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
          points: z
            .array(
              z.union(
                [markdown('a point'), z.strictObject({ text: markdown('a point'), source: sourceRef })],
                { error: 'expected a point: a string, or {text, source}' },
              ),
            )
            .optional(),
          if_asked: z
            .array(z.strictObject({ question: plain('a question'), answer: markdown('an answer') }))
            .optional(),
        }),
      )
      .optional(),
    sources: z
      .array(
        z.strictObject({
          id: plain('a source id'),
          title: plain('a title'),
          publisher: plain('a publisher').optional(),
          date: partialDate.optional(),
          url: z.url({ error: 'expected an absolute URL' }).optional(),
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

/** Rules that span fields: sources cited must exist, ranges must run forwards. */
export function checkVisit(visit: Visit): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const error = (path: FieldPath, message: string) => problems.push({ path, message, severity: 'error' });
  const sourceIds = new Map<string, number>();
  visit.sources?.forEach((source, i) => {
    if (sourceIds.has(source.id)) {
      error(['sources', i, 'id'], `duplicate source id "${source.id}" (first at sources.${sourceIds.get(source.id)})`);
    } else sourceIds.set(source.id, i);
  });
  const known = [...sourceIds.keys()];
  const cite = (path: FieldPath, ref: string | undefined) => {
    if (ref !== undefined && !sourceIds.has(ref)) {
      const list = known.length ? `one of: ${known.join(', ')}` : 'an id listed under sources (there are none)';
      error(path, `unknown source "${ref}"; expected ${list}`);
    }
  };
  if (visit.visit.end && visit.visit.end < visit.visit.start) {
    error(['visit', 'end'], `end ${visit.visit.end} is before start ${visit.visit.start}`);
  }
  visit.facts?.forEach((section, s) =>
    section.items.forEach((item, i) => cite(['facts', s, 'items', i, 'source'], item.source)),
  );
  visit.chronology?.forEach((entry, i) => {
    cite(['chronology', i, 'source'], entry.source);
    if (entry.end && !isOrderedRange(entry.date, entry.end)) {
      error(['chronology', i, 'end'], `end ${entry.end} is before date ${entry.date}`);
    }
  });
  visit.talking_points?.forEach((topic, t) =>
    topic.points?.forEach((point, p) => {
      if (typeof point !== 'string') cite(['talking_points', t, 'points', p, 'source'], point.source);
    }),
  );
  return problems;
}
