import type { Server } from 'node:http';
import type { Byoc } from '@byoc-kit/core';
import { createAdaptorServer } from '@hono/node-server';
import { createVendorApp, type VendorAppOptions } from './routes.js';

/**
 * A Node HTTP server on the routes of `createVendorApp`: call `listen` on it. Errors that are not
 * a ByocError are logged to stderr unless `onUnexpectedError` takes them.
 */
export function createVendorServer(byoc: Byoc, options: VendorAppOptions): Server {
  const app = createVendorApp(byoc, {
    ...options,
    onUnexpectedError: options.onUnexpectedError ?? ((error) => console.error('vendor backend: unexpected error', error)),
  });
  return createAdaptorServer({ fetch: app.fetch }) as Server;
}
