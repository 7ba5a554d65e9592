import type { AwsBlueprintInput } from '../blueprint/schema.js';

/**
 * For tests: a blueprint whose access identity is a user with an access key (as Redis Cloud's
 * onboarding has it), not a role. Verification checks the key; a role's features (self-registration,
 * external-ID rotation) are refused for it.
 */
export const serviceUserBlueprint: AwsBlueprintInput = {
  name: 'service-user',
  description: 'A user the vendor works through.',
  network: false,
  bucket: 'none',
  identities: [
    {
      kind: 'user',
      id: 'service',
      name: 'service-user',
      summary: 'the user the vendor works through;',
      accessKey: true,
      policies: [
        {
          id: 'service',
          name: 'service',
          attachment: 'managed',
          statements: [{ Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' }],
        },
      ],
    },
  ],
  access: { identity: 'service' },
  outputs: [
    { name: 'access_key_id', value: { of: 'accessKeyId', identity: 'service' }, description: 'The key id.' },
    { name: 'secret_access_key', value: { of: 'secretAccessKey', identity: 'service' }, description: 'The secret.' },
  ],
};
