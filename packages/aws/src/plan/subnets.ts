import { type CustomCloud, findRegion, planSubnets, subnetTiersFor } from '@byoc-kit/core';

/** How many availability zones the template spreads subnets over. */
export const awsZoneCount = 3;

/** One subnet of a custom cloud's VPC. */
export interface AwsSubnet {
  readonly cidr: string;
  readonly zone: string;
  readonly tier: string;
}

/** The subnets of a custom cloud, keyed `<tier>-<zone>`: Terraform's variable, CloudFormation's lists. */
export function awsSubnets(cloud: CustomCloud): Record<string, AwsSubnet> {
  const zones = (findRegion('aws', cloud.region)?.zones ?? []).slice(0, awsZoneCount);
  const plan = planSubnets(cloud.reservedCidr, { zones, tiers: subnetTiersFor(cloud.deploymentModel), provider: 'aws' });
  return Object.fromEntries(
    plan.subnets.map((subnet) => [`${subnet.tier}-${subnet.zone}`, { cidr: subnet.cidr, zone: subnet.zone, tier: subnet.tier }]),
  );
}
