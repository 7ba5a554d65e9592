import type { Availability } from '@byoc-kit/core';
import { type Command, cloudId, commonOptions, idOption } from '../command.js';
import { print } from '../output.js';

const selection = { project: { type: 'string', multiple: true }, 'organizational-unit': { type: 'string', multiple: true } } as const;
const columns = ['id', 'state', 'availability'] as const;

function selected(values: Record<string, unknown>) {
  return {
    projects: (values.project as string[] | undefined) ?? [],
    organizationUnits: (values['organizational-unit'] as string[] | undefined) ?? [],
  };
}

export const permissionCommands: Command[] = (['add', 'remove'] as const).map(
  (verb): Command => ({
    path: ['permissions', verb],
    summary: verb === 'add' ? 'Let more projects use a custom cloud.' : 'Stop projects from using a custom cloud.',
    usage: '--byoc-id ID [--project NAME]... [--organizational-unit ID]...',
    outputFormat: true,
    options: { ...commonOptions, format: { type: 'string' }, ...idOption, ...selection },
    async run(context) {
      const cloud = await context.service().permissions[verb](cloudId(context), selected(context.values));
      print(cloud, context.format, columns);
    },
  }),
);

permissionCommands.push({
  path: ['permissions', 'set'],
  summary: 'Set which projects may use a custom cloud.',
  usage: '--byoc-id ID (--all-projects | [--project NAME]... [--organizational-unit ID]...)',
  outputFormat: true,
  options: { ...commonOptions, format: { type: 'string' }, ...idOption, ...selection, 'all-projects': { type: 'boolean' } },
  async run(context) {
    const availability: Availability = context.values['all-projects']
      ? { mode: 'all_projects' }
      : { mode: 'selection', ...selected(context.values) };
    print(await context.service().permissions.set(cloudId(context), availability), context.format, columns);
  },
});
