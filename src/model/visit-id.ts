/**
 * What a visit id may be: lowercase letters and digits in words joined by single hyphens. The
 * id names the visit's output folder, so the same rule guards every path made from one.
 */
export const VISIT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The longest id: the output folder's name, well within every file system's 255 bytes, and
 * longer than any visit's name needs.
 */
export const VISIT_ID_MAX_LENGTH = 100;

/** Whether `id` may name a visit (and so its output folder). */
export const isVisitId = (id: string): boolean => id.length <= VISIT_ID_MAX_LENGTH && VISIT_ID.test(id);
