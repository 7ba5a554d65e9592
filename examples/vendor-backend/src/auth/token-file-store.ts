import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ByocError } from '@byoc-kit/core';
import type { ApiTokenRecord, ApiTokenStore } from './api-tokens.js';

/**
 * Tokens in a JSON file (mode 0600), for the one-process backend: read on every lookup, so a
 * token the CLI revokes stops working at once, and written whole to a temporary file then renamed,
 * so a reader never sees half a file. Holds hashes only.
 */
export function createTokenFileStore(path: string): ApiTokenStore {
  const load = async (): Promise<ApiTokenRecord[]> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = JSON.parse(text) as { tokens?: ApiTokenRecord[] };
    if (!Array.isArray(parsed.tokens)) {
      throw new ByocError({ code: 'STORE_CORRUPT', message: `${path} is not a token file: it has no "tokens" list.` });
    }
    return parsed.tokens;
  };
  const save = async (tokens: readonly ApiTokenRecord[]) => {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  };
  return {
    get: async (id) => (await load()).find((record) => record.id === id),
    async insert(record) {
      const tokens = await load();
      if (tokens.some((existing) => existing.id === record.id)) {
        throw new ByocError({ code: 'INPUT_INVALID', message: `Token ${record.id} exists.` });
      }
      await save([...tokens, record]);
    },
    list: async (organizationId) =>
      (await load()).filter((record) => organizationId === undefined || record.organizationIds.includes(organizationId)),
    async revoke(id) {
      const tokens = await load();
      const kept = tokens.filter((record) => record.id !== id);
      if (kept.length === tokens.length) return false;
      await save(kept);
      return true;
    },
    async removeOrganization(organizationId) {
      const tokens = await load();
      const changed = tokens.filter((record) => record.organizationIds.includes(organizationId)).length;
      if (changed === 0) return 0;
      const kept = tokens
        .map((record) => ({ ...record, organizationIds: record.organizationIds.filter((id) => id !== organizationId) }))
        .filter((record) => record.operator === true || record.organizationIds.length > 0);
      await save(kept);
      return changed;
    },
  };
}
