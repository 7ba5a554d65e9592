import { ByocError } from '@byoc-kit/core';

/** Exit codes a script can rely on. */
export const exitCodes = { ok: 0, userError: 1, cloudError: 2 } as const;

/** A command-line mistake (unknown flag, missing value), reported like any ByocError. */
export function usageError(message: string): ByocError {
  return new ByocError({ code: 'CLI_USAGE', message: `${message} Run with --help for the usage.` });
}

/** A failure of the cloud or the network, rather than of the input: exit code 2. */
export class CloudFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly payload: unknown,
  ) {
    super(message);
  }
}
