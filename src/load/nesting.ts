/**
 * How deep lists and mappings nest in a visit file, found before the file is read as data:
 * yaml's composer and jsonc-parser recurse once per level and exhaust the stack a few
 * thousand levels down. A visit nests five levels at most; the limit is far above that and
 * far below where either parser fails.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { CST } from 'yaml';
import { DATA_NESTING as MAX_NESTING } from '../limits.js';

/** Where the first list or mapping nested more than MAX_NESTING deep opens. */
export interface TooDeep {
  offset: number;
  message: string;
}

const TOO_DEEP = `nested more than ${MAX_NESTING} deep (lists and mappings within one another); a visit needs a few levels: check the brackets and indents here`;

/**
 * The first collection of a YAML syntax tree deeper than the limit. yaml's parser builds the
 * tree with a stack of its own, so it is safe to walk at any depth, here without recursion.
 */
export function yamlTooDeep(tokens: readonly CST.Token[]): TooDeep | undefined {
  let first: number | undefined;
  const pending: { token: CST.Token | null | undefined; depth: number }[] = tokens.map((token) => ({
    token,
    depth: 0,
  }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { token } = next;
    if (!token) continue;
    if (token.type === 'document') pending.push({ token: token.value, depth: next.depth });
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const depth = next.depth + 1;
    if (depth > MAX_NESTING) {
      first = Math.min(first ?? token.offset, token.offset);
      continue;
    }
    for (const item of token.items) {
      if ('key' in item) pending.push({ token: item.key, depth });
      pending.push({ token: item.value, depth });
    }
  }
  return first === undefined ? undefined : { offset: first, message: TOO_DEEP };
}

/** The first "[" or "{" of a JSON text deeper than the limit, by jsonc-parser's own scanner. */
export function jsonTooDeep(text: string): TooDeep | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_NESTING) return { offset: scanner.getTokenOffset(), message: TOO_DEEP };
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
