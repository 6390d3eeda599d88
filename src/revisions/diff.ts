/**
 * What changed between two versions of a visit, item by item and by meaning: a programme item
 * is the same item when its date and text are, a fact when its section and label are, and so
 * on; what is left over on either side is matched by likeness within its day (or section,
 * topic), so that a moved time or a retitled item reads as a change and not as one item
 * cancelled and another added. Whitespace that Markdown ignores and the order of keys never
 * count as changes.
 */
import { compareDates, formatDate } from '../model/dates.js';
import type { Visit } from '../model/visit.js';
import { normalText, similarity, type WordRun, wordRuns } from './words.js';

export type { WordRun } from './words.js';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'moved';

export type ChangePart =
  | 'visit'
  | 'programme'
  | 'facts'
  | 'chronology'
  | 'talking_points'
  | 'people'
  | 'sources'
  | 'objectives'
  | 'their_objectives'
  | 'press_lines'
  | 'drafted'
  | 'other';

export interface ChangedField {
  name: string;
  before?: string;
  after?: string;
  words?: WordRun[];
}

export interface Change {
  /** Stable within one comparison, in document order: "c1", "c2", … */
  id: string;
  part: ChangePart;
  kind: ChangeKind;
  /** What the item is, for a reader: "1 November 2017, 12:00: Working luncheon…" */
  what: string;
  /** Where the item is in the new visit (absent when removed) and in the old one (absent when added). */
  path?: (string | number)[];
  oldPath?: (string | number)[];
  /** Fields of the item that changed ("time", "place", "value"…), with their texts and word runs. */
  fields?: ChangedField[];
}

export interface DiffOptions {
  /** The language the `what` of each change is written for (its dates); default en. */
  lang?: string;
}

/** The parts in the order the documents print them: the order of the changes. */
const PART_ORDER: readonly ChangePart[] = [
  'visit',
  'objectives',
  'their_objectives',
  'programme',
  'facts',
  'people',
  'chronology',
  'talking_points',
  'press_lines',
  'sources',
  'drafted',
  'other',
];

/** Top-level keys compared by their own rules; any other key is compared whole, as `other`. */
const KNOWN_KEYS = new Set([
  'id',
  'lang',
  'title',
  'marking',
  'prepared',
  'paper',
  'emblem',
  'visit',
  'people',
  'programme',
  'facts',
  'chronology',
  'talking_points',
  'sources',
  'objectives',
  'their_objectives',
  'press_lines',
  'drafted',
]);

type Path = (string | number)[];
type Raw = Record<string, unknown>;

/** A change before it is numbered: `order` places it in the document. */
interface Found extends Omit<Change, 'id'> {
  order: number[];
}

/** The semantic changes from `before` to `after`, in document order, numbered c1…cN. */
export function diffVisits(before: Visit, after: Visit, options: DiffOptions = {}): Change[] {
  const lang = options.lang ?? after.lang ?? 'en';
  const differ = new Differ(lang);
  const b = before as unknown as Raw;
  const a = after as unknown as Raw;
  differ.header(b, a);
  differ.textList('objectives', list(b.objectives), list(a.objectives));
  differ.textList('their_objectives', list(b.their_objectives), list(a.their_objectives));
  differ.programme(list(b.programme), list(a.programme));
  differ.facts(list(b.facts), list(a.facts));
  differ.people(list(b.people), list(a.people));
  differ.chronology(list(b.chronology), list(a.chronology));
  differ.talkingPoints(list(b.talking_points), list(a.talking_points));
  differ.pressLines(record(b.press_lines), record(a.press_lines));
  differ.sources(list(b.sources), list(a.sources));
  differ.whole('drafted', ['drafted'], 'drafted', b.drafted, a.drafted);
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !KNOWN_KEYS.has(k)).sort())
    differ.whole('other', [key], key, b[key], a[key]);
  const found = differ.found
    .map((change, index) => ({ change, index }))
    .sort(
      (x, y) =>
        PART_ORDER.indexOf(x.change.part) - PART_ORDER.indexOf(y.change.part) ||
        compareOrder(x.change.order, y.change.order) ||
        x.index - y.index,
    );
  return found.map(({ change: { order: _order, ...change } }, i) => ({ id: `c${i + 1}`, ...change }));
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Raw =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};

/**
 * A value as the text compared and shown: strings with their whitespace settled, anything else
 * as JSON with its keys sorted (key order never counts).
 */
