import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AvnExchange, establish, jsonType, valueAt } from './avn-exchanges.js';
import { startTestBackend, type TestBackend } from './test-backend.js';

/**
 * Every request Aiven's CLI sent in `avn-client.test.ts` (method, path, its headers, its body byte
 * for byte), replayed in order over HTTP, and checked for what avn reads from each answer: the
 * status class, no `error` key on success, and the fields with the types its code indexes.
 */
const recorded = JSON.parse(readFileSync(new URL('./avn-recorded.json', import.meta.url), 'utf8')) as AvnExchange[];

describe('the requests of avn byoc, replayed', () => {
  let backend: TestBackend;
  const ids = new Map<string, string>();
  const bound = (text: string) => text.replace(/\{(\w+)\}/g, (placeholder, name: string) => ids.get(name) ?? placeholder);

  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => {
    expect(backend.unexpected).toEqual([]);
    await backend.close();
  });

  it('covers every avn byoc subcommand', () => {
    const subcommands = new Set(recorded.map((exchange) => exchange.command.split(' --')[0]));
    expect([...subcommands].sort()).toEqual([
      'byoc cloud permissions add',
      'byoc cloud permissions get',
      'byoc cloud permissions remove',
      'byoc cloud permissions set',
      'byoc create',
      'byoc delete',
      'byoc list',
      'byoc provision',
      'byoc tags list',
      'byoc tags replace',
      'byoc tags update',
      'byoc template terraform get-template',
      'byoc template terraform get-vars',
      'byoc update',
    ]);
  });

  it.each(recorded.map((exchange, index) => [index, exchange.request.method, exchange.command, exchange] as const))(
    '%i: %s for avn %s',
    async (_index, _method, _command, exchange) => {
      if (exchange.precondition) await establish(backend, ids, exchange.precondition);
      const { method, path, headers, body } = exchange.request;
      const response = await fetch(`${backend.origin}${bound(path)}`, {
        method,
        // avn sent `aivenv1 <its --auth-token>`, recorded as {token}: the replay sends this backend's token the same way.
        headers: {
          ...headers,
          ...(headers.authorization ? { authorization: headers.authorization.replace('{token}', backend.token) } : {}),
          'user-agent': 'aiven-client/replay',
        },
        ...(body === null ? {} : { body: bound(body) }),
      });
      const text = await response.text();
      expect(response.status, text).toBe(exchange.response.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const answer = JSON.parse(text) as Record<string, unknown>;
      if (exchange.response.binds) {
        ids.set(exchange.response.binds, valueAt(answer, 'custom_cloud_environment.custom_cloud_environment_id') as string);
      }
      if (response.status >= 300) {
        expect(typeof answer.message).toBe('string');
        expect(valueAt(answer, 'errors.0.code')).toBe(exchange.errorCode);
        return;
      }
      // avn's client raises on any answer with a truthy "error" key.
      expect(answer.error).toBeFalsy();
      for (const read of exchange.reads) expect(jsonType(valueAt(answer, read.path)), read.path).toBe(read.type);
    },
  );
});
