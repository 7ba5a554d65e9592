import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as z from 'zod';
import { type AuditEntry, type CustomCloud, customCloudSchema } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { TemplateManifest } from '../templates/index.js';
import { appendAudit, auditOver, type OutboxRecord, outboxOver, outboxRecordsOf } from './outbox-records.js';
import { byCreation, type CustomCloudFilter, type CustomCloudStore, pageOf } from './store.js';
import { storeErrors } from './store-errors.js';

const outboxRecordSchema = z.strictObject({
  event: z.looseObject({ id: z.string(), sequence: z.number().int(), cloudId: z.string() }),
  recordedAt: z.number(),
});
const fileSchema = z.strictObject({
  format: z.literal('byoc-kit.custom-clouds.v1'),
  clouds: z.array(customCloudSchema),
  /** Transition events not yet delivered to a worker's onTransition; absent in files written before it. */
  outbox: z.array(outboxRecordSchema).default([]),
  /** Manifests of the template versions clouds were verified with; absent in files written before them. */
  templates: z
    .array(
      z.strictObject({
        version: z.string().min(1).max(64),
        items: z.array(z.strictObject({ kind: z.enum(['permission', 'resource', 'output']), key: z.string(), description: z.string() })),
      }),
    )
    .default([]),
  /** What the vendor did to and in each cloud, the most recent per cloud; absent in files written before it. */
  audit: z.array(z.looseObject({ id: z.string(), cloudId: z.string(), at: z.string(), kind: z.string() })).default([]),
});
type StoreFile = { clouds: CustomCloud[]; outbox: OutboxRecord[]; templates: TemplateManifest[]; audit: AuditEntry[] };

/** Options of the JSON-file store. */
export interface JsonFileStoreOptions {
  /** The file to keep the clouds in; created, with its folder, on the first write. */
  path: string;
}

/**
 * A store in one JSON file, for a single process (the quickstart, the CLI, a small backend).
 * Every write goes to a temporary file beside it, is flushed to disk, then renamed over the old
 * file, so a crash mid-write leaves the previous state readable. Operations on one file are
 * serialised across every store instance of the process. It is for one process: several processes
 * writing the same file at once are not supported; use `@byoc-kit/postgres` there.
 */
export function createJsonFileStore(options: JsonFileStoreOptions): CustomCloudStore {
  const path = resolve(options.path);
  const serialised = writerFor(path);

  const load = async (): Promise<StoreFile> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { clouds: [], outbox: [], templates: [], audit: [] };
      throw ioFailed(`read ${path}`, error);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw corrupt(path, 'it is not valid JSON', error);
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) throw corrupt(path, result.error.issues[0]?.message ?? 'unexpected shape', result.error);
    return {
      clouds: result.data.clouds,
      outbox: result.data.outbox as unknown as OutboxRecord[],
      templates: result.data.templates,
      audit: result.data.audit as unknown as AuditEntry[],
    };
  };

  const save = async ({ clouds, outbox, templates, audit }: StoreFile): Promise<void> => {
    const document = {
      format: 'byoc-kit.custom-clouds.v1',
      clouds,
      ...(outbox.length > 0 ? { outbox } : {}),
      ...(templates.length > 0 ? { templates } : {}),
      ...(audit.length > 0 ? { audit } : {}),
    };
    const contents = `${JSON.stringify(document, null, 2)}\n`;
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(contents, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      await syncDirectory(dirname(path));
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw ioFailed(`write ${path}`, error);
    }
  };

  return {
    get: (id) => serialised(async () => (await load()).clouds.find((cloud) => cloud.id === id)),
    list: (filter?: CustomCloudFilter) => serialised(async () => pageOf((await load()).clouds.sort(byCreation), filter)),
    insert: (cloud) =>
      serialised(async () => {
        const file = await load();
        if (file.clouds.some((stored) => stored.id === cloud.id)) throw storeErrors.exists(cloud.id);
        if (file.clouds.some((stored) => stored.externalId === cloud.externalId)) throw storeErrors.externalIdInUse();
        await save({ ...file, clouds: [...file.clouds, cloud] });
      }),
    update: (cloud, { expectedVersion, events, audit }) =>
      serialised(async () => {
        const file = await load();
        const index = file.clouds.findIndex((stored) => stored.id === cloud.id);
        const current = file.clouds[index];
        if (current === undefined) throw storeErrors.notFound(cloud.id);
        if (current.version !== expectedVersion) throw storeErrors.versionConflict(cloud.id, expectedVersion, current.version);
        if (file.clouds.some((stored) => stored.id !== cloud.id && stored.externalId === cloud.externalId))
          throw storeErrors.externalIdInUse();
        file.clouds[index] = cloud;
        // The cloud, its events and its audit entries go to disk in one rename: all or none.
        await save({ ...file, outbox: [...file.outbox, ...outboxRecordsOf(events, Date.now())], audit: appendAudit(file.audit, audit) });
      }),
    countByState: () =>
      serialised(async () => {
        const counts: Partial<Record<CustomCloud['state'], number>> = {};
        for (const cloud of (await load()).clouds) counts[cloud.state] = (counts[cloud.state] ?? 0) + 1;
        return counts;
      }),
    templates: {
      get: (version) => serialised(async () => (await load()).templates.find((manifest) => manifest.version === version)),
      put: (manifest) =>
        serialised(async () => {
          const file = await load();
          if (file.templates.some((stored) => stored.version === manifest.version)) return;
          await save({ ...file, templates: [...file.templates, manifest] });
        }),
    },
    outbox: outboxOver({
      read: (operation) => serialised(async () => operation((await load()).outbox)),
      write: (change) =>
        serialised(async () => {
          const file = await load();
          await save({ ...file, outbox: change(file.outbox) });
        }),
    }),
    audit: auditOver({
      read: (operation) => serialised(async () => operation((await load()).audit)),
      write: (change) =>
        serialised(async () => {
          const file = await load();
          await save({ ...file, audit: change(file.audit) });
        }),
    }),
  };
}

/**
 * One queue of operations per file in this process: two store instances on one path (a CLI command
 * and a server in one process, two services) share it, so neither writes over what the other just
 * acknowledged. Several processes on one file are still not supported.
 */
const writers = new Map<string, <T>(operation: () => Promise<T>) => Promise<T>>();

function writerFor(path: string): <T>(operation: () => Promise<T>) => Promise<T> {
  const existing = writers.get(path);
  if (existing) return existing;
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation, operation);
    queue = result.catch(() => undefined);
    return result;
  };
  writers.set(path, serialised);
  return serialised;
}

// Makes the rename itself durable; some platforms cannot open a folder, which is not an error.
async function syncDirectory(folder: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}

function corrupt(path: string, reason: string, cause: unknown): ByocError {
  return new ByocError({
    code: 'STORE_CORRUPT',
    message: `The store file ${path} cannot be read: ${reason}. Restore it from a backup or move it aside.`,
    details: { path },
    cause,
  });
}

function ioFailed(action: string, cause: unknown): ByocError {
  return new ByocError({
    code: 'STORE_IO_FAILED',
    message: `Could not ${action}: ${(cause as Error).message}. Check the path and its permissions.`,
    details: { action },
    isRetryable: true,
    cause,
  });
}
