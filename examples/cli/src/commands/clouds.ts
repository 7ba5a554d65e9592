import type { CustomCloud } from '@byoc-kit/core';
import { type Command, cloudId, commonOptions, contacts, idOption, keyValues } from '../command.js';
import { print } from '../output.js';

/** Columns of the table view of custom clouds. */
export const cloudColumns = ['id', 'provider', 'region', 'state', 'reservedCidr', 'displayName', 'version'] as const;
const output = { format: { type: 'string' } } as const;

const showCloud = (cloud: CustomCloud, format: 'json' | 'table') => print(cloud, format, cloudColumns);

export const cloudCommands: Command[] = [
  {
    path: ['create'],
    summary: 'Create a custom cloud in draft.',
    usage:
      '--organization-id ORG --cloud-provider aws|gcp|azure --cloud-region REGION --reserved-cidr CIDR --display-name NAME\n' +
      '       [--deployment-model standard|standard_public] [--tag key=value]... [--contact email,role[,real name]]... [--object-storage]',
    outputFormat: true,
    options: {
      ...commonOptions,
      ...output,
      'organization-id': { type: 'string' },
      'cloud-provider': { type: 'string' },
      'cloud-region': { type: 'string' },
      'reserved-cidr': { type: 'string' },
      'display-name': { type: 'string' },
      'deployment-model': { type: 'string' },
      tag: { type: 'string', multiple: true },
      contact: { type: 'string', multiple: true },
      'object-storage': { type: 'boolean' },
    },
    async run(context) {
      const { values } = context;
      const cloud = await context.service().create({
        organizationId: values['organization-id'],
        provider: values['cloud-provider'],
        region: values['cloud-region'],
        reservedCidr: values['reserved-cidr'],
        displayName: values['display-name'],
        ...(values['deployment-model'] ? { deploymentModel: values['deployment-model'] } : {}),
        tags: keyValues(values.tag as string[] | undefined, '--tag'),
        contacts: contacts(values.contact as string[] | undefined),
        objectStorage: { enabled: values['object-storage'] === true },
      });
      showCloud(cloud, context.format);
    },
  },
  {
    path: ['list'],
    summary: 'List custom clouds.',
    usage: '[--organization-id ORG] [--cloud-provider aws|gcp|azure] [--state STATE] [--include-deleted] [--format json|table]',
    outputFormat: true,
    options: {
      ...commonOptions,
      ...output,
      'organization-id': { type: 'string' },
      'cloud-provider': { type: 'string' },
      state: { type: 'string' },
      'include-deleted': { type: 'boolean' },
    },
    async run(context) {
      const { values } = context;
      const clouds = await context.service().list({
        ...(values['organization-id'] ? { organizationId: values['organization-id'] as string } : {}),
        ...(values['cloud-provider'] ? { provider: values['cloud-provider'] as CustomCloud['provider'] } : {}),
        ...(values.state ? { state: values.state as CustomCloud['state'] } : {}),
        includeDeleted: values['include-deleted'] === true,
      });
      print(clouds, context.format, cloudColumns);
    },
  },
  {
    path: ['get'],
    summary: 'Show one custom cloud.',
    usage: '--byoc-id ID [--format json|table]',
    outputFormat: true,
    options: { ...commonOptions, ...output, ...idOption },
    async run(context) {
      showCloud(await context.service().get(cloudId(context)), context.format);
    },
  },
  {
    path: ['update'],
    summary: 'Change a custom cloud (region, CIDR and model only in draft).',
    usage:
      '--byoc-id ID [--display-name NAME] [--cloud-region REGION] [--reserved-cidr CIDR] [--deployment-model MODEL]\n' +
      '       [--tag key=value]... [--object-storage | --no-object-storage] [--expected-version N]',
    outputFormat: true,
    options: {
      ...commonOptions,
      ...output,
      ...idOption,
      'display-name': { type: 'string' },
      'cloud-region': { type: 'string' },
      'reserved-cidr': { type: 'string' },
      'deployment-model': { type: 'string' },
      tag: { type: 'string', multiple: true },
      'object-storage': { type: 'boolean' },
      'no-object-storage': { type: 'boolean' },
      'expected-version': { type: 'string' },
    },
    async run(context) {
      const { values } = context;
      const patch = {
        ...(values['display-name'] !== undefined ? { displayName: values['display-name'] } : {}),
        ...(values['cloud-region'] !== undefined ? { region: values['cloud-region'] } : {}),
        ...(values['reserved-cidr'] !== undefined ? { reservedCidr: values['reserved-cidr'] } : {}),
        ...(values['deployment-model'] !== undefined ? { deploymentModel: values['deployment-model'] } : {}),
        ...(values.tag !== undefined ? { tags: keyValues(values.tag as string[], '--tag') } : {}),
        ...(values['object-storage'] ? { objectStorage: { enabled: true } } : {}),
        ...(values['no-object-storage'] ? { objectStorage: { enabled: false } } : {}),
      };
      const expected = values['expected-version'] === undefined ? undefined : Number(values['expected-version']);
      showCloud(
        await context.service().update(cloudId(context), patch, expected === undefined ? {} : { expectedVersion: expected }),
        context.format,
      );
    },
  },
  {
    path: ['contacts', 'set'],
    summary: 'Replace the contacts of a custom cloud (at least one Admin).',
    usage: '--byoc-id ID --contact email,role[,real name]...',
    outputFormat: true,
    options: { ...commonOptions, ...output, ...idOption, contact: { type: 'string', multiple: true } },
    async run(context) {
      showCloud(
        await context.service().contacts.set(cloudId(context), contacts(context.values.contact as string[] | undefined)),
        context.format,
      );
    },
  },
  {
    path: ['delete'],
    summary: 'Delete a custom cloud; prints what the customer removes from its account.',
    usage: '--byoc-id ID [--force]',
    outputFormat: true,
    options: { ...commonOptions, ...output, ...idOption, force: { type: 'boolean' } },
    async run(context) {
      const outcome = await context.service().delete(cloudId(context), { force: context.values.force === true });
      print(context.format === 'table' ? { ...outcome.cloud, teardown: outcome.teardown.summary } : outcome, context.format, [
        ...cloudColumns,
        'teardown',
      ]);
    },
  },
];
