import { ByocError, quote } from '../../errors/index.js';
import type { CloudProviderId } from '../cloud-provider.js';
import { awsRegions } from './aws-regions.js';
import { azureRegions } from './azure-regions.js';
import { gcpRegions } from './gcp-regions.js';
import type { RegionInfo } from './region-info.js';

/** The region catalogue of every provider. */
export const regionCatalogue: Readonly<Record<CloudProviderId, readonly RegionInfo[]>> = {
  aws: awsRegions,
  gcp: gcpRegions,
  azure: azureRegions,
};

/** The vendor-style prefix of each provider's regions: `aws-eu-north-1`, `google-europe-north1`, `azure-westeurope`. */
export const regionPrefixes: Readonly<Record<CloudProviderId, string>> = {
  aws: 'aws-',
  gcp: 'google-',
  azure: 'azure-',
};

const byId = new Map<string, RegionInfo>();
for (const regions of Object.values(regionCatalogue)) {
  for (const region of regions) byId.set(`${region.provider}:${region.id}`, region);
}

/** The catalogue entry of a canonical region, or undefined. */
export function findRegion(provider: CloudProviderId, region: string): RegionInfo | undefined {
  return byId.get(`${provider}:${region}`);
}

/**
 * Canonicalises a region for a provider: accepts `eu-north-1` and the vendor-prefixed
 * `aws-eu-north-1` (case-insensitive, surrounding spaces ignored) and returns `eu-north-1`.
 * Raises `REGION_INVALID` for a region the provider does not have, naming the provider it belongs
 * to when it is another's.
 */
export function normalizeRegion(provider: CloudProviderId, input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new ByocError({
      code: 'REGION_INVALID',
      message: `The region must be a non-empty string such as "${exampleRegion(provider)}".`,
      details: { provider, region: input },
    });
  }
  const lowered = input.trim().toLowerCase();
  const prefix = regionPrefixes[provider];
  const candidates = lowered.startsWith(prefix) ? [lowered.slice(prefix.length), lowered] : [lowered];
  for (const candidate of candidates) {
    if (byId.has(`${provider}:${candidate}`)) return candidate;
  }
  const owner = otherOwner(provider, lowered);
  throw new ByocError({
    code: 'REGION_INVALID',
    message: owner
      ? `The region ${quote(input)} is a ${owner} region, but the custom cloud is on ${provider}. Use a region of ${provider} such as "${exampleRegion(provider)}".`
      : `The region ${quote(input)} is not in byoc-kit's catalogue of ${provider} regions. Use one of regions('${provider}'), such as "${exampleRegion(provider)}".`,
    details: { provider, region: input, ...(owner ? { belongsTo: owner } : {}) },
  });
}

/** The regions a provider offers. */
export function regions(provider: CloudProviderId): readonly RegionInfo[] {
  return regionCatalogue[provider];
}

function otherOwner(provider: CloudProviderId, lowered: string): CloudProviderId | undefined {
  for (const other of Object.keys(regionCatalogue) as CloudProviderId[]) {
    if (other === provider) continue;
    const prefix = regionPrefixes[other];
    const bare = lowered.startsWith(prefix) ? lowered.slice(prefix.length) : lowered;
    if (byId.has(`${other}:${bare}`)) return other;
  }
  return undefined;
}

function exampleRegion(provider: CloudProviderId): string {
  return { aws: 'eu-north-1', gcp: 'europe-north1', azure: 'westeurope' }[provider];
}
