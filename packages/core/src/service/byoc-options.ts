import * as z from 'zod';
import { type CustomCloudRules, parseInput } from '../domain/index.js';
import type { CloudProviderV1 } from '../provider/index.js';
import type { JobQueue } from '../runtime/index.js';
import type { CustomCloudStore } from '../store/index.js';

const fn = <T>(what: string) => z.custom<T>((value) => typeof value === 'function', `Pass a function (${what}).`);
const storeMethods = ['get', 'list', 'insert', 'update'] as const;

/** What `createByoc` checks of its options, so a JavaScript caller's mistake fails at construction. */
export const byocOptionsSchema = z.strictObject({
  // Checked one by one by the provider registry, with codes of their own.
  providers: z.custom<readonly CloudProviderV1[]>(() => true),
  store: z.custom<CustomCloudStore>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      storeMethods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
    'Pass a store with get, list, insert and update: createMemoryStore(), createJsonFileStore({ path }) or createPostgresStore(...).',
  ),
  now: fn<() => Date>('() => Date').optional(),
  clock: z
    .custom<{ now(): Date }>(
      (value) => typeof (value as { now?: unknown } | null)?.now === 'function',
      'Pass an object with a now() method returning a Date.',
    )
    .optional(),
  generateId: fn<() => string>('() => a UUID').optional(),
  generateExternalId: fn<() => string>('() => an external ID').optional(),
  rules: z
    .custom<CustomCloudRules>((value) => typeof value === 'object' && value !== null, 'Pass { cidr?, reservedTagPrefixes? }.')
    .optional(),
  onListenerError: fn<(error: unknown) => void>('(error) => void').optional(),
  onBackgroundError: fn<(error: unknown) => void>('(error) => void').optional(),
  jobs: z
    .custom<JobQueue>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        ['start', 'send', 'sendMany', 'work', 'stop'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
      'Pass a job queue: createInProcessJobQueue() or createPostgresJobQueue(...).',
    )
    .optional(),
  // Checked field by field by the runtime settings schema.
  health: z.unknown().optional(),
  verification: z.unknown().optional(),
  // Checked by the registration settings schema.
  registration: z.unknown().optional(),
  // Checked by the external-ID settings schema.
  externalIds: z.unknown().optional(),
});

/** Checks `createByoc`'s options; raises `BYOC_OPTIONS_INVALID` naming every bad option. */
export function checkByocOptions<T>(options: T): T {
  parseInput(byocOptionsSchema, options, { what: 'createByoc options', code: 'BYOC_OPTIONS_INVALID' });
  return options;
}
