// Benchmark of byoc-kit's OpenTelemetry instrumentation on a health sweep of 10,000 active clouds:
// no SDK, the no-op API, an SDK without and with byoc-kit's telemetry, side by side in one run
// (tools/telemetry-bench.ts says how). Each check is one `byoc.checkHealth`: load the cloud, the
// provider's check (one AssumeRole as a client span, answered in memory), the audit entry and the
// health state written to the memory store. No network: the instrumentation's share is as large as
// it can be; packages/aws/bench/telemetry.bench.ts measures a check against a loopback STS. One
// check in 100 fails, so the failure counter runs too.
//   npx -y pnpm@10 bench        (or: node --expose-gc --import tsx packages/core/bench/telemetry.bench.ts)
import { benchCloud, runTelemetryBench } from '../../../tools/telemetry-bench.js';
import type { ProviderAccess } from '../src/domain/index.js';
import { createByoc, createMemoryStore, setTelemetryEnabled } from '../src/index.js';
import { cloudCall, createReportBuilder } from '../src/provider-utils.js';
import { createFakeProvider, makeCustomCloud } from '../src/testing/index.js';

const clouds = 10_000;

// The provider's check: one AssumeRole, instrumented as the AWS adapter's is, answered in memory.
const provider = createFakeProvider({
  async verify(cloud, access: ProviderAccess) {
    const report = createReportBuilder({ now: () => 0 });
    const denied = access.identity.endsWith('-denied');
    try {
      await cloudCall({ system: 'aws-api', service: 'STS', method: 'AssumeRole' }, async () => {
        if (denied) throw Object.assign(new Error(`not authorized: ${cloud.id}`), { name: 'AccessDenied' });
        return { $metadata: { requestId: 'bench' } };
      });
      report.check('assume-role', true, `assumed ${access.identity}`);
      return report.report();
    } catch {
      report.check('assume-role', false, 'denied');
      return report.report({ code: 'ACCESS_DENIED', message: 'Denied.', fault: 'customer' });
    }
  },
});

const store = createMemoryStore();
const ids: string[] = [];
for (let index = 0; index < clouds; index++) {
  const { id, externalId, input } = benchCloud(index);
  const identity = `fake:bench-${index}${index % 100 === 99 ? '-denied' : ''}`;
  await store.insert(
    makeCustomCloud(input, {
      id,
      externalId,
      state: 'active',
      access: { provider: 'aws', kind: 'fake_identity', identity, attributes: {} },
    }),
  );
  ids.push(id);
}
// A disconnection takes 100 failures in a row (more than the sweeps run): every cloud stays active throughout.
const byoc = createByoc({
  providers: [provider],
  store,
  health: { intervalMs: 60_000, failuresBeforeDisconnect: 100, checkDeadlineMs: 5_000 },
  onBackgroundError: () => undefined,
});

await runTelemetryBench({
  title: 'Health sweep, checks answered in memory (the instrumentation at its largest share)',
  ids,
  check: (id) => byoc.checkHealth(id),
  setTelemetryEnabled,
  rounds: 8,
  part: 250,
  spansAre: 'byoc.health_check, byoc.check and STS/AssumeRole per cloud',
});
