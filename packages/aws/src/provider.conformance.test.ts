import { testCloudDefaults, testProvider } from '@byoc-kit/core/testing';
import { createAwsProvider } from './provider.js';
import { assumeRoleXml, callerIdentityXml, setupAwsTestServer, stsErrors, stsHandler, xml } from './testing/sts-responses.js';

const roleArn = 'arn:aws:iam::123456789012:role/cce-018b6442-iam-role';
const server = setupAwsTestServer();
const sessionName = `byoc-${testCloudDefaults.id}`;

testProvider(
  'createAwsProvider',
  () =>
    createAwsProvider({
      vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
      stsRegion: 'eu-north-1',
      credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'secret' },
      // A clock that moves when waited on: retries end at the deadline without real waits.
      ...(() => {
        let time = 0;
        return {
          now: () => time,
          sleep: async (milliseconds: number) => {
            time += milliseconds;
          },
        };
      })(),
      retry: { deadlineMs: 10_000 },
    }),
  {
    clouds: [
      {
        organizationId: 'org',
        displayName: 'Private',
        provider: 'aws',
        region: 'eu-north-1',
        reservedCidr: '10.0.0.0/16',
        objectStorage: { enabled: true },
      },
      {
        organizationId: 'org',
        displayName: 'Public',
        provider: 'aws',
        region: 'us-east-1',
        reservedCidr: '192.168.0.0/24',
        deploymentModel: 'standard_public',
        tags: { env: 'dev' },
      },
    ],
    validAccess: [roleArn, { roleArn }, { aws_iam_role_arn: roleArn }],
    invalidAccess: [
      { input: 'arn:aws:iam::123456789012:user/x', code: 'ROLE_ARN_INVALID' },
      { input: 'arn:aws:iam::123456789012:root', code: 'ROLE_ARN_INVALID' },
      { input: 'arn:aws:iam::12345678901:role/x', code: 'ROLE_ARN_INVALID' },
      { input: 'arn:aws:iam::123456789012:role/has space', code: 'ROLE_ARN_INVALID' },
      { input: undefined, code: 'ROLE_ARN_INVALID' },
    ],
    verification: {
      succeeds: {
        access: roleArn,
        arrange: () =>
          server.use(
            stsHandler((call) => {
              if (call.action === 'GetCallerIdentity')
                return xml(callerIdentityXml('123456789012', `arn:aws:sts::123456789012:assumed-role/x/${sessionName}`));
              return call.form.get('ExternalId') === testCloudDefaults.externalId
                ? xml(assumeRoleXml(roleArn, sessionName))
                : stsErrors.accessDenied(roleArn);
            }),
          ),
      },
      fails: [
        { access: roleArn, errorCode: 'PROPAGATION_TIMEOUT', arrange: () => server.use(stsHandler(() => stsErrors.accessDenied(roleArn))) },
        {
          access: roleArn,
          errorCode: 'TRUST_MISSING_EXTERNAL_ID',
          arrange: () => server.use(stsHandler(() => xml(assumeRoleXml(roleArn, sessionName)))),
        },
      ],
    },
  },
);
