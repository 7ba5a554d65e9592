/**
 * Errors: `ByocError` (the one error class, recognised across duplicated installs), the table of core's
 * codes, and `quote`, which every message uses to show a value. Imports nothing of byoc-kit.
 */

export { ByocError } from './byoc-error.js';
export { quote } from './quote.js';
