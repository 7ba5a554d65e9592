/** AWS partitions byoc-kit supports. */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** The partition a region belongs to. */
export function partitionOfRegion(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The AWS console host of a partition. */
export function consoleHost(partition: AwsPartition): string {
  return { aws: 'console.aws.amazon.com', 'aws-cn': 'console.amazonaws.cn', 'aws-us-gov': 'console.amazonaws-us-gov.com' }[partition];
}
