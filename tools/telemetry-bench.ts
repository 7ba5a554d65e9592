import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { formatDuration, seededRandom } from './bench-harness.js';
import { OnDemandMetricReader } from './on-demand-metric-reader.js';

// The side-by-side harness of the telemetry benchmarks (packages/core/bench/telemetry.bench.ts,
// packages/aws/bench/telemetry.bench.ts): one health sweep of every cloud per setup and round,
//   baseline  no SDK, byoc-kit's telemetry off (setTelemetryEnabled(false));
//   no-op     @opentelemetry/api with no SDK registered (a vendor process without OpenTelemetry);
//   SDK, off  the trace and metrics SDKs and the async context manager registered (a vendor process
//             with OpenTelemetry), byoc-kit's telemetry off: what the SDK costs by itself;
//   SDK       the same with byoc-kit's spans, batched to an exporter, and its metrics.
// The no-op setup is measured against the baseline, the SDK against the SDK without byoc-kit's
// telemetry: a vendor's process pays for its SDK (its context manager makes every promise dearer)
// whatever byoc-kit does. Every round, each setup checks every cloud once; the four sweeps run
// interleaved, a part of the clouds at a time in a shuffled order, so what drifts during a run (the
// heap grows with the audit trail, the garbage collector runs when it will) weighs on all alike.

/** The cloud a benchmark sweeps at `index`: its id, external ID and input, spread over 50 organizations. */
export function benchCloud(index: number) {
  return {
    id: `00000000-0000-4000-8000-${index.toString().padStart(12, '0')}`,
    externalId: `BenchExternalId${index.toString().padStart(17, '0')}`,
    input: {
      organizationId: `org-${index % 50}`,
      displayName: `Bench ${index}`,
      provider: 'aws' as const,
      region: 'us-east-1',
      reservedCidr: '10.0.0.0/16',
      contacts: [{ email: 'admin@acme.example', role: 'Admin' as const }],
    },
  };
}

/** The four setups. */
export const telemetrySetups = ['baseline', 'no-op', 'SDK, off', 'SDK'] as const;
export type TelemetrySetup = (typeof telemetrySetups)[number];

/**
 * An exporter that keeps nothing but a count: what an OTLP exporter leaves behind once a batch is
 * sent. (The SDK's InMemorySpanExporter keeps every span, and the benchmark would measure the
 * garbage collector's work on them rather than the instrumentation.)
 */
class CountingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.exported += spans.length;
    done({ code: 0 }); // ExportResultCode.SUCCESS
  }
  async shutdown(): Promise<void> {}
}

interface Sdk {
  readonly tracers: BasicTracerProvider;
  readonly meters: MeterProvider;
  readonly reader: OnDemandMetricReader;
  readonly exporter: CountingExporter;
}

function useSetup(setup: TelemetrySetup, setTelemetryEnabled: (on: boolean) => void): Sdk | undefined {
  trace.disable();
  metrics.disable();
  context.disable();
  setTelemetryEnabled(setup === 'no-op' || setup === 'SDK');
  if (setup === 'baseline' || setup === 'no-op') return undefined;
  const reader = new OnDemandMetricReader();
  const exporter = new CountingExporter();
  const sdk: Sdk = {
    // A queue that holds a part's spans: the default (2,048) drops most of them in a tight loop.
    tracers: new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 65_536 })] }),
    meters: new MeterProvider({ readers: [reader] }),
    reader,
    exporter,
  };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(sdk.tracers);
  metrics.setGlobalMeterProvider(sdk.meters);
  return sdk;
}

/** With an SDK a sweep runs in a span of the vendor's own (its job's), active through the context manager, as in a vendor's worker. */
function inVendorSpan<T>(operation: () => Promise<T>): Promise<T> {
  const span = trace.getTracer('vendor').startSpan('vendor.health_sweep');
  return context.with(trace.setSpan(context.active(), span), operation).finally(() => span.end());
}

/** What a telemetry benchmark measures, and how. */
export interface TelemetryBench {
  /** The first line of the report. */
  readonly title: string;
  /** The clouds swept. */
  readonly ids: readonly string[];
  /** One health check. */
  readonly check: (id: string) => Promise<unknown>;
  /** core's `setTelemetryEnabled`. */
  readonly setTelemetryEnabled: (on: boolean) => void;
  readonly rounds: number;
  /** How many clouds a setup checks before the next takes over. */
  readonly part: number;
  /** What the spans exported a sweep are, for the report's last line. */
  readonly spansAre: string;
}

