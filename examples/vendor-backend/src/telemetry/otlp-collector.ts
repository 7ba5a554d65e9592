import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP/JSON attribute. */
interface OtlpAttribute {
  readonly key: string;
  readonly value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
}

/** A span as an OTLP/HTTP JSON export carries it (ids in hex), with its resource's service name. */
export interface CollectedSpan {
  readonly service: string;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly kind: number;
  readonly attributes: Record<string, unknown>;
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
}

/** A gauge or sum point of an OTLP/HTTP JSON metrics export. */
export interface CollectedPoint {
  readonly service: string;
  readonly name: string;
  readonly attributes: Record<string, unknown>;
  readonly value: number;
}

/** A loopback stand-in for the vendor's OpenTelemetry collector: what OTLP/HTTP exporters sent it. */
export interface OtlpCollector {
  /** `http://127.0.0.1:<port>`: the value of OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  spans(): CollectedSpan[];
  points(): CollectedPoint[];
  close(): Promise<void>;
}

const attributesOf = (attributes: readonly OtlpAttribute[] = []) =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? (value.intValue === undefined ? undefined : Number(value.intValue)) ?? value.boolValue ?? value.doubleValue,
    ]),
  );

const serviceOf = (resource: { attributes?: OtlpAttribute[] } | undefined) => String(attributesOf(resource?.attributes)['service.name']);

/** Starts one on 127.0.0.1, taking `POST /v1/traces` and `/v1/metrics` in OTLP's JSON encoding. */
export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: CollectedSpan[] = [];
  const points: CollectedPoint[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (request.url === '/v1/traces') {
        for (const resourceSpans of body.resourceSpans ?? []) {
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service: serviceOf(resourceSpans.resource),
                name: span.name,
                traceId: span.traceId,
                spanId: span.spanId,
                ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
                kind: span.kind,
                attributes: attributesOf(span.attributes),
                links: (span.links ?? []).map((link: { traceId: string; spanId: string }) => ({
                  traceId: link.traceId,
                  spanId: link.spanId,
                })),
              });
            }
          }
        }
      } else if (request.url === '/v1/metrics') {
        for (const resourceMetrics of body.resourceMetrics ?? []) {
          for (const scope of resourceMetrics.scopeMetrics ?? []) {
            for (const metric of scope.metrics ?? []) {
              for (const point of metric.gauge?.dataPoints ?? metric.sum?.dataPoints ?? []) {
                points.push({
                  service: serviceOf(resourceMetrics.resource),
                  name: metric.name,
                  attributes: attributesOf(point.attributes),
                  value: point.asDouble ?? Number(point.asInt),
                });
              }
            }
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: () => [...spans],
    points: () => [...points],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
