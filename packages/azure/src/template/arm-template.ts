import { apiVersions, type DelegationPlan } from './delegation.js';

/** The cloud's object storage: a StorageV2 account, HTTPS and TLS 1.2 only, no public blob access. */
function storageAccount(plan: DelegationPlan, name: string): Record<string, unknown> {
  return {
    type: 'Microsoft.Storage/storageAccounts',
    apiVersion: apiVersions.storageAccounts,
    name,
    location: plan.location,
    tags: plan.tags,
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS' },
    properties: { minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true, allowBlobPublicAccess: false },
  };
}

/** The `$schema` of a template deployed at subscription scope (`az deployment sub create`). */
export const subscriptionDeploymentSchema = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
const resourceGroupDeploymentSchema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/**
 * `azuredeploy.json`: the Lighthouse registration definition and its assignment on the customer's
 * subscription, the resource group, and (in a nested deployment into that group) the virtual
 * network on the reserved CIDR with the subnet plan's subnets and, with object storage on, the
 * storage account. Every value is a literal of this
 * cloud but the definition and assignment names, stable GUIDs of the subscription and the cloud.
 */
export function armTemplate(plan: DelegationPlan, cloudId: string): Record<string, unknown> {
  const definitionId = "[subscriptionResourceId('Microsoft.ManagedServices/registrationDefinitions', variables('definitionName'))]";
  return {
    $schema: subscriptionDeploymentSchema,
    contentVersion: '1.0.0.0',
    metadata: { description: `byoc-kit custom cloud ${cloudId}: Azure Lighthouse delegation and network` },
    parameters: {},
    variables: {
      definitionName: `[guid(subscription().id, '${cloudId}', 'byoc-definition')]`,
      assignmentName: `[guid(subscription().id, '${cloudId}', 'byoc-assignment')]`,
    },
    resources: [
      {
        type: 'Microsoft.ManagedServices/registrationDefinitions',
        apiVersion: apiVersions.managedServices,
        name: "[variables('definitionName')]",
        properties: {
          registrationDefinitionName: plan.offerName,
          description: plan.description,
          managedByTenantId: plan.managingTenantId,
          authorizations: plan.authorizations.map((authorization) => ({ ...authorization })),
        },
      },
      {
        type: 'Microsoft.ManagedServices/registrationAssignments',
        apiVersion: apiVersions.managedServices,
        name: "[variables('assignmentName')]",
        dependsOn: [definitionId],
        properties: { registrationDefinitionId: definitionId },
      },
      {
        type: 'Microsoft.Resources/resourceGroups',
        apiVersion: apiVersions.resourceGroups,
        name: plan.resourceGroup,
        location: plan.location,
        tags: plan.tags,
      },
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: apiVersions.deployments,
        name: 'byoc-network',
        resourceGroup: plan.resourceGroup,
        dependsOn: [`[subscriptionResourceId('Microsoft.Resources/resourceGroups', '${plan.resourceGroup}')]`],
        properties: {
          mode: 'Incremental',
          template: {
            $schema: resourceGroupDeploymentSchema,
            contentVersion: '1.0.0.0',
            resources: [
              {
                type: 'Microsoft.Network/virtualNetworks',
                apiVersion: apiVersions.virtualNetworks,
                name: plan.virtualNetwork,
                location: plan.location,
                tags: plan.tags,
                properties: {
                  addressSpace: { addressPrefixes: [plan.addressPrefix] },
                  subnets: plan.subnets.map((subnet) => ({ name: subnet.name, properties: { addressPrefix: subnet.addressPrefix } })),
                },
              },
              ...(plan.storageAccount === undefined ? [] : [storageAccount(plan, plan.storageAccount)]),
            ],
          },
        },
      },
    ],
    outputs: {
      subscription_id: { type: 'string', value: '[subscription().subscriptionId]' },
      tenant_id: { type: 'string', value: '[subscription().tenantId]' },
      resource_group: { type: 'string', value: plan.resourceGroup },
      registration_assignment_id: {
        type: 'string',
        value: "[subscriptionResourceId('Microsoft.ManagedServices/registrationAssignments', variables('assignmentName'))]",
      },
    },
  };
}
