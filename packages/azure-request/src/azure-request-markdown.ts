import { escapeMarkdown } from '@byoc-kit/core/provider-utils';
import type { AzureRequestDocument } from './azure-request-document.js';

/** request.md: the request as a person on the vendor's team reads it. */
export function azureRequestMarkdown(document: AzureRequestDocument, status?: { requestVersion: number; idempotencyKey: string }): string {
  const cloud = document.customCloud;
  const cell = (text: string) => escapeMarkdown(text);
  const lines = [
    `# Azure custom cloud request: ${cell(cloud.displayName)}`,
    '',
    `Build this custom cloud in the customer's Azure subscription, then report the request ${status ? `(version ${status.requestVersion}, key \`${status.idempotencyKey}\`) ` : ''}as fulfilled or rejected through byoc-kit.`,
    '',
    '| | |',
    '|---|---|',
    `| Custom cloud | \`${cloud.id}\` (organization \`${cloud.organizationId}\`) |`,
    `| Tenant | ${document.azure ? `\`${document.azure.tenantId}\`` : 'not supplied yet'} |`,
    `| Subscription | ${document.azure ? `\`${document.azure.subscriptionId}\`` : 'not supplied yet'} |`,
    `| Resource group | ${document.azure?.resourceGroup ? `\`${document.azure.resourceGroup}\`` : "the team's choice"} |`,
    `| Region | \`${cloud.region.location}\` (${cell(cloud.region.displayName)}), zones ${cloud.region.availabilityZones.length > 0 ? cloud.region.availabilityZones.join(', ') : 'none'} |`,
    `| Deployment model | ${cloud.deploymentModel === 'standard' ? 'standard (private: nodes without public IPs, reached through a bastion)' : 'standard_public (nodes with public IPs)'} |`,
    `| Reserved CIDR | \`${cloud.reservedCidr}\` |`,
    `| Object storage | ${cloud.objectStorage.enabled ? 'on: one storage account for the custom cloud' : 'off'} |`,
    `| Availability | ${cloud.availability.mode === 'all_projects' ? 'all existing and future projects' : `organization units ${cloud.availability.organizationUnits.join(', ') || 'none'}; projects ${cloud.availability.projects.join(', ') || 'none'}`} |`,
    '',
    '## Subnets',
    '',
    '| tier | zone | CIDR | usable addresses |',
    '|---|---|---|---|',
    ...cloud.subnets.map((subnet) => `| ${subnet.tier} | ${subnet.zone} | \`${subnet.cidr}\` | ${subnet.usableAddresses} |`),
    '',
    '## Tags',
    '',
    ...(Object.keys(cloud.tags).length === 0 ? ['None.'] : Object.entries(cloud.tags).map(([key, value]) => `- \`${key}\`: \`${value}\``)),
    '',
    '## Contacts',
    '',
    ...(cloud.contacts.length === 0
      ? ['None yet: ask the customer for an Admin contact before activation.']
      : cloud.contacts.map((contact) => `- ${contact.role}: ${cell(contact.realName ?? '')} <${cell(contact.email)}>`)),
    '',
  ];
  return lines.join('\n');
}
