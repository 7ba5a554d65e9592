import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ByocError, type TemplateBundle, type TemplateFormat } from '@byoc-kit/core';
import { type Command, cloudId, commonOptions, idOption } from '../command.js';
import { print } from '../output.js';

const options = { ...commonOptions, ...idOption, format: { type: 'string' }, out: { type: 'string' } } as const;
const mainFile: Record<TemplateFormat, string> = {
  terraform: 'main.tf',
  cloudformation: 'template.yaml',
  arm: 'azuredeploy.json',
  request: 'request.json',
};
const varsFile: Partial<Record<TemplateFormat, string>> = { terraform: 'terraform.tfvars.json', cloudformation: 'parameters.json' };

async function bundleOf(context: Parameters<Command['run']>[0]): Promise<{ bundle: TemplateBundle; format: TemplateFormat }> {
  const format = (context.values.format as TemplateFormat | undefined) ?? 'terraform';
  return { bundle: await context.service().getTemplate(cloudId(context), { format }), format };
}

async function writeOut(bundle: TemplateBundle, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const file of bundle.files) await writeFile(join(folder, file.path), file.contents);
  process.stderr.write(`wrote ${bundle.files.map((file) => file.path).join(', ')} to ${folder}\n`);
}

function printFile(bundle: TemplateBundle, path: string): void {
  const file = bundle.files.find((candidate) => candidate.path === path);
  if (!file) throw new ByocError({ code: 'TEMPLATE_FORMAT_UNSUPPORTED', message: `A ${bundle.format} bundle has no ${path}.` });
  process.stdout.write(file.contents);
}

export const templateCommands: Command[] = [
  {
    path: ['template', 'terraform', 'get-template'],
    summary: "Print the custom cloud's template (main.tf), or write the whole bundle with --out.",
    usage: '--byoc-id ID [--format terraform|cloudformation|arm|request] [--out FOLDER]',
    options,
    async run(context) {
      const { bundle, format } = await bundleOf(context);
      if (context.values.out) await writeOut(bundle, context.values.out as string);
      else printFile(bundle, mainFile[format]);
    },
  },
  {
    path: ['template', 'terraform', 'get-vars'],
    summary: 'Print the values of the custom cloud for its template (terraform.tfvars.json, or parameters.json).',
    usage: '--byoc-id ID [--format terraform|cloudformation]',
    options,
    async run(context) {
      const { bundle, format } = await bundleOf(context);
      const path = varsFile[format];
      if (!path)
        throw new ByocError({
          code: 'TEMPLATE_FORMAT_UNSUPPORTED',
          message: `A ${format} bundle has no variables file; use get-template.`,
        });
      printFile(bundle, path);
    },
  },
  {
    path: ['template', 'status'],
    summary: 'Show the template version the cloud runs, the current one, and what an upgrade changes.',
    usage: '--byoc-id ID [--format json|table]',
    outputFormat: true,
    options: { ...commonOptions, ...idOption, format: { type: 'string' } },
    async run(context) {
      const status = await context.service().templateStatus(cloudId(context));
      if (context.format === 'json') return print(status, 'json');
      print({ ...status, changes: status.changes.length }, 'table', ['applied', 'current', 'upToDate', 'changes']);
      for (const change of status.changes) process.stdout.write(`  ${change.kind}: ${change.description}\n`);
    },
  },
  {
    path: ['template', 'upgrade'],
    summary: 'Print what the current template changes for the cloud and its update link, or write the upgraded bundle with --out.',
    usage: '--byoc-id ID [--format terraform|cloudformation] [--out FOLDER]',
    options,
    async run(context) {
      const format = (context.values.format as TemplateFormat | undefined) ?? 'terraform';
      const upgrade = await context.service().getTemplateUpgrade(cloudId(context), { format });
      if (context.values.out) await writeOut(upgrade.bundle, context.values.out as string);
      process.stdout.write(`${upgrade.from} -> ${upgrade.to}: ${upgrade.changes.length} change(s)\n`);
      for (const change of upgrade.changes) process.stdout.write(`  ${change.kind}: ${change.description}\n`);
      if (upgrade.updateLink) process.stdout.write(`update the stack: ${upgrade.updateLink}\n`);
    },
  },
];
