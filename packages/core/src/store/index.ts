/**
 * Where clouds live: the `CustomCloudStore` contract with its transition outbox and manifest store, the
 * memory and JSON-file stores, and the errors every store raises worded alike. Imports `templates/`
 * (manifest types), `domain/` and `errors/`.
 */

export { createJsonFileStore } from './json-file-store.js';
export { createMemoryStore } from './memory-store.js';
export {
  type AuditTrail,
  type CustomCloudFilter,
  type CustomCloudStore,
  listCursorInvalid,
  type TemplateManifestStore,
  type TransitionOutbox,
} from './store.js';
export { storeErrors } from './store-errors.js';
