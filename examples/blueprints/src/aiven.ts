import { type AwsProviderSettings, createAwsProvider, defaultAwsBlueprint } from '@byoc-kit/aws';

/**
 * Aiven's shape is byoc-kit's default blueprint: the network, the bucket when object storage is on,
 * a node role with its instance profile, and the role the vendor assumes with the external ID,
 * scoped to the custom cloud's VPC and bucket. Every name starts with `cce-`.
 */
export const aivenBlueprint = defaultAwsBlueprint;

/** The AWS provider as Aiven would configure it. */
export function createAivenProvider(settings: Omit<AwsProviderSettings, 'blueprint' | 'resourcePrefix'>) {
  return createAwsProvider({ ...settings, resourcePrefix: 'cce', blueprint: aivenBlueprint });
}
