import { eventually, type TestBackend } from './test-backend.js';

/**
 * The HTTP exchanges of Aiven's CLI (`avn byoc ...`) with this backend, recorded from the real
 * client (`avn-client.test.ts`) and replayed without it (`avn-replay.test.ts`). Cloud ids are
 * recorded as placeholders (`{aws}`, `{gcp}`), bound again from the create answers on replay.
 */
export interface AvnExchange {
  /** The avn command line that sent it, after `avn`. */
  readonly command: string;
  readonly request: {
    readonly method: string;
    /** Path and query, with placeholders. */
    readonly path: string;
    /** The headers avn sets itself: `content-type` and `authorization`. */
    readonly headers: Readonly<Record<string, string>>;
    /** The body as avn serialized it (Python's `json.dumps`), or null. */
    readonly body: string | null;
  };
  /** What held before the command ran: the worker verified the role, or the vendor built the cloud. */
  readonly precondition?: Precondition;
  readonly response: {
    readonly status: number;
    /** The placeholder a create answer binds (its `custom_cloud_environment_id`). */
    readonly binds?: string;
  };
  /**
   * What avn reads from the answer, as dotted paths with the JSON type it expects; for an error,
   * the code the backend answered.
   */
  readonly reads: readonly { readonly path: string; readonly type: 'object' | 'array' | 'string' }[];
  readonly errorCode?: string;
}

/** A state a recorded cloud was in before a command. */
export interface Precondition {
  readonly cloud: string;
  readonly state: 'creating' | 'active';
}

/**
 * Brings the cloud to the precondition's state as it got there when recorded: `creating` is
 * waited for (the worker verifies the submitted role); `active` is the vendor's own call once it
 * built the cloud.
 */
export async function establish(backend: TestBackend, ids: ReadonlyMap<string, string>, precondition: Precondition): Promise<void> {
  const id = ids.get(precondition.cloud);
  if (!id) throw new Error(`no cloud bound to {${precondition.cloud}}`);
  if (precondition.state === 'active') {
    await backend.byoc.markActive(id);
    return;
  }
  await eventually(async () => ((await backend.byoc.get(id)).state === 'creating' ? true : undefined));
}

/** What avn's client reads from the answer of each route (client.py and cli.py of aiven-client). */
export function readsOf(method: string, path: string): AvnExchange['reads'] {
  const route = path.split('?')[0] ?? '';
  if (route.endsWith('/infra-templates/terraform/template')) return [{ path: 'template', type: 'string' }];
  if (route.endsWith('/infra-templates/terraform/variables')) return [{ path: 'variables', type: 'string' }];
  if (route.endsWith('/permissions')) {
    return method === 'GET'
      ? [
          { path: 'accounts', type: 'array' },
          { path: 'projects', type: 'array' },
        ]
      : [{ path: '', type: 'object' }];
  }
  if (route.endsWith('/custom-cloud-environments')) {
    return method === 'GET'
      ? [{ path: 'custom_cloud_environments', type: 'array' }]
      : [{ path: 'custom_cloud_environment', type: 'object' }];
  }
  // PUT (update, and the read and tag updates of `tags list|update|replace`), provision, delete.
  return method === 'PUT'
    ? [
        { path: 'custom_cloud_environment', type: 'object' },
        { path: 'custom_cloud_environment.tags', type: 'object' },
      ]
    : [{ path: 'custom_cloud_environment', type: 'object' }];
}

/** The value at a dotted path ('' is the whole answer). */
export function valueAt(answer: unknown, path: string): unknown {
  if (path === '') return answer;
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], answer);
}

/** The JSON type of a value, as `reads` names them. */
export function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}
