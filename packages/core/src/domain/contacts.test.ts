import { describe, expect, it } from 'vitest';
import { thrownCode } from '../testing/thrown-code.js';
import { assertAdminContactKept, hasAdminContact, statesKeepingAdmin, validateContacts } from './contacts.js';

const admin = { email: 'admin@example.com', role: 'Admin' };

describe('validateContacts', () => {
  it('accepts an empty list, as a draft may have no contacts yet', () => {
    expect(validateContacts([])).toEqual([]);
  });

  it('canonicalises roles given in any case', () => {
    expect(
      validateContacts([
        { email: 'a@example.com', role: 'ADMIN', realName: 'Ann' },
        { email: 'b@example.com', role: 'technical' },
        { email: 'c@example.com', role: 'billing' },
        { email: 'd@example.com', role: 'SeCuRiTy' },
      ]).map((contact) => contact.role),
    ).toEqual(['Admin', 'Technical', 'Billing', 'Security']);
  });

  it('accepts ten contacts and plus-addressed emails', () => {
    const contacts = Array.from({ length: 10 }, (_, index) => ({ email: `ops+${index}@sub.example.co.uk`, role: 'Admin' }));
    expect(validateContacts(contacts)).toHaveLength(10);
  });

  it.each([
    ['no Admin', [{ email: 'a@example.com', role: 'Technical' }]],
    ['an unknown role', [admin, { email: 'b@example.com', role: 'Owner' }]],
    ['a missing role', [{ email: 'a@example.com' }]],
    ['an email without @', [{ email: 'example.com', role: 'Admin' }]],
    ['an email with a space', [{ email: 'a b@example.com', role: 'Admin' }]],
    ['an email with CR/LF', [{ email: 'a@example.com\r\nBcc: x@evil.com', role: 'Admin' }]],
    ['an email with a trailing newline', [{ email: 'a@example.com\n', role: 'Admin' }]],
    [
      'an email over 254 characters',
      [{ email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.com`, role: 'Admin' }],
    ],
    ['an email without a domain dot', [{ email: 'a@localhost', role: 'Admin' }]],
    ['consecutive dots', [{ email: 'a..b@example.com', role: 'Admin' }]],
    ['a repeated email', [admin, { email: 'ADMIN@example.com', role: 'Billing' }]],
    ['eleven contacts', Array.from({ length: 11 }, (_, index) => ({ email: `a${index}@example.com`, role: 'Admin' }))],
    ['a real name with a newline', [{ ...admin, realName: 'A\nB' }]],
    ['a non-list', admin],
    ['a non-object entry', ['admin@example.com']],
  ])('refuses %s with CONTACTS_INVALID', (_, contacts) => {
    expect(thrownCode(() => validateContacts(contacts))).toBe('CONTACTS_INVALID');
  });

  it('tells whether a list has an Admin', () => {
    expect(hasAdminContact(validateContacts([admin]))).toBe(true);
    expect(hasAdminContact([])).toBe(false);
  });
});

describe('assertAdminContactKept', () => {
  const technical = validateContacts([{ email: 'tech@example.com', role: 'Technical' }], { requireAdmin: false });

  it.each(statesKeepingAdmin)('refuses contacts without an Admin while the cloud is %s', (state) => {
    expect(thrownCode(() => assertAdminContactKept({ id: 'c', state }, technical))).toBe('CONTACTS_INVALID');
    expect(thrownCode(() => assertAdminContactKept({ id: 'c', state }, []))).toBe('CONTACTS_INVALID');
    expect(() => assertAdminContactKept({ id: 'c', state }, validateContacts([admin]))).not.toThrow();
  });

  it.each(['draft', 'validating', 'creating', 'creation_failed', 'deleting'])('lets a cloud in %s hold no Admin yet', (state) => {
    expect(() => assertAdminContactKept({ id: 'c', state }, technical)).not.toThrow();
  });
});