function shown(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return normalText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(sortedKeys(value));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedKeys((value as Raw)[k])]),
    );
  return typeof value === 'string' ? normalText(value) : value;
}

const str = (value: unknown): string => shown(value) ?? '';

/** The fields of two versions of an item that differ, in `order` first, then any others by name. */
function changedFields(
  before: Raw,
  after: Raw,
  order: readonly string[],
  skip: readonly string[] = [],
): ChangedField[] {
  const fields: ChangedField[] = [];
  const check = (name: string) => {
    if (skip.includes(name)) return;
    const field = fieldChange(name, before[name], after[name]);
    if (field) fields.push(field);
  };
  for (const name of order) check(name);
  // Fields no rule names (a newer schema's), by name.
  const extra = [...Object.keys(before), ...Object.keys(after)].filter((name) => !order.includes(name));
  if (extra.length) for (const name of [...new Set(extra)].sort()) check(name);
  return fields;
}

function fieldChange(name: string, beforeValue: unknown, afterValue: unknown): ChangedField | undefined {
  const before = shown(beforeValue);
  const after = shown(afterValue);
  if (before === after) return undefined;
  const field: ChangedField = { name };
  if (before !== undefined) field.before = before;
  if (after !== undefined) field.after = after;
  if (before !== undefined && after !== undefined) field.words = wordRuns(before, after);
  return field;
}

/** A point of talking points or press lines: a string, or {text, source}. */
const pointFields = (point: unknown): Raw => (typeof point === 'string' ? { text: point } : record(point));

/**
 * Pairs the items of two lists: first those with the same key, then leftovers by likeness
 * within the same bucket (a day, a section), best pairs first. Only leftovers are ever compared
 * pairwise, and only within a bucket, so a long list with few changes stays linear.
 */
interface Matching {
  /** For each index in `after`, the index in `before` it is the same item as. */
  pairs: Map<number, number>;
  removed: number[];
  added: number[];
}

interface MatchRule<T> {
  /** Same key, same item; an item without a key (undefined) is left to the next rule. */
  key?: (item: T) => string | undefined;
  /** Leftovers are compared only within the same bucket. */
  bucket?: (item: T) => string;
  /** How alike two leftovers are (0…1); pairs at or above `threshold` are the same item. */
  likeness?: (before: T, after: T) => number;
  threshold?: number;
}

function match<T>(before: readonly T[], after: readonly T[], rules: readonly MatchRule<T>[]): Matching {
  const pairs = new Map<number, number>();
  let freeBefore = before.map((_, i) => i);
  let freeAfter = after.map((_, i) => i);
  for (const rule of rules) {
    if (freeBefore.length === 0 || freeAfter.length === 0) break;
    const taken = new Set<number>();
    if (rule.key) {
      const byKey = new Map<string, number[]>();
      for (const i of freeBefore) {
        const k = rule.key(before[i]!);
        if (k === undefined) continue;
        const queue = byKey.get(k);
        if (queue) queue.push(i);
        else byKey.set(k, [i]);
      }
      for (const j of freeAfter) {
        const k = rule.key(after[j]!);
        const i = k === undefined ? undefined : byKey.get(k)?.shift();
        if (i === undefined) continue;
        pairs.set(j, i);
        taken.add(i);
      }
    } else if (rule.likeness) {
      const bucketOf = rule.bucket ?? (() => '');
      const buckets = new Map<string, { b: number[]; a: number[] }>();
      const into = (k: string) => buckets.get(k) ?? buckets.set(k, { b: [], a: [] }).get(k)!;
      for (const i of freeBefore) into(bucketOf(before[i]!)).b.push(i);
      for (const j of freeAfter) into(bucketOf(after[j]!)).a.push(j);
      for (const { b, a } of buckets.values()) {
        if (b.length === 0 || a.length === 0) continue;
        const scored: { i: number; j: number; score: number }[] = [];
        for (const j of a)
          for (const i of b) {
            const score = rule.likeness(before[i]!, after[j]!);
            if (score >= (rule.threshold ?? 0.5)) scored.push({ i, j, score });
          }
        scored.sort((x, y) => y.score - x.score || x.j - y.j || x.i - y.i);
        for (const { i, j } of scored) {
          if (taken.has(i) || pairs.has(j)) continue;
          pairs.set(j, i);
          taken.add(i);
        }
      }
    }
    freeBefore = freeBefore.filter((i) => !taken.has(i));
    freeAfter = freeAfter.filter((j) => !pairs.has(j));
  }
  return { pairs, removed: freeBefore, added: freeAfter };
}

