import type { CustomCloud, ProviderAccess } from './custom-cloud-schema.js';

/**
 * Access attributes whose names start with `sealed` hold a secret the adapter sealed with the
 * vendor's function (an access key's secret): they are stored, so a later verification can unseal
 * them, but never leave the store through events, logs or HTTP answers.
 */
export function isSealedAttribute(name: string): boolean {
  return /^sealed/i.test(name);
}

/** The access without its sealed attributes. */
export function publicAccess(access: ProviderAccess): ProviderAccess {
  const attributes = Object.fromEntries(Object.entries(access.attributes).filter(([name]) => !isSealedAttribute(name)));
  return { ...access, attributes };
}

/** The cloud as it may leave the store: its access without sealed attributes. */
export function publicCloud(cloud: CustomCloud): CustomCloud {
  return cloud.access === null ? cloud : { ...cloud, access: publicAccess(cloud.access) };
}
