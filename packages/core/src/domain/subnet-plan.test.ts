import { describe, expect, it } from 'vitest';
import { ByocError } from '../errors/index.js';
import { planSubnets, subnetTiersFor } from './subnet-plan.js';

describe('planSubnets', () => {
  it('splits a /16 into per-zone subnets per tier with AWS usable counts', () => {
    const plan = planSubnets('10.0.0.0/16', {
      zones: ['eu-north-1a', 'eu-north-1b', 'eu-north-1c'],
      tiers: ['private', 'bastion'],
      provider: 'aws',
    });
    expect(plan.subnetPrefix).toBe(19);
    expect(plan.subnets.map((subnet) => `${subnet.tier}:${subnet.zone}:${subnet.cidr}`)).toEqual([
      'private:eu-north-1a:10.0.0.0/19',
      'private:eu-north-1b:10.0.32.0/19',
      'private:eu-north-1c:10.0.64.0/19',
      'bastion:eu-north-1a:10.0.96.0/19',
      'bastion:eu-north-1b:10.0.128.0/19',
      'bastion:eu-north-1c:10.0.160.0/19',
    ]);
    expect(plan.subnets[0]).toMatchObject({
      totalAddresses: 8192,
      usableAddresses: 8187,
      firstUsable: '10.0.0.4',
      lastUsable: '10.0.31.254',
    });
    expect(plan.spare).toEqual(['10.0.192.0/19', '10.0.224.0/19']);
  });

  it.each([
    ['aws', 5, '10.0.0.4', '10.0.0.126'],
    ['azure', 5, '10.0.0.4', '10.0.0.126'],
    ['gcp', 4, '10.0.0.2', '10.0.0.125'],
  ] as const)('reserves the addresses %s keeps', (provider, reserved, first, last) => {
    const plan = planSubnets('10.0.0.0/24', { zones: 2, tiers: ['public'], provider });
    expect(plan.reservedPerSubnet).toBe(reserved);
    expect(plan.subnets[0]).toMatchObject({ cidr: '10.0.0.0/25', usableAddresses: 128 - reserved, firstUsable: first, lastUsable: last });
  });

  it('names the tiers of each deployment model', () => {
    expect(subnetTiersFor('standard')).toEqual(['private', 'bastion']);
    expect(subnetTiersFor('standard_public')).toEqual(['public']);
  });

  it.each([
    [
      'a plan below the usable minimum',
      '10.0.0.0/24',
      { zones: 3, tiers: ['private', 'bastion'], provider: 'aws', minUsableAddresses: 64 },
      'SUBNET_PLAN_TOO_SMALL',
    ],
    [
      'subnets smaller than AWS allows',
      '10.0.0.0/24',
      { zones: 16, tiers: ['a', 'b'], provider: 'aws', minUsableAddresses: 1 },
      'SUBNET_PLAN_TOO_SMALL',
    ],
    ['no zones', '10.0.0.0/16', { zones: [], tiers: ['private'], provider: 'aws' }, 'SUBNET_PLAN_INVALID'],
    ['zero zones', '10.0.0.0/16', { zones: 0, tiers: ['private'], provider: 'aws' }, 'SUBNET_PLAN_INVALID'],
    ['repeated zones', '10.0.0.0/16', { zones: ['a', 'a'], tiers: ['private'], provider: 'aws' }, 'SUBNET_PLAN_INVALID'],
    ['no tiers', '10.0.0.0/16', { zones: 1, tiers: [], provider: 'aws' }, 'SUBNET_PLAN_INVALID'],
    ['a malformed tier', '10.0.0.0/16', { zones: 1, tiers: ['Private Tier'], provider: 'aws' }, 'SUBNET_PLAN_INVALID'],
    ['a bad minimum', '10.0.0.0/16', { zones: 1, tiers: ['private'], provider: 'aws', minUsableAddresses: 0 }, 'SUBNET_PLAN_INVALID'],
    ['an unknown provider', '10.0.0.0/16', { zones: 1, tiers: ['private'], provider: 'oracle' }, 'PROVIDER_INVALID'],
    ['host bits', '10.0.0.1/16', { zones: 1, tiers: ['private'], provider: 'aws' }, 'CIDR_HOST_BITS_SET'],
  ])('refuses %s', (_, cidr, options, code) => {
    expect(() => planSubnets(cidr, options as never)).toThrow(expect.objectContaining({ code }));
    try {
      planSubnets(cidr, options as never);
    } catch (error) {
      expect(ByocError.isInstance(error)).toBe(true);
    }
  });
});
