import { ByocError, quote } from '../errors/index.js';

/** The roles a contact can hold. */
export const contactRoles = ['Admin', 'Technical', 'Billing', 'Security'] as const;
/** A contact role. */
export type ContactRole = (typeof contactRoles)[number];

/** A person the vendor can reach about the custom cloud. */
export interface Contact {
  readonly email: string;
  readonly realName?: string | undefined;
  readonly role: ContactRole;
}

/** At most this many contacts per custom cloud. */
export const maxContacts = 10;

const emailPattern =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** True for an address byoc-kit accepts: at most 254 characters, no spaces or line breaks. */
export function isValidEmail(email: unknown): email is string {
  return typeof email === 'string' && email.length <= 254 && emailPattern.test(email) && !email.includes('..');
}

/** The role of a contact given without one, as Aiven's CLI allows: a technical contact. */
export const defaultContactRole: ContactRole = 'Technical';

/**
 * Checks a contact list and returns it with roles in canonical case (`admin` -> `Admin`); a
 * contact without a role is `Technical`. Raises `CONTACTS_INVALID` for a bad email or role, a
 * repeated email, more than 10 contacts, or, with `requireAdmin` (the default), a non-empty list
 * without an Admin. The service asks for an Admin only where a cloud needs one: to become `active`,
 * and while it is active, disconnected or reconnecting; a draft may name its Admin later.
 */
export function validateContacts(contacts: unknown, options: { requireAdmin?: boolean } = {}): Contact[] {
  if (!Array.isArray(contacts)) {
    throw contactsInvalid('Contacts must be a list of { email, role, realName? } objects.', {});
  }
  if (contacts.length > maxContacts) {
    throw contactsInvalid(`There are ${contacts.length} contacts; at most ${maxContacts} are allowed.`, { count: contacts.length });
  }
  const seen = new Set<string>();
  const result = contacts.map((contact: unknown, index): Contact => {
    if (typeof contact !== 'object' || contact === null) {
      throw contactsInvalid(`Contact ${index + 1} must be an object { email, role, realName? }.`, { index });
    }
    const { email, role, realName } = contact as Record<string, unknown>;
    if (!isValidEmail(email)) {
      throw contactsInvalid(
        `Contact ${index + 1} has an invalid email ${quote(email)}; give one address such as admin@example.com (at most 254 characters, no spaces or line breaks).`,
        { index, email },
      );
    }
    const canonicalRole =
      role === undefined || role === null
        ? defaultContactRole
        : contactRoles.find((candidate) => typeof role === 'string' && candidate.toLowerCase() === role.toLowerCase());
    if (canonicalRole === undefined) {
      throw contactsInvalid(`Contact ${email} has the role ${quote(role)}; use one of ${contactRoles.join(', ')}.`, {
        index,
        role,
      });
    }
    if (realName !== undefined && (typeof realName !== 'string' || realName.length > 128 || /[\r\n\0]/.test(realName))) {
      throw contactsInvalid(`Contact ${email} has an invalid real name; use at most 128 characters on one line.`, { index });
    }
    const key = email.toLowerCase();
    if (seen.has(key)) {
      throw contactsInvalid(`The email ${email} is listed twice; list each contact once.`, { index, email });
    }
    seen.add(key);
    return realName === undefined ? { email, role: canonicalRole } : { email, realName, role: canonicalRole };
  });
  if ((options.requireAdmin ?? true) && result.length > 0 && !result.some((contact) => contact.role === 'Admin')) {
    throw contactsInvalid('The contacts hold no Admin; make at least one contact an Admin.', { missingRole: 'Admin' });
  }
  return result;
}

/** True when a contact list names at least one Admin, as a custom cloud needs to become active. */
export function hasAdminContact(contacts: readonly Contact[]): boolean {
  return contacts.some((contact) => contact.role === 'Admin');
}

/**
 * The states in which a custom cloud must keep an Admin contact: it is live, or the vendor is
 * bringing it back. A draft may name its Admin later; `markActive` asks for one (see `transition`).
 */
export const statesKeepingAdmin: readonly string[] = ['active', 'disconnected', 'reconnecting'];

/**
 * The rule every path that changes a cloud's contacts calls (`update`, `contacts.set/add/remove`,
 * the wire routes through `update`): raises `CONTACTS_INVALID` when a cloud in one of
 * {@link statesKeepingAdmin} would be left without an Admin contact.
 */
export function assertAdminContactKept(cloud: { readonly id: string; readonly state: string }, contacts: readonly Contact[]): void {
  if (!statesKeepingAdmin.includes(cloud.state) || hasAdminContact(contacts)) return;
  throw contactsInvalid(
    `Custom cloud ${cloud.id} is ${cloud.state} and must keep an Admin contact; name another Admin in the same change before removing or demoting this one.`,
    { state: cloud.state, missingRole: 'Admin' },
  );
}

function contactsInvalid(message: string, details: Record<string, unknown>): ByocError {
  return new ByocError({ code: 'CONTACTS_INVALID', message, details });
}
