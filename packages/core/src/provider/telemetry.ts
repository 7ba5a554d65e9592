import {
  type Attributes,
  type Counter,
  context,
  createNoopMeter,
  type Histogram,
  INVALID_SPAN_CONTEXT,
  type Link,
  type Meter,
  type MeterProvider,
  metrics,
  ProxyTracerProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';

/**
 * byoc-kit's OpenTelemetry instrumentation, on `@opentelemetry/api` alone: a no-op until the
 * vendor's process registers an SDK. Spans and metrics carry ids, names, codes and counts only,
 * never a message or a value a customer gave (a message can hold an external ID; an external ID,
 * a secret or a session credential is never an attribute). The names are in core's README.
 */
export const instrumentationScope = '@byoc-kit/core';

/** How a call to a cloud API ended, as the `byoc.cloud_calls` counter tells them apart. */
export type CallOutcome = 'ok' | 'denied' | 'not_found' | 'throttled' | 'error';

interface Instruments {
  readonly verificationDuration: Histogram;
  readonly healthFailures: Counter;
  readonly cloudCalls: Counter;
}

let enabled = true;

/**
 * Turns byoc-kit's spans and metrics off, or on again, for this process, whatever OpenTelemetry
 * SDK is registered: off, every span is a non-recording one and nothing is counted or observed.
 * For a vendor who exports its own telemetry and not byoc-kit's, and for the benchmark's baseline.
 */
export function setTelemetryEnabled(on: boolean): void {
  enabled = on;
}

/** Whether byoc-kit reports spans and metrics (`setTelemetryEnabled`). */
export function telemetryEnabled(): boolean {
  return enabled;
}

const silentSpan = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

// Without an SDK every span would be a non-recording one and every count dropped: byoc-kit then
// makes none, so a process without OpenTelemetry pays next to nothing (the health sweep benchmark
// in bench/telemetry.bench.ts measures it). The API's no-op provider and counter are singletons.
const noopTracerProvider = new ProxyTracerProvider().getDelegate();
const noopCounter = createNoopMeter().createCounter('byoc.noop');
let tracerOf: { provider: TracerProvider; tracer: Tracer } | undefined;

/** byoc-kit's tracer from the registered SDK; undefined when there is none or telemetry is off. */
function activeTracer(): Tracer | undefined {
  if (!enabled) return undefined;
  const global = trace.getTracerProvider();
  const provider = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  if (provider === noopTracerProvider) return undefined;
  if (tracerOf?.provider !== provider) tracerOf = { provider, tracer: provider.getTracer(instrumentationScope) };
  return tracerOf.tracer;
}

/** byoc-kit's instruments from the registered SDK; undefined when there is none or telemetry is off. */
function activeInstruments(): Instruments | undefined {
  if (!enabled) return undefined;
  const value = instrumentsNow();
  return value.cloudCalls === noopCounter ? undefined : value;
}

// The API hands out no-op meters until an SDK is registered, and no proxy: the instruments are made
// again whenever the global meter provider changes.
let instruments: { provider: MeterProvider; value: Instruments } | undefined;

/** The meter of byoc-kit, for observable instruments registered by the runtime. */
export function byocMeter(): Meter {
  return metrics.getMeter(instrumentationScope);
}

function instrumentsNow(): Instruments {
  const provider = metrics.getMeterProvider();
  if (instruments?.provider === provider) return instruments.value;
  const meter = provider.getMeter(instrumentationScope);
  const value: Instruments = {
    verificationDuration: meter.createHistogram('byoc.verification.duration', {
      description: 'How long a verification of a custom cloud took, by provider and outcome.',
      unit: 's',
    }),
    healthFailures: meter.createCounter('byoc.health_check.failures', {
      description: 'Health checks that failed, by provider and error code.',
      unit: '{check}',
    }),
    cloudCalls: meter.createCounter('byoc.cloud_calls', {
      description: 'Calls to cloud APIs (STS, IAM, Google), by service, method and outcome; throttling included.',
      unit: '{call}',
    }),
  };
  instruments = { provider, value };
  return value;
}

/**
 * Runs `operation` in a span named `name`, active for what it calls: ended when it settles, its
 * status an error when it throws (with the error's code only, never its message).
 */
export async function inSpan<T>(
  name: string,
  options: { readonly attributes?: Attributes; readonly kind?: SpanKind; readonly links?: Link[] },
  operation: (span: Span) => Promise<T>,
): Promise<T> {
  const tracer = activeTracer();
  if (tracer === undefined) return operation(silentSpan);
  const span = tracer.startSpan(name, {
    kind: options.kind ?? SpanKind.INTERNAL,
    attributes: options.attributes ?? {},
    ...(options.links ? { links: options.links } : {}),
  });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => operation(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorCodeOf(error) });
    span.setAttribute('error.type', errorCodeOf(error));
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A span for a step that already happened (a check of a verification), from `startTime` to now,
 * under the active span.
 */
export function recordStep(name: string, startTime: number, attributes: Attributes, ok: boolean): void {
  const tracer = activeTracer();
  if (tracer === undefined) return;
  const span = tracer.startSpan(name, { startTime, attributes }, context.active());
  if (!ok) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** What a cloud call is, for its client span and the `byoc.cloud_calls` counter. */
export interface CloudCallDescription {
  /** `aws-api` for the AWS SDK; `gcp-api` for Google's REST APIs; `azure-api` for Azure Resource Manager. */
  readonly system: 'aws-api' | 'gcp-api' | 'azure-api';
  /** `STS`, `IAM`, `IAM Credentials`, `Resource Manager`. */
  readonly service: string;
  /** `AssumeRole`, `SimulatePrincipalPolicy`, `projects.get`. */
  readonly method: string;
  /** The span's name; default `<service>/<method>` (RPC); HTTP clients name it by the HTTP method (`GET`). */
  readonly name?: string;
  /** More attributes of the semantic conventions (`http.request.method`, `server.address`). */
  readonly attributes?: Attributes;
  /** How a failure counts: denied, throttled, ... Default `error`. */
  readonly classify?: (error: unknown) => CallOutcome;
  /** The provider's request id of an answer or an error (`aws.request_id`), when it has one. */
  readonly requestId?: (answerOrError: unknown) => string | undefined;
}

// The request id of an answer, under each convention's name (Azure's: its x-ms-request-id).
const requestIdAttributes = { 'aws-api': 'aws.request_id', 'gcp-api': 'gcp.request_id', 'azure-api': 'az.service_request_id' } as const;

/**
 * A call to a cloud API as a client span (`STS/AssumeRole`, `rpc.system=aws-api`, `rpc.service`,
 * `rpc.method`, `aws.request_id`) and one count of `byoc.cloud_calls` by its outcome.
 */
export async function cloudCall<T>(call: CloudCallDescription, operation: (span: Span) => Promise<T>): Promise<T> {
  const tracer = activeTracer();
  const counters = activeInstruments();
  if (tracer === undefined && counters === undefined) return operation(silentSpan);
  const attributes: Attributes = { 'rpc.system': call.system, 'rpc.service': call.service, 'rpc.method': call.method, ...call.attributes };
  const span = tracer?.startSpan(call.name ?? `${call.service}/${call.method}`, { kind: SpanKind.CLIENT, attributes }) ?? silentSpan;
  const requestIdAttribute = requestIdAttributes[call.system];
  let outcome: CallOutcome = 'ok';
  try {
    const answer =
      tracer === undefined ? await operation(span) : await context.with(trace.setSpan(context.active(), span), () => operation(span));
    const requestId = tracer === undefined ? undefined : call.requestId?.(answer);
    if (requestId) span.setAttribute(requestIdAttribute, requestId);
    return answer;
  } catch (error) {
    outcome = call.classify?.(error) ?? 'error';
    if (tracer !== undefined) {
      const requestId = call.requestId?.(error);
      if (requestId) span.setAttribute(requestIdAttribute, requestId);
      span.setAttribute('error.type', errorCodeOf(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorCodeOf(error) });
    }
    throw error;
  } finally {
    if (tracer !== undefined) {
      span.setAttribute('byoc.call.outcome', outcome);
      span.end();
    }
    counters?.cloudCalls.add(1, {
      'rpc.system': call.system,
      'rpc.service': call.service,
      'rpc.method': call.method,
      'byoc.call.outcome': outcome,
    });
  }
}

/** Marks a span failed with a code, never a message. */
export function failSpan(span: Span, code: string): void {
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

/** Records one finished verification in `byoc.verification.duration`. */
export function recordVerification(provider: string, outcome: string, seconds: number): void {
  activeInstruments()?.verificationDuration.record(seconds, { 'byoc.provider': provider, 'byoc.outcome': outcome });
}

/** Counts one failed health check in `byoc.health_check.failures`. */
export function recordHealthFailure(provider: string, code: string): void {
  activeInstruments()?.healthFailures.add(1, { 'byoc.provider': provider, 'byoc.error.code': code });
}

/** What a span may say of an error: its code (`ByocError`, the AWS SDK's `name`, an errno), never its message. */
export function errorCodeOf(error: unknown): string {
  const value = error as { code?: unknown; name?: unknown } | null | undefined;
  if (typeof value?.code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value.code)) return value.code;
  if (typeof value?.name === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value.name)) return value.name;
  return 'Error';
}
