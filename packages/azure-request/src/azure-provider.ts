import {
  ByocError,
  type CloudProviderV1,
  type CustomCloud,
  type ProviderAccess,
  regions,
  type TemplateFormat,
  type VerificationReport,
  type VerifyAccessOptions,
} from '@byoc-kit/core';
import { checkTemplateRequest, functionSetting, parseInput, z } from '@byoc-kit/core/provider-utils';
import { checkFulfilment, noAutomatedCheck } from './azure-fulfilment.js';
import { azureAccess, azureIdsOf } from './azure-ids.js';
import { azureRequestDocument, azureRequestJsonSchema, requestDigest } from './azure-request-document.js';
import { type AzureDocumentSettings, azureRequestMarkdown, compileAzureDocuments } from './azure-request-markdown.js';
import { type AzureRequestStore, createMemoryAzureRequestStore } from './azure-request-store.js';
import { type AzureRequestTracker, createAzureRequestTracker, type TrackedByoc } from './azure-request-tracker.js';
import { type AzureRequestTransport, createWebhookTransport, type WebhookTransportSettings } from './azure-transport.js';

const templateFormats: readonly TemplateFormat[] = ['request'];

/** Settings of `createAzureRequestProvider`. */
export interface AzureRequestProviderSettings {
  /** How requests reach the vendor's team: webhook settings, or any function that delivers one. */
  transport: AzureRequestTransport | WebhookTransportSettings;
  /** Secret of signed incoming status updates (`tracker.handleWebhook`); at least 32 characters. */
  webhookSecret?: string;
  /** Where requests are kept. Default: in memory (one process, lost on restart). */
  requests?: AzureRequestStore;
  /** How old a signed status update may be, in ms. Default 300,000 (five minutes). */
  signatureToleranceMs?: number;
  now?: () => number;
  /**
   * request.md as an eta template, in the vendor's words: `{ requestMarkdown, data }`. A template
   * that does not compile fails the settings with `DOCUMENT_TEMPLATE_INVALID`.
   */
  documents?: AzureDocumentSettings;
}

/** The Azure provider, with what it adds to the contract: request tracking. */
export interface AzureRequestProvider extends CloudProviderV1 {
  /** Binds request updates to a byoc service, which it drives through the lifecycle. */
  tracker(byoc: TrackedByoc): AzureRequestTracker;
  readonly requests: AzureRequestStore;
}

const settingsSchema = z.strictObject({
  transport: z.union([z.custom<AzureRequestTransport>((value) => typeof value === 'function'), z.record(z.string(), z.unknown())]),
  webhookSecret: z.string().min(32, 'Use at least 32 characters; generate one with `openssl rand -hex 32`.').optional(),
  requests: z
    .custom<AzureRequestStore>(
      (value) => typeof (value as AzureRequestStore)?.get === 'function' && typeof (value as AzureRequestStore)?.put === 'function',
    )
    .optional(),
  signatureToleranceMs: z.number().int().min(1_000).max(3_600_000).default(300_000),
  now: functionSetting<() => number>(),
  documents: z.strictObject({ requestMarkdown: z.string().optional(), data: z.record(z.string(), z.unknown()).optional() }).optional(),
});

/**
 * The Azure adapter. An Azure custom cloud is not self-service: `provision` delivers a request
 * (request.json and request.md) to the vendor's team, exactly once, and the team's updates move the
 * cloud through its lifecycle (see `tracker`).
 */
