/**
 * The service a vendor calls: the declared `Byoc` interface and `createByoc`, composed of its parts
 * (clouds, verification, lifecycle, templates, contacts and permissions, self-registration, external
 * IDs, the organization scope) over the runtime. May import `runtime/`, `store/`, `wire/`,
 * `provider/`, `templates/`, `domain/` and `errors/`.
 */

export type { Byoc, ByocOptions } from './byoc.js';
export { createByoc } from './create-byoc.js';
