import { compileDocumentOr, type DocumentRenderer, escapeMarkdown } from '@byoc-kit/core/provider-utils';
import type { AzureRequestDocument } from './azure-request-document.js';

/**
 * What the request.md template receives as `it`: the request document, its cloud, the summary table
 * as rows of prepared Markdown (written raw, `<%~ %>`), and the vendor's values. Text a customer
 * typed (the display name, contact names and e-mails) is written escaped (`<%= %>`).
 */
export interface AzureRequestMarkdownData {
  readonly document: AzureRequestDocument;
  readonly cloud: AzureRequestDocument['customCloud'];
  /** Set when the request has been recorded: its version and idempotency key. */
  readonly status?: { readonly requestVersion: number; readonly idempotencyKey: string } | undefined;
  /** The summary table: label, then a Markdown cell. */
  readonly rows: readonly (readonly [string, string])[];
  /** The vendor's own values from `documents.data`. */
  readonly vendor: Readonly<Record<string, unknown>>;
}

/** The customer documents of the Azure request: a vendor's eta template, or byoc-kit's. */
export interface AzureDocumentSettings {
  /** request.md, an eta template receiving `AzureRequestMarkdownData` as `it`. */
  requestMarkdown?: string;
  /** Values the template reads as `it.vendor`. */
  data?: Record<string, unknown>;
}

/** The default request.md: the request as a person on the vendor's team reads it. */
export const defaultAzureRequestMarkdown = `# Azure custom cloud request: <%= it.cloud.displayName %>

Build this custom cloud in the customer's Azure subscription, then report the request <% if (it.status) { %>(version <%~ it.status.requestVersion %>, key \`<%~ it.status.idempotencyKey %>\`) <% } %>as fulfilled or rejected through byoc-kit.

| | |
|---|---|
<% for (const [label, value] of it.rows) { -%>
| <%~ label %> | <%~ value %> |
<% } -%>

## Subnets

| tier | zone | CIDR | usable addresses |
|---|---|---|---|
<% for (const subnet of it.cloud.subnets) { -%>
| <%~ subnet.tier %> | <%~ subnet.zone %> | \`<%~ subnet.cidr %>\` | <%~ subnet.usableAddresses %> |
<% } -%>

## Tags

<% if (Object.keys(it.cloud.tags).length === 0) { -%>
None.
<% } -%>
<% for (const [key, value] of Object.entries(it.cloud.tags)) { -%>
- \`<%~ key %>\`: \`<%~ value %>\`
<% } -%>

## Contacts

<% if (it.cloud.contacts.length === 0) { -%>
None yet: ask the customer for an Admin contact before activation.
<% } -%>
<% for (const contact of it.cloud.contacts) { -%>
- <%~ contact.role %>: <%= contact.realName ?? '' %> <<%= contact.email %>>
<% } -%>
`;

/** Compiles a vendor's request.md template now (a bad one fails the settings); byoc-kit's on first use. */
export function compileAzureDocuments(settings: AzureDocumentSettings | undefined): {
  readonly requestMarkdown: DocumentRenderer<AzureRequestMarkdownData>;
  readonly data: Readonly<Record<string, unknown>>;
} {
  return {
    requestMarkdown: compileDocumentOr('request.md', settings?.requestMarkdown, defaultAzureRequestMarkdown),
    data: { ...settings?.data },
  };
}

/** The summary rows of request.md. */
function summaryRows(document: AzureRequestDocument): [string, string][] {
  const cloud = document.customCloud;
  const { availability } = cloud;
  return [
    ['Custom cloud', `\`${cloud.id}\` (organization \`${cloud.organizationId}\`)`],
    ['Tenant', document.azure ? `\`${document.azure.tenantId}\`` : 'not supplied yet'],
    ['Subscription', document.azure ? `\`${document.azure.subscriptionId}\`` : 'not supplied yet'],
    ['Resource group', document.azure?.resourceGroup ? `\`${document.azure.resourceGroup}\`` : "the team's choice"],
    [
      'Region',
      `\`${cloud.region.location}\` (${escapeMarkdown(cloud.region.displayName)}), zones ${cloud.region.availabilityZones.length > 0 ? cloud.region.availabilityZones.join(', ') : 'none'}`,
    ],
    [
      'Deployment model',
      cloud.deploymentModel === 'standard'
        ? 'standard (private: nodes without public IPs, reached through a bastion)'
        : 'standard_public (nodes with public IPs)',
    ],
    ['Reserved CIDR', `\`${cloud.reservedCidr}\``],
    ['Object storage', cloud.objectStorage.enabled ? 'on: one storage account for the custom cloud' : 'off'],
    [
      'Availability',
      availability.mode === 'all_projects'
        ? 'all existing and future projects'
        : `organization units ${availability.organizationUnits.join(', ') || 'none'}; projects ${availability.projects.join(', ') || 'none'}`,
    ],
  ];
}

/** request.md: the request as a person on the vendor's team reads it. */
export function azureRequestMarkdown(
  document: AzureRequestDocument,
  options: {
    status?: { requestVersion: number; idempotencyKey: string } | undefined;
    documents?: ReturnType<typeof compileAzureDocuments>;
  } = {},
): string {
  const documents = options.documents ?? compileAzureDocuments(undefined);
  return documents.requestMarkdown({
    document,
    cloud: document.customCloud,
    status: options.status,
    rows: summaryRows(document),
    vendor: documents.data,
  });
}
