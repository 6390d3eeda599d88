/**
 * Room for nested tables. pdfmake's page writer (an EventEmitter) takes a 'pageChanged' listener
 * for each table row it is inside, and removes it when the row ends; a quote is a table, so a
 * quote nested eleven deep passes Node's default of ten listeners and Node prints a "possible
 * EventEmitter memory leak" warning on stderr. The writer may hold one a level of the deepest
 * document briefing accepts. This is a correction: it stays with every patch off.
 */
import { DOCUMENT_NESTING } from '../limits.js';

/** pdfmake's page writer class (pdfmake/js/PageElementWriter.js): an EventEmitter. */
export interface PageWriterClass {
  prototype: object;
}

/** Node reads an emitter's limit from `_maxListeners`, inherited here from the class's prototype. */
export function roomForNestedTables(PageElementWriter: PageWriterClass): void {
  Object.defineProperty(PageElementWriter.prototype, '_maxListeners', {
    value: DOCUMENT_NESTING + 10,
    writable: true,
  });
}
