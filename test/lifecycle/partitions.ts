/**
 * Partition facts the harness and the stand-ins both need. Derived from the Region prefix, which is
 * how AWS assigns partitions; the Wickr Regions the kit supports are in `aws` and `aws-us-gov`.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** The value of the `AWS::URLSuffix` pseudo parameter for a Region. */
export function urlSuffixOf(region: string): string {
  switch (partitionOf(region)) {
    case 'aws-cn':
      return 'amazonaws.com.cn';
    case 'aws-iso':
      return 'c2s.ic.gov';
    case 'aws-iso-b':
      return 'sc2s.sgov.gov';
    default:
      return 'amazonaws.com';
  }
}
