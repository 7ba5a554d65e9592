import { type Link, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import type { JobData } from './job-queue.js';

// A job carries the trace context of the request that queued it (W3C `traceparent`), so the
// worker's `byoc.job` span links to it: a vendor's trace of "POST .../provision" leads to the
// verification a worker ran seconds later, on any replica.

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** `data` with the `traceparent` of the active span, when one is recording. */
export function withTraceContext(data: JobData): JobData {
  const context = trace.getActiveSpan()?.spanContext();
  if (context === undefined || !trace.isSpanContextValid(context)) return data;
  const flags = (context.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return { ...data, traceparent: `00-${context.traceId}-${context.spanId}-${flags}` };
}

/** The link to the span that queued a job, from its `traceparent`; none for a job without one or with a malformed one. */
export function linksOf(data: JobData): Link[] {
  const match = typeof data.traceparent === 'string' ? traceparentPattern.exec(data.traceparent) : null;
  if (match === null) return [];
  const context: SpanContext = {
    traceId: match[1] as string,
    spanId: match[2] as string,
    traceFlags: Number.parseInt(match[3] as string, 16),
    isRemote: true,
  };
  return trace.isSpanContextValid(context) ? [{ context }] : [];
}
