/**
 * pdfmake's style lookups, cut down without changing what they find. pdfmake makes every word
 * an inline of its own: a long chronology has some 28,000, and each is looked up in the style
 * stack about twenty times (and drawn with a text operation of its own: see runs.ts).
 */

/** pdfmake's style stack (pdfmake/js/StyleContextStack.js), as far as it is used here. */
export interface StyleStack {
  styleDictionary: Record<string, StyleDef | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides?: (string | Record<string, unknown>)[];
  push(styleNameOrOverride: unknown): void;
  pop(howMany?: number): void;
  getProperty(property: string): unknown;
  /** The stack's own values, kept while it cannot change (see memoizedWhileMeasuring). */
  memo?: Map<string, unknown>;
}

interface StyleDef extends Record<string, unknown> {
  extends?: string | string[];
}

export interface StyleStackClass {
  prototype: StyleStack;
  getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
}

const isValue = (value: unknown) => value !== undefined && value !== null;
const isName = (entry: unknown): entry is string => typeof entry === 'string' || entry instanceof String;

/** A named style's value for a property, through the styles it extends, as pdfmake resolves it. */
function inherited(
  styles: StyleStack['styleDictionary'],
  name: string,
  property: string,
  visited: Set<string>,
): unknown {
  if (visited.has(name)) return undefined;
  visited.add(name);
  const style = styles[name];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  const parents = style.extends === undefined ? [] : Array.isArray(style.extends) ? style.extends : [style.extends];
  for (let i = parents.length - 1; i >= 0; i--) {
    const value = inherited(styles, parents[i]!, property, visited);
    if (isValue(value)) return value;
  }
  return undefined;
}

/** One entry of a stack (a style's name or a set of overrides) for a property. */
function entryValue(styles: StyleStack['styleDictionary'], entry: unknown, property: string): unknown {
  if (isName(entry)) {
    const style = styles[entry as string];
    if (!style) return undefined;
    return isValue(style[property])
      ? style[property]
      : style.extends
        ? inherited(styles, entry as string, property, new Set())
        : undefined;
  }
  return (entry as Record<string, unknown>)[property];
}

/**
 * The same lookups without their garbage: pdfmake's allocate a closure per lookup and a Set per
 * named style passed on the way, and push and pop the item looked up, about a million
 * short-lived objects for a long chronology. An item is looked at where pdfmake would push it:
 * on top, its own values first, then its named styles, last named first.
 */
export function fasterStyleLookups(StyleContextStack: StyleStackClass): void {
  const { push, pop } = StyleContextStack.prototype;
  StyleContextStack.prototype.push = function (this: StyleStack, entry: unknown) {
    this.memo = undefined;
    push.call(this, entry);
  };
  StyleContextStack.prototype.pop = function (this: StyleStack, howMany?: number) {
    this.memo = undefined;
    pop.call(this, howMany);
  };
  StyleContextStack.prototype.getProperty = function (this: StyleStack, property: string): unknown {
    if (this.memo?.has(property)) return this.memo.get(property);
    let value: unknown = this.defaultStyle?.[property];
    const overrides = this.styleOverrides ?? [];
    for (let i = overrides.length - 1; i >= 0; i--) {
      const found = entryValue(this.styleDictionary, overrides[i], property);
      if (isValue(found)) {
        value = found;
        break;
      }
    }
    this.memo?.set(property, value);
    return value;
  };
  StyleContextStack.getStyleProperty = (item, stack, property, defaultValue) => {
    const own = (item as Record<string, unknown>)[property];
    if (isValue(own)) return own;
    if (!stack) return defaultValue;
    let value: unknown;
    // pdfmake pushes nothing for a string or a section.
    const names =
      isName(item) || (item as { section?: unknown }).section !== undefined
        ? undefined
        : (item as { style?: unknown }).style;
    if (names !== undefined && names !== null && names !== '') {
      const list: unknown[] = Array.isArray(names) ? names : [names];
      for (let i = list.length - 1; i >= 0 && !isValue(value); i--)
        value = entryValue(stack.styleDictionary, list[i], property);
    }
    if (!isValue(value)) value = stack.getProperty(property);
    return isValue(value) ? value : defaultValue;
  };
}

export interface TextInlinesClass {
  prototype: { measure(words: unknown[], stack: StyleStack | undefined): unknown[] };
}

/**
 * Measuring a paragraph's words asks the stack the same twenty questions for every word, and
 * nothing is pushed or changed on it meanwhile (the words looked up are never on it), so its
 * answers are kept for that while. Any push or pop drops them.
 */
export function memoizedWhileMeasuring(TextInlines: TextInlinesClass): void {
  const measure = TextInlines.prototype.measure;
  TextInlines.prototype.measure = function (words, stack) {
    if (!stack || stack.memo) return measure.call(this, words, stack);
    stack.memo = new Map();
    try {
      return measure.call(this, words, stack);
    } finally {
      stack.memo = undefined;
    }
  };
}
