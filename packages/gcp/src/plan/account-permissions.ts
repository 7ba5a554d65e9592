import type { GcpBlueprintServiceAccount } from '../blueprint/define.js';
import type { ResolvedGcpSettings } from '../settings.js';

/** The permissions of the custom roles of one service account, the settings' where a role says so. */
export function customPermissions(account: GcpBlueprintServiceAccount, settings: ResolvedGcpSettings): string[] {
  const permissions = account.projectRoles.flatMap((role) =>
    'custom' in role ? (role.custom.permissions === 'settings' ? settings.permissions : role.custom.permissions) : [],
  );
  return [...new Set(permissions)].sort();
}
