import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A request seen by the test server, read once so tests can assert on it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * An msw server for adapter tests, started before the file's tests and stopped after them; an
 * unhandled request fails the test (no test reaches a real cloud). `requests` records every
 * request, cleared between tests, so tests can check what was sent (the external ID, the token).
 */
export function setupTestServer(...handlers: RequestHandler[]) {
  const server = setupServer(...handlers);
  const requests: RecordedRequest[] = [];
  server.events.on('request:start', ({ request }) => {
    const clone = request.clone();
    const pending = clone.text().then((body) => {
      requests.push({ method: request.method, url: new URL(request.url), headers: new Headers(request.headers), body });
    });
    pendingReads.add(pending);
    void pending.finally(() => pendingReads.delete(pending));
  });
  const pendingReads = new Set<Promise<void>>();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());
  return {
    server,
    /** Handlers for the current test only. */
    use: (...overrides: RequestHandler[]) => server.use(...overrides),
    /** The requests of the current test, once their bodies are read. */
    async requests(): Promise<readonly RecordedRequest[]> {
      await Promise.all(pendingReads);
      return [...requests];
    },
  };
}
