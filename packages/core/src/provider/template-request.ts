import type { CloudProviderId, CustomCloud } from '../domain/index.js';
import { ByocError } from '../errors/index.js';
import type { TemplateFormat } from './provider-spec.js';

/**
 * The checks every adapter makes before rendering: the cloud is of its provider, the format is one
 * it renders, the customer's tags do not claim the key the template sets itself, and a blueprint
 * that needs the bucket gets a cloud with object storage on. Returns the
 * format to render (the first of `formats` when none is asked for).
 */
export function checkTemplateRequest(
  cloud: CustomCloud,
  options: {
    provider: CloudProviderId;
    formats: readonly TemplateFormat[];
    format: TemplateFormat | undefined;
    reservedTagKey?: string;
    /** The name of a blueprint that keeps its data in the cloud's bucket: the cloud must have object storage on. */
    objectStorageRequiredBy?: string;
  },
): TemplateFormat {
  if (cloud.provider !== options.provider) {
    throw new ByocError({
      code: 'PROVIDER_INVALID',
      message: `Custom cloud ${cloud.id} is on ${cloud.provider}; the ${options.provider} provider renders ${options.provider} clouds only.`,
      details: { provider: cloud.provider, expected: options.provider },
    });
  }
  const format = options.format ?? options.formats[0];
  if (format === undefined || !options.formats.includes(format)) {
    throw new ByocError({
      code: 'TEMPLATE_FORMAT_UNSUPPORTED',
      message: `The ${options.provider} provider renders ${options.formats.join(' and ')}, not ${JSON.stringify(options.format)}.`,
      details: { format: options.format, supported: options.formats },
    });
  }
  if (options.reservedTagKey !== undefined && options.reservedTagKey in cloud.tags) {
    throw new ByocError({
      code: 'TAG_INVALID',
      message: `The tag "${options.reservedTagKey}" is set by the template itself; remove it from the custom cloud's tags.`,
      details: { key: options.reservedTagKey },
    });
  }
  if (options.objectStorageRequiredBy !== undefined && !cloud.objectStorage.enabled) {
    throw new ByocError({
      code: 'OBJECT_STORAGE_REQUIRED',
      message: `The "${options.objectStorageRequiredBy}" blueprint keeps its data in the custom cloud's bucket; turn object storage on for custom cloud ${cloud.id} (objectStorage: { enabled: true }).`,
    });
  }
  return format;
}
