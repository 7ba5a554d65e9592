import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ByocError } from '@byoc-kit/core';

/**
 * API tokens per organization, as the backend's default authentication. A token is
 * `byoc_<id>_<secret>`: the id (16 hex digits) finds the record, the secret (32 random bytes, 64 hex
 * digits) proves it. Only the SHA-256 of the secret is stored, and it is compared in constant
 * time; a token is shown once, when it is created. The `byoc_` prefix lets secret scanners find
 * a token pasted where it should not be.
 */
export interface ApiTokenRecord {
  readonly id: string;
  /** The organizations the token acts for; removing the last one revokes the token (an operator token has none). */
  readonly organizationIds: readonly string[];
  /**
   * An operator token: the vendor's on-call staff, for the status page (`/status`) and its read,
   * which no organization's token reaches; it reaches no organization's clouds.
   */
  readonly operator?: boolean;
  /** What it is for, as its creator named it (a person, a pipeline). */
  readonly name: string;
  /** Hex SHA-256 of the secret. */
  readonly secretHash: string;
  readonly createdAt: string;
}

/** Where tokens are kept: a JSON file for one process, PostgreSQL for replicas, memory for tests. */
export interface ApiTokenStore {
  get(id: string): Promise<ApiTokenRecord | undefined>;
  insert(record: ApiTokenRecord): Promise<void>;
  /** Tokens, oldest first; of one organization when given. */
  list(organizationId?: string): Promise<ApiTokenRecord[]>;
  /** Deletes a token; false when there was none. */
  revoke(id: string): Promise<boolean>;
  /**
   * The organization was deleted: its tokens stop working. A token of several organizations keeps
   * the others. Returns how many tokens changed.
   */
  removeOrganization(organizationId: string): Promise<number>;
  close?(): Promise<void>;
}

const tokenPattern = /^byoc_([0-9a-f]{16})_([0-9a-f]{64})$/;
const organizationIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Creates a token for the organizations and stores its hash: the returned `token` is the only
 * copy of the secret. `INPUT_INVALID` for no organization, a malformed one or a name over 100 characters.
 */
export async function createApiToken(
  store: ApiTokenStore,
  options: { organizationIds: readonly string[]; name?: string; now?: () => Date },
): Promise<{ token: string; record: ApiTokenRecord }> {
  const organizationIds = [...new Set(options.organizationIds)];
  if (organizationIds.length === 0 || organizationIds.some((id) => !organizationIdPattern.test(id))) {
    throw new ByocError({
      code: 'INPUT_INVALID',
      message: 'Name at least one organization, each 1-128 letters, digits, "_" or "-" (--organization org123).',
    });
  }
  const name = checkedName(options.name);
  return issue(store, { organizationIds, name, now: options.now });
}

/**
 * Creates an operator token (`ApiTokenRecord.operator`), for the vendor's status page: it reads
 * every organization's counts and failures, and no organization's clouds.
 */
export async function createOperatorToken(
  store: ApiTokenStore,
  options: { name?: string; now?: () => Date } = {},
): Promise<{ token: string; record: ApiTokenRecord }> {
  return issue(store, { organizationIds: [], operator: true, name: checkedName(options.name), now: options.now });
}

async function issue(
  store: ApiTokenStore,
  fields: { organizationIds: string[]; operator?: true; name: string; now: (() => Date) | undefined },
): Promise<{ token: string; record: ApiTokenRecord }> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('hex');
  const record: ApiTokenRecord = {
    id,
    organizationIds: fields.organizationIds,
    ...(fields.operator ? { operator: true } : {}),
    name: fields.name,
    secretHash: hashSecret(secret),
    createdAt: (fields.now?.() ?? new Date()).toISOString(),
  };
  await store.insert(record);
  return { token: `byoc_${id}_${secret}`, record };
}

function checkedName(name = ''): string {
  if (name.length > 100 || [...name].some((character) => (character.codePointAt(0) as number) < 0x20)) {
    throw new ByocError({ code: 'INPUT_INVALID', message: 'A token name is at most 100 characters, without control characters.' });
  }
  return name;
}

/**
 * The record of a presented token, or undefined: a malformed token, an unknown id and a wrong
 * secret look the same to the caller. The secret's hash is compared in constant time.
 */
export async function verifyApiToken(store: ApiTokenStore, token: string): Promise<ApiTokenRecord | undefined> {
  const match = tokenPattern.exec(token);
  if (match === null) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  const record = await store.get(id);
  const expected = Buffer.from(record?.secretHash ?? hashSecret('no such token'), 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  return same && record !== undefined && (record.operator === true || record.organizationIds.length > 0) ? record : undefined;
}

/** Tokens in process memory: for tests. */
export function createMemoryTokenStore(): ApiTokenStore {
  const records = new Map<string, ApiTokenRecord>();
  return {
    get: async (id) => records.get(id),
    async insert(record) {
      if (records.has(record.id)) throw new ByocError({ code: 'INPUT_INVALID', message: `Token ${record.id} exists.` });
      records.set(record.id, record);
    },
    list: async (organizationId) =>
      [...records.values()].filter((record) => organizationId === undefined || record.organizationIds.includes(organizationId)),
    revoke: async (id) => records.delete(id),
    async removeOrganization(organizationId) {
      let changed = 0;
      for (const record of [...records.values()]) {
        if (!record.organizationIds.includes(organizationId)) continue;
        changed++;
        const rest = record.organizationIds.filter((id) => id !== organizationId);
        if (rest.length === 0) records.delete(record.id);
        else records.set(record.id, { ...record, organizationIds: rest });
      }
      return changed;
    },
  };
}