export function createAzureRequestProvider(settings: AzureRequestProviderSettings): AzureRequestProvider {
  const resolved = parseInput(settingsSchema, settings, { what: 'Azure request provider settings', code: 'AZURE_SETTINGS_INVALID' });
  const transport =
    typeof resolved.transport === 'function'
      ? resolved.transport
      : createWebhookTransport(resolved.transport as unknown as WebhookTransportSettings);
  const requests = resolved.requests ?? createMemoryAzureRequestStore();
  const now = resolved.now ?? Date.now;
  const documents = compileAzureDocuments(resolved.documents);

  const submit = async (cloud: CustomCloud, access: ProviderAccess, options: VerifyAccessOptions): Promise<VerificationReport> => {
    const started = now();
    const ids = azureIdsOf(access);
    const document = azureRequestDocument(cloud, ids);
    const digest = requestDigest(document);
    const record = await requests.get(cloud.id);
    if (record && record.digest === digest && record.state !== 'rejected') {
      if (record.state === 'fulfilled') return checkFulfilment(record, ids, now() - started);
      return {
        ok: true,
        checks: [
          {
            id: 'request_delivered',
            ok: true,
            detail: `Request version ${record.requestVersion} was delivered before and is ${record.state}; not sent again. ${noAutomatedCheck}`,
          },
        ],
        attempts: 0,
        elapsedMs: now() - started,
      };
    }
    // A changed or previously rejected request is a new one; a failed delivery left no record, so
    // its retry gets the same version, and the same idempotency key.
    const requestVersion = record ? record.requestVersion + 1 : 1;
    const idempotencyKey = `byoc-azure-${cloud.id}-v${requestVersion}`;
    try {
      const { reference } = await transport({
        document,
        body: JSON.stringify(document),
        idempotencyKey,
        requestVersion,
        signal: options.signal,
      });
      const at = new Date(now()).toISOString();
      await requests.put({
        customCloudId: cloud.id,
        requestVersion,
        digest,
        idempotencyKey,
        state: 'submitted',
        document,
        reference,
        history: [{ state: 'submitted', at, actor: 'byoc-kit' }],
      });
      return {
        ok: true,
        checks: [
          {
            id: 'request_delivered',
            ok: true,
            detail: `Request version ${requestVersion} delivered with idempotency key ${idempotencyKey}${reference ? ` (reference ${reference})` : ''}. ${noAutomatedCheck}`,
          },
        ],
        attempts: 1,
        elapsedMs: now() - started,
      };
    } catch (error) {
      if (!ByocError.isInstance(error)) throw error;
      return {
        ok: false,
        checks: [{ id: 'request_delivered', ok: false, detail: error.message }],
        error: { code: error.code, message: error.message, isRetryable: error.isRetryable },
        attempts: Number(error.details.attempts ?? 1),
        elapsedMs: now() - started,
      };
    }
  };

  return {
    specificationVersion: 'v1',
    id: 'azure',
    capabilities: { selfService: false, automatedVerification: false, templateFormats },
    requests,
    regions: () => regions('azure'),
    parseAccess: azureAccess,
    async generateTemplate(cloud, options = {}) {
      checkTemplateRequest(cloud, { provider: 'azure', formats: templateFormats, format: options.format });
      const document = azureRequestDocument(cloud, cloud.access ? azureIdsOf(cloud.access) : null);
      const instructions = `# Azure custom cloud "${cloud.displayName.replace(/[\r\n]+/g, ' ')}"

Azure custom clouds are built by the vendor's team, not by a template you apply. Give the vendor:

1. your tenant id (Microsoft Entra ID > Overview),
2. the subscription id that will host the custom cloud,
3. optionally, the resource group to build it in.

The vendor submits request.json to its team and tells you as it moves: submitted, acknowledged,
in progress, fulfilled (the cloud becomes active) or rejected (with the reason).
`;
      return {
        format: 'request',
        files: [
          { path: 'request.json', contents: `${JSON.stringify(document, null, 2)}\n` },
          { path: 'request.schema.json', contents: `${JSON.stringify(azureRequestJsonSchema(), null, 2)}\n` },
          { path: 'request.md', contents: azureRequestMarkdown(document, { documents }) },
        ],
        outputs: [
          { name: 'tenantId', description: "The customer's Microsoft Entra tenant id." },
          { name: 'subscriptionId', description: 'The subscription that hosts the custom cloud.' },
          { name: 'resourceGroup', description: 'Optional: the resource group to build it in.' },
        ],
        instructions,
      };
    },
    verifyAccess: (cloud, access, options = {}) => submit(cloud, access, options),
    teardown(cloud) {
      const ids = cloud.access ? azureIdsOf(cloud.access) : undefined;
      return {
        summary: `The vendor's team removes what it built for custom cloud ${cloud.id}${ids ? ` in subscription ${ids.subscriptionId}` : ''}; you then remove the access you granted it.`,
        steps: [
          { description: "Wait for the vendor's confirmation that the custom cloud's resources are deleted." },
          {
            description: 'Remove the role assignments you gave the vendor on the subscription or resource group.',
            command: ids
              ? `az role assignment list --subscription ${ids.subscriptionId} --all --output table`
              : 'az role assignment list --all --output table',
          },
        ],
      };
    },
    tracker: (byoc) =>
      createAzureRequestTracker({
        byoc,
        requests,
        now,
        webhookSecret: resolved.webhookSecret,
        signatureToleranceMs: resolved.signatureToleranceMs,
      }),
  };
}
