import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformAvailable } from '@byoc-kit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardrailCondition, guardrailRules } from './rules.js';

/**
 * The customer's guardrails are checked alike in both formats: for many generated values, the
 * Terraform validation (evaluated by `terraform console`, one run per rule) and the CloudFormation
 * parameter (its AllowedPattern as a full match, and its MaxLength) accept exactly the same ones.
 */
function terraformAccepts(values: readonly string[], condition: (reference: string) => string): boolean[] {
  const folder = mkdtempSync(join(tmpdir(), 'byoc-guardrails-'));
  writeFileSync(join(folder, 'main.tf'), 'variable "values" {\n  type = list(string)\n}\n');
  writeFileSync(join(folder, 'values.tfvars.json'), JSON.stringify({ values }));
  const output = execFileSync('terraform', ['console', '-var-file=values.tfvars.json'], {
    cwd: folder,
    input: `jsonencode([for value in var.values : ${condition('value')}])\n`,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
  });
  return JSON.parse(JSON.parse(output.trim()) as string) as boolean[];
}

const cloudFormationAccepts = (rule: keyof typeof guardrailRules) => (value: string) =>
  new RegExp(guardrailRules[rule].pattern).test(value) && value.length <= guardrailRules[rule].maxLength;

const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019_+=,.@-/ :*ü\t'.split('')), maxLength: 24 });
const values: Record<keyof typeof guardrailRules, fc.Arbitrary<string>> = {
  permissionsBoundary: fc.oneof(
    fc.constant(''),
    fc
      .record({
        partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'AWS'),
        account: fc.constantFrom('123456789012', 'aws', '12345678901', ''),
        kind: fc.constantFrom('policy', 'role', 'policy/path'),
        name: printable,
      })
      .map(({ partition, account, kind, name }) => `arn:${partition}:iam::${account}:${kind}/${name}`),
    printable,
  ),
  iamPath: fc.oneof(
    fc
      .array(fc.string({ unit: fc.constantFrom(...'ab9_-.~!'.split('')), minLength: 0, maxLength: 6 }), { maxLength: 5 })
      .map((parts) => `/${parts.map((part) => `${part}/`).join('')}`),
    fc.constant(`/${'a/'.repeat(300)}`),
    printable,
  ),
  iamNameAffix: fc.oneof(printable, fc.string({ unit: fc.constantFrom(...'aZ9_+=,.@-'.split('')), maxLength: 20 })),
};

describe.skipIf(!terraformAvailable())('the guardrail rules', () => {
  it.each(Object.keys(guardrailRules) as (keyof typeof guardrailRules)[])(
    '%s: Terraform and CloudFormation accept the same values',
    {
      timeout: 60_000,
    },
    (rule) => {
      const samples = [...new Set(fc.sample(values[rule], { numRuns: 400, seed: 11 }))];
      const terraform = terraformAccepts(samples, (reference) => guardrailCondition(rule, reference));
      const disagreements = samples.filter((value, index) => terraform[index] !== cloudFormationAccepts(rule)(value));
      expect(disagreements).toEqual([]);
      // Both sides of the rule are exercised.
      expect(terraform.filter(Boolean).length).toBeGreaterThan(10);
      expect(terraform.filter((accepted) => !accepted).length).toBeGreaterThan(10);
    },
  );
});
