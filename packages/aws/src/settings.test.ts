import { thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { resolveAwsSettings } from './settings.js';

const base = { vendorPrincipalArn: 'arn:aws:iam::111122223333:role/byoc-vendor' };

describe('resolveAwsSettings', () => {
  it('applies the documented defaults', () => {
    expect(resolveAwsSettings(base)).toMatchObject({
      resourcePrefix: 'cce',
      retry: { initialDelayMs: 2000, factor: 2, maxDelayMs: 30_000, deadlineMs: 180_000, jitter: 'full' },
      extraVendorStatements: [],
      permissionCheckIntervalMs: 6 * 3_600_000,
      reservedCidrBounds: { minPrefix: 16, maxPrefix: 24 },
    });
  });

  it('accepts account roots, users and valid extra statements', () => {
    expect(() =>
      resolveAwsSettings({
        vendorPrincipalArn: 'arn:aws:iam::111122223333:root',
        resourcePrefix: 'acme-byoc',
        extraVendorStatements: [
          { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogGroup'], Resource: 'arn:aws:logs:*:*:log-group:acme-*' },
        ],
      }),
    ).not.toThrow();
  });

  it.each([
    ['no principal', {}],
    ['a principal that is not an ARN', { vendorPrincipalArn: '111122223333' }],
    ['an assumed-role principal', { vendorPrincipalArn: 'arn:aws:sts::111122223333:assumed-role/x/y' }],
    ['a prefix with *', { ...base, resourcePrefix: 'cce*' }],
    ['a prefix with ${', { ...base, resourcePrefix: 'c${x}' }],
    ['a prefix with /', { ...base, resourcePrefix: 'c/e' }],
    ['a prefix with :', { ...base, resourcePrefix: 'c:e' }],
    ['an upper-case prefix', { ...base, resourcePrefix: 'CCE' }],
    ['a one-letter prefix', { ...base, resourcePrefix: 'c' }],
    ['a 21-character prefix', { ...base, resourcePrefix: `c${'e'.repeat(20)}` }],
    ['a prefix ending in -', { ...base, resourcePrefix: 'cce-' }],
    ['a negative delay', { ...base, retry: { initialDelayMs: -1 } }],
    ['an unknown jitter', { ...base, retry: { jitter: 'equal' } }],
    ['an unknown setting', { ...base, stsEndpoint: 'x' }],
    ['a bad STS region', { ...base, stsRegion: 'Europe' }],
    ['a client without send', { ...base, stsClient: {} }],
    ['an IAM client factory that is not a function', { ...base, createIamClient: {} }],
    ['a negative permission-check interval', { ...base, permissionCheckIntervalMs: -1 }],
    ['a fractional permission-check interval', { ...base, permissionCheckIntervalMs: 1.5 }],
    ['a permission-check interval over 30 days', { ...base, permissionCheckIntervalMs: 31 * 86_400_000 }],
    ['a * action', { ...base, extraVendorStatements: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
    ['a service-wide action', { ...base, extraVendorStatements: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }],
    ['PassRole on *', { ...base, extraVendorStatements: [{ Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*' }] }],
    ['NotAction', { ...base, extraVendorStatements: [{ Effect: 'Allow', NotAction: 's3:GetObject', Resource: '*' }] }],
    ['an unknown effect', { ...base, extraVendorStatements: [{ Effect: 'Maybe', Action: 's3:GetObject', Resource: '*' }] }],
    [
      'oversized statements',
      {
        ...base,
        extraVendorStatements: Array.from({ length: 30 }, () => ({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${'b'.repeat(200)}/*`,
        })),
      },
    ],
    ['inverted CIDR bounds', { ...base, reservedCidrBounds: { minPrefix: 24, maxPrefix: 16 } }],
    ['an http template URL', { ...base, cloudFormationTemplateUrl: 'http://example.com/t.yaml' }],
    ['a clock that is not a function', { ...base, now: 1_700_000_000_000 }],
    ['a sleep that is not a function', { ...base, sleep: 1000 }],
    ['a non-object', 'arn:aws:iam::111122223333:root'],
  ])('refuses %s with AWS_SETTINGS_INVALID', (_, settings) => {
    expect(thrownCode(() => resolveAwsSettings(settings))).toBe('AWS_SETTINGS_INVALID');
  });
});
