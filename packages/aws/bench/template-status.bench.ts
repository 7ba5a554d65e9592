// Benchmark of byoc.templateStatus: 10,000 AWS clouds spread over 20 template versions (the vendor
// added one permission per version), against byoc.get of the same clouds in the same run. Manifests
// and their diffs are cached by version, so a status costs a read of the cloud and a lookup.
//   npx -y pnpm@10 bench     (or: npx tsx packages/aws/bench/template-status.bench.ts)
import { type CustomCloud, createByoc, createMemoryStore } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { formatDuration } from '../../../tools/bench-harness.js';
import { createAwsProvider } from '../src/index.js';

const vendorPrincipalArn = 'arn:aws:iam::111122223333:role/vendor';
const actions = ['DescribeIpamPools', 'DescribeIpamScopes', 'DescribeTrafficMirrorTargets', 'DescribeHosts', 'DescribeFleets'];
const providers = Array.from({ length: 20 }, (_, version) =>
  createAwsProvider({
    vendorPrincipalArn,
    extraVendorStatements: Array.from({ length: version + 1 }, (__, index) => ({
      Effect: 'Allow' as const,
      Action: `ec2:${actions[index % actions.length]}`,
      Resource: `arn:aws:ec2:*:*:instance/bench-${index}`,
    })),
  }),
);
const manifests = providers.map((provider) => (provider.describeTemplate as NonNullable<typeof provider.describeTemplate>)());
const current = providers.at(-1) as (typeof providers)[number];
const clouds: CustomCloud[] = Array.from({ length: 10_000 }, (_, index) => ({
  ...makeCustomCloud(
    { organizationId: 'org', displayName: `Bench ${index}`, provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' },
    {
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      externalId: `BenchExternalId${String(index).padStart(17, '0')}`,
    },
  ),
  state: 'active',
  templateVersion: manifests[index % manifests.length]?.version ?? null,
}));
const store = createMemoryStore(clouds);
for (const manifest of manifests) await store.templates?.put(manifest);

async function timed(run: (id: string) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    for (const cloud of clouds) await run(cloud.id);
    samples.push(Number(process.hrtime.bigint() - started));
  }
  return samples.sort((a, b) => a - b)[2] as number;
}

let byoc = createByoc({ providers: [current], store });
const get = await timed((id) => byoc.get(id));
const status = await timed(async (id) => {
  const answer = await byoc.templateStatus(id);
  if (answer.current !== manifests.at(-1)?.version) throw new Error('unexpected current version');
  return answer;
});
byoc = createByoc({ providers: [current], store });
const cold = await (async () => {
  const started = process.hrtime.bigint();
  for (const cloud of clouds) await byoc.templateStatus(cloud.id);
  return Number(process.hrtime.bigint() - started);
})();
const sample = await byoc.templateStatus(clouds[0]?.id as string);

console.log(`templateStatus, 10,000 clouds on 20 template versions (node ${process.version})`);
console.table([
  { measure: 'byoc.get of every cloud (baseline)', total: formatDuration(get), figure: '1.00x' },
  { measure: 'templateStatus of every cloud', total: formatDuration(status), figure: `${(status / get).toFixed(2)}x the baseline` },
  { measure: 'templateStatus, caches empty at start', total: formatDuration(cold), figure: `${(cold / get).toFixed(2)}x the baseline` },
]);
console.log(`first cloud: ${sample.applied} -> ${sample.current}, ${sample.changes.length} change(s); target: under 1 s for all 10,000`);
