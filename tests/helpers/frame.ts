/** A page frame for tests that typeset Markdown directly: English, A4, no marking, fixed date. */
import type { PageFrame } from '../../src/typeset/frame.js';

export const testFrame = (overrides: Partial<PageFrame> = {}): PageFrame => ({
  lang: 'en',
  direction: 'ltr',
  title: 't',
  paper: 'A4',
  subject: '',
  author: '',
  keywords: [],
  date: new Date(0),
  ...overrides,
});
