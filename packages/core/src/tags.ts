import { ByocError } from './byoc-error.js';

/** Tag keys: lower-case, start with a letter, at most 63 characters; valid on AWS, GCP labels and Azure. */
export const tagKeyPattern = /^[a-z][a-z0-9_-]{0,62}$/;
/** Tag values: lower-case letters, digits, `_` and `-`, at most 63 characters, may be empty. */
export const tagValuePattern = /^[a-z0-9_-]{0,63}$/;
/** At most this many tags per custom cloud. */
export const maxTags = 50;
/** Key prefixes the clouds keep for themselves. */
export const cloudReservedTagPrefixes = ['aws', 'goog', 'azure', 'microsoft'] as const;

/** Options of the tag rule. */
export interface TagRuleOptions {
  /** Extra key prefixes the vendor keeps for its own tags (e.g. `cce`), refused in customer tags. */
  reservedPrefixes?: readonly string[];
}

/**
 * Checks a tag map against the one rule set valid on all three clouds and returns it with keys
 * sorted (so templates render the same bytes). Raises `TAG_INVALID` naming the tag.
 */
export function validateTags(tags: unknown, options: TagRuleOptions = {}): Record<string, string> {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw tagInvalid('Tags must be an object mapping keys to string values, such as { "env": "prod" }.', {});
  }
  const entries = Object.entries(tags);
  if (entries.length > maxTags) {
    throw tagInvalid(`There are ${entries.length} tags; at most ${maxTags} are allowed. Remove ${entries.length - maxTags}.`, {
      count: entries.length,
    });
  }
  const reserved = [...cloudReservedTagPrefixes, ...(options.reservedPrefixes ?? [])];
  for (const [key, value] of entries) {
    if (!tagKeyPattern.test(key)) {
      throw tagInvalid(
        `The tag key ${JSON.stringify(key)} is invalid: keys start with a lower-case letter and hold at most 63 lower-case letters, digits, "_" or "-".`,
        { key },
      );
    }
    const prefix = reserved.find((candidate) => key.startsWith(candidate));
    if (prefix !== undefined) {
      throw tagInvalid(`The tag key "${key}" starts with "${prefix}", which is reserved. Rename the tag.`, { key, reservedPrefix: prefix });
    }
    if (typeof value !== 'string' || !tagValuePattern.test(value)) {
      throw tagInvalid(`The value of tag "${key}" is invalid: values hold at most 63 lower-case letters, digits, "_" or "-".`, {
        key,
        value,
      });
    }
  }
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as Record<string, string>;
}

function tagInvalid(message: string, details: Record<string, unknown>): ByocError {
  return new ByocError({ code: 'TAG_INVALID', message, details });
}
