// Validates a custom cloud definition (a JSON file, `cloud.json` by default) the way a vendor's
// backend would on create, then prints the subnet plan its template will build.
//   tsx src/main.ts [path/to/cloud.json] [--peer 10.20.0.0/16 ...]
import { readFileSync } from 'node:fs';
import { ByocError, findRegion, parseCustomCloudInput, planSubnets, subnetTiersFor } from '@byoc-kit/core';

const args = process.argv.slice(2);
const peers: string[] = [];
let file = new URL('../cloud.json', import.meta.url).pathname;
for (let index = 0; index < args.length; index++) {
  const argument = args[index] as string;
  if (argument === '--peer') peers.push(args[++index] ?? '');
  else file = argument;
}

try {
  const cloud = parseCustomCloudInput(JSON.parse(readFileSync(file, 'utf8')), { cidr: { peers } });
  const region = findRegion(cloud.provider, cloud.region);
  const zones = (region?.zones ?? []).slice(0, 3);
  const plan = planSubnets(cloud.reservedCidr, {
    zones: zones.length > 0 ? zones : 1,
    tiers: subnetTiersFor(cloud.deploymentModel),
    provider: cloud.provider,
  });
  console.log(`Custom cloud "${cloud.displayName}" is valid.`);
  console.log(`  ${cloud.provider} ${cloud.region} (${region?.displayName}), ${cloud.deploymentModel}, ${cloud.reservedCidr}`);
  console.log(
    `  tags: ${JSON.stringify(cloud.tags)}  contacts: ${cloud.contacts.map((contact) => `${contact.email} (${contact.role})`).join(', ')}`,
  );
  console.log(
    `\nSubnet plan: ${plan.subnets.length} subnets of /${plan.subnetPrefix}, ${plan.reservedPerSubnet} addresses reserved by ${plan.provider} in each`,
  );
  console.table(
    plan.subnets.map(({ tier, zone, cidr, usableAddresses, firstUsable, lastUsable }) => ({
      tier,
      zone,
      cidr,
      usable: usableAddresses,
      firstUsable,
      lastUsable,
    })),
  );
  if (plan.spare.length > 0) console.log(`Spare blocks for later: ${plan.spare.join(', ')}`);
} catch (error) {
  if (!ByocError.isInstance(error)) throw error;
  console.error(`${error.code}: ${error.message}`);
  process.exitCode = 1;
}
