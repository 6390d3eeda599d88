/**
 * `briefing diff` on a terminal: the changes grouped by part, each with its kind, what it is,
 * and each changed field as before → after or with its changed words marked: in colour on a
 * terminal, else as [-deleted-]{+inserted+} (git's --word-diff=plain), so that a log or a pipe
 * keeps the marks.
 */
import type { Change, ChangedField, ChangePart } from './diff.js';
import { shownRuns, type WordRun } from './words.js';

const PART_NAMES: Record<ChangePart, string> = {
  visit: 'Visit',
  objectives: 'Objectives',
  their_objectives: 'Their objectives',
  programme: 'Programme',
  facts: 'Facts',
  people: 'People',
  chronology: 'Chronology',
  talking_points: 'Talking points',
  press_lines: 'Press lines',
  sources: 'Sources',
  drafted: 'Drafted',
  other: 'Other',
};

const STYLE = {
  delete: ['\x1b[31m\x1b[9m', '\x1b[0m'],
  insert: ['\x1b[32m', '\x1b[0m'],
  part: ['\x1b[1m', '\x1b[0m'],
} as const;

const PLAIN = { delete: ['[-', '-]'], insert: ['{+', '+}'], part: ['', ''] } as const;

export interface ReportOptions {
  colour: boolean;
}

/** Whether to colour: a terminal, unless NO_COLOR is set (https://no-color.org). */
export const wantsColour = (stream: { isTTY?: boolean }, env = process.env): boolean =>
  Boolean(stream.isTTY) && !env.NO_COLOR;

export function formatChanges(
  before: string,
  after: string,
  changes: readonly Change[],
  options: ReportOptions,
): string {
  const style = options.colour ? STYLE : PLAIN;
  if (changes.length === 0) return `No changes from ${before} to ${after}.\n`;
  const lines = [`${changes.length} ${changes.length === 1 ? 'change' : 'changes'} from ${before} to ${after}`];
  let part: ChangePart | undefined;
  for (const change of changes) {
    if (change.part !== part) {
      part = change.part;
      lines.push('', `${style.part[0]}${PART_NAMES[part]}${style.part[1]}`);
    }
    lines.push(`  ${change.id} ${change.kind}: ${oneLine(change.what)}`);
    for (const field of change.fields ?? []) lines.push(`      ${field.name}: ${fieldText(field, style)}`);
  }
  return `${lines.join('\n')}\n`;
}

type Style = typeof STYLE | typeof PLAIN;

function fieldText(field: ChangedField, style: Style): string {
  if (field.before === undefined) return `${style.insert[0]}${oneLine(field.after ?? '')}${style.insert[1]}`;
  if (field.after === undefined) return `${style.delete[0]}${oneLine(field.before)}${style.delete[1]}`;
  const runs = shownRuns(field.before, field.after, field.words ?? []);
  // A value replaced whole (a time, a date, a number) reads best as before → after.
  if (runs.length === 3 && runs[0]!.text === field.before) return `${oneLine(field.before)} → ${oneLine(field.after)}`;
  return runs.map((run) => marked(run, style)).join('');
}

function marked(run: WordRun, style: Style): string {
  const text = oneLine(run.text);
  return run.op === 'equal' ? text : `${style[run.op][0]}${text}${style[run.op][1]}`;
}

/** A paragraph break shown as ¶, so that each field keeps to its line. */
const oneLine = (text: string) => text.replace(/\n\n/g, ' ¶ ');