/** The place in document order of an item of the new version (by index) and of a removed one. */
interface Order {
  after(j: number): number[];
  removed(i: number): number[];
}

/**
 * Where each item of both versions sits in the document: an item of the new version at its
 * printed rank; a removed one just after the new place of the item it followed in the old.
 */
function orderOf(matching: Matching, beforeRank: readonly number[], afterRank: readonly number[]): Order {
  const newPlaceOfOld = new Map<number, number>();
  for (const [j, i] of matching.pairs) newPlaceOfOld.set(i, afterRank[j]!);
  const byOldRank = beforeRank.map((rank, i) => ({ rank, i })).sort((x, y) => x.rank - y.rank);
  const removedOrder = new Map<number, number[]>();
  let lastPlace = -1;
  for (const { rank, i } of byOldRank) {
    const place = newPlaceOfOld.get(i);
    if (place !== undefined) lastPlace = place;
    else removedOrder.set(i, [lastPlace, 1, rank]);
  }
  return {
    after: (j: number) => [afterRank[j]!, 0],
    removed: (i: number) => removedOrder.get(i)!,
  };
}

/**
 * Ranks in the programme's printed order (see programmeOrder in render/context.ts): by date,
 * then time; an item without a time follows the item before it on its day.
 */
function programmeRanks(items: readonly Raw[]): number[] {
  const lastTime = new Map<string, string>();
  const times = items.map((item) => {
    const date = str(item.date);
    const time = item.time === undefined ? (lastTime.get(date) ?? '') : str(item.time);
    lastTime.set(date, time);
    return { date, time };
  });
  return ranks(times, (x, y) => compareDates(x.date, y.date) || x.time.localeCompare(y.time));
}

/** Ranks of items printed in the order `compare` gives (a stable sort of the indexes). */
function ranks<T>(items: readonly T[], compare?: (a: T, b: T) => number): number[] {
  const indexes = items.map((_, i) => i);
  if (compare) indexes.sort((x, y) => compare(items[x]!, items[y]!) || x - y);
  const rank: number[] = [];
  indexes.forEach((index, r) => {
    rank[index] = r;
  });
  return rank;
}

const same = (a: unknown, b: unknown) => shown(a) === shown(b);
const lower = (value: unknown) => str(value).toLowerCase();

class Differ {
  readonly found: Found[] = [];
  constructor(private readonly lang: string) {}

  private date(value: unknown): string {
    const text = str(value);
    try {
      return formatDate(text, this.lang);
    } catch {
      return text;
    }
  }

  private add(change: Found): void {
    this.found.push(change);
  }

  /** An item matched, added or removed: one change, unless nothing about it differs. */
  private item(
    part: ChangePart,
    order: number[],
    what: string | (() => string),
    paths: { path?: Path; oldPath?: Path },
    fields: ChangedField[],
    kind?: ChangeKind,
  ): void {
    if (paths.path && paths.oldPath && fields.length === 0) return;
    const found: Found = {
      part,
      kind: kind ?? (!paths.oldPath ? 'added' : !paths.path ? 'removed' : 'changed'),
      what: typeof what === 'string' ? what : what(),
      order,
    };
    if (paths.path) found.path = paths.path;
    if (paths.oldPath) found.oldPath = paths.oldPath;
    if (fields.length) found.fields = fields;
    this.add(found);
  }

  /** All fields of an item that was added or removed, as after-only or before-only texts. */
  private wholeFields(item: Raw, order: readonly string[], added: boolean): ChangedField[] {
    return changedFields(added ? {} : item, added ? item : {}, order);
  }

