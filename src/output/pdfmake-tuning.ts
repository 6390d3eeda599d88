/**
 * pdfmake's costs per word, cut without changing what it sets. pdfmake makes every word an
 * inline of its own: a long chronology has some 28,000, and each is looked up in the style
 * stack about twenty times.
 */

/** pdfmake's style stack (pdfmake/js/StyleContextStack.js), as far as it is used here. */
interface StyleStack {
  styleDictionary: Record<string, StyleDef | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides?: (string | Record<string, unknown>)[];
  autopush(item: unknown): number;
  pop(howMany?: number): void;
  getProperty(property: string): unknown;
}

interface StyleDef extends Record<string, unknown> {
  extends?: string | string[];
}

interface StyleStackClass {
  prototype: StyleStack;
  getStyleProperty(item: Record<string, unknown>, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
}

const isValue = (value: unknown) => value !== undefined && value !== null;

/** A named style's value for a property, through the styles it extends, as pdfmake resolves it. */
function inherited(styles: StyleStack['styleDictionary'], name: string, property: string, visited: Set<string>): unknown {
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

/**
 * The same lookups without their garbage: pdfmake's allocate a closure per lookup and a Set per
 * named style passed on the way, about a million short-lived objects for a long chronology.
 */
export function fasterStyleLookups(StyleContextStack: StyleStackClass): void {
  StyleContextStack.prototype.getProperty = function (this: StyleStack, property: string): unknown {
    const overrides = this.styleOverrides ?? [];
    for (let i = overrides.length - 1; i >= 0; i--) {
      const item = overrides[i]!;
      if (typeof item === 'string' || (item as unknown) instanceof String) {
        const style = this.styleDictionary[item as string];
        if (!style) continue;
        const value = isValue(style[property]) ? style[property] : style.extends ? inherited(this.styleDictionary, item as string, property, new Set()) : undefined;
        if (isValue(value)) return value;
      } else if (isValue(item[property])) {
        return item[property];
      }
    }
    return this.defaultStyle?.[property];
  };
  StyleContextStack.getStyleProperty = (item, stack, property, defaultValue) => {
    if (isValue(item[property])) return item[property];
    if (!stack) return defaultValue;
    const pushed = stack.autopush(item);
    const value = stack.getProperty(property);
    if (pushed > 0) stack.pop(pushed);
    return isValue(value) ? value : defaultValue;
  };
}
