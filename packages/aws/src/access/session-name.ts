import type { CustomCloud } from '@byoc-kit/core';

/** An STS session name (2-64 of `[\w+=,.@-]`) that names the custom cloud, for CloudTrail. */
export function sessionNameFor(cloud: Pick<CustomCloud, 'id'>): string {
  return `byoc-${cloud.id}`.slice(0, 64);
}