  /**
   * A list compared item by item, once matched: each matched item's changed fields, each added
   * and each removed item whole. `at` and `oldAt` are the list's paths in the new and old visit;
   * `place` goes before each item's rank in document order; `moved` says when a matched item's
   * changes make it a move rather than a change.
   */
  private items(
    part: ChangePart,
    compared: { before: readonly Raw[]; after: readonly Raw[]; matching: Matching; order: Order },
    how: {
      at: Path;
      oldAt: Path;
      place?: number[];
      fieldOrder: readonly string[];
      what: (item: Raw) => string;
      moved?: (fields: readonly ChangedField[]) => boolean;
    },
  ): void {
    const { before, after, matching, order } = compared;
    const { at, oldAt, place = [], fieldOrder, what, moved } = how;
    for (let j = 0; j < after.length; j++) {
      const i = matching.pairs.get(j);
      const paths = { path: [...at, j], oldPath: i === undefined ? undefined : [...oldAt, i] };
      const fields =
        i === undefined
          ? this.wholeFields(after[j]!, fieldOrder, true)
          : changedFields(before[i]!, after[j]!, fieldOrder);
      const kind = i !== undefined && moved?.(fields) ? 'moved' : undefined;
      this.item(part, [...place, ...order.after(j)], () => what(after[j]!), paths, fields, kind);
    }
    for (const i of matching.removed)
      this.item(
        part,
        [...place, ...order.removed(i)],
        () => what(before[i]!),
        { oldPath: [...oldAt, i] },
        this.wholeFields(before[i]!, fieldOrder, false),
      );
  }

  header(b: Raw, a: Raw): void {
    const group = (name: string, rank: number, before: Raw, after: Raw, order: readonly string[], path: Path) => {
      const fields = changedFields(before, after, order);
      if (fields.length === 0) return;
      const kind: ChangeKind =
        fields.every((f) => f.before === undefined) && Object.keys(before).length === 0
          ? 'added'
          : fields.every((f) => f.after === undefined) && Object.keys(after).length === 0
            ? 'removed'
            : 'changed';
      this.add({ part: 'visit', kind, what: name, order: [rank], path, oldPath: path, fields });
    };
    const pick = (from: Raw, keys: readonly string[]) =>
      Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
    const top = ['title', 'marking', 'prepared', 'paper', 'lang', 'id', 'emblem'];
    top.forEach((key, rank) => {
      group(key, rank, pick(b, [key]), pick(a, [key]), [key], [key]);
    });
    const bv = record(b.visit);
    const av = record(a.visit);
    group(
      'visitor',
      10,
      record(bv.visitor),
      record(av.visitor),
      ['name', 'title', 'organization'],
      ['visit', 'visitor'],
    );
    group('host', 11, record(bv.host), record(av.host), ['city', 'country'], ['visit', 'host']);
    group('dates', 12, pick(bv, ['start', 'end']), pick(av, ['start', 'end']), ['start', 'end'], ['visit']);
    group('purpose', 13, pick(bv, ['purpose']), pick(av, ['purpose']), ['purpose'], ['visit', 'purpose']);
    const rest = (v: Raw) => Object.keys(v).filter((k) => !['visitor', 'host', 'start', 'end', 'purpose'].includes(k));
    const others = [...new Set([...rest(bv), ...rest(av)])].sort();
    group('visit', 14, pick(bv, others), pick(av, others), others, ['visit']);
  }

  /** A list of Markdown texts (objectives): same text, else likeness. */
  textList(part: ChangePart, before: unknown[], after: unknown[]): void {
    const matching = match(before, after, [
      { key: (t) => str(t) },
      { likeness: (x, y) => similarity(str(x), str(y)), threshold: 0.4 },
    ]);
    const order = orderOf(matching, ranks(before), ranks(after));
    for (let j = 0; j < after.length; j++) {
      const i = matching.pairs.get(j);
      const fields = i === undefined ? [fieldChange('text', undefined, after[j])!] : [];
      if (i !== undefined) {
        const field = fieldChange('text', before[i], after[j]);
        if (field) fields.push(field);
      }
      this.item(
        part,
        order.after(j),
        str(after[j]),
        { path: [part, j], oldPath: i === undefined ? undefined : [part, i] },
        fields,
      );
    }
    for (const i of matching.removed)
      this.item(part, order.removed(i), str(before[i]), { oldPath: [part, i] }, [
        fieldChange('text', before[i], undefined)!,
      ]);
  }

