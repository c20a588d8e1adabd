import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RecordsRetention, RetentionStorage } from '../../../lib/constructs/retention-storage';
import { RecordsObjectLock, markRecordsBucket, setIsmPolicy } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

describe('ISM-RecordsObjectLock', () => {
  test("the kit's retention storage (7-year COMPLIANCE lock, versioned, retained) is compliant", () => {
    const stack = testStack();
    const storage = new RetentionStorage(stack, 'R', { encryptionKey: new kms.Key(stack, 'K') });
    expect(RecordsObjectLock.check(cfn(storage.bucket))).toBe(COMPLIANT);
    expect(RecordsObjectLock.check(cfn(storage.accessLogsBucket))).toBe(NOT_APPLICABLE);
  });

  test('fails when the lock is shorter than the records period, and names both', () => {
    const stack = testStack();
    setIsmPolicy(stack, { recordsRetentionDays: 2557 });
    const storage = new RetentionStorage(stack, 'R', { encryptionKey: new kms.Key(stack, 'K'), retention: RecordsRetention.compliance(Duration.days(365)) });
    const bucket = cfn(storage.bucket);
    expect(RecordsObjectLock.check(bucket)).toBe(NON_COMPLIANT);
    expect(typeof RecordsObjectLock.info === 'function' && RecordsObjectLock.info(bucket)).toContain('Object Lock default 365 days, records period 2557 days');
  });

  test('fails when a locked bucket would be deleted with the stack', () => {
    const stack = testStack();
    setIsmPolicy(stack, { recordsRetentionDays: 30 });
    const bucket = new s3.Bucket(stack, 'B', {
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(30)),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(RecordsObjectLock.check(cfn(bucket))).toBe(NON_COMPLIANT);
  });

  test('fails when a bucket marked as holding records has no Object Lock', () => {
    const bucket = new s3.Bucket(testStack(), 'B', { versioned: true, removalPolicy: RemovalPolicy.RETAIN });
    markRecordsBucket(bucket);
    expect(RecordsObjectLock.check(cfn(bucket))).toBe(NON_COMPLIANT);
  });
});
