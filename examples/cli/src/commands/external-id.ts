import { type Command, cloudId, commonOptions, idOption } from '../command.js';
import { print } from '../output.js';

export const externalIdCommands: Command[] = [
  {
    path: ['external-id', 'rotate'],
    summary:
      'Give the cloud a new external ID. Its templates trust the new and the previous one until a check sees the new one accepted; the vendor keeps working through the previous one meanwhile.',
    usage: '--byoc-id ID [--format json|table]',
    outputFormat: true,
    options: { ...commonOptions, ...idOption, format: { type: 'string' } },
    async run(context) {
      const cloud = await context.service().rotateExternalId(cloudId(context));
      const row = {
        id: cloud.id,
        externalId: cloud.externalId,
        previousExternalId: cloud.externalIdRotation?.previousExternalId ?? null,
        rotatedAt: cloud.externalIdRotation?.rotatedAt ?? null,
      };
      print(row, context.format, ['id', 'externalId', 'previousExternalId', 'rotatedAt']);
      process.stderr.write(
        'Have the customer apply the template again (byoc template terraform get-template --out FOLDER): it trusts both IDs. The rotation ends when a verification or health check sees the new ID accepted.\n',
      );
    },
  },
];
