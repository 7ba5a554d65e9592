/**
 * The one check every permission passes before it reaches a template's custom role, from the
 * blueprint or from the provider settings: permissions that let the vendor mint credentials of
 * other service accounts or rewrite IAM are refused. A custom role holds them on the whole project,
 * where they hand over every account in it.
 */

/** Permissions that mint credentials or act as other identities. */
const credentialPermissions = new Set([
  'iam.serviceAccounts.getAccessToken',
  'iam.serviceAccounts.getOpenIdToken',
  'iam.serviceAccounts.signBlob',
  'iam.serviceAccounts.signJwt',
  'iam.serviceAccounts.implicitDelegation',
  'iam.serviceAccounts.actAs',
  'iam.serviceAccountKeys.create',
  'iam.serviceAccounts.setIamPolicy',
]);

/** Permissions that rewrite roles or policies: the vendor could widen its own role. */
const policyPermissions = new Set(['iam.roles.create', 'iam.roles.update', 'iam.roles.undelete', 'orgpolicy.policy.set']);

/** Why a permission is refused, or undefined when it is not. */
export function escalationReason(permission: string): string | undefined {
  if (credentialPermissions.has(permission)) {
    return `${permission} lets the vendor act as, or mint credentials of, every service account of the project`;
  }
  if (permission.endsWith('.setIamPolicy')) return `${permission} lets the vendor rewrite who may do what, itself included`;
  if (policyPermissions.has(permission)) return `${permission} lets the vendor rewrite roles or policies, its own included`;
  return undefined;
}

/** The refused permissions of a list, each with its reason and its index. */
export function escalatingPermissions(permissions: readonly string[]): { index: number; permission: string; reason: string }[] {
  return permissions.flatMap((permission, index) => {
    const reason = escalationReason(permission);
    return reason === undefined ? [] : [{ index, permission, reason }];
  });
}

/** A sentence for a refused permission, saying what to do instead. */
export function describePermissionEscalation(reason: string): string {
  return `${reason}. Leave it out: the template grants the vendor Token Creator on the one service account it impersonates, never on the project.`;
}
