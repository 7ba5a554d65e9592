/**
 * Aiven's custom-cloud-environment API as its CLI speaks it: the snake_case wire format of a cloud and
 * the mapping of each route's bodies, envelopes and errors. Imports `provider/`, `templates/`,
 * `domain/` and `errors/`.
 */

export { fromWire, toWire } from './wire-format.js';
