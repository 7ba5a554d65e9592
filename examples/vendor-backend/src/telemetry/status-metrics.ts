import type { Attributes } from '@opentelemetry/api';
import { type DataPoint, type Histogram, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** A cloud call count of `byoc.cloud_calls`. */
export interface CallCount {
  readonly service: string;
  readonly method: string;
  readonly outcome: string;
  readonly count: number;
}

/** What the operators' status page reads from byoc-kit's metrics in this process. */
export interface MetricsSnapshot {
  /** When this process started counting (the counters are this replica's since then). */
  readonly since: string;
  /** `byoc.clouds` by state; undefined when no worker of this process reports it (`startWorker({ metrics: false })`). */
  readonly clouds: Readonly<Record<string, number>> | undefined;
  /** `byoc.queue.depth` and `byoc.queue.oldest_age` by queue. */
  readonly queues: readonly { readonly name: string; readonly waiting: number; readonly oldestWaitingSeconds: number }[];
  /** `byoc.verification.duration` by provider and outcome: how many, and their mean. */
  readonly verifications: readonly {
    readonly provider: string;
    readonly outcome: string;
    readonly count: number;
    readonly meanSeconds: number;
  }[];
  /** `byoc.health_check.failures` by provider and code. */
  readonly healthCheckFailures: readonly { readonly provider: string; readonly code: string; readonly count: number }[];
  /** `byoc.cloud_calls` by service, method and outcome (throttling included). */
  readonly cloudCalls: readonly CallCount[];
}

/** Reads the metrics on demand. */
export interface StatusMetrics {
  read(): Promise<MetricsSnapshot>;
}

/**
 * A metric reader that exports nowhere: the status page collects through it when asked, beside
 * whatever reader exports to the vendor's collector. Register it with the process's MeterProvider.
 */
export class StatusMetricReader extends MetricReader implements StatusMetrics {
  readonly #since: string;

  constructor(now: () => Date = () => new Date()) {
    super();
    this.#since = now().toISOString();
  }

  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}

  async read(): Promise<MetricsSnapshot> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) throw new AggregateError(errors, 'collecting the metrics failed');
    return snapshotOf(resourceMetrics, this.#since);
  }
}

const text = (attributes: Attributes, key: string) => String(attributes[key] ?? '');

/** byoc-kit's metrics (scope `@byoc-kit/core`) in the shape the status page shows. */
export function snapshotOf(resourceMetrics: ResourceMetrics, since: string): MetricsSnapshot {
  const points = new Map<string, DataPoint<unknown>[]>();
  for (const scope of resourceMetrics.scopeMetrics) {
    if (scope.scope.name !== '@byoc-kit/core') continue;
    for (const metric of scope.metrics) points.set(metric.descriptor.name, metric.dataPoints as DataPoint<unknown>[]);
  }
  const numbers = (name: string) => (points.get(name) ?? []) as DataPoint<number>[];
  const clouds = points.has('byoc.clouds')
    ? Object.fromEntries(numbers('byoc.clouds').map((point) => [text(point.attributes, 'byoc.state'), point.value]))
    : undefined;
  const oldest = new Map(
    numbers('byoc.queue.oldest_age').map((point) => [text(point.attributes, 'messaging.destination.name'), point.value]),
  );
  const queues = numbers('byoc.queue.depth').map((point) => {
    const name = text(point.attributes, 'messaging.destination.name');
    return { name, waiting: point.value, oldestWaitingSeconds: oldest.get(name) ?? 0 };
  });
  const verifications = ((points.get('byoc.verification.duration') ?? []) as DataPoint<Histogram>[]).map((point) => ({
    provider: text(point.attributes, 'byoc.provider'),
    outcome: text(point.attributes, 'byoc.outcome'),
    count: point.value.count,
    meanSeconds: point.value.count === 0 ? 0 : (point.value.sum ?? 0) / point.value.count,
  }));
  const healthCheckFailures = numbers('byoc.health_check.failures').map((point) => ({
    provider: text(point.attributes, 'byoc.provider'),
    code: text(point.attributes, 'byoc.error.code'),
    count: point.value,
  }));
  const cloudCalls = numbers('byoc.cloud_calls').map((point) => ({
    service: text(point.attributes, 'rpc.service'),
    method: text(point.attributes, 'rpc.method'),
    outcome: text(point.attributes, 'byoc.call.outcome'),
    count: point.value,
  }));
  const byCount = <T extends { count: number }>(rows: T[]) => rows.sort((a, b) => b.count - a.count);
  return {
    since,
    clouds,
    queues: queues.sort((a, b) => a.name.localeCompare(b.name)),
    verifications: byCount(verifications),
    healthCheckFailures: byCount(healthCheckFailures),
    cloudCalls: byCount(cloudCalls),
  };
}
