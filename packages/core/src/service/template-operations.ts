import type { CustomCloud } from '../domain/index.js';
import { ByocError, quote } from '../errors/index.js';
import type { TemplateFormat } from '../provider/index.js';
import type { Byoc } from './byoc.js';
import type { ExternalIdLifecycle } from './external-id-rotation.js';
import type { createRegistration } from './registration.js';
import type { ServiceContext } from './service-context.js';
import { createTemplateTracking } from './template-tracking.js';

/**
 * The customer's templates: `getTemplate` renders one (serving the cloud's external ID, with a
 * registration token for a draft when self-registration is on), and the template tracking behind
 * `templateStatus` and `getTemplateUpgrade`, whose `versionToRecord` the runtime stamps on verified
 * clouds.
 */
export function createTemplateOperations(
  context: ServiceContext,
  parts: { readonly externalIds: () => ExternalIdLifecycle; readonly registration: () => ReturnType<typeof createRegistration> },
) {
  const { providerFor, writer, notDeleted } = context;
  const render = async (stored: CustomCloud, format: TemplateFormat | undefined) => {
    const provider = providerFor(stored.provider);
    const chosen = format ?? provider.capabilities.templateFormats[0];
    if (chosen === undefined || !provider.capabilities.templateFormats.includes(chosen)) {
      throw new ByocError({
        code: 'TEMPLATE_FORMAT_UNSUPPORTED',
        message: `The ${provider.id} provider renders ${provider.capabilities.templateFormats.join(', ')}, not ${quote(format)}.`,
        details: { format, supported: provider.capabilities.templateFormats },
      });
    }
    // The template serves the external ID: from now on it does not expire (a stale unserved one is replaced first).
    const cloud = await parts.externalIds().serve(stored);
    // With self-registration on, a draft cloud's bundle carries a fresh one-time token.
    const registrationToken = cloud.state === 'draft' ? parts.registration().tokenFor(cloud)?.token : undefined;
    return provider.generateTemplate(cloud, { format: chosen, ...(registrationToken ? { registrationToken } : {}) });
  };
  const tracking = createTemplateTracking({
    load: async (id) => notDeleted(await writer.load(id)),
    providerFor,
    templates: context.store.templates,
    render,
  });
  const operations: Pick<Byoc, 'getTemplate' | 'templateStatus' | 'getTemplateUpgrade'> = {
    getTemplate: async (id, templateOptions: { format?: TemplateFormat } = {}) =>
      render(notDeleted(await writer.load(id)), templateOptions.format),
    templateStatus: (id) => tracking.status(id),
    getTemplateUpgrade: (id, upgradeOptions) => tracking.upgrade(id, upgradeOptions),
  };
  return { operations, versionToRecord: tracking.versionToRecord };
}
