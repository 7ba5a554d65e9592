import { MetricReader } from '@opentelemetry/sdk-metrics';

/** A metric reader that exports nothing by itself: its owner calls `collect()` when it wants the figures. */
export class OnDemandMetricReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}
