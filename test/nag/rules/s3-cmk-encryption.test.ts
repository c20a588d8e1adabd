import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { S3CMKEncryption } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

describe('ISM-S3CMKEncryption', () => {
  test('a bucket encrypted by default with a customer-managed key is compliant', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'B', { encryption: s3.BucketEncryption.KMS, encryptionKey: new kms.Key(stack, 'K') });
    expect(S3CMKEncryption.check(cfn(bucket))).toBe(COMPLIANT);
  });

  test('fails when the bucket uses SSE-S3', () => {
    const stack = testStack();
    expect(S3CMKEncryption.check(cfn(new s3.Bucket(stack, 'B', { encryption: s3.BucketEncryption.S3_MANAGED })))).toBe(NON_COMPLIANT);
  });

  test('fails when the bucket uses the AWS-managed aws/s3 key', () => {
    const stack = testStack();
    expect(S3CMKEncryption.check(cfn(new s3.Bucket(stack, 'B', { encryption: s3.BucketEncryption.KMS_MANAGED })))).toBe(NON_COMPLIANT);
    const explicit = new s3.CfnBucket(stack, 'C', {
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3' } }] },
    });
    expect(S3CMKEncryption.check(explicit)).toBe(NON_COMPLIANT);
  });

  test('does not apply to other resources; its message cites the controls', () => {
    expect(S3CMKEncryption.check(cfn(new sns.Topic(testStack(), 'T')))).toBe(NOT_APPLICABLE);
    expect(S3CMKEncryption.info).toContain('(ISM-0459, ISM-1080)');
  });
});
