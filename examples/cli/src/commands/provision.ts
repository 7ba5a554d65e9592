import { CloudFailure } from '../cli-error.js';
import { type Command, cloudId, commonOptions, idOption } from '../command.js';
import { print } from '../output.js';
import { withSpinner } from '../spinner.js';
import { cloudColumns } from './clouds.js';

export const provisionCommand: Command = {
  path: ['provision'],
  summary: 'Take the identity the customer returned and verify it (retried while the cloud propagates it).',
  usage:
    '--byoc-id ID (--aws-iam-role-arn ARN | --gcp-service-account ACCOUNT |\n' +
    '       --azure-tenant-id GUID --azure-subscription-id GUID [--azure-resource-group NAME]) [--deadline-seconds N]',
  outputFormat: true,
  options: {
    ...commonOptions,
    format: { type: 'string' },
    ...idOption,
    'aws-iam-role-arn': { type: 'string' },
    'gcp-service-account': { type: 'string' },
    'azure-tenant-id': { type: 'string' },
    'azure-subscription-id': { type: 'string' },
    'azure-resource-group': { type: 'string' },
    'deadline-seconds': { type: 'string' },
  },
  async run(context) {
    const { values } = context;
    const access =
      values['aws-iam-role-arn'] ??
      values['gcp-service-account'] ??
      (values['azure-tenant-id'] || values['azure-subscription-id']
        ? {
            tenantId: values['azure-tenant-id'],
            subscriptionId: values['azure-subscription-id'],
            ...(values['azure-resource-group'] ? { resourceGroup: values['azure-resource-group'] } : {}),
          }
        : undefined);
    if (access === undefined) {
      throw Object.assign(new Error('no access'), {
        usage: 'Give the identity: --aws-iam-role-arn, --gcp-service-account, or --azure-tenant-id with --azure-subscription-id.',
      });
    }
    const deadline = values['deadline-seconds'] === undefined ? undefined : Number(values['deadline-seconds']) * 1000;
    const id = cloudId(context);
    const service = context.service();
    // Progress on stderr: each transition as it is stored, and each check once the report is in.
    const off = service.on('transition', (event) => process.stderr.write(`${event.from} -> ${event.to}\n`));
    const outcome = await withSpinner(
      'verifying access',
      service.provision(id, access, deadline === undefined ? {} : { deadlineMs: deadline }),
    ).finally(off);
    for (const check of outcome.report.checks) process.stderr.write(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.id}: ${check.detail}\n`);
    const result = { cloud: outcome.cloud, report: outcome.report };
    if (!outcome.report.ok) {
      throw new CloudFailure(
        outcome.report.error?.code ?? 'VERIFICATION_FAILED',
        outcome.report.error?.message ?? 'Access verification failed.',
        result,
      );
    }
    print(context.format === 'table' ? outcome.cloud : result, context.format, cloudColumns);
  },
};
