import { CfnDeletionPolicy, Stack } from 'aws-cdk-lib';
import { CfnTrail } from 'aws-cdk-lib/aws-cloudtrail';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { field, resolved } from './resolve';

/** Metadata that marks a bucket construct as holding records, whether or not Object Lock is on yet. */
export const RECORDS_BUCKET_METADATA = 'wickr-kit:records-bucket';

/** A records bucket: Object Lock enabled, or marked with `markRecordsBucket`. */
export function isRecordsBucket(node: CfnBucket): boolean {
  if (resolved(node, node.objectLockEnabled) === true) return true;
  return [node, node.node.scope].some((c) => c?.node.metadata.some((m) => m.type === RECORDS_BUCKET_METADATA) ?? false);
}

/** Marks a bucket as a records bucket, so the records rules apply to it even if Object Lock is off. */
export function markRecordsBucket(bucket: IConstruct): void {
  bucket.node.addMetadata(RECORDS_BUCKET_METADATA, true);
}

export interface ObjectLockDefault {
  readonly mode?: string;
  /** Default retention in days (years are counted as 365 days, the shortest year). */
  readonly days?: number;
}

/** The bucket's Object Lock default retention, as configured. */
export function objectLockDefault(node: CfnBucket): ObjectLockDefault {
  const config = resolved(node, node.objectLockConfiguration);
  const retention = field(field(config, 'rule', 'Rule'), 'defaultRetention', 'DefaultRetention');
  const days = field<number>(retention, 'days', 'Days');
  const years = field<number>(retention, 'years', 'Years');
  return {
    mode: field<string>(retention, 'mode', 'Mode'),
    days: typeof days === 'number' ? days : typeof years === 'number' ? years * 365 : undefined,
  };
}

export function isVersioned(node: CfnBucket): boolean {
  return field(resolved(node, node.versioningConfiguration), 'status', 'Status') === 'Enabled';
}

export function isRetained(node: CfnBucket): boolean {
  return node.cfnOptions.deletionPolicy === CfnDeletionPolicy.RETAIN && node.cfnOptions.updateReplacePolicy === CfnDeletionPolicy.RETAIN;
}

/** True when another bucket logs into this one, or a trail of the stack delivers to it. */
export function isLogBucket(bucket: CfnBucket): boolean {
  const stack = Stack.of(bucket);
  const ids = [JSON.stringify(stack.resolve(bucket.ref)), JSON.stringify(stack.resolve(bucket.bucketName))];
  const points = (v: unknown) => v !== undefined && ids.includes(JSON.stringify(v));
  for (const c of stack.node.findAll()) {
    if (c instanceof CfnBucket && c !== bucket) {
      const logging = stack.resolve(c.loggingConfiguration);
      if (points(field(logging, 'destinationBucketName', 'DestinationBucketName'))) return true;
    } else if (c instanceof CfnTrail && points(stack.resolve(c.s3BucketName))) {
      return true;
    }
  }
  return false;
}
