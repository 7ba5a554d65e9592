import type { CloudProviderId } from '../cloud-provider.js';

/** One region of a provider's catalogue. */
export interface RegionInfo {
  readonly provider: CloudProviderId;
  /** Canonical region name: `eu-north-1`, `europe-north1`, `westeurope`. */
  readonly id: string;
  /** Human-readable name: `Europe (Stockholm)`, `Hamina, Finland`, `West Europe`. */
  readonly displayName: string;
  /** Availability zones, so templates need no cloud call; empty where the region has none. */
  readonly zones: readonly string[];
  /** AWS partition of the region (`aws`, `aws-cn`, `aws-us-gov`); absent elsewhere. */
  readonly partition?: 'aws' | 'aws-cn' | 'aws-us-gov';
}