  programme(beforeList: unknown[], afterList: unknown[]): void {
    const before = beforeList.map(record);
    const after = afterList.map(record);
    const text = (p: Raw) => lower(p.item);
    const matching = match(before, after, [
      // The same item on the same day, at any time or place.
      { key: (p) => `${str(p.date)}\u0000${text(p)}` },
      // The same item moved to another day.
      { key: (p) => text(p) },
      // Retitled at the same day and time: the same slot.
      { key: (p) => (p.time === undefined ? undefined : `${str(p.date)}\u0000${str(p.time)}`) },
      // Retitled and moved within its day: alike enough.
      { bucket: (p) => str(p.date), likeness: (x, y) => similarity(str(x.item), str(y.item)), threshold: 0.5 },
    ]);
    const order = orderOf(matching, programmeRanks(before), programmeRanks(after));
    const what = (p: Raw) => `${[this.date(p.date), str(p.time)].filter(Boolean).join(', ')}: ${str(p.item)}`;
    this.items(
      'programme',
      { before, after, matching, order },
      {
        at: ['programme'],
        oldAt: ['programme'],
        fieldOrder: ['date', 'time', 'item', 'place', 'press'],
        what,
        // A new day or time is a move.
        moved: (fields) => fields.some((f) => f.name === 'date' || f.name === 'time'),
      },
    );
  }

  facts(beforeList: unknown[], afterList: unknown[]): void {
    type Fact = { item: Raw; section: string; s: number; i: number; sectionRank: number };
    const flat = (sections: unknown[]): Fact[] =>
      sections.flatMap((section, s) =>
        list(record(section).items).map((item, i) => ({
          item: record(item),
          section: str(record(section).section),
          s,
          i,
          sectionRank: s,
        })),
      );
    const before = flat(beforeList);
    const after = flat(afterList);
    // Sections renamed: matched by name, else by the labels they share.
    const sectionMatch = match(beforeList.map(record), afterList.map(record), [
      { key: (s) => lower(s.section) },
      {
        likeness: (x, y) =>
          similarity(
            list(x.items)
              .map((i) => str(record(i).label))
              .join(' '),
            list(y.items)
              .map((i) => str(record(i).label))
              .join(' '),
          ),
        threshold: 0.5,
      },
    ]);
    const sectionOfOld = new Map<number, number>();
    for (const [j, i] of sectionMatch.pairs) {
      sectionOfOld.set(i, j);
      const field = fieldChange('section', record(beforeList[i]).section, record(afterList[j]).section);
      if (field)
        this.add({
          part: 'facts',
          kind: 'changed',
          what: str(record(afterList[j]).section),
          order: [j, -1],
          path: ['facts', j],
          oldPath: ['facts', i],
          fields: [field],
        });
    }
    // An old fact's section under its new name, so that a renamed section's facts still match.
    const sectionKey = (f: Fact, old: boolean) => (old ? `s${sectionOfOld.get(f.s) ?? `old${f.s}`}` : `s${f.s}`);
    const keyed = (old: boolean) => (f: Fact) => `${sectionKey(f, old)}\u0000${lower(f.item.label)}`;
    const tag = <T>(items: T[], old: boolean) => items.map((item) => ({ item, old }));
    const matching = match(tag(before, true), tag(after, false), [
      { key: (x) => keyed(x.old)(x.item) },
      // Moved to another section under the same label.
      { key: (x) => lower(x.item.item.label) },
      // Relabelled within its section: the same value, or a label alike enough.
      { key: (x) => `${sectionKey(x.item, x.old)}\u0000=${str(x.item.item.value)}` },
      {
        bucket: (x) => sectionKey(x.item, x.old),
        likeness: (x, y) => similarity(str(x.item.item.label), str(y.item.item.label)),
        threshold: 0.5,
      },
    ]);
    const order = orderOf(
      matching,
      before.map((_, k) => k),
      after.map((_, k) => k),
    );
    const fieldOrder = ['label', 'value', 'source'];
    const what = (f: Fact) => `${f.section}: ${str(f.item.label)}`;
    const at = (f: Fact): Path => ['facts', f.s, 'items', f.i];
    for (let j = 0; j < after.length; j++) {
      const k = matching.pairs.get(j);
      const a = after[j]!;
      if (k === undefined) {
        this.item('facts', [a.s, a.i], () => what(a), { path: at(a) }, this.wholeFields(a.item, fieldOrder, true));
        continue;
      }
      const b = before[k]!;
      const fields = changedFields(b.item, a.item, fieldOrder);
      const moved = sectionOfOld.get(b.s) !== a.s;
      if (moved)
        fields.unshift(
          fieldChange('section', b.section, a.section) ?? { name: 'section', before: b.section, after: a.section },
        );
      this.item(
        'facts',
        [a.s, a.i],
        () => what(a),
        { path: at(a), oldPath: at(b) },
        fields,
        moved ? 'moved' : undefined,
      );
    }
    for (const k of matching.removed) {
      const b = before[k]!;
      const place = order.removed(k);
      const next = after[place[0]!];
      this.item(
        'facts',
        next ? [next.s, next.i, 1, k] : [-1, 0, 1, k],
        what(b),
        { oldPath: at(b) },
        this.wholeFields(b.item, fieldOrder, false),
      );
    }
  }

