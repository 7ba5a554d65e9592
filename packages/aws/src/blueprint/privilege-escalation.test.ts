import { thrownCode } from '@byoc-kit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAwsProvider } from '../provider.js';
import type { IamStatement } from '../settings.js';
import { defineAwsBlueprint } from './define.js';
import { escalationActions, escalationsOf } from './privilege-escalation.js';
import type { AwsBlueprintInput, AwsBlueprintStatement } from './schema.js';

const vendorPrincipalArn = 'arn:aws:iam::111122223333:role/vendor';

/** A blueprint whose vendor role carries one statement under test. */
function blueprintWith(statement: AwsBlueprintStatement): AwsBlueprintInput {
  return {
    name: 'escalation-test',
    description: 'A blueprint for the escalation check.',
    network: true,
    bucket: 'optional',
    identities: [
      { kind: 'serviceRole', id: 'node', name: 'node-role', service: 'ec2', summary: 'the node role;' },
      {
        kind: 'crossAccountRole',
        id: 'vendor',
        name: 'vendor-role',
        summary: 'the vendor role.',
        trust: { principal: 'vendor' },
        policies: [{ id: 'vendor', name: 'vendor', attachment: 'managed', statements: [statement] }],
      },
    ],
    access: { identity: 'vendor' },
    outputs: [{ name: 'aws_iam_role_arn', value: { of: 'arn', identity: 'vendor' }, description: 'The vendor role.' }],
  };
}

const settingsCode = (statement: IamStatement) =>
  thrownCode(() => createAwsProvider({ vendorPrincipalArn, extraVendorStatements: [statement] }));
const blueprintCode = (statement: AwsBlueprintStatement) => thrownCode(() => defineAwsBlueprint(blueprintWith(statement)));

/** Resources that reach roles, users, groups or policies the template does not create. */
const anyResource = [
  '*',
  'arn:aws:iam::*:role/*',
  'arn:aws:iam::*:role*',
  'arn:aws:iam::123456789012:role/*',
  'arn:aws:iam::123456789012:*',
  'arn:*:iam::*:*',
  'arn:aws:iam::*:user/*',
  'arn:aws:iam::*:group/*',
  'arn:aws:iam::*:policy/*',
  'arn:aws:iam::aws:policy/*',
];

/** `iam:PassRole` written with wildcards: every run of masked characters of the name becomes `*`, letters in any case. */
function wildcardForm(action: string) {
  const [service, name] = action.split(':') as [string, string];
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }),
      fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }),
    )
    .map(([masked, upper]) => {
      let result = '';
      for (let index = 0; index < name.length; index++) {
        if (masked[index]) {
          if (!result.endsWith('*')) result += '*';
        } else {
          const character = name[index] as string;
          result += upper[index] ? character.toUpperCase() : character.toLowerCase();
        }
      }
      return `${service}:${result}`;
    });
}

describe('privilege escalation', () => {
  describe('the examples an outside test found', () => {
    it.each<[string, IamStatement]>([
      ['iam:Pass* on *', { Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' }],
      ['iam:*Role on *', { Effect: 'Allow', Action: ['s3:GetObject', 'iam:*Role'], Resource: '*' }],
      ['PassRole on arn:aws:iam::*:role/*', { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' }],
      ['CreatePolicyVersion on every policy', { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::*:policy/*' }],
      ['AttachRolePolicy on *', { Effect: 'Allow', Action: 'iam:Attach*', Resource: '*' }],
    ])('refuses %s in extraVendorStatements with AWS_SETTINGS_INVALID', (_, statement) => {
      expect(settingsCode(statement)).toBe('AWS_SETTINGS_INVALID');
    });

    it('refuses PassRole on arn:aws:iam::*:role* in a blueprint with BLUEPRINT_PASSROLE_WILDCARD', () => {
      expect(blueprintCode({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role*' })).toBe(
        'BLUEPRINT_PASSROLE_WILDCARD',
      );
    });

    it('refuses other escalations in a blueprint with BLUEPRINT_PRIVILEGE_ESCALATION', () => {
      expect(blueprintCode({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' })).toBe('BLUEPRINT_PRIVILEGE_ESCALATION');
      expect(blueprintCode({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/*' })).toBe(
        'BLUEPRINT_PRIVILEGE_ESCALATION',
      );
    });

    it('says which action a wildcard expands to', () => {
      expect(() =>
        createAwsProvider({ vendorPrincipalArn, extraVendorStatements: [{ Effect: 'Allow', Action: 'iam:*Role', Resource: '*' }] }),
      ).toThrow(/"iam:\*Role" \(which includes iam:PassRole\)/);
    });
  });

  describe('what stays allowed', () => {
    it.each<[string, AwsBlueprintStatement]>([
      ['PassRole on a role of the template', { Effect: 'Allow', Action: 'iam:PassRole', Resource: [{ arnOf: 'node' }] }],
      ['PassRole on the resource prefix', { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/cce-*' }],
      ['PassRole on the node role reference', { Effect: 'Allow', Action: 'iam:PassRole', Resource: [{ ref: 'nodeRoleArn' }] }],
      ['a Deny of PassRole on *', { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }],
      ['reads on *', { Effect: 'Allow', Action: ['ec2:Describe*', 'iam:GetRole', 'iam:ListRoles'], Resource: '*' }],
    ])('accepts %s', (_, statement) => {
      expect(() => defineAwsBlueprint(blueprintWith(statement))).not.toThrow();
      expect(escalationsOf(statement)).toEqual([]);
    });
  });

  describe('every wildcard form of every escalation action', () => {
    it('is refused on any resource the template does not create, in settings and in blueprints alike', () => {
      const action = fc.constantFrom(...Object.keys(escalationActions)).chain((name) => wildcardForm(name).map((form) => ({ name, form })));
      const kindOf = (name: string) => escalationActions[name] as string;
      fc.assert(
        fc.property(action, fc.constantFrom(...anyResource), ({ name, form }, resource) => {
          const reaches =
            resource === '*' ||
            resource === 'arn:*:iam::*:*' ||
            resource === 'arn:aws:iam::123456789012:*' ||
            resource.includes(`:${kindOf(name)}`);
          fc.pre(reaches);
          const statement = { Effect: 'Allow' as const, Action: form, Resource: resource };
          const settings = settingsCode(statement);
          const blueprint = blueprintCode(statement);
          expect(settings).toBe('AWS_SETTINGS_INVALID');
          expect(['BLUEPRINT_PASSROLE_WILDCARD', 'BLUEPRINT_PRIVILEGE_ESCALATION']).toContain(blueprint);
          expect(escalationsOf(statement).length).toBeGreaterThan(0);
        }),
        { numRuns: 400 },
      );
    });

    it("is accepted when scoped to the template's own roles", () => {
      fc.assert(
        fc.property(wildcardForm('iam:PassRole'), (form) => {
          const statement: AwsBlueprintStatement = { Effect: 'Allow', Action: form, Resource: [{ arnOf: 'node' }] };
          expect(escalationsOf(statement)).toEqual([]);
        }),
        { numRuns: 200 },
      );
    });
  });
});
