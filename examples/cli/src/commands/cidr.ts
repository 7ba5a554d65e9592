import { findFreeCidr, validateReservedCidr } from '@byoc-kit/core';
import { CloudFailure } from '../cli-error.js';
import { type Command, commonOptions } from '../command.js';
import { print } from '../output.js';

const list = (values: string[] | undefined) => (values ?? []).flatMap((value) => value.split(',')).filter((value) => value !== '');

export const cidrCommands: Command[] = [
  {
    path: ['cidr', 'check'],
    summary: 'Check a reserved CIDR: RFC 1918, prefix bounds, host bits, and overlap with peers.',
    usage: 'CIDR [--peer CIDR]... [--min-prefix 16] [--max-prefix 24]',
    outputFormat: true,
    options: {
      ...commonOptions,
      format: { type: 'string' },
      peer: { type: 'string', multiple: true },
      'min-prefix': { type: 'string' },
      'max-prefix': { type: 'string' },
    },
    async run(context) {
      const { values } = context;
      const cidr = validateReservedCidr(context.positionals[0], {
        peers: list(values.peer as string[] | undefined),
        ...(values['min-prefix'] ? { minPrefix: Number(values['min-prefix']) } : {}),
        ...(values['max-prefix'] ? { maxPrefix: Number(values['max-prefix']) } : {}),
      });
      print({ cidr, valid: true }, context.format, ['cidr', 'valid']);
    },
  },
  {
    path: ['cidr', 'suggest'],
    summary: 'Propose the first free block of a prefix, given the CIDRs already taken.',
    usage: '--prefix N [--taken CIDR[,CIDR...]]... [--within 10.0.0.0/8]',
    outputFormat: true,
    options: {
      ...commonOptions,
      format: { type: 'string' },
      prefix: { type: 'string' },
      taken: { type: 'string', multiple: true },
      within: { type: 'string' },
    },
    async run(context) {
      const { values } = context;
      if (values.prefix === undefined) throw Object.assign(new Error('no prefix'), { usage: 'Give the size wanted with --prefix N.' });
      const within = (values.within as string | undefined) ?? '10.0.0.0/8';
      const cidr = findFreeCidr({ within, prefix: Number(values.prefix), taken: list(values.taken as string[] | undefined) });
      if (cidr === undefined)
        throw new CloudFailure('NO_FREE_CIDR', `No free /${values.prefix} is left in ${within}.`, {
          within,
          prefix: Number(values.prefix),
        });
      print({ cidr, within }, context.format, ['cidr', 'within']);
    },
  },
];
