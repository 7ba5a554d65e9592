import { type CustomCloud, planSubnets, subnetTiersFor, type TemplateBundle } from '@byoc-kit/core';
import { escapeMarkdown } from '@byoc-kit/core/provider-utils';
import { azureBuiltInRoles } from '../roles.js';
import type { ResolvedAzureSettings } from '../settings.js';
import { armTemplate } from './arm-template.js';
import { bicepFiles } from './bicep.js';
import { delegationPlan } from './delegation.js';

/** The portal's "Deploy to Azure" address of a template the vendor hosts. */
export function deployToAzureUrl(templateUrl: string): string {
  return `https://portal.azure.com/#create/Microsoft.Template/uri/${encodeURIComponent(templateUrl)}`;
}

/**
 * The ARM bundle of a cloud: `azuredeploy.json`, `main.bicep` with `network.bicep` (the same
 * deployment), and a README. The customer deploys it at subscription scope and returns the
 * subscription and tenant ids it outputs.
 */
export function renderArmBundle(cloud: CustomCloud, settings: ResolvedAzureSettings): TemplateBundle {
  // Azure subnets span a region's zones: one subnet per tier.
  const plan = planSubnets(cloud.reservedCidr, { zones: ['regional'], tiers: subnetTiersFor(cloud.deploymentModel), provider: 'azure' });
  const delegation = delegationPlan(cloud, settings, plan.subnets);
  const bicep = bicepFiles(delegation, cloud.id);
  const link = settings.templateUrl === undefined ? undefined : deployToAzureUrl(settings.templateUrl);
  const roles = delegation.authorizations
    .map(
      (authorization) =>
        `- ${escapeMarkdown(authorization.principalIdDisplayName)} (\`${authorization.principalId}\`): ${azureBuiltInRoles[authorization.roleDefinitionId]?.name ?? authorization.roleDefinitionId}`,
    )
    .join('\n');
  const readme = `# Custom cloud ${escapeMarkdown(cloud.displayName)} on Azure

This template delegates your subscription to us through **Azure Lighthouse** and creates the
custom cloud's network. Deploy it at subscription scope, as an Owner of the subscription (or a
user who may create role assignments there).

What it creates:

- a Lighthouse registration definition, "${escapeMarkdown(delegation.offerName)}", and its assignment to this
  subscription, letting these principals of our tenant (\`${delegation.managingTenantId}\`) act here:
${roles}
- the resource group \`${delegation.resourceGroup}\` in ${cloud.region};
- the virtual network \`${delegation.virtualNetwork}\` on ${cloud.reservedCidr}, with the subnets
${delegation.subnets.map((subnet) => `  - \`${subnet.name}\`: ${subnet.addressPrefix}`).join('\n')}
${delegation.storageAccount === undefined ? '' : `- the storage account \`${delegation.storageAccount}\` for the custom cloud's object storage (HTTPS and TLS 1.2 only, no public blob access).\n`}
Everything is tagged \`${Object.keys(delegation.tags).at(-1)}: ${cloud.id}\`.

## Deploy

With the Azure CLI, signed in to your tenant with the subscription selected:

\`\`\`sh
az deployment sub create --name byoc-${cloud.id} --location ${cloud.region} --template-file azuredeploy.json
# or, the same deployment in Bicep:
az deployment sub create --name byoc-${cloud.id} --location ${cloud.region} --template-file main.bicep
\`\`\`
${link === undefined ? '' : `\nOr in the portal: [Deploy to Azure](${link}).\n`}
Then give us the outputs \`subscription_id\` and \`tenant_id\`:

\`\`\`sh
az deployment sub show --name byoc-${cloud.id} --query properties.outputs
\`\`\`

Lighthouse can take up to 15 minutes to show the delegation to us; we check it, its
authorizations and a read of the resource group before anything is built.

## See and end what we do

The subscription's **Service providers** page in the portal lists the delegation. Our actions
appear in the subscription's Activity Log under our tenant's principals. To end the delegation,
remove it there (or \`az managedservices assignment delete\`); delete the resource group to remove
the network.

The registration definition's description starts with a value that binds it to this custom cloud
(\`byoc-binding:...\`); keep the template as it is, or we refuse the delegation.
`;
  return {
    format: 'arm',
    files: [
      { path: 'azuredeploy.json', contents: `${JSON.stringify(armTemplate(delegation, cloud.id), null, 2)}\n` },
      { path: 'main.bicep', contents: bicep.main },
      { path: 'network.bicep', contents: bicep.network },
      { path: 'README.md', contents: readme },
    ],
    outputs: [
      { name: 'subscription_id', description: 'The delegated subscription: pass it with tenant_id to provision.' },
      { name: 'tenant_id', description: "The customer's Microsoft Entra tenant." },
      { name: 'resource_group', description: 'The resource group the template created.' },
      { name: 'registration_assignment_id', description: 'The Lighthouse assignment, to remove the delegation.' },
    ],
    instructions: `Deploy azuredeploy.json (or main.bicep) at subscription scope: az deployment sub create --location ${cloud.region} --template-file azuredeploy.json. Then return the subscription_id and tenant_id outputs.`,
    ...(link === undefined ? {} : { applyLink: { url: link, registersAccess: false } }),
  };
}
