import { type CustomCloud, organizationIdSchema, parseInput, publicCloud } from '../domain/index.js';
import { ByocError, quote } from '../errors/index.js';
import { listCursorInvalid, storeErrors } from '../store/index.js';
import type { ActorOptions, Byoc, OrganizationByoc, OrganizationListFilter } from './byoc.js';

/** What the scope needs of the service beyond its public operations. */
export interface OrganizationScopeContext {
  /** The stored cloud, or `CUSTOM_CLOUD_NOT_FOUND`. */
  readonly load: (id: unknown) => Promise<CustomCloud>;
  /** `acceptRegistration`, refusing a token of a cloud that `owner` does not own. */
  readonly acceptRegistration: (body: unknown, actor: ActorOptions, owner: string) => Promise<CustomCloud>;
}

/**
 * The operations of `service` bound to one organization. A cloud's organization never changes
 * (no patch reaches it), so the check before each call holds for the call. A cloud of another
 * organization gets the very error an unknown id gets: its existence is not disclosed.
 */
export function scopeToOrganization(service: Byoc, organizationId: unknown, context: OrganizationScopeContext): OrganizationByoc {
  const owner = parseInput(organizationIdSchema, organizationId, { what: 'organization id', code: 'ORGANIZATION_ID_INVALID' });

  const owned = async (id: unknown): Promise<CustomCloud> => {
    const cloud = await context.load(id);
    if (cloud.organizationId !== owner) throw storeErrors.notFound(String(id).slice(0, 64));
    return cloud;
  };
  /** An operation on one cloud, called only once the cloud is known to be the organization's. */
  const bound =
    <Rest extends unknown[], Result>(operation: (id: string, ...rest: Rest) => Promise<Result>) =>
    async (id: string, ...rest: Rest): Promise<Result> => {
      await owned(id);
      return operation(id, ...rest);
    };
  const mismatch = (given: unknown) =>
    new ByocError({
      code: 'ORGANIZATION_ID_INVALID',
      message: `These operations act for organization ${owner}, not ${quote(given)}: leave organizationId out, or give ${owner}.`,
      details: { field: 'organizationId', organizationId: owner },
    });
  const ownFields = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

  return {
    organizationId: owner,

    async create(input) {
      const fields = ownFields(input);
      // Anything but an object goes to create as it is, for create's own error.
      if (fields === undefined) return service.create(input);
      if (Object.hasOwn(fields, 'organizationId') && fields.organizationId !== owner) throw mismatch(fields.organizationId);
      return service.create({ ...fields, organizationId: owner });
    },

    get: async (id) => publicCloud(await owned(id)),

    async list(filter: OrganizationListFilter = {}) {
      const fields = ownFields(filter);
      if (fields === undefined) return service.list(filter);
      if (fields.organizationId !== undefined && fields.organizationId !== owner) throw mismatch(fields.organizationId);
      // The store refuses another organization's cursor too; this check holds for stores written before that rule.
      if (typeof fields.after === 'string') {
        const cursor = await context.load(fields.after).catch(() => undefined);
        if (cursor !== undefined && cursor.organizationId !== owner) throw listCursorInvalid(fields.after);
      }
      return service.list({ ...fields, organizationId: owner });
    },

    update: bound(service.update),
    getTemplate: bound(service.getTemplate),
    templateStatus: bound(service.templateStatus),
    getTemplateUpgrade: bound(service.getTemplateUpgrade),
    registrationToken: bound(service.registrationToken),
    rotateExternalId: bound(service.rotateExternalId),
    acceptRegistration: (body, actor = {}) => context.acceptRegistration(body, actor, owner),
    submitAccess: bound(service.submitAccess),
    provision: bound(service.provision),
    retry: bound(service.retry),
    reconnect: bound(service.reconnect),
    checkHealth: bound(service.checkHealth),
    confirmAccess: bound(service.confirmAccess),
    rejectAccess: bound(service.rejectAccess),
    markActive: bound(service.markActive),
    markFailed: bound(service.markFailed),
    markDisconnected: bound(service.markDisconnected),
    markDeleted: bound(service.markDeleted),
    permissions: {
      add: bound(service.permissions.add),
      remove: bound(service.permissions.remove),
      set: bound(service.permissions.set),
    },
    contacts: {
      set: bound(service.contacts.set),
      add: bound(service.contacts.add),
      remove: bound(service.contacts.remove),
    },
    delete: bound(service.delete),
    auditLog: bound(service.auditLog),
    on: (name, listener) => service.on(name, (event) => event.organizationId === owner && listener(event)),
  };
}
