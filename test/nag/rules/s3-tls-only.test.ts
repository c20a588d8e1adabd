import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3TLSOnly, setIsmPolicy } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

describe('ISM-S3TLSOnly', () => {
  test('a bucket policy denying non-TLS and TLS below 1.2 is compliant', () => {
    const bucket = new s3.Bucket(testStack(), 'B', { enforceSSL: true, minimumTLSVersion: 1.2 });
    expect(S3TLSOnly.check(cfn(bucket))).toBe(COMPLIANT);
  });

  test('fails when only plain HTTP is denied, with no minimum TLS version', () => {
    expect(S3TLSOnly.check(cfn(new s3.Bucket(testStack(), 'B', { enforceSSL: true })))).toBe(NON_COMPLIANT);
  });

  test('fails when the bucket has no TLS policy at all', () => {
    expect(S3TLSOnly.check(cfn(new s3.Bucket(testStack(), 'B')))).toBe(NON_COMPLIANT);
  });

  test('fails when the policy floor is above the bucket\'s minimum, and says which floor', () => {
    const stack = testStack();
    setIsmPolicy(stack, { minimumTlsVersion: 1.3 });
    const bucket = cfn(new s3.Bucket(stack, 'B', { enforceSSL: true, minimumTLSVersion: 1.2 }));
    expect(S3TLSOnly.check(bucket)).toBe(NON_COMPLIANT);
    expect(typeof S3TLSOnly.info === 'function' && S3TLSOnly.info(bucket)).toContain('below TLS 1.3 (ISM-0469, ISM-1139)');
  });

  test('does not apply to bucket policies themselves', () => {
    const bucket = new s3.Bucket(testStack(), 'B', { enforceSSL: true });
    expect(S3TLSOnly.check(bucket.policy!.node.defaultChild as s3.CfnBucketPolicy)).toBe(NOT_APPLICABLE);
  });
});
