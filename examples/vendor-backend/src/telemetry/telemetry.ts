import { metrics, type ProxyTracerProvider, trace } from '@opentelemetry/api';
import { MeterProvider, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { StatusMetricReader, type StatusMetrics } from './status-metrics.js';

/** The process's OpenTelemetry, as `startTelemetry` set it up. */
export interface Telemetry {
  /** Where the operators' status page reads byoc-kit's metrics (always there, exporter or not). */
  readonly status: StatusMetrics;
  /** Where spans and metrics go, in words: the OTLP endpoint, or that they stay in the process. */
  readonly description: string;
  /** Exports the spans and metrics pending now (the SDK batches them). */
  flush(): Promise<void>;
  /** Exports what is pending and unregisters (on SIGTERM, before the process exits). */
  shutdown(): Promise<void>;
}

/** Options of `startTelemetry`; the environment decides by default. */
export interface TelemetryOptions {
  /** Read for `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_SERVICE_NAME` and the exporters' own `OTEL_*` settings. */
  readonly environment?: NodeJS.ProcessEnv;
  /** Exports spans here instead of OTLP (tests: an in-memory exporter); starts the SDK without an endpoint. */
  readonly spanExporter?: SpanExporter;
  /** Exports metrics here instead of OTLP, every `metricIntervalMs` (default: OTEL_METRIC_EXPORT_INTERVAL or 60 s). */
  readonly metricExporter?: PushMetricExporter;
  readonly metricIntervalMs?: number;
}

/**
 * Sets up OpenTelemetry for the backend before anything else runs. With `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (or exporters given), the OpenTelemetry Node SDK: traces and metrics over OTLP/HTTP to the vendor's
 * collector, the process's resource (`OTEL_SERVICE_NAME`, default `byoc-kit-vendor-backend`), W3C
 * trace context propagation. Without it, only a meter provider whose reader the status page
 * collects: spans stay no-ops, and nothing leaves the process. Either way byoc-kit's metrics are
 * read by the operators' status page (`/status`).
 */
export async function startTelemetry(options: TelemetryOptions = {}): Promise<Telemetry> {
  const environment = options.environment ?? process.env;
  const status = new StatusMetricReader();
  const endpoint = environment.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint && !options.spanExporter && !options.metricExporter) {
    const provider = new MeterProvider({ readers: [status] });
    metrics.setGlobalMeterProvider(provider);
    return {
      status,
      description: 'OpenTelemetry: metrics for /status only (set OTEL_EXPORTER_OTLP_ENDPOINT to export traces and metrics)',
      flush: () => provider.forceFlush(),
      async shutdown() {
        await provider.shutdown();
        metrics.disable();
      },
    };
  }
  // Loaded only when exporting: the SDK and its exporters are most of a second to import.
  const [{ NodeSDK }, { OTLPTraceExporter }, { OTLPMetricExporter }, { PeriodicExportingMetricReader }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
    import('@opentelemetry/sdk-metrics'),
  ]);
  const interval = options.metricIntervalMs ?? (Number(environment.OTEL_METRIC_EXPORT_INTERVAL) || 60_000);
  const sdk = new NodeSDK({
    serviceName: environment.OTEL_SERVICE_NAME ?? 'byoc-kit-vendor-backend',
    traceExporter: options.spanExporter ?? new OTLPTraceExporter(),
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: options.metricExporter ?? new OTLPMetricExporter(),
        exportIntervalMillis: interval,
        exportTimeoutMillis: Math.min(30_000, interval),
      }),
      status,
    ],
  });
  sdk.start();
  return {
    status,
    description: `OpenTelemetry: traces and metrics to ${endpoint ?? 'the exporters given'}`,
    async flush() {
      // The SDK registers its providers behind the API's proxies; both flush.
      const tracerProvider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as { forceFlush?: () => Promise<void> };
      const meterProvider = metrics.getMeterProvider() as { forceFlush?: () => Promise<void> };
      await Promise.all([tracerProvider.forceFlush?.(), meterProvider.forceFlush?.()]);
    },
    shutdown: () => sdk.shutdown(),
  };
}