/** Runs the four setups side by side and prints their sweeps, per-check times and ratios. */
export async function runTelemetryBench(bench: TelemetryBench): Promise<void> {
  const collectGarbage = (globalThis as { gc?: () => void }).gc;
  const random = seededRandom(20261207);
  const shuffled = <T>(values: readonly T[]): T[] => {
    const copy = [...values];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  };
  const sweep = async (part: readonly string[]) => {
    const started = process.hrtime.bigint();
    for (const id of part) await bench.check(id);
    return Number(process.hrtime.bigint() - started);
  };
  // Per round, each setup's sweep; per part of a round, each setup's time on it.
  const times: Record<TelemetrySetup, number[]> = { baseline: [], 'no-op': [], 'SDK, off': [], SDK: [] };
  const parts: Record<TelemetrySetup, number>[] = [];
  let spansPerSweep = 0;
  useSetup('no-op', bench.setTelemetryEnabled);
  await sweep(bench.ids); // warm-up: JIT, the store's maps, the audit trail
  for (let round = 0; round < bench.rounds; round++) {
    collectGarbage?.();
    for (const setup of telemetrySetups) times[setup][round] = 0;
    let spans = 0;
    for (let start = 0; start < bench.ids.length; start += bench.part) {
      const part = bench.ids.slice(start, start + bench.part);
      const partTimes = { baseline: 0, 'no-op': 0, 'SDK, off': 0, SDK: 0 };
      parts.push(partTimes);
      for (const setup of shuffled(telemetrySetups)) {
        const sdk = useSetup(setup, bench.setTelemetryEnabled);
        const elapsed = sdk ? await inVendorSpan(() => sweep(part)) : await sweep(part);
        times[setup][round] = (times[setup][round] as number) + elapsed;
        partTimes[setup] = elapsed;
        if (sdk) {
          await sdk.tracers.forceFlush();
          const { errors } = await sdk.reader.collect();
          if (errors.length > 0) throw new AggregateError(errors, 'collecting the metrics failed');
          if (setup === 'SDK') spans += sdk.exporter.exported - 1; // less the vendor's own span
          await Promise.all([sdk.tracers.shutdown(), sdk.meters.shutdown()]);
        }
      }
    }
    spansPerSweep = spans;
  }
  useSetup('no-op', bench.setTelemetryEnabled);
  report(bench, times, parts, spansPerSweep, collectGarbage !== undefined);
}

function report(
  bench: TelemetryBench,
  times: Record<TelemetrySetup, number[]>,
  parts: readonly Record<TelemetrySetup, number>[],
  spansPerSweep: number,
  collected: boolean,
): void {
  const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
  const median = (values: readonly number[]) => sorted(values)[Math.floor(values.length / 2)] as number;
  const rows: { setup: TelemetrySetup; name: string; against?: TelemetrySetup; goal?: string }[] = [
    { setup: 'baseline', name: 'no SDK, byoc-kit telemetry off' },
    { setup: 'no-op', name: '@opentelemetry/api, no SDK (no-op)', against: 'baseline', goal: '<= 1.02' },
    { setup: 'SDK, off', name: 'SDK, byoc-kit telemetry off', against: 'baseline' },
    { setup: 'SDK', name: "SDK with byoc-kit's spans and metrics", against: 'SDK, off', goal: '<= 1.10' },
  ];
  console.log(`\n${bench.title}: ${bench.ids.length.toLocaleString('en')} clouds, medians of ${bench.rounds} rounds`);
  if (!collected) console.log('(run with node --expose-gc for steadier figures: each round then starts from a collected heap)');
  console.log(
    `${'setup'.padEnd(40)}${'sweep'.padStart(10)}${'per check'.padStart(12)}   ratio: median of ${parts.length} parts' (middle half of them)`,
  );
  for (const row of rows) {
    const value = median(times[row.setup]);
    let ratio = '';
    if (row.against !== undefined) {
      const against = row.against;
      // Within a part the setups ran back to back, in a shuffled order: the part's ratio compares like with like.
      const perPart = sorted(parts.map((part) => part[row.setup] / part[against]));
      const quartile = (at: number) => (perPart[Math.floor((perPart.length - 1) * at)] as number).toFixed(3);
      ratio = `${median(perPart).toFixed(3)} of "${against}" (${quartile(0.25)}-${quartile(0.75)})`;
      if (row.goal) ratio += `, goal ${row.goal}`;
    }
    console.log(
      `${row.name.padEnd(40)}${formatDuration(value).padStart(10)}${formatDuration(value / bench.ids.length).padStart(12)}   ${ratio}`,
    );
  }
  console.log(`SDK against the baseline: ${median(parts.map((part) => part.SDK / part.baseline)).toFixed(3)}.`);
  console.log(`The SDK setup exported ${spansPerSweep.toLocaleString('en')} spans a sweep (${bench.spansAre}).`);
}
