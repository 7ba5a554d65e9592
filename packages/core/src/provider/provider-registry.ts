import { type CloudProviderId, cloudProviderIds } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import { type CloudProviderV1, supportedSpecificationVersions } from './provider-spec.js';

/** The adapters a service drives, one per cloud, checked once when the service is created. */
export function createProviderRegistry(providers: readonly CloudProviderV1[]): (id: CloudProviderId) => CloudProviderV1 {
  if (!Array.isArray(providers)) {
    throw new ByocError({ code: 'INPUT_INVALID', message: 'providers must be a list of adapters, such as [createAwsProvider({ ... })].' });
  }
  const byId = new Map<CloudProviderId, CloudProviderV1>();
  for (const provider of providers) {
    const version = (provider as { specificationVersion?: unknown })?.specificationVersion;
    if (!supportedSpecificationVersions.includes(version as 'v1')) {
      throw new ByocError({
        code: 'PROVIDER_SPEC_UNSUPPORTED',
        message: `The provider "${String((provider as { id?: unknown })?.id)}" implements specification version ${JSON.stringify(version)}, but this @byoc-kit/core drives ${supportedSpecificationVersions.join(', ')}. Install matching versions of @byoc-kit/core and the adapter.`,
        details: { id: (provider as { id?: unknown })?.id, specificationVersion: version, supported: supportedSpecificationVersions },
      });
    }
    if (!cloudProviderIds.includes(provider.id)) {
      throw new ByocError({
        code: 'PROVIDER_INVALID',
        message: `A provider has the id ${JSON.stringify(provider.id)}; adapter ids are ${cloudProviderIds.join(', ')}.`,
        details: { id: provider.id },
      });
    }
    if (byId.has(provider.id)) {
      throw new ByocError({
        code: 'PROVIDER_DUPLICATE',
        message: `Two providers were registered for "${provider.id}"; register one adapter per cloud.`,
        details: { id: provider.id },
      });
    }
    byId.set(provider.id, provider);
  }
  return (id) => {
    const provider = byId.get(id);
    if (provider === undefined) {
      throw new ByocError({
        code: 'PROVIDER_NOT_REGISTERED',
        message: `No provider is registered for "${id}". Pass its adapter to createByoc({ providers: [...] }); registered: ${[...byId.keys()].join(', ') || 'none'}.`,
        details: { id, registered: [...byId.keys()] },
      });
    }
    return provider;
  };
}
