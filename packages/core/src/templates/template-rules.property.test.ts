import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertExternalId, externalIdPattern, validateReservedCidr, validateTags } from '../domain/index.js';
import { terraformAvailable } from '../testing/terraform-harness.js';
import { customCloudIdPattern, reservedCidrCondition, reservedCidrPattern, tagsCondition } from './template-rules.js';

/**
 * Core, Terraform and CloudFormation accept exactly the same values: for many generated CIDRs, tag
 * maps and names, core's rule, the Terraform condition (evaluated by `terraform console`, one run
 * per batch) and the CloudFormation pattern (a full match, as CloudFormation applies it) agree.
 */
const withTerraform = terraformAvailable();

/** Evaluates `[for value in var.values : <condition(value)>]` with Terraform itself. */
function terraformAccepts(values: readonly unknown[], type: string, condition: (reference: string) => string): boolean[] {
  const folder = mkdtempSync(join(tmpdir(), 'byoc-rules-'));
  writeFileSync(join(folder, 'main.tf'), `variable "values" {\n  type = ${type}\n}\n`);
  writeFileSync(join(folder, 'values.tfvars.json'), JSON.stringify({ values }));
  const output = execFileSync('terraform', ['console', '-var-file=values.tfvars.json'], {
    cwd: folder,
    input: `jsonencode([for value in var.values : ${condition('value').replace(/\s*\n\s*/g, ' ')}])\n`,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
  });
  return JSON.parse(JSON.parse(output.trim()) as string) as boolean[];
}

const accepts = (check: () => unknown) => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};
const fullMatch = (pattern: string) => (value: string) => new RegExp(pattern).test(value);

const octetText = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('0', '00', '010', '256', '300', '1e1', ''));
const privateBase = fc.constantFrom('10', '172', '192', '11', '169', '8');
const cidr = fc.oneof(
  // Mostly private-looking networks, aligned or not, with prefixes in and out of bounds.
  fc
    .record({
      first: privateBase,
      second: fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('168', '16', '31', '32', '15')),
      third: octetText,
      fourth: fc.oneof(fc.constant('0'), octetText),
      prefix: fc.oneof(fc.integer({ min: 0, max: 33 }).map(String), fc.constantFrom('016', '8', '', '24 ', '-1')),
    })
    .map(({ first, second, third, fourth, prefix }) => `${first}.${second}.${third}.${fourth}/${prefix}`),
  // Networks core accepts, so each run holds many.
  fc
    .record({
      range: fc.constantFrom(10 * 2 ** 24, (172 * 2 ** 24 + 16 * 2 ** 16) >>> 0, (192 * 2 ** 24 + 168 * 2 ** 16) >>> 0),
      offset: fc.nat(2 ** 20),
      prefix: fc.integer({ min: 12, max: 30 }),
    })
    .map(({ range, offset, prefix }) => {
      const size = 2 ** (32 - prefix);
      const start = (range + Math.floor(offset / size) * size) >>> 0;
      return `${[start >>> 24, (start >>> 16) & 255, (start >>> 8) & 255, start & 255].join('.')}/${prefix}`;
    }),
  fc.string({ maxLength: 20 }),
);

describe.each([
  { minPrefix: 16, maxPrefix: 24 },
  { minPrefix: 12, maxPrefix: 28 },
])('the reserved-CIDR rule with bounds /$minPrefix to /$maxPrefix', (bounds) => {
  const values = fc.sample(cidr, { numRuns: 1500, seed: 20261128 + bounds.minPrefix });
  // Core accepts a value when it passes the rule unchanged (templates get the stored, canonical form).
  const coreAccepts = (value: string) => {
    try {
      return validateReservedCidr(value, bounds) === value;
    } catch {
      return false;
    }
  };

  it('is matched exactly by the CloudFormation pattern', () => {
    const core = values.map(coreAccepts);
    const pattern = values.map(fullMatch(reservedCidrPattern(bounds)));
    expect(pattern).toEqual(core);
    expect(core.filter(Boolean).length).toBeGreaterThan(100);
  });

  it.skipIf(!withTerraform)('is the Terraform condition', () => {
    const core = values.map(coreAccepts);
    expect(terraformAccepts(values, 'list(string)', (reference) => reservedCidrCondition(reference, bounds))).toEqual(core);
  });
});

const tagKey = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/),
  fc.constantFrom(
    'aws-owner',
    'googx',
    'azure',
    'microsoftteam',
    'cce-id',
    'constructor',
    'prototype',
    '__proto__',
    'Env',
    '9lives',
    'a'.repeat(64),
    'a'.repeat(63),
    'é',
  ),
);
const tagValue = fc.oneof(fc.stringMatching(/^[a-z0-9_-]{0,8}$/), fc.constantFrom('Prod', 'x'.repeat(64), 'x'.repeat(63), 'a b', ''));
const tagMap = fc.oneof(
  fc.dictionary(tagKey, tagValue, { maxKeys: 4 }),
  fc.integer({ min: 49, max: 51 }).map((count) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, 'v']))),
);

describe('the tag rule', () => {
  const maps = fc.sample(tagMap, { numRuns: 400, seed: 42 }).map((tags) => JSON.parse(JSON.stringify(tags)) as Record<string, string>);

  it.skipIf(!withTerraform)('is the Terraform condition', () => {
    const core = maps.map((tags) => accepts(() => validateTags(tags, { reservedPrefixes: ['cce'] })));
    expect(terraformAccepts(maps, 'list(map(string))', (reference) => tagsCondition(reference, ['cce']))).toEqual(core);
    expect(core.filter(Boolean).length).toBeGreaterThan(50);
  });
});

describe('the rules on names', () => {
  const ids = fc.sample(
    fc.oneof(
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.stringMatching(/^[0-9a-f-]{36}$/),
      fc.constantFrom('00000000-0000-0000-0000-000000000000'),
    ),
    { numRuns: 300, seed: 7 },
  );
  const externalIds = fc.sample(fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{28,132}$/), fc.string({ maxLength: 40 })), {
    numRuns: 300,
    seed: 8,
  });

  it('the external ID: core, the CloudFormation pattern and Terraform agree', () => {
    const core = externalIds.map((value) => accepts(() => assertExternalId(value)));
    expect(externalIds.map(fullMatch(externalIdPattern.source))).toEqual(core);
    if (withTerraform) {
      expect(
        terraformAccepts(
          externalIds,
          'list(string)',
          (reference) => `can(regex(${JSON.stringify(externalIdPattern.source)}, ${reference}))`,
        ),
      ).toEqual(core);
    }
  });

  it.skipIf(!withTerraform)('the custom cloud id: the pattern means the same to JavaScript and to Terraform', () => {
    const javascript = ids.map(fullMatch(customCloudIdPattern.source));
    expect(
      terraformAccepts(ids, 'list(string)', (reference) => `can(regex(${JSON.stringify(customCloudIdPattern.source)}, ${reference}))`),
    ).toEqual(javascript);
    expect(javascript.filter(Boolean).length).toBeGreaterThan(50);
  });
});
