import { externalIdInUse } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import { listCursorInvalid } from './store.js';

/** The errors every store raises, worded the same way: for the built-in stores and for yours. */
export const storeErrors = {
  notFound: (id: string) =>
    new ByocError({
      code: 'CUSTOM_CLOUD_NOT_FOUND',
      message: `No custom cloud has the id ${id}. Check the id, or list the custom clouds.`,
      details: { id },
    }),
  exists: (id: string) =>
    new ByocError({
      code: 'CUSTOM_CLOUD_EXISTS',
      message: `A custom cloud with the id ${id} is already stored; generate a new id.`,
      details: { id },
    }),
  externalIdInUse,
  listCursorInvalid,
  versionConflict: (id: string, expected: number, actual: number) =>
    new ByocError({
      code: 'VERSION_CONFLICT',
      message: `Custom cloud ${id} is at version ${actual}, not ${expected}: it changed since it was read. Read it again and retry the change.`,
      details: { id, expectedVersion: expected, actualVersion: actual },
      isRetryable: true,
    }),
};
