import { thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { parseServiceAccount, serviceAccountAccess } from './service-account.js';

describe('parseServiceAccount', () => {
  it.each([
    ['cce-018b6442@acme-prod.iam.gserviceaccount.com', 'cce-018b6442', 'acme-prod'],
    ['projects/acme-prod/serviceAccounts/cce-018b6442@acme-prod.iam.gserviceaccount.com', 'cce-018b6442', 'acme-prod'],
    ['projects/-/serviceAccounts/abcdef@a12345.iam.gserviceaccount.com', 'abcdef', 'a12345'],
    [`${'a'.repeat(30)}@${'p'.repeat(30)}.iam.gserviceaccount.com`, 'a'.repeat(30), 'p'.repeat(30)],
  ])('accepts %s', (input, accountId, projectId) => {
    expect(parseServiceAccount(input)).toMatchObject({ accountId, projectId, email: `${accountId}@${projectId}.iam.gserviceaccount.com` });
  });

  it('accepts the Terraform output by name and gives core its access', () => {
    expect(
      serviceAccountAccess({
        privilege_bearing_service_account_id: 'projects/acme-prod/serviceAccounts/cce-018b6442@acme-prod.iam.gserviceaccount.com',
      }),
    ).toEqual({
      provider: 'gcp',
      kind: 'gcp_service_account',
      identity: 'cce-018b6442@acme-prod.iam.gserviceaccount.com',
      attributes: {
        accountId: 'cce-018b6442',
        projectId: 'acme-prod',
        resourceName: 'projects/acme-prod/serviceAccounts/cce-018b6442@acme-prod.iam.gserviceaccount.com',
      },
    });
  });

  it.each([
    ['the Compute Engine default', '415104041262-compute@developer.gserviceaccount.com'],
    ['the App Engine default', 'acme-prod@appspot.gserviceaccount.com'],
    ['the Google APIs agent', '415104041262@cloudservices.gserviceaccount.com'],
    ['a service agent', 'service-415104041262@gcp-sa-pubsub.iam.gserviceaccount.com'],
    ['a 5-character account id', 'abcde@acme-prod.iam.gserviceaccount.com'],
    ['a 31-character account id', `${'a'.repeat(31)}@acme-prod.iam.gserviceaccount.com`],
    ['an account id ending in -', 'cce-01234-@acme-prod.iam.gserviceaccount.com'],
    ['an upper-case account id', 'Cce-018b6442@acme-prod.iam.gserviceaccount.com'],
    ['an account id starting with a digit', '1cce-018b6442@acme-prod.iam.gserviceaccount.com'],
    ['a project id ending in -', 'cce-018b6442@acme-prod-.iam.gserviceaccount.com'],
    ['a short project id', 'cce-018b6442@acme.iam.gserviceaccount.com'],
    ['a user email', 'alice@example.com'],
    ['a resource name for another project', 'projects/other-proj/serviceAccounts/cce-018b6442@acme-prod.iam.gserviceaccount.com'],
    ['a space', 'cce 018b6442@acme-prod.iam.gserviceaccount.com'],
    ['an empty string', ''],
    ['a number', 42],
    ['null', null],
  ])('refuses %s with SERVICE_ACCOUNT_INVALID', (_, input) => {
    expect(thrownCode(() => parseServiceAccount(input))).toBe('SERVICE_ACCOUNT_INVALID');
  });
});