  chronology(beforeList: unknown[], afterList: unknown[]): void {
    const before = beforeList.map(record);
    const after = afterList.map(record);
    const event = (e: Raw) => lower(e.event);
    const matching = match(before, after, [
      { key: (e) => `${str(e.date)}\u0000${event(e)}` },
      // A corrected date: the same event.
      { key: (e) => event(e) },
      // An edited event: alike enough, on the same date.
      { bucket: (e) => str(e.date), likeness: (x, y) => similarity(str(x.event), str(y.event)), threshold: 0.4 },
    ]);
    const printed = (items: Raw[]) => ranks(items, (x, y) => compareDates(str(x.date), str(y.date)));
    const order = orderOf(matching, printed(before), printed(after));
    const what = (e: Raw) => `${this.date(e.date)}: ${clip(str(e.event))}`;
    this.items(
      'chronology',
      { before, after, matching, order },
      { at: ['chronology'], oldAt: ['chronology'], fieldOrder: ['date', 'end', 'event', 'source'], what },
    );
  }

  talkingPoints(beforeList: unknown[], afterList: unknown[]): void {
    const before = beforeList.map(record);
    const after = afterList.map(record);
    const words = (t: Raw) => [str(t.topic), ...list(t.points).map((p) => str(pointFields(p).text))].join(' ');
    const matching = match(before, after, [
      { key: (t) => lower(t.topic) },
      { likeness: (x, y) => similarity(str(x.topic), str(y.topic)), threshold: 0.5 },
      // Retitled and reworded: what the topic says is still alike.
      { likeness: (x, y) => similarity(words(x), words(y)), threshold: 0.5 },
    ]);
    const order = orderOf(matching, ranks(before), ranks(after));
    for (let j = 0; j < after.length; j++) {
      const i = matching.pairs.get(j);
      const a = after[j]!;
      const place = order.after(j);
      if (i === undefined) {
        this.item('talking_points', place, str(a.topic), { path: ['talking_points', j] }, [
          fieldChange('topic', undefined, a.topic)!,
        ]);
        this.points('talking_points', place, str(a.topic), [], list(a.points), undefined, ['talking_points', j]);
        this.ifAsked('talking_points', place, str(a.topic), [], list(a.if_asked), undefined, ['talking_points', j]);
        continue;
      }
      const b = before[i]!;
      const topic = fieldChange('topic', b.topic, a.topic);
      this.item(
        'talking_points',
        place,
        str(a.topic),
        { path: ['talking_points', j], oldPath: ['talking_points', i] },
        topic ? [topic] : [],
      );
      this.points(
        'talking_points',
        place,
        str(a.topic),
        list(b.points),
        list(a.points),
        ['talking_points', i],
        ['talking_points', j],
      );
      this.ifAsked(
        'talking_points',
        place,
        str(a.topic),
        list(b.if_asked),
        list(a.if_asked),
        ['talking_points', i],
        ['talking_points', j],
      );
    }
    for (const i of matching.removed) {
      const b = before[i]!;
      const place = order.removed(i);
      this.item('talking_points', place, str(b.topic), { oldPath: ['talking_points', i] }, [
        fieldChange('topic', b.topic, undefined)!,
      ]);
      this.points('talking_points', place, str(b.topic), list(b.points), [], ['talking_points', i], undefined);
      this.ifAsked('talking_points', place, str(b.topic), list(b.if_asked), [], ['talking_points', i], undefined);
    }
  }

