// byoc: custom clouds from the command line, in the spirit of `avn byoc`, on byoc-kit.
import { parseArgs } from 'node:util';
import { type Byoc, ByocError } from '@byoc-kit/core';
import { CloudFailure, exitCodes, usageError } from './cli-error.js';
import type { Command } from './command.js';
import { cidrCommands } from './commands/cidr.js';
import { cloudCommands } from './commands/clouds.js';
import { externalIdCommands } from './commands/external-id.js';
import { permissionCommands } from './commands/permissions.js';
import { provisionCommand } from './commands/provision.js';
import { templateCommands } from './commands/template.js';
import { loadConfig, serviceFrom } from './config.js';

const commands: Command[] = [
  ...cloudCommands,
  ...templateCommands,
  provisionCommand,
  ...permissionCommands,
  ...cidrCommands,
  ...externalIdCommands,
];

function overview(): string {
  const width = Math.max(...commands.map((command) => command.path.join(' ').length));
  return [
    'byoc: custom clouds from the command line (byoc-kit)',
    '',
    'Usage: byoc <command> [options]      byoc <command> --help',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`),
    '',
    'Options of every command: --config FILE (default ./byoc.config.json, or BYOC_CONFIG), --help.',
    'Output is JSON; --format table prints a table. Exit codes: 0 ok, 1 user error (its code is printed), 2 cloud or network error.',
  ].join('\n');
}

function help(command: Command): string {
  return `byoc ${command.path.join(' ')}: ${command.summary}\n\nUsage: byoc ${command.path.join(' ')} ${command.usage}\n       [--config FILE] [--help]\n`;
}

/** Finds the command the words name, longest first. */
function find(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const words = argv.slice(
    0,
    argv.findIndex((word) => word.startsWith('-')) === -1 ? argv.length : argv.findIndex((word) => word.startsWith('-')),
  );
  const matches = commands
    .filter((command) => command.path.every((word, index) => words[index] === word))
    .sort((a, b) => b.path.length - a.path.length);
  const command = matches[0];
  return command ? { command, rest: argv.slice(command.path.length) as string[] } : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${overview()}\n`);
    return exitCodes.ok;
  }
  const found = find(argv);
  if (!found) throw usageError(`Unknown command "${argv.filter((word) => !word.startsWith('-')).join(' ')}".`);
  const { command, rest } = found;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${(error as Error).message}.`);
  }
  if (parsed.values.help) {
    process.stdout.write(help(command));
    return exitCodes.ok;
  }
  const format = command.outputFormat ? ((parsed.values.format as string | undefined) ?? 'json') : 'json';
  if (format !== 'json' && format !== 'table') throw usageError(`--format is json or table, not ${JSON.stringify(format)}.`);
  let service: Byoc | undefined;
  await command.run({
    values: parsed.values as Record<string, string | boolean | string[] | undefined>,
    positionals: parsed.positionals,
    format,
    service: () => {
      service ??= serviceFrom(loadConfig(parsed.values.config as string | undefined));
      return service;
    },
  });
  return exitCodes.ok;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CloudFailure) {
      process.stdout.write(`${JSON.stringify(error.payload, null, 2)}\n`);
      process.stderr.write(`error: ${error.code}: ${error.message}\n`);
      process.exitCode = exitCodes.cloudError;
    } else if ((error as { usage?: string }).usage) {
      process.stderr.write(`error: CLI_USAGE: ${(error as { usage: string }).usage} Run with --help for the usage.\n`);
      process.exitCode = exitCodes.userError;
    } else if (ByocError.isInstance(error)) {
      process.stderr.write(`error: ${error.code}: ${error.message}\n`);
      process.exitCode = error.code === 'STORE_IO_FAILED' ? exitCodes.cloudError : exitCodes.userError;
    } else {
      process.stderr.write(`error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = exitCodes.cloudError;
    }
  },
);
