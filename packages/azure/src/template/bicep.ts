import { apiVersions, type DelegationPlan } from './delegation.js';

/** A Bicep string literal: `'...'` with `\`, `'`, `$` and control characters escaped. */
export function bicepString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\$\{/g, '\\${')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f]/g, '');
  return `'${escaped}'`;
}

const objectOf = (entries: Readonly<Record<string, string>>, indent: string) =>
  Object.keys(entries).length === 0
    ? '{}'
    : `{\n${Object.entries(entries)
        .map(([key, value]) => `${indent}  ${bicepString(key)}: ${bicepString(value)}`)
        .join('\n')}\n${indent}}`;

/**
 * `main.bicep`: the same deployment as `azuredeploy.json` (`az deployment sub create --template-file
 * main.bicep`), for customers who keep Bicep; the network is `network.bicep`, a module deployed
 * into the resource group.
 */
export function bicepFiles(plan: DelegationPlan, cloudId: string): { main: string; network: string } {
  const authorizations = plan.authorizations
    .map(
      (authorization) =>
        `      {\n        principalId: ${bicepString(authorization.principalId)}\n        principalIdDisplayName: ${bicepString(authorization.principalIdDisplayName)}\n        roleDefinitionId: ${bicepString(authorization.roleDefinitionId)}\n      }`,
    )
    .join('\n');
  const main = `// byoc-kit custom cloud ${cloudId}: Azure Lighthouse delegation and network.
// az deployment sub create --location ${plan.location} --template-file main.bicep
targetScope = 'subscription'

var definitionName = guid(subscription().id, ${bicepString(cloudId)}, 'byoc-definition')
var assignmentName = guid(subscription().id, ${bicepString(cloudId)}, 'byoc-assignment')

resource definition 'Microsoft.ManagedServices/registrationDefinitions@${apiVersions.managedServices}' = {
  name: definitionName
  properties: {
    registrationDefinitionName: ${bicepString(plan.offerName)}
    description: ${bicepString(plan.description)}
    managedByTenantId: ${bicepString(plan.managingTenantId)}
    authorizations: [
${authorizations}
    ]
  }
}

resource assignment 'Microsoft.ManagedServices/registrationAssignments@${apiVersions.managedServices}' = {
  name: assignmentName
  properties: {
    registrationDefinitionId: definition.id
  }
}

resource group 'Microsoft.Resources/resourceGroups@${apiVersions.resourceGroups}' = {
  name: ${bicepString(plan.resourceGroup)}
  location: ${bicepString(plan.location)}
  tags: ${objectOf(plan.tags, '  ')}
}

module network 'network.bicep' = {
  name: 'byoc-network'
  scope: group
}

output subscription_id string = subscription().subscriptionId
output tenant_id string = subscription().tenantId
output resource_group string = group.name
output registration_assignment_id string = assignment.id
`;
  const subnets = plan.subnets
    .map(
      (subnet) =>
        `      {\n        name: ${bicepString(subnet.name)}\n        properties: {\n          addressPrefix: ${bicepString(subnet.addressPrefix)}\n        }\n      }`,
    )
    .join('\n');
  const network = `// The virtual network of byoc-kit custom cloud ${cloudId}, deployed into its resource group by main.bicep.
resource network 'Microsoft.Network/virtualNetworks@${apiVersions.virtualNetworks}' = {
  name: ${bicepString(plan.virtualNetwork)}
  location: ${bicepString(plan.location)}
  tags: ${objectOf(plan.tags, '  ')}
  properties: {
    addressSpace: {
      addressPrefixes: [
        ${bicepString(plan.addressPrefix)}
      ]
    }
    subnets: [
${subnets}
    ]
  }
}
${
  plan.storageAccount === undefined
    ? ''
    : `
resource storage 'Microsoft.Storage/storageAccounts@${apiVersions.storageAccounts}' = {
  name: ${bicepString(plan.storageAccount)}
  location: ${bicepString(plan.location)}
  tags: ${objectOf(plan.tags, '  ')}
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}
`
}`;
  return { main, network };
}
