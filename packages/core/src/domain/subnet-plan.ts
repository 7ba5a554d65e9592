import { ByocError } from '../errors/index.js';
import type { CloudProviderId, DeploymentModel } from './custom-cloud-schema.js';
import { blockSize, formatCidr, formatIpv4, parseIpv4Network } from './ipv4-cidr.js';

/** Per-provider facts about subnets: addresses the cloud keeps, and the smallest subnet it allows. */
export const subnetRules = {
  aws: { reservedPerSubnet: 5, firstUsableOffset: 4, lastUsableOffset: 1, maxPrefix: 28 },
  azure: { reservedPerSubnet: 5, firstUsableOffset: 4, lastUsableOffset: 1, maxPrefix: 29 },
  gcp: { reservedPerSubnet: 4, firstUsableOffset: 2, lastUsableOffset: 2, maxPrefix: 29 },
} as const satisfies Record<CloudProviderId, unknown>;

/** What `planSubnets` splits the reserved CIDR into. */
export interface PlanSubnetsOptions {
  /** Availability zones (names from the region catalogue), or how many to plan for. */
  zones: readonly string[] | number;
  /** Subnet tiers, one subnet per zone each, e.g. `['private', 'bastion']`. */
  tiers: readonly string[];
  /** Decides the addresses reserved per subnet (5 on AWS and Azure, 4 on GCP). */
  provider: CloudProviderId;
  /** Refuse the plan when a subnet would have fewer usable addresses than this. Default 16. */
  minUsableAddresses?: number;
}

/** One subnet of a plan. */
export interface PlannedSubnet {
  readonly tier: string;
  readonly zone: string;
  readonly cidr: string;
  readonly totalAddresses: number;
  /** Addresses left once the provider's reserved ones are taken out. */
  readonly usableAddresses: number;
  readonly firstUsable: string;
  readonly lastUsable: string;
}

/** The reserved CIDR split into equal per-zone subnets per tier. */
export interface SubnetPlan {
  readonly cidr: string;
  readonly provider: CloudProviderId;
  /** Prefix length of every subnet. */
  readonly subnetPrefix: number;
  readonly reservedPerSubnet: number;
  /** Tier by tier, zone by zone within a tier. */
  readonly subnets: readonly PlannedSubnet[];
  /** Blocks of the subnet size left unallocated, free for later tiers. */
  readonly spare: readonly string[];
}

/** The subnet tiers a deployment model needs: bastion subnets only in the private model. */
export function subnetTiersFor(deploymentModel: DeploymentModel): readonly string[] {
  return deploymentModel === 'standard' ? ['private', 'bastion'] : ['public'];
}

/**
 * Splits a reserved CIDR into equal subnets, one per zone per tier, as large as the CIDR allows.
 * Raises `SUBNET_PLAN_INVALID` for malformed zones or tiers and `SUBNET_PLAN_TOO_SMALL` when the
 * subnets would be smaller than the provider allows or than `minUsableAddresses`.
 */
export function planSubnets(cidr: string, options: PlanSubnetsOptions): SubnetPlan {
  const network = parseIpv4Network(cidr, 'reserved CIDR');
  const rules = subnetRules[options.provider];
  if (!rules) {
    throw new ByocError({
      code: 'PROVIDER_INVALID',
      message: `The provider "${String(options.provider)}" is not one of aws, gcp, azure.`,
      details: { provider: options.provider },
    });
  }
  const zones = zoneNames(options.zones);
  const tiers = tierNames(options.tiers);
  const minUsable = options.minUsableAddresses ?? 16;
  if (!Number.isInteger(minUsable) || minUsable < 1) {
    throw planInvalid(`minUsableAddresses must be a positive whole number, not ${String(minUsable)}.`);
  }
  const count = zones.length * tiers.length;
  const subnetPrefix = network.prefix + Math.ceil(Math.log2(count));
  const usable = subnetPrefix > 32 ? 0 : blockSize(subnetPrefix) - rules.reservedPerSubnet;
  if (subnetPrefix > rules.maxPrefix || usable < minUsable) {
    throw new ByocError({
      code: 'SUBNET_PLAN_TOO_SMALL',
      message: `${formatCidr(network)} cannot hold ${count} subnets (${zones.length} zones x ${tiers.length} tiers) with at least ${minUsable} usable addresses each: each would be a /${subnetPrefix} with ${Math.max(usable, 0)} usable on ${options.provider}. Use a larger CIDR or fewer zones.`,
      details: {
        cidr: formatCidr(network),
        zones: zones.length,
        tiers: tiers.length,
        subnetPrefix,
        usableAddresses: Math.max(usable, 0),
        minUsableAddresses: minUsable,
      },
    });
  }
  const size = blockSize(subnetPrefix);
  const subnets: PlannedSubnet[] = [];
  for (const [tierIndex, tier] of tiers.entries()) {
    for (const [zoneIndex, zone] of zones.entries()) {
      const start = network.start + (tierIndex * zones.length + zoneIndex) * size;
      subnets.push({
        tier,
        zone,
        cidr: formatCidr({ start, prefix: subnetPrefix }),
        totalAddresses: size,
        usableAddresses: usable,
        firstUsable: formatIpv4(start + rules.firstUsableOffset),
        lastUsable: formatIpv4(start + size - 1 - rules.lastUsableOffset),
      });
    }
  }
  const spare: string[] = [];
  for (let start = network.start + count * size; start <= network.end; start += size) {
    spare.push(formatCidr({ start, prefix: subnetPrefix }));
  }
  return {
    cidr: formatCidr(network),
    provider: options.provider,
    subnetPrefix,
    reservedPerSubnet: rules.reservedPerSubnet,
    subnets,
    spare,
  };
}

function zoneNames(zones: readonly string[] | number): readonly string[] {
  if (typeof zones === 'number') {
    if (!Number.isInteger(zones) || zones < 1 || zones > 16) {
      throw planInvalid(`zones must be a whole number from 1 to 16, or a list of zone names; got ${zones}.`);
    }
    return Array.from({ length: zones }, (_, index) => String(index + 1));
  }
  return uniqueNames(zones, 'zone');
}

function tierNames(tiers: readonly string[]): readonly string[] {
  return uniqueNames(tiers, 'tier');
}

function uniqueNames(names: readonly string[], what: string): readonly string[] {
  if (!Array.isArray(names) || names.length === 0 || names.length > 16) {
    throw planInvalid(`Give between 1 and 16 ${what} names.`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name) || seen.has(name)) {
      throw planInvalid(
        `The ${what} name ${JSON.stringify(name)} is empty, malformed or repeated; use lower-case letters, digits and dashes.`,
      );
    }
    seen.add(name);
  }
  return names;
}

function planInvalid(message: string): ByocError {
  return new ByocError({ code: 'SUBNET_PLAN_INVALID', message });
}
