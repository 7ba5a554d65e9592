import { describe, expect, it } from 'vitest';
import { makeCustomCloud } from '../testing/make-custom-cloud.js';
import { thrownCode } from '../testing/thrown-code.js';
import { checkTemplateRequest } from './template-request.js';

const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
});
const request = { provider: 'aws' as const, formats: ['terraform', 'cloudformation'] as const, format: undefined };

describe('checkTemplateRequest', () => {
  it('returns the format asked for, else the first one', () => {
    expect(checkTemplateRequest(cloud, request)).toBe('terraform');
    expect(checkTemplateRequest(cloud, { ...request, format: 'cloudformation' })).toBe('cloudformation');
  });

  it.each([
    ['a cloud of another provider', { ...cloud, provider: 'gcp' as const }, {}, 'PROVIDER_INVALID'],
    ['a format the provider does not render', cloud, { format: 'request' as const }, 'TEMPLATE_FORMAT_UNSUPPORTED'],
    ['a tag the template sets', { ...cloud, tags: { 'cce-id': 'x' } }, { reservedTagKey: 'cce-id' }, 'TAG_INVALID'],
    ['object storage off, for a blueprint that needs the bucket', cloud, { objectStorageRequiredBy: 'zilliz' }, 'OBJECT_STORAGE_REQUIRED'],
  ])('refuses %s', (_, candidate, options, code) => {
    expect(thrownCode(() => checkTemplateRequest(candidate, { ...request, ...options }))).toBe(code);
  });

  it('accepts a cloud with object storage on for a blueprint that needs the bucket', () => {
    expect(checkTemplateRequest({ ...cloud, objectStorage: { enabled: true } }, { ...request, objectStorageRequiredBy: 'zilliz' })).toBe(
      'terraform',
    );
  });
});
