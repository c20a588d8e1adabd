import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The settings every KMS-encrypted bucket of the kit shares (records, audit trail, pipeline
 * artifacts): SSE-KMS with the given customer-managed key and S3 Bucket Keys, TLS 1.2 or later only,
 * public access blocked, bucket-owner-enforced ownership (no ACLs) and versioning. Spread first, so
 * a bucket adds its own settings (Object Lock, lifecycle, access logs) and cannot weaken these by
 * accident further down the literal.
 */
export function kmsBucketProps(key: kms.IKey | undefined): Partial<s3.BucketProps> {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
  };
}
