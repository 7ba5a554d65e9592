import { ByocError } from '../errors/index.js';

/** The code of the ByocError `run` throws; fails the test if it throws something else or nothing. */
export function thrownCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (ByocError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected a ByocError, but nothing was thrown');
}

/** The code of the ByocError `promise` rejects with; fails the test if it rejects with something else or resolves. */
export async function rejectedCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (ByocError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected a ByocError, but the promise resolved');
}
