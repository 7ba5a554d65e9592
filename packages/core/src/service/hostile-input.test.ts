import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormed } from '../domain/index.js';
import { ByocError, quote } from '../errors/index.js';
import { createMemoryStore } from '../store/index.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { fromWire, toWire } from '../wire/index.js';
import { createByoc } from './create-byoc.js';

// The classes of hostile input an outside suite found (hardening issue): object-property tag keys,
// text a cloud refuses, huge inputs echoed back, a service without a store, bad external IDs.

const input = {
  organizationId: 'org-a',
  displayName: 'Acme',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'Admin' }],
};

function setup(generateExternalId?: () => string) {
  const store = createMemoryStore();
  const byoc = createByoc({ providers: [createFakeProvider()], store, ...(generateExternalId ? { generateExternalId } : {}) });
  return { byoc, store };
}

async function refusal(run: () => Promise<unknown>): Promise<ByocError> {
  try {
    await run();
  } catch (error) {
    if (ByocError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ByocError');
}

describe('hostile input', () => {
  describe('object-property tag keys', () => {
    // JSON.parse makes "__proto__" an own key, as a request body does.
    const withKey = (key: string) => JSON.parse(`{"${key}":"x","env":"prod"}`) as Record<string, string>;

    it.each(['__proto__', 'constructor', 'prototype'])('refuses %s on create with TAG_INVALID and stores nothing', async (key) => {
      const { byoc, store } = setup();
      const error = await refusal(() => byoc.create({ ...input, tags: withKey(key) }));
      expect(error.code).toBe('TAG_INVALID');
      expect(error.message).toContain(key);
      expect(await store.list()).toEqual([]);
    });

    it.each(['__proto__', 'constructor', 'prototype'])('refuses %s on update and leaves the cloud as it was', async (key) => {
      const { byoc } = setup();
      const cloud = await byoc.create({ ...input, tags: { env: 'dev' } });
      expect((await refusal(() => byoc.update(cloud.id, { tags: withKey(key) }))).code).toBe('TAG_INVALID');
      expect(await byoc.get(cloud.id)).toEqual(cloud);
    });

    it.each(['__proto__', 'constructor', 'prototype'])('refuses %s in a wire document', async (key) => {
      const { byoc } = setup();
      const document = toWire(await byoc.create(input));
      const body = JSON.parse(JSON.stringify(document).replace('"tags":{}', `"tags":{"${key}":"x"}`));
      expect(() => fromWire(body)).toThrow(expect.objectContaining({ code: 'TAG_INVALID' }));
    });
  });

  describe('text a cloud would refuse', () => {
    it('refuses a display name with a lone surrogate and stores nothing', async () => {
      const { byoc, store } = setup();
      for (const displayName of ['Acme \uD83D', 'Acme \uDE00 analytics', '\uDC00']) {
        expect((await refusal(() => byoc.create({ ...input, displayName }))).code).toBe('DISPLAY_NAME_INVALID');
      }
      expect(await store.list()).toEqual([]);
    });

    it('keeps whole characters beyond the Basic Multilingual Plane', async () => {
      const { byoc } = setup();
      expect((await byoc.create({ ...input, displayName: 'Acme 😀 analytics' })).displayName).toBe('Acme 😀 analytics');
    });

    it('accepts exactly the well-formed display names, for any text', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), async (displayName) => {
          const { byoc, store } = setup();
          const wellFormed = isWellFormed(displayName) && displayName.trim() !== '' && !displayName.includes('\0');
          const created = await byoc.create({ ...input, displayName }).catch((error: unknown) => error);
          if (wellFormed && displayName.length <= 64)
            expect((created as { displayName: string }).displayName).toBe(displayName.normalize('NFC'));
          else {
            expect((created as ByocError).code).toBe('DISPLAY_NAME_INVALID');
            expect(await store.list()).toEqual([]);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('huge inputs', () => {
    const megabyte = 'x'.repeat(1_000_000);
    const cases: [string, Record<string, unknown>, string][] = [
      ['a 1 MB display name', { displayName: megabyte }, 'DISPLAY_NAME_INVALID'],
      ['a 1 MB reserved CIDR', { reservedCidr: megabyte }, 'CIDR_INVALID'],
      ['a 1 MB region', { region: megabyte }, 'REGION_INVALID'],
      ['a 1 MB organization id', { organizationId: megabyte }, 'ORGANIZATION_ID_INVALID'],
      ['a 1 MB contact email', { contacts: [{ email: megabyte, role: 'Admin' }] }, 'CONTACTS_INVALID'],
      ['a 1 MB tag value', { tags: { env: megabyte } }, 'TAG_INVALID'],
      ['10,000 valid-looking tags', { tags: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 'v'])) }, 'TAG_INVALID'],
      [
        '10,000 malformed tags',
        { tags: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`K${i}${megabyte.slice(0, 100)}`, 'v'])) },
        'TAG_INVALID',
      ],
      ['a 1 MB unknown key', { [megabyte]: 1 }, 'INPUT_UNKNOWN_KEY'],
    ];

    it.each(cases)('answers %s with a short error and stores nothing', async (_, change, code) => {
      const { byoc, store } = setup();
      const started = performance.now();
      const error = await refusal(() => byoc.create({ ...input, ...change }));
      const elapsed = performance.now() - started;
      expect(error.code).toBe(code);
      expect(error.message.length).toBeLessThan(2_100);
      expect(JSON.stringify(error.details).length).toBeLessThan(20_000);
      expect(JSON.stringify(error).length).toBeLessThan(25_000);
      // Not a speed target (those live in benchmarks): a guard against echoing megabytes back.
      expect(elapsed).toBeLessThan(5_000);
      expect(await store.list()).toEqual([]);
    });

    it('quotes a short prefix with the full length', () => {
      expect(quote('a'.repeat(1000), 8)).toBe('"aaaaaaaa"… (1,000 characters)');
      expect(quote('short')).toBe('"short"');
      expect(quote(undefined)).toBe('an undefined');
      expect(quote(null)).toBe('null');
      // A cut never splits a character in two.
      expect(quote('😀😀😀', 3)).toBe('"😀"… (6 characters)');
    });
  });

  describe('createByoc options', () => {
    it.each([
      ['no store', { providers: [] }],
      ['a store without update', { providers: [], store: { get: () => undefined, list: () => [], insert: () => undefined } }],
      ['a clock without now', { providers: [], store: createMemoryStore(), clock: {} }],
      ['a generateId that is not a function', { providers: [], store: createMemoryStore(), generateId: 'uuid' }],
      ['a misspelt option', { providers: [], store: createMemoryStore(), stores: createMemoryStore() }],
    ])('refuses %s with BYOC_OPTIONS_INVALID at construction', (_, options) => {
      expect(() => createByoc(options as never)).toThrow(expect.objectContaining({ code: 'BYOC_OPTIONS_INVALID' }));
    });
  });

  describe('generated external IDs', () => {
    it.each([
      ['a short one', () => 'short'],
      ['one with characters outside [A-Za-z0-9-]', () => `${'a'.repeat(31)}!`],
      ['a number', () => 1234567890 as unknown as string],
      ['a 1 MB one', () => 'a'.repeat(1_000_000)],
    ])('refuses %s with EXTERNAL_ID_INVALID and stores nothing', async (_, generator) => {
      const { byoc, store } = setup(generator);
      const error = await refusal(() => byoc.create(input));
      expect(error.code).toBe('EXTERNAL_ID_INVALID');
      expect(error.message.length).toBeLessThan(400);
      expect(await store.list()).toEqual([]);
    });

    it('refuses an external ID another cloud holds with EXTERNAL_ID_IN_USE and stores the first cloud only', async () => {
      const { byoc, store } = setup(() => 'RepeatedExternalId00000000000000');
      const first = await byoc.create(input);
      expect((await refusal(() => byoc.create(input))).code).toBe('EXTERNAL_ID_IN_USE');
      expect((await store.list()).map((cloud) => cloud.id)).toEqual([first.id]);
    });
  });
});
