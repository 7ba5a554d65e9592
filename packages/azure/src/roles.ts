import { ByocError } from '@byoc-kit/core';

/**
 * The built-in Azure roles byoc-kit knows, by role definition id (the same in every tenant), and
 * whether Lighthouse lets a service provider hold them. Lighthouse refuses Owner and any role with
 * DataActions; User Access Administrator it allows only to assign roles to managed identities,
 * which byoc-kit does not do. A role not in this table is refused: custom roles cannot be
 * delegated, and byoc-kit cannot tell whether another built-in role has DataActions.
 */
export const azureBuiltInRoles: Readonly<Record<string, { readonly name: string; readonly refused?: string }>> = {
  'b24988ac-6180-42a0-ab88-20f7382dd24c': { name: 'Contributor' },
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': { name: 'Reader' },
  '4d97b98b-1d4f-4787-a291-c67834d212e7': { name: 'Network Contributor' },
  '9980e02c-c2be-4d73-94e8-173b1dc7cf3c': { name: 'Virtual Machine Contributor' },
  '17d1049b-9a84-46fb-8f53-869881c3d3ab': { name: 'Storage Account Contributor' },
  '43d0d8ad-25c7-4714-9337-8ba259a9fe05': { name: 'Monitoring Reader' },
  '91c1777a-f3dc-4fae-b103-61d183457e46': { name: 'Managed Services Registration assignment Delete Role' },
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': {
    name: 'Owner',
    refused: 'Azure Lighthouse does not delegate Owner; grant Contributor and the narrower roles the vendor needs.',
  },
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': {
    name: 'User Access Administrator',
    refused: 'Lighthouse delegates User Access Administrator only to assign roles to managed identities, which byoc-kit does not do.',
  },
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': {
    name: 'Storage Blob Data Contributor',
    refused: 'Azure Lighthouse does not delegate roles with DataActions.',
  },
  '4633458b-17de-408a-b874-0445c86b69e6': {
    name: 'Key Vault Secrets User',
    refused: 'Azure Lighthouse does not delegate roles with DataActions.',
  },
};

/** Contributor: the default role of the vendor's principal. */
export const contributorRoleId = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

/** Refuses a role Lighthouse would refuse, before any template names it: `AZURE_ROLE_NOT_ALLOWED`. */
export function assertDelegableRole(roleDefinitionId: string, where: string): void {
  const role = azureBuiltInRoles[roleDefinitionId];
  if (role !== undefined && role.refused === undefined) return;
  const known = Object.entries(azureBuiltInRoles)
    .filter(([, each]) => each.refused === undefined)
    .map(([id, each]) => `${each.name} (${id})`)
    .join(', ');
  throw new ByocError({
    code: 'AZURE_ROLE_NOT_ALLOWED',
    message:
      role === undefined
        ? `${where}: role ${roleDefinitionId} is not a built-in role byoc-kit knows. Lighthouse refuses custom roles, and a built-in role with DataActions; use one of ${known}.`
        : `${where}: ${role.name} (${roleDefinitionId}) cannot be delegated. ${role.refused}`,
    details: { roleDefinitionId },
  });
}
