// Benchmark of byoc-kit's OpenTelemetry instrumentation on a health sweep of 10,000 active AWS
// clouds as it runs in a vendor's worker: the AWS provider checks each role through the AWS SDK
// against the loopback STS and IAM stand-in (AssumeRole with the cloud's external ID and source
// identity, GetCallerIdentity, the permission simulation), and the memory store keeps the audit
// trail and health. No SDK, the no-op API, an SDK without and with byoc-kit's telemetry, side by side
// in one run (tools/telemetry-bench.ts says how): one round, each setup sweeping all 10,000 clouds
// 250 at a time (about 10 minutes on 2 cores; BYOC_BENCH_CLOUDS and BYOC_BENCH_ROUNDS change it). The stand-in
// runs in a process of its own on 127.0.0.1 and answers in about a millisecond; STS across the
// internet takes tens, so a real sweep dilutes the instrumentation more.
//   npx -y pnpm@10 bench        (or: node --expose-gc --import tsx packages/aws/bench/telemetry.bench.ts)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createByoc, createMemoryStore, setTelemetryEnabled } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { benchCloud, runTelemetryBench } from '../../../tools/telemetry-bench.js';
import { createAwsProvider } from '../src/index.js';

const clouds = Number(process.env.BYOC_BENCH_CLOUDS ?? 10_000);
// The stand-in runs in its own process, as STS runs elsewhere: only the vendor's side is measured.
const standIn = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./sts-stand-in-process.ts', import.meta.url))], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [line] = (await once(createInterface({ input: standIn.stdout as Readable }), 'line')) as [string];
process.env.AWS_ENDPOINT_URL_STS = line;
process.env.AWS_ENDPOINT_URL_IAM = line;
process.env.AWS_ACCESS_KEY_ID = 'AKIAVENDORBENCH00000';
process.env.AWS_SECRET_ACCESS_KEY = 'vendor-secret-for-the-stand-in';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_REGION = 'us-east-1';

const aws = createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' });
const store = createMemoryStore();
const ids: string[] = [];
for (let index = 0; index < clouds; index++) {
  const { id, externalId, input } = benchCloud(index);
  const roleArn = `arn:aws:iam::123456789012:role/cce-bench-${index}`;
  await store.insert(makeCustomCloud(input, { id, externalId, state: 'active', access: aws.parseAccess(roleArn) }));
  ids.push(id);
}
const byoc = createByoc({
  providers: [aws],
  store,
  health: { intervalMs: 60_000, failuresBeforeDisconnect: 3, checkDeadlineMs: 10_000 },
  onBackgroundError: () => undefined,
});

try {
  await runTelemetryBench({
    title: 'Health sweep of AWS clouds, STS and IAM on a loopback stand-in',
    ids,
    check: async (id) => {
      const { report } = await byoc.checkHealth(id);
      if (!report.ok) throw new Error(`the health check of ${id} failed: ${report.error?.code}`);
    },
    setTelemetryEnabled,
    rounds: Number(process.env.BYOC_BENCH_ROUNDS ?? 1),
    part: 250,
    spansAre: 'byoc.health_check, its byoc.check spans and the STS and IAM client spans per cloud',
  });
} finally {
  standIn.stdin?.end();
}
