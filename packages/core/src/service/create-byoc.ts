import { type AuditEntry, publicCloud } from '../domain/index.js';
import { createHealthMonitor, createVerificationRunner, startWorker } from '../runtime/index.js';
import { auditLogOf, recentFailuresOf } from './audit-log.js';
import type { Byoc, ByocOptions } from './byoc.js';
import { createCloudLists } from './cloud-lists.js';
import { createCloudOperations, newExternalId } from './cloud-operations.js';
import { createExternalIdLifecycle } from './external-id-rotation.js';
import { createLifecycleOperations } from './lifecycle-operations.js';
import { scopeToOrganization } from './organization-scope.js';
import { createRegistration } from './registration.js';
import { createServiceContext } from './service-context.js';
import { createTemplateOperations } from './template-operations.js';
import { createVerificationOperations } from './verification-operations.js';

export type {
  ActorOptions,
  Byoc,
  ByocListFilter,
  ByocOptions,
  ContactInput,
  DeletionOutcome,
  Failure,
  OrganizationByoc,
  OrganizationListFilter,
  VerificationOutcome,
  VersionedOptions,
} from './byoc.js';

/**
 * Creates the service: custom clouds from creation to deletion, on the given store, through the
 * given provider adapters, with background work on the given job queue. Every bad input raises a
 * `ByocError` before anything is stored; bad options raise `BYOC_OPTIONS_INVALID` here.
 *
 * The service is its parts over one context (`service-context.ts`): clouds as records, templates,
 * verification, the lifecycle the vendor reports, contacts and permissions, self-registration and
 * external IDs, each in its own file; the runtime's verification runner and health monitor do the
 * work the parts and the worker share.
 */
export function createByoc(options: ByocOptions): Byoc {
  const context = createServiceContext(options);
  const { writer, providerFor, now, settings } = context;
  const externalIds = createExternalIdLifecycle({
    settings: options.externalIds,
    writer,
    now,
    providerFor,
    newExternalId: () => newExternalId(context),
  });
  const registration = createRegistration({
    settings: options.registration,
    now: () => now().getTime(),
    load: async (id) => context.notDeleted(await writer.load(id)),
    write: (id, change) => writer.write(id, change),
    providerFor,
    submitAccess: (id, roleArn, actor) => byoc.submitAccess(id, roleArn, actor),
  });
  const templates = createTemplateOperations(context, { externalIds: () => externalIds, registration: () => registration });
  // The store's audit trail, when it keeps one; a failed append is reported, never a failed check.
  const audit = async (entries: readonly AuditEntry[]) => {
    await context.store.audit?.append(entries).catch(context.reportError);
  };
  const verifications = createVerificationRunner({ writer, providerFor, now, settings, templateVersion: templates.versionToRecord, audit });
  const health = createHealthMonitor({
    writer,
    verifications,
    providerFor,
    now,
    settings,
    templateVersion: templates.versionToRecord,
    audit,
  });

  const byoc: Byoc = {
    ...createCloudOperations(context),
    ...templates.operations,
    registrationToken: (id) => registration.token(id),
    acceptRegistration: (body, actor = {}) => registration.accept(body, actor),
    rotateExternalId: async (id) => publicCloud(await externalIds.rotate(id)),
    ...createVerificationOperations(context, { verifications, health, externalIds }),
    ...createLifecycleOperations(context),
    ...createCloudLists(context),
    auditLog: (id, pageOptions) => auditLogOf(context, id, pageOptions),
    recentFailures: (failureOptions) => recentFailuresOf(context, failureOptions),
    on: (name, listener) => context.emitter.on(name, listener),
    startWorker: (workerOptions = {}) =>
      startWorker(
        {
          store: context.store,
          jobs: context.jobs,
          writer,
          verifications,
          health,
          providerFor,
          now,
          settings,
          reportError: context.reportError,
        },
        workerOptions,
      ),
    forOrganization: (organizationId) =>
      scopeToOrganization(byoc, organizationId, {
        load: (id) => writer.load(id),
        acceptRegistration: (body, actor, owner) => registration.accept(body, actor, owner),
      }),
  };
  return byoc;
}
