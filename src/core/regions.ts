/**
 * AWS regions the tool knows, per partition. A region outside this list is rejected with a clear
 * error rather than producing ARNs that can never match. Update this table when AWS opens a region.
 */
import type { Partition } from './arn.js'

/** Regions per partition (AWS general reference, "Regions and endpoints"). */
export const REGIONS: Readonly<Record<Partition, readonly string[]>> = {
  aws: [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-south-1',
    'eu-south-2',
    'eu-north-1',
    'il-central-1',
    'me-south-1',
    'me-central-1',
    'mx-central-1',
    'sa-east-1'
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1']
}

/** The partition a region belongs to, or undefined for an unknown region. */
export function partitionOfRegion(region: string): Partition | undefined {
  for (const [partition, regions] of Object.entries(REGIONS) as [Partition, readonly string[]][]) {
    if (regions.includes(region)) return partition
  }
  return undefined
}

export function isKnownRegion(region: string): boolean {
  return partitionOfRegion(region) !== undefined
}
