import { ByocError, quote } from '../errors/index.js';

/** Tag keys: lower-case, start with a letter, at most 63 characters; valid on AWS, GCP labels and Azure. */
export const tagKeyPattern = /^[a-z][a-z0-9_-]{0,62}$/;
/** Tag values: lower-case letters, digits, `_` and `-`, at most 63 characters, may be empty. */
export const tagValuePattern = /^[a-z0-9_-]{0,63}$/;
/** At most this many tags per custom cloud. */
export const maxTags = 50;
/** Key prefixes the clouds keep for themselves. */
export const cloudReservedTagPrefixes = ['aws', 'goog', 'azure', 'microsoft'] as const;
/**
 * Keys refused although they match the pattern: JavaScript gives them meaning on every object, so a
 * parser drops them silently (`__proto__`) or code that reads tags into a plain object breaks.
 */
export const forbiddenTagKeys = ['__proto__', 'constructor', 'prototype'] as const;

/** Options of the tag rule. */
export interface TagRuleOptions {
  /** Extra key prefixes the vendor keeps for its own tags (e.g. `cce`), refused in customer tags. */
  reservedPrefixes?: readonly string[];
}

/**
 * The checks that must see a tag object before any parser copies it: a parser drops an own
 * `__proto__` key and reads every key of a huge object. Raises `TAG_INVALID`; returns the object.
 */
export function guardTagObject(tags: unknown): unknown {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return tags;
  const keys = Object.keys(tags);
  if (keys.length > maxTags) {
    throw tagInvalid(
      `There are ${keys.length.toLocaleString('en-US')} tags; at most ${maxTags} are allowed. Remove ${keys.length - maxTags}.`,
      {
        count: keys.length,
      },
    );
  }
  const forbidden = keys.find((key) => (forbiddenTagKeys as readonly string[]).includes(key));
  if (forbidden !== undefined) {
    throw tagInvalid(`The tag key ${quote(forbidden)} is not allowed: it is a JavaScript object property. Rename the tag.`, {
      key: forbidden,
    });
  }
  return tags;
}

/**
 * Checks a tag map against the one rule set valid on all three clouds and returns it with keys
 * sorted (so templates render the same bytes). Raises `TAG_INVALID` naming the tag.
 */
export function validateTags(tags: unknown, options: TagRuleOptions = {}): Record<string, string> {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw tagInvalid('Tags must be an object mapping keys to string values, such as { "env": "prod" }.', {});
  }
  guardTagObject(tags);
  const entries = Object.entries(tags);
  const reserved = [...cloudReservedTagPrefixes, ...(options.reservedPrefixes ?? [])];
  for (const [key, value] of entries) {
    if (!tagKeyPattern.test(key)) {
      throw tagInvalid(
        `The tag key ${quote(key)} is invalid: keys start with a lower-case letter and hold at most 63 lower-case letters, digits, "_" or "-".`,
        { key },
      );
    }
    const prefix = reserved.find((candidate) => key.startsWith(candidate));
    if (prefix !== undefined) {
      throw tagInvalid(`The tag key "${key}" starts with "${prefix}", which is reserved. Rename the tag.`, { key, reservedPrefix: prefix });
    }
    if (typeof value !== 'string' || !tagValuePattern.test(value)) {
      throw tagInvalid(
        `The value ${quote(value)} of tag "${key}" is invalid: values hold at most 63 lower-case letters, digits, "_" or "-".`,
        { key, value },
      );
    }
  }
  const sorted: Record<string, string> = {};
  for (const [key, value] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) sorted[key] = value as string;
  return sorted;
}

function tagInvalid(message: string, details: Record<string, unknown>): ByocError {
  return new ByocError({ code: 'TAG_INVALID', message, details });
}
