/** AWS partitions byoc-kit supports. */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** The partition a region belongs to. */
export function partitionOfRegion(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The region of IAM's global endpoint in a partition. */
export function iamRegionOf(partition: AwsPartition): string {
  return { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' }[partition];
}

/** EC2's service principal in a partition, as a trust policy names it. */
export function ec2ServiceOf(partition: AwsPartition): string {
  return partition === 'aws-cn' ? 'ec2.amazonaws.com.cn' : 'ec2.amazonaws.com';
}

/** The AWS console host of a partition. */
export function consoleHost(partition: AwsPartition): string {
  return { aws: 'console.aws.amazon.com', 'aws-cn': 'console.amazonaws.cn', 'aws-us-gov': 'console.amazonaws-us-gov.com' }[partition];
}
