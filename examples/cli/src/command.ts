import type { ParseArgsConfig } from 'node:util';
import type { Byoc } from '@byoc-kit/core';
import type { OutputFormat } from './output.js';

/** What a command runs with. */
export interface CommandContext {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: readonly string[];
  /** The byoc service of the configuration, created on first use. */
  readonly service: () => Byoc;
  readonly format: OutputFormat;
}

/** One `byoc` command. */
export interface Command {
  /** The words that name it: `['template', 'terraform', 'get-template']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Usage lines after `byoc <path>`. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Whether `--format` means the output format (json | table); false where it means a template format. */
  readonly outputFormat?: boolean;
  run(context: CommandContext): Promise<void>;
}

/** The options every command takes. */
export const commonOptions = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
} as const;

/** The `--byoc-id` option, also accepted as the first positional argument. */
export const idOption = { 'byoc-id': { type: 'string' } } as const;

/** The custom cloud id of a command: `--byoc-id ID` or the first positional. */
export function cloudId(context: CommandContext): string {
  const id = (context.values['byoc-id'] as string | undefined) ?? context.positionals[0];
  if (!id) throw Object.assign(new Error('missing id'), { usage: 'Give the custom cloud with --byoc-id ID.' });
  return id;
}

/** `key=value` flags as an object. */
export function keyValues(values: string[] | undefined, flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of values ?? []) {
    const separator = pair.indexOf('=');
    if (separator < 1) throw Object.assign(new Error('bad pair'), { usage: `${flag} takes key=value, not ${JSON.stringify(pair)}.` });
    result[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return result;
}

/** `email,role[,real name]` flags as contacts. */
export function contacts(values: string[] | undefined): { email: string; role: string; realName?: string }[] {
  return (values ?? []).map((value) => {
    const [email = '', role = '', ...name] = value.split(',');
    if (!email || !role)
      throw Object.assign(new Error('bad contact'), { usage: `--contact takes email,role[,real name], not ${JSON.stringify(value)}.` });
    return name.length > 0 ? { email, role, realName: name.join(',') } : { email, role };
  });
}
