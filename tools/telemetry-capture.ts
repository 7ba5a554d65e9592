import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type DataPoint, MeterProvider, type MetricData } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { OnDemandMetricReader } from './on-demand-metric-reader.js';

/** A metric read back: its name and each data point's attributes and value (a number, or a histogram's count and sum). */
export interface CapturedPoint {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly value: number | { readonly count: number; readonly sum?: number };
}

/** The OpenTelemetry SDK registered for a test: what byoc-kit exported through `@opentelemetry/api`. */
export interface CapturedTelemetry {
  /** The spans ended so far. */
  spans(): ReadableSpan[];
  /** The spans ended so far named `name`. */
  spansNamed(name: string): ReadableSpan[];
  /** Collects every metric now, observable gauges included. */
  metrics(): Promise<CapturedPoint[]>;
  /** Everything exported so far, as an exporter would send it: each span's name, kind, attributes, status, events and links, and every metric point. */
  exported(): Promise<unknown>;
  /** Forgets the spans ended so far (metrics are cumulative). */
  clearSpans(): void;
  /** Unregisters the SDK: the API is a no-op again. */
  stop(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK globally, as a vendor's process does, with an in-memory span
 * exporter and a reader collected on demand, and an async context manager so spans nest.
 */
export function captureTelemetry(): CapturedTelemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new OnDemandMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans: () => exporter.getFinishedSpans(),
    spansNamed: (name) => exporter.getFinishedSpans().filter((span) => span.name === name),
    async metrics() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'collecting metrics failed');
      return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.flatMap(pointsOf));
    },
    async exported() {
      const spans = exporter.getFinishedSpans().map((span) => ({
        name: span.name,
        kind: span.kind,
        attributes: span.attributes,
        status: span.status,
        events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
        links: span.links.map((link) => link.attributes),
      }));
      return { spans, metrics: await this.metrics() };
    },
    clearSpans: () => exporter.reset(),
    async stop() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

/**
 * `captureTelemetry` for a test file, at its top level: registered before the file's first test,
 * its spans forgotten before each test, unregistered after the last.
 */
export function captureTelemetryInTests(): CapturedTelemetry {
  let captured: CapturedTelemetry | undefined;
  beforeAll(() => {
    captured = captureTelemetry();
  });
  afterAll(() => captured?.stop());
  beforeEach(() => captured?.clearSpans());
  const current = (): CapturedTelemetry => {
    if (captured === undefined)
      throw new Error('The telemetry is captured from the first test of the file on: read it inside a test or a hook.');
    return captured;
  };
  return {
    spans: () => current().spans(),
    spansNamed: (name) => current().spansNamed(name),
    metrics: () => current().metrics(),
    exported: () => current().exported(),
    clearSpans: () => current().clearSpans(),
    stop: () => current().stop(),
  };
}

function pointsOf(metric: MetricData): CapturedPoint[] {
  return (metric.dataPoints as DataPoint<unknown>[]).map((point) => ({
    name: metric.descriptor.name,
    attributes: point.attributes,
    value:
      typeof point.value === 'number'
        ? point.value
        : { count: (point.value as { count: number }).count, sum: (point.value as { sum?: number }).sum },
  }));
}

/** The id of a span's parent, or undefined for a root span. */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
