import { thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { parseRoleArn, roleArnAccess } from './role-arn.js';

describe('parseRoleArn', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/cce-018b6442-iam-role', 'aws', '/', 'cce-018b6442-iam-role'],
    ['arn:aws-cn:iam::123456789012:role/x1', 'aws-cn', '/', 'x1'],
    ['arn:aws-us-gov:iam::123456789012:role/path/to/My+Role=,.@-_', 'aws-us-gov', '/path/to/', 'My+Role=,.@-_'],
    [`arn:aws:iam::123456789012:role/${'a'.repeat(64)}`, 'aws', '/', 'a'.repeat(64)],
  ])('accepts %s', (arn, partition, path, roleName) => {
    expect(parseRoleArn(arn)).toEqual({ arn, partition, accountId: '123456789012', path, roleName });
  });

  it('accepts the Terraform output by name', () => {
    expect(roleArnAccess({ aws_iam_role_arn: 'arn:aws:iam::123456789012:role/x' })).toEqual({
      provider: 'aws',
      kind: 'aws_iam_role',
      identity: 'arn:aws:iam::123456789012:role/x',
      attributes: { partition: 'aws', accountId: '123456789012', path: '/', roleName: 'x' },
    });
  });

  it.each([
    ['a user', 'arn:aws:iam::123456789012:user/alice'],
    ['a root', 'arn:aws:iam::123456789012:root'],
    ['an assumed-role session', 'arn:aws:sts::123456789012:assumed-role/x/session'],
    ['11 digits', 'arn:aws:iam::12345678901:role/x'],
    ['13 digits', 'arn:aws:iam::1234567890123:role/x'],
    ['a space', 'arn:aws:iam::123456789012:role/my role'],
    ['a leading space', ' arn:aws:iam::123456789012:role/x'],
    ['a 65-character name', `arn:aws:iam::123456789012:role/${'a'.repeat(65)}`],
    ['an unknown partition', 'arn:aws-iso:iam::123456789012:role/x'],
    ['a region in an IAM ARN', 'arn:aws:iam:us-east-1:123456789012:role/x'],
    ['an empty name', 'arn:aws:iam::123456789012:role/'],
    ['a wildcard', 'arn:aws:iam::123456789012:role/*'],
    ['a newline', 'arn:aws:iam::123456789012:role/x\n'],
    ['an empty string', ''],
    ['a number', 123456789012],
    ['null', null],
    ['an object without roleArn', {}],
  ])('refuses %s with ROLE_ARN_INVALID', (_, input) => {
    expect(thrownCode(() => parseRoleArn(input))).toBe('ROLE_ARN_INVALID');
  });

  it.each([
    ['an external ID beside the ARN', { roleArn: 'arn:aws:iam::123456789012:role/x', externalId: 'chosen-by-the-customer' }],
    ['a misspelt key', { arn: 'arn:aws:iam::123456789012:role/x' }],
    ['both names and another key', { roleArn: 'arn:aws:iam::123456789012:role/x', aws_iam_role_arn: 'x', region: 'eu-north-1' }],
  ])('refuses %s with INPUT_UNKNOWN_KEY, naming the key', (_, input) => {
    expect(thrownCode(() => parseRoleArn(input))).toBe('INPUT_UNKNOWN_KEY');
    expect(() => parseRoleArn(input)).toThrow(/"(externalId|arn|region)"/);
  });

  it('says what was given instead of a role', () => {
    expect(() => parseRoleArn('arn:aws:iam::123456789012:user/alice')).toThrow('is a user ARN');
  });
});
