/**
 * The bundled templates, compiled ahead of time: the bundled build fills this in (see
 * scripts/bundle.mjs), sparing a build about 30 ms of compiling Handlebars. A template is used
 * only while its text is the one it was compiled from; unbundled, there are none.
 */
import type { DocKind } from '../docs.js';

export const PRECOMPILED: Partial<Record<DocKind, { text: string; spec: TemplateSpecification }>> = {};
