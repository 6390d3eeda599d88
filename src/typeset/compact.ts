/** A part set in the compact scale (`<!-- compact -->`) inside a document of normal scale. */
import type { Content } from 'pdfmake/interfaces.js';
import { isChangeBars } from './change-marks.js';
import { COMPACT_TEXT, compactStyle } from './layout.js';

/**
 * A block set in the compact scale: its styles' compact variants, tables' compact layout, and
 * the compact text size where its own style sets none (what it holds inherits it).
 */
export function compacted(block: Content): Content {
  const restyle = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(restyle);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      // A change bar is one object shared by its block's lines: kept, not copied.
      if (isChangeBars(key)) out[key] = value;
      else if (key === 'style' && typeof value === 'string') out.style = compactStyle(value).name;
      else if (key === 'layout' && (value === 'briefing' || value === 'briefingRtl'))
        out.layout = value === 'briefing' ? 'compact' : 'compactRtl';
      else out[key] = restyle(value);
    }
    return out;
  };
  const node = restyle(block) as { style?: string };
  const own = (block as { style?: string }).style;
  return (own && compactStyle(own).sized ? node : { ...node, ...COMPACT_TEXT }) as Content;
}
