import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { routePath } from 'hono/route';

const headerGetter = {
  keys: (headers: Headers) => {
    const names: string[] = [];
    headers.forEach((_value, name) => {
      names.push(name);
    });
    return names;
  },
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
};

/**
 * A SERVER span per request, after the HTTP server conventions: named `<method> <route>` (the
 * route's template, `/v1/organization/:organizationId/...`, never the ids), with
 * `http.request.method`, `http.route`, `url.path`, `url.scheme` and `http.response.status_code`,
 * continuing the caller's trace when it sends `traceparent`. What the routes call (byoc-kit's
 * spans, the jobs they queue) is its child or links to it. A no-op without an OpenTelemetry SDK.
 */
export function serverSpans(): MiddlewareHandler {
  const tracer = trace.getTracer('byoc-kit-vendor-backend');
  return async (request: Context, next: Next) => {
    const parent = propagation.extract(context.active(), request.req.raw.headers, headerGetter);
    const url = new URL(request.req.url);
    const method = request.req.method;
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'url.path': url.pathname, 'url.scheme': url.protocol.replace(':', '') },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      // After the handler, the route that answered; when none matched, only a middleware's wildcard
      // did, and the span has no route, as the conventions say.
      const route = routePath(request);
      if (!route.endsWith('*')) {
        span.setAttribute('http.route', route);
        span.updateName(`${method} ${route}`);
      }
      span.setAttribute('http.response.status_code', request.res.status);
      if (request.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
