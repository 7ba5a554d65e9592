import { type CloudProviderId, type CustomCloud, regions as catalogue, type ProviderAccess } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { CloudProviderV1, TemplateFormat, VerificationReport } from '../provider/index.js';

/** How the fake provider's verification behaves. */
export type FakeVerification =
  | 'succeed'
  | 'deny'
  | 'throw'
  | ((cloud: CustomCloud, access: ProviderAccess, signal: AbortSignal | undefined) => VerificationReport | Promise<VerificationReport>);

/** Options of the fake provider. */
export interface FakeProviderOptions {
  /** The cloud it stands in for. Default `aws`. */
  id?: CloudProviderId;
  /** Default: `succeed`, except for identities starting `fake:denied`, which are denied. */
  verify?: FakeVerification;
  templateFormats?: readonly TemplateFormat[];
  /** Whether verification is automated (default) or done by people, as for Azure requests. */
  automatedVerification?: boolean;
  /** Whether the cloud's trust holds its external ID, as an AWS role's does (`rotateExternalId`). Default false. */
  externalIdTrust?: boolean;
}

const identityPattern = /^fake:[a-z0-9-]{1,64}$/;

/**
 * A deterministic provider for tests of the service and of code built on it: no cloud, no
 * clock, no randomness. Access is `fake:<name>` (or `{ identity: 'fake:<name>' }`); templates are
 * one JSON file derived from the cloud; verification follows `options.verify`. `verifications`
 * records the access of every verification.
 */
export function createFakeProvider(options: FakeProviderOptions = {}): CloudProviderV1 & { readonly verifications: ProviderAccess[] } {
  const id = options.id ?? 'aws';
  const formats = options.templateFormats ?? ['terraform'];
  const verifications: ProviderAccess[] = [];
  return {
    specificationVersion: 'v1',
    id,
    capabilities: {
      selfService: options.automatedVerification !== false,
      automatedVerification: options.automatedVerification !== false,
      templateFormats: formats,
      externalIdTrust: options.externalIdTrust === true,
    },
    verifications,
    regions: () => catalogue(id),
    parseAccess(input) {
      const identity = typeof input === 'object' && input !== null ? (input as { identity?: unknown }).identity : input;
      if (typeof identity !== 'string' || !identityPattern.test(identity)) {
        throw new ByocError({
          code: 'ACCESS_INVALID',
          message: `The fake identity ${JSON.stringify(identity)} is malformed; use "fake:<name>" with lower-case letters, digits and dashes.`,
        });
      }
      return { provider: id, kind: 'fake_identity', identity, attributes: { name: identity.slice(5) } };
    },
    async generateTemplate(cloud, templateOptions) {
      const format = templateOptions?.format ?? formats[0] ?? 'terraform';
      if (!formats.includes(format)) {
        throw new ByocError({
          code: 'TEMPLATE_FORMAT_UNSUPPORTED',
          message: `The fake provider renders ${formats.join(', ')}, not ${format}.`,
          details: { format },
        });
      }
      const document = {
        id: cloud.id,
        region: cloud.region,
        deploymentModel: cloud.deploymentModel,
        reservedCidr: cloud.reservedCidr,
        externalId: cloud.externalId,
        tags: cloud.tags,
      };
      return {
        format,
        files: [{ path: 'custom-cloud.json', contents: `${JSON.stringify(document, null, 2)}\n` }],
        outputs: [{ name: 'fake_identity', description: 'The identity to pass to provision, "fake:<name>".' }],
        instructions: `Apply custom-cloud.json, then return the fake identity it created for ${cloud.displayName}.`,
      };
    },
    async verifyAccess(cloud, access, verifyOptions) {
      verifications.push(access);
      const verify = options.verify ?? (access.identity.startsWith('fake:denied') ? 'deny' : 'succeed');
      if (verify === 'throw') throw new Error('the fake cloud is unreachable');
      if (verify === 'deny') {
        return {
          ok: false,
          checks: [{ id: 'fake_identity_known', ok: false, detail: `${access.identity} is not trusted by the fake cloud.` }],
          error: {
            code: 'ACCESS_DENIED',
            message: `The fake cloud denied ${access.identity}. Apply the template again and return its output.`,
          },
          attempts: 1,
          elapsedMs: 0,
        };
      }
      if (verify === 'succeed') {
        return {
          ok: true,
          checks: [{ id: 'fake_identity_known', ok: true, detail: `${access.identity} is trusted by ${cloud.id}.` }],
          attempts: 1,
          elapsedMs: 0,
        };
      }
      return verify(cloud, access, verifyOptions?.signal);
    },
    teardown(cloud) {
      return {
        summary: `Remove what the template created for ${cloud.displayName}.`,
        steps: [{ description: 'Delete the resources of custom-cloud.json.', command: 'fake destroy custom-cloud.json' }],
      };
    },
  };
}
