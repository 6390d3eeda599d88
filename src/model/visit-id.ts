/**
 * What a visit id may be: lowercase letters and digits in words joined by single hyphens. The
 * id names the visit's output folder, so the same rule guards every path made from one.
 */
export const VISIT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
