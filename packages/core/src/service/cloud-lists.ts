import { addToAvailability, applyPatch, type CustomCloud, type CustomCloudRules, removeFromAvailability } from '../domain/index.js';
import type { Byoc, VersionedOptions } from './byoc.js';

/** How the service changes one stored cloud: a versioned write of a function of it. */
type Change = (id: string, update: (cloud: CustomCloud) => CustomCloud, versioned?: VersionedOptions) => Promise<CustomCloud>;

/**
 * `byoc.permissions` and `byoc.contacts`: the two lists of a cloud its owners edit item by item,
 * each edit checked by the same rules as create and written with the caller's version check.
 */
export function createCloudLists(context: {
  readonly change: Change;
  readonly rules: CustomCloudRules | undefined;
  readonly timestamp: () => string;
  readonly notDeleted: (cloud: CustomCloud) => CustomCloud;
}): Pick<Byoc, 'permissions' | 'contacts'> {
  const { change, rules, timestamp, notDeleted } = context;
  const patched = (cloud: CustomCloud, patch: Record<string, unknown>) => applyPatch(notDeleted(cloud), patch, { rules, at: timestamp() });
  // applyPatch holds the contact rules, the Admin an active cloud keeps among them.
  const withContacts = (cloud: CustomCloud, contacts: readonly unknown[]) => patched(cloud, { contacts });
  return {
    permissions: {
      add: (id, selection, versioned = {}) =>
        change(
          id,
          (cloud) => ({ ...notDeleted(cloud), availability: addToAvailability(cloud.availability, selection), updatedAt: timestamp() }),
          versioned,
        ),
      remove: (id, selection, versioned = {}) =>
        change(
          id,
          (cloud) => ({
            ...notDeleted(cloud),
            availability: removeFromAvailability(cloud.availability, selection),
            updatedAt: timestamp(),
          }),
          versioned,
        ),
      set: (id, availability, versioned = {}) => change(id, (cloud) => patched(cloud, { availability }), versioned),
    },
    contacts: {
      set: (id, contacts, versioned = {}) => change(id, (cloud) => withContacts(cloud, contacts), versioned),
      add: (id, contact, versioned = {}) => change(id, (cloud) => withContacts(cloud, [...cloud.contacts, contact]), versioned),
      remove: (id, email, versioned = {}) =>
        change(
          id,
          (cloud) =>
            withContacts(
              cloud,
              cloud.contacts.filter((contact) => contact.email.toLowerCase() !== String(email).toLowerCase()),
            ),
          versioned,
        ),
    },
  };
}
