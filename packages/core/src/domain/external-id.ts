import { randomBytes } from 'node:crypto';
import { ByocError } from '../errors/index.js';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Length of generated external IDs: 32 characters of 62 symbols, about 190 bits. */
export const externalIdLength = 32;
/** External IDs byoc-kit accepts from storage: 32 to 128 characters of `[A-Za-z0-9-]`. */
export const externalIdPattern = /^[A-Za-z0-9-]{32,128}$/;

/**
 * A fresh external ID for one custom cloud, from the operating system's CSPRNG, with no modulo
 * bias. External IDs are generated on the vendor side only, never accepted from the customer.
 */
export function generateExternalId(random: (size: number) => Uint8Array = randomBytes): string {
  let result = '';
  while (result.length < externalIdLength) {
    for (const byte of random(externalIdLength)) {
      // 248 = 4 * 62: bytes above it would favour the first symbols.
      if (byte < 248 && result.length < externalIdLength) result += alphabet[byte % 62];
    }
  }
  return result;
}

/** Raises `EXTERNAL_ID_INVALID` unless the value has the shape of a byoc-kit external ID. */
export function assertExternalId(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !externalIdPattern.test(value)) {
    throw new ByocError({
      code: 'EXTERNAL_ID_INVALID',
      message: 'The external ID must be 32 to 128 characters of A-Z, a-z, 0-9 and "-"; generate it with generateExternalId().',
    });
  }
}

/** `EXTERNAL_ID_IN_USE`: the generator returned an external ID another custom cloud holds. */
export function externalIdInUse(): ByocError {
  return new ByocError({
    code: 'EXTERNAL_ID_IN_USE',
    message:
      'Another custom cloud already holds this external ID, and two clouds must never share one: either customer could have the vendor act in the other account. If it came from generateExternalId, make the generator return a fresh random value each call, or leave the option out.',
  });
}
