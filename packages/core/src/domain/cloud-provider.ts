import * as z from 'zod';

/** The clouds byoc-kit knows. */
export const cloudProviderIds = ['aws', 'gcp', 'azure'] as const;
export const cloudProviderIdSchema = z.enum(cloudProviderIds, {
  error: 'The cloud provider must be "aws", "gcp" (Aiven\'s wire name: "google") or "azure".',
});
/** `aws`, `gcp` or `azure`. */
export type CloudProviderId = z.infer<typeof cloudProviderIdSchema>;
