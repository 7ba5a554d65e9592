// Benchmark of the AWS adapter: Terraform bundles rendered per second in one process, and the
// wall time of a fresh process that imports core and aws and renders one bundle, beside a bare
// `node -e ''` in the same run. Also checks that rendering never loads @aws-sdk/client-sts or @aws-sdk/client-iam.
//   npx -y pnpm@10 bench     (needs the packages built; the bench script builds them)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createByoc, createMemoryStore } from '@byoc-kit/core';
import { formatDuration, medianNanoseconds, medianProcessNanoseconds } from '../../../tools/bench-harness.js';
import { createAwsProvider } from '../src/index.js';

const aws = createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' });
const byoc = createByoc({ providers: [aws], store: createMemoryStore() });
const clouds = await Promise.all(
  Array.from({ length: 50 }, (_, index) =>
    byoc.create({
      organizationId: 'org',
      displayName: `Bench ${index}`,
      provider: 'aws',
      region: index % 2 ? 'eu-north-1' : 'us-east-1',
      reservedCidr: `10.${index}.0.0/16`,
      deploymentModel: index % 3 ? 'standard' : 'standard_public',
      objectStorage: { enabled: index % 2 === 0 },
      tags: { env: 'bench', index: String(index) },
    }),
  ),
);

const perBundle = medianNanoseconds(21, clouds.length, () => {
  for (const cloud of clouds) void aws.generateTemplate(cloud);
});
// generateTemplate is async only by contract; make sure the rendering was real work.
const bundle = await aws.generateTemplate(clouds[0] as (typeof clouds)[number]);
if (bundle.files.length !== 6) throw new Error('unexpected bundle');

const probe = fileURLToPath(new URL('../../../tools/render-once.mjs', import.meta.url));
const bare = medianProcessNanoseconds(11, process.execPath, ['-e', '']);
const fresh = medianProcessNanoseconds(11, process.execPath, [probe, 'aws', '--plain']);
const probeResult = JSON.parse(execFileSync(process.execPath, [probe, 'aws'], { encoding: 'utf8' })) as {
  sdkLoaded: boolean;
  modules: number;
};

console.log(`AWS adapter (node ${process.version})`);
console.table([
  {
    measure: 'Terraform bundle, in process',
    median: formatDuration(perBundle),
    figure: `${Math.round(1e9 / perBundle).toLocaleString('en-US')} bundles/s`,
  },
  { measure: "bare `node -e ''`", median: formatDuration(bare), figure: '1.00x (baseline)' },
  {
    measure: 'fresh process: import core + aws, render one bundle',
    median: formatDuration(fresh),
    figure: `${(fresh / bare).toFixed(2)}x the bare process`,
  },
]);
console.log(
  `modules loaded by the fresh process: ${probeResult.modules}; AWS SDK clients loaded: ${probeResult.sdkLoaded ? 'YES (regression)' : 'none'}`,
);
if (probeResult.sdkLoaded) process.exitCode = 1;
