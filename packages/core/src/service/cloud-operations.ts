import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  applyPatch,
  type CustomCloud,
  cloudProviderIdSchema,
  customCloudStateSchema,
  customCloudStates,
  generateExternalId as defaultExternalId,
  externalIdInUse,
  externalIdPattern,
  parseCustomCloudInput,
  parseInput,
  publicCloud,
} from '../domain/index.js';
import { ByocError, quote } from '../errors/index.js';
import { customCloudIdPattern } from '../templates/index.js';
import type { Byoc, ByocListFilter } from './byoc.js';
import type { ServiceContext } from './service-context.js';

const listFilterSchema = z.strictObject({
  organizationId: z.string().min(1).max(128).optional(),
  provider: cloudProviderIdSchema.optional(),
  state: z.union([customCloudStateSchema, z.array(customCloudStateSchema)]).optional(),
  includeDeleted: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  after: z.uuid().optional(),
});
const liveStates = customCloudStates.filter((state) => state !== 'deleted');

/**
 * A fresh external ID from the vendor's generator, checked: a malformed one would break every
 * template and the store, and one another cloud holds would let either customer's role be
 * assumed on behalf of the other. Stores refuse a duplicate too; this check names the cause.
 */
export async function newExternalId(context: ServiceContext): Promise<string> {
  const externalId: unknown = (context.options.generateExternalId ?? (() => defaultExternalId()))();
  if (typeof externalId !== 'string' || !externalIdPattern.test(externalId)) {
    throw new ByocError({
      code: 'EXTERNAL_ID_INVALID',
      message: `generateExternalId returned ${quote(externalId)}; external IDs are 32 to 128 characters of A-Z, a-z, 0-9 and "-". Fix the generator, or leave the option out to use byoc-kit's.`,
    });
  }
  const holders = await context.store.list({ externalId, limit: 1 });
  if (holders.some((cloud) => cloud.externalId === externalId)) throw externalIdInUse();
  return externalId;
}

/** Clouds as records: `create`, `get`, `list` and `update`. */
export function createCloudOperations(context: ServiceContext): Pick<Byoc, 'create' | 'get' | 'list' | 'update'> {
  const { store, writer, rules, providerFor } = context;
  const generateId = context.options.generateId ?? randomUUID;
  return {
    async create(input) {
      const parsed = parseCustomCloudInput(input, rules);
      const provider = providerFor(parsed.provider);
      if (!provider.regions().some((region) => region.id === parsed.region)) {
        throw new ByocError({
          code: 'REGION_INVALID',
          message: `The ${parsed.provider} adapter does not offer the region ${parsed.region}. Choose one of its regions().`,
          details: { provider: parsed.provider, region: parsed.region },
        });
      }
      const id = generateId();
      // Templates check the id with the same pattern (variables.tf, CloudFormation's parameter).
      if (typeof id !== 'string' || !customCloudIdPattern.test(id)) {
        throw new ByocError({
          code: 'INPUT_INVALID',
          message: `generateId returned ${quote(id)}; custom-cloud ids must be lower-case UUIDs.`,
        });
      }
      const externalId = await newExternalId(context);
      const at = context.timestamp();
      const cloud: CustomCloud = {
        id,
        ...parsed,
        externalId,
        externalIdIssuedAt: at,
        externalIdServedAt: null,
        access: null,
        state: 'draft',
        errors: [],
        history: [],
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await store.insert(cloud);
      return cloud;
    },

    get: async (id) => publicCloud(await writer.load(id)),

    async list(filter: ByocListFilter = {}) {
      const { includeDeleted, ...storeFilter } = parseInput(listFilterSchema, filter, { what: 'custom cloud filter' });
      // Deleted clouds are left out by the store, so a page holds `limit` clouds when there are that many.
      const clouds = await store.list(
        includeDeleted || storeFilter.state !== undefined ? storeFilter : { ...storeFilter, state: liveStates },
      );
      return clouds.map(publicCloud);
    },

    update: (id, patch, versioned = {}) =>
      context.change(id, (cloud) => applyPatch(context.notDeleted(cloud), patch, { rules, at: context.timestamp() }), versioned),
  };
}
