/**
 * Caller values in errors: messages and details quote a short prefix of what was given, never the
 * whole of it. A 1 MB display name or 10,000 tags must not come back as a 4 MB message, in a log
 * line or an HTTP answer.
 */

/** At most this many characters of a caller's value are quoted in a message. */
export const quotedLength = 64;
/** At most this many characters of a string stay in `ByocError.details`. */
export const detailStringLength = 256;
/** At most this many items of a list, or keys of an object, stay in `ByocError.details`. */
export const detailItems = 50;
/** Messages are cut to this many characters. */
export const messageLength = 2_048;

/**
 * A caller's value for a message: JSON-quoted, cut to a short prefix that says how long the whole
 * was (`"aaaa…" (1,000,000 characters)`); a value that is not a string is named by its type.
 */
export function quote(value: unknown, max: number = quotedLength): string {
  if (typeof value !== 'string') return describeType(value);
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(cutAt(value, max))}… (${value.length.toLocaleString('en-US')} characters)`;
}

/** The type of a value that is not a string, for a message: `a number`, `null`, `an array`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/**
 * A copy of details fit to keep: strings cut to `detailStringLength`, lists and objects to
 * `detailItems` entries, nesting to four levels. Numbers, booleans and short strings are unchanged.
 */
export function boundDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return bound(details, 0) as Record<string, unknown>;
}

/** A message cut to `messageLength` characters. */
export function boundMessage(message: string): string {
  return message.length <= messageLength ? message : `${cutAt(message, messageLength - 1)}…`;
}

function bound(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length <= detailStringLength ? value : `${cutAt(value, detailStringLength - 1)}…`;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= 4) return Array.isArray(value) ? `[${value.length} items]` : '[object]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, detailItems).map((item) => bound(item, depth + 1));
    return value.length > detailItems ? [...kept, `… ${value.length - detailItems} more`] : kept;
  }
  if (value instanceof Date) return value;
  const result: Record<string, unknown> = {};
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (count++ === detailItems) {
      result['…'] = 'more keys left out';
      break;
    }
    Object.defineProperty(result, cutAt(key, quotedLength), {
      value: bound((value as Record<string, unknown>)[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

// Never cuts a surrogate pair in two: the cut text stays well-formed.
function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}