  /** Points (of a topic, or press lines): the same text, else alike enough. */
  private points(
    part: ChangePart,
    place: number[],
    topic: string,
    beforeList: unknown[],
    afterList: unknown[],
    oldAt?: Path,
    at?: Path,
  ): void {
    const before = beforeList.map(pointFields);
    const after = afterList.map(pointFields);
    const matching = match(before, after, [
      { key: (p) => str(p.text) },
      { likeness: (x, y) => similarity(str(x.text), str(y.text)), threshold: 0.4 },
    ]);
    const order = orderOf(matching, ranks(before), ranks(after));
    const what = (p: Raw) => (topic ? `${topic}: ${clip(str(p.text))}` : clip(str(p.text)));
    const key = part === 'press_lines' ? 'lines' : 'points';
    this.items(
      part,
      { before, after, matching, order },
      {
        at: [...(at ?? []), key],
        oldAt: [...(oldAt ?? []), key],
        place: [...place, 1],
        fieldOrder: ['text', 'source'],
        what,
      },
    );
  }

  /** If-asked lines: the same question, else alike enough, or the same answer. */
  private ifAsked(
    part: ChangePart,
    place: number[],
    topic: string,
    beforeList: unknown[],
    afterList: unknown[],
    oldAt?: Path,
    at?: Path,
  ): void {
    const before = beforeList.map(record);
    const after = afterList.map(record);
    const matching = match(before, after, [
      { key: (q) => lower(q.question) },
      { key: (q) => str(q.answer) },
      { likeness: (x, y) => similarity(str(x.question), str(y.question)), threshold: 0.5 },
    ]);
    const order = orderOf(matching, ranks(before), ranks(after));
    const what = (q: Raw) => (topic ? `${topic}: ${clip(str(q.question))}` : clip(str(q.question)));
    this.items(
      part,
      { before, after, matching, order },
      {
        at: [...(at ?? []), 'if_asked'],
        oldAt: [...(oldAt ?? []), 'if_asked'],
        place: [...place, 2],
        fieldOrder: ['question', 'answer'],
        what,
      },
    );
  }

  pressLines(b: Raw, a: Raw): void {
    const lines = (r: Raw) => list(r.lines);
    if (Object.keys(b).length === 0 && Object.keys(a).length === 0) return;
    this.points('press_lines', [0], '', lines(b), lines(a), ['press_lines'], ['press_lines']);
    this.ifAsked('press_lines', [1], '', list(b.if_asked), list(a.if_asked), ['press_lines'], ['press_lines']);
  }

  people(beforeList: unknown[], afterList: unknown[]): void {
    const before = beforeList.map(record);
    const after = afterList.map(record);
    const matching = match(before, after, [
      { key: (p) => lower(p.name) },
      { key: (p) => (p.native_name === undefined ? undefined : str(p.native_name)) },
      { likeness: (x, y) => similarity(str(x.name), str(y.name)), threshold: 0.6 },
    ]);
    const order = orderOf(matching, ranks(before), ranks(after));
    this.items(
      'people',
      { before, after, matching, order },
      {
        at: ['people'],
        oldAt: ['people'],
        fieldOrder: ['name', 'native_name', 'native_lang', 'title', 'organization', 'role', 'bio', 'photo'],
        what: (p) => str(p.name),
      },
    );
  }

  sources(beforeList: unknown[], afterList: unknown[]): void {
    const before = beforeList.map(record);
    const after = afterList.map(record);
    const matching = match(before, after, [
      { key: (s) => str(s.id) },
      { key: (s) => (s.url === undefined ? undefined : str(s.url)) },
      { key: (s) => lower(s.title) },
    ]);
    const order = orderOf(matching, ranks(before), ranks(after));
    this.items(
      'sources',
      { before, after, matching, order },
      {
        at: ['sources'],
        oldAt: ['sources'],
        fieldOrder: ['id', 'title', 'publisher', 'date', 'url'],
        what: (s) => `${str(s.id)}: ${str(s.title)}`,
      },
    );
  }

  /** A field compared whole (drafted, or a key this comparison has no rules for). */
  whole(part: ChangePart, path: Path, what: string, before: unknown, after: unknown): void {
    if (same(before, after)) return;
    const isRecord = (v: unknown) => v === undefined || record(v) === v;
    const fields =
      isRecord(before) && isRecord(after)
        ? changedFields(record(before), record(after), ['name', 'unit', 'contact', 'date', 'cleared_by', 'cleared'])
        : [fieldChange(what, before, after)!];
    this.item(
      part,
      [0],
      what,
      { path: after === undefined ? undefined : path, oldPath: before === undefined ? undefined : path },
      fields,
    );
  }
}

/** A long text shortened for a change's `what`. */
function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
