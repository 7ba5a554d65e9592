import {
  type CustomCloudInput,
  type CustomCloudRules,
  createCustomCloudInputSchema,
  customCloudInputSchema,
} from './custom-cloud-schema.js';
import { customCloudFieldCodes, parseInput } from './parse-input.js';

/**
 * Parses and checks the input to create a custom cloud: unknown keys are refused with their path,
 * defaults applied (`standard` model, no tags or contacts, all projects, no object storage), the
 * region canonicalised, and every domain rule applied. Raises one `ByocError` with the code of
 * the first problem and every problem in `details.issues`.
 */
export function parseCustomCloudInput(input: unknown, rules?: CustomCloudRules): CustomCloudInput {
  const schema = rules === undefined ? customCloudInputSchema : createCustomCloudInputSchema(rules);
  return parseInput(schema, input, { what: 'custom cloud', fieldCodes: customCloudFieldCodes });
}
