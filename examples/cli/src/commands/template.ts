import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ByocError, type TemplateBundle, type TemplateFormat } from '@byoc-kit/core';
import { type Command, cloudId, commonOptions, idOption } from '../command.js';

const options = { ...commonOptions, ...idOption, format: { type: 'string' }, out: { type: 'string' } } as const;
const mainFile: Record<TemplateFormat, string> = { terraform: 'main.tf', cloudformation: 'template.yaml', request: 'request.json' };
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
    usage: '--byoc-id ID [--format terraform|cloudformation|request] [--out FOLDER]',
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
];
