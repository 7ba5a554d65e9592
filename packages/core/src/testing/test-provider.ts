import { describe, expect, it } from 'vitest';
import { type CustomCloud, providerAccessSchema } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { CloudProviderV1, TemplateFormat } from '../provider/index.js';
import { makeCustomCloud } from './make-custom-cloud.js';

/** A verification scenario: `arrange` sets up the cloud's answers (msw handlers, a fake client). */
export interface VerificationScenario {
  readonly access: unknown;
  readonly arrange?: () => void | Promise<void>;
  /** For a failing scenario: the code the report's error carries. */
  readonly errorCode?: string;
}

/** What the conformance suite needs to know about an adapter. */
export interface ProviderConformanceCases {
  /** Creation inputs valid for this provider, one per deployment model at least. */
  readonly clouds: readonly unknown[];
  /** Identities `parseAccess` accepts. */
  readonly validAccess: readonly unknown[];
  /** Identities `parseAccess` refuses, with the code it must raise. */
  readonly invalidAccess: readonly { readonly input: unknown; readonly code: string }[];
  /** A verification that succeeds, and some that fail; each runs against `validAccess`-style input. */
  readonly verification?: { readonly succeeds: VerificationScenario; readonly fails: readonly VerificationScenario[] };
}

const allFormats: readonly TemplateFormat[] = ['terraform', 'cloudformation', 'arm', 'request'];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The conformance suite of `CloudProviderV1`: every adapter runs it with its own cases. It checks
 * the declared shape, access parsing, deterministic and non-mutating template rendering, refused
 * formats, teardown plans, and that verification reports instead of throwing.
 */
export function testProvider(name: string, factory: () => CloudProviderV1, cases: ProviderConformanceCases): void {
  describe(`${name} conforms to CloudProviderV1`, () => {
    const clouds = (): CustomCloud[] => cases.clouds.map((input) => makeCustomCloud(input));

    it('declares specification v1, its id and its capabilities', () => {
      const provider = factory();
      expect(provider.specificationVersion).toBe('v1');
      expect(['aws', 'gcp', 'azure']).toContain(provider.id);
      expect(typeof provider.capabilities.selfService).toBe('boolean');
      expect(typeof provider.capabilities.automatedVerification).toBe('boolean');
      expect(provider.capabilities.templateFormats.length).toBeGreaterThan(0);
      for (const format of provider.capabilities.templateFormats) expect(allFormats).toContain(format);
    });

    it('lists its regions, each of its own cloud, once, with zones', () => {
      const provider = factory();
      const regions = provider.regions();
      expect(regions.length).toBeGreaterThan(0);
      expect(new Set(regions.map((region) => region.id)).size).toBe(regions.length);
      for (const region of regions) {
        expect(region.provider).toBe(provider.id);
        expect(Array.isArray(region.zones)).toBe(true);
      }
    });

    it.each(cases.validAccess.map((input) => [JSON.stringify(input), input]))('accepts the access %s', (_, input) => {
      const provider = factory();
      const access = provider.parseAccess(input);
      expect(providerAccessSchema.parse(access)).toEqual(access);
      expect(access.provider).toBe(provider.id);
    });

    it.each(cases.invalidAccess.map(({ input, code }) => [JSON.stringify(input), code, input]))(
      'refuses the access %s with %s',
      (_, code, input) => {
        let error: unknown;
        try {
          factory().parseAccess(input);
        } catch (caught) {
          error = caught;
        }
        expect(ByocError.isInstance(error), `parseAccess(${JSON.stringify(input)}) should throw a ByocError`).toBe(true);
        expect((error as ByocError).code).toBe(code);
      },
    );

    it('renders every declared format the same way twice, without touching the cloud', async () => {
      const provider = factory();
      for (const cloud of clouds()) {
        const frozen = deepFreeze(structuredClone(cloud));
        for (const format of provider.capabilities.templateFormats) {
          const first = await provider.generateTemplate(frozen, { format });
          const second = await provider.generateTemplate(frozen, { format });
          expect(first).toEqual(second);
          expect(first.format).toBe(format);
          expect(first.files.length).toBeGreaterThan(0);
          expect(first.outputs.length).toBeGreaterThan(0);
          expect(first.instructions.trim()).not.toBe('');
          const paths = first.files.map((file) => file.path);
          expect(new Set(paths).size).toBe(paths.length);
          for (const path of paths) expect(path).toMatch(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/);
          expect(frozen).toEqual(cloud);
        }
      }
    });

    it('refuses the formats it does not declare', async () => {
      const provider = factory();
      const [cloud] = clouds();
      for (const format of allFormats.filter((candidate) => !provider.capabilities.templateFormats.includes(candidate))) {
        await expect(provider.generateTemplate(cloud as CustomCloud, { format })).rejects.toMatchObject({
          code: 'TEMPLATE_FORMAT_UNSUPPORTED',
        });
      }
    });

    it('gives a teardown plan with at least one step', () => {
      const provider = factory();
      for (const cloud of clouds()) {
        const plan = provider.teardown(cloud);
        expect(plan.summary.trim()).not.toBe('');
        expect(plan.steps.length).toBeGreaterThan(0);
      }
    });

    const verification = cases.verification;
    if (verification) {
      it('reports a successful verification with every check passed', async () => {
        await verification.succeeds.arrange?.();
        const provider = factory();
        const [cloud] = clouds();
        const report = await provider.verifyAccess(cloud as CustomCloud, provider.parseAccess(verification.succeeds.access));
        expect(report.ok).toBe(true);
        expect(report.error).toBeUndefined();
        expect(report.checks.length).toBeGreaterThan(0);
        expect(report.checks.every((check) => check.ok)).toBe(true);
        expect(report.attempts).toBeGreaterThanOrEqual(1);
        expect(report.elapsedMs).toBeGreaterThanOrEqual(0);
      });

      it.each(verification.fails.map((scenario) => [scenario.errorCode ?? 'an error', scenario]))(
        'reports a failed verification with %s instead of throwing',
        async (_, scenario) => {
          await scenario.arrange?.();
          const provider = factory();
          const [cloud] = clouds();
          const report = await provider.verifyAccess(cloud as CustomCloud, provider.parseAccess(scenario.access));
          expect(report.ok).toBe(false);
          expect(report.error?.message.trim()).not.toBe('');
          if (scenario.errorCode) expect(report.error?.code).toBe(scenario.errorCode);
        },
      );
    }
  });
}
