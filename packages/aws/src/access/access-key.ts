import { ByocError, type CustomCloud, type ProviderAccess } from '@byoc-kit/core';
import { assertKnownKeys } from '@byoc-kit/core/provider-utils';
import type { ResolvedAwsSettings } from '../settings.js';

/**
 * A customer's access key, returned from a blueprint whose access identity is a user. The secret
 * never sits in the `ProviderAccess` the service stores and emits: it is kept beside the object
 * `parseAccess` returned, for the verification in progress, and stored only sealed, when the
 * vendor passes `seal` and `unseal`.
 */

const secrets = new WeakMap<ProviderAccess, string>();

const keyIdFields = ['accessKeyId', 'access_key_id', 'AWS_ACCESS_KEY_ID'];
const secretFields = ['secretAccessKey', 'secret_access_key', 'accessSecretKey', 'access_secret_key', 'AWS_SECRET_ACCESS_KEY'];

function pick(input: Record<string, unknown>, fields: readonly string[]): unknown {
  for (const field of fields) if (input[field] !== undefined) return input[field];
  return undefined;
}

/**
 * Parses `{ accessKeyId, secretAccessKey }` (or the template's output names). Raises
 * `ACCESS_KEY_INVALID` for anything else, without ever repeating the secret.
 */
export function parseAccessKeyAccess(input: unknown): ProviderAccess {
  assertKnownKeys(input, [...keyIdFields, ...secretFields], 'an AWS access key');
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const keyId = pick(fields, keyIdFields);
  const secret = pick(fields, secretFields);
  const problem =
    typeof input !== 'object' || input === null
      ? `Pass the key as an object, { accessKeyId, secretAccessKey }; got a ${input === null ? 'null' : typeof input}.`
      : typeof keyId !== 'string' || !/^AKIA[A-Z0-9]{16}$/.test(keyId)
        ? typeof keyId === 'string' && /^ASIA/.test(keyId)
          ? `${keyId.slice(0, 8)}... is a temporary key of a session; pass the long-term key of the user the template created (AKIA...).`
          : 'accessKeyId must be the 20-character key id of an IAM user, AKIA followed by 16 capitals and digits (the access_key_id output).'
        : typeof secret !== 'string' || !/^[A-Za-z0-9/+]{40}$/.test(secret)
          ? 'secretAccessKey must be the 40-character secret of the key (the access_secret_key output).'
          : undefined;
  if (problem !== undefined) {
    throw new ByocError({ code: 'ACCESS_KEY_INVALID', message: problem, details: { fields: Object.keys(fields).slice(0, 20) } });
  }
  const access: ProviderAccess = { provider: 'aws', kind: 'aws_access_key', identity: keyId as string, attributes: {} };
  secrets.set(access, secret as string);
  return access;
}

/** The access as it may be stored: without the secret, or with it sealed by the vendor's `seal`. */
export async function sealAccessKey(cloud: CustomCloud, access: ProviderAccess, settings: ResolvedAwsSettings): Promise<ProviderAccess> {
  const secret = secrets.get(access);
  const { sealedSecretAccessKey: _, ...attributes } = access.attributes;
  if (secret === undefined || settings.seal === undefined) return { ...access, attributes };
  const sealed = await settings.seal(secret, { customCloudId: cloud.id });
  if (typeof sealed !== 'string' || sealed.length === 0 || sealed.length > 2048 || sealed.includes(secret)) {
    throw new ByocError({
      code: 'AWS_SETTINGS_INVALID',
      message: 'seal must return a non-empty string of at most 2,048 characters that does not contain the secret.',
    });
  }
  return { ...access, attributes: { ...attributes, sealedSecretAccessKey: sealed } };
}

/** The secret of an access: the one just parsed, else the stored one unsealed; undefined when neither is at hand. */
export async function secretOf(cloud: CustomCloud, access: ProviderAccess, settings: ResolvedAwsSettings): Promise<string | undefined> {
  const parsed = secrets.get(access);
  if (parsed !== undefined) return parsed;
  const sealed = access.attributes.sealedSecretAccessKey;
  if (sealed === undefined || settings.unseal === undefined) return undefined;
  return settings.unseal(sealed, { customCloudId: cloud.id });
}
