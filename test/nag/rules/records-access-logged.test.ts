import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RetentionStorage } from '../../../lib/constructs/retention-storage';
import { WickrAuditTrail } from '../../../lib/constructs/wickr-audit-trail';
import { RecordsAccessLogged, setIsmPolicy } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

function records(stack = testStack()) {
  const key = new kms.Key(stack, 'K');
  const storage = new RetentionStorage(stack, 'R', { encryptionKey: key, bucketName: 'dea-wickr-records-ap-southeast-2-111122223333' });
  return { stack, key, storage, bucket: cfn(storage.bucket) };
}

const trailBase = {
  isLogging: true,
  enableLogFileValidation: true,
  s3BucketName: 'trail-bucket',
};

describe('ISM-RecordsAccessLogged', () => {
  test("a records bucket is compliant when the kit's trail of its stack records its object reads and writes", () => {
    const { stack, key, storage, bucket } = records();
    new WickrAuditTrail(stack, 'T', { encryptionKey: key, recordsBuckets: [storage.bucket] });
    expect(RecordsAccessLogged.check(bucket)).toBe(COMPLIANT);
    expect(RecordsAccessLogged.check(cfn(storage.accessLogsBucket))).toBe(NOT_APPLICABLE);
  });

  test('fails when the trail records management events only, or no trail exists', () => {
    const { stack, key, bucket } = records();
    expect(RecordsAccessLogged.check(bucket)).toBe(NON_COMPLIANT);
    new WickrAuditTrail(stack, 'T', { encryptionKey: key });
    expect(RecordsAccessLogged.check(bucket)).toBe(NON_COMPLIANT);
  });

  test('fails when the data events are writes only, name another bucket, or the trail has no log file validation', () => {
    const writesOnly = records();
    new cloudtrail.CfnTrail(writesOnly.stack, 'T', {
      ...trailBase,
      advancedEventSelectors: [
        {
          fieldSelectors: [
            { field: 'eventCategory', equalTo: ['Data'] },
            { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
            { field: 'readOnly', equalTo: ['false'] },
          ],
        },
      ],
    });
    expect(RecordsAccessLogged.check(writesOnly.bucket)).toBe(NON_COMPLIANT);

    const other = records();
    const elsewhere = new s3.Bucket(other.stack, 'Other');
    new WickrAuditTrail(other.stack, 'T', { encryptionKey: other.key, recordsBuckets: [elsewhere] });
    expect(RecordsAccessLogged.check(other.bucket)).toBe(NON_COMPLIANT);

    const unvalidated = records();
    new cloudtrail.CfnTrail(unvalidated.stack, 'T', {
      ...trailBase,
      enableLogFileValidation: false,
      eventSelectors: [{ readWriteType: 'All', dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::dea-wickr-records-ap-southeast-2-111122223333/'] }] }],
    });
    expect(RecordsAccessLogged.check(unvalidated.bucket)).toBe(NON_COMPLIANT);
  });

  test('accepts a classic data-event selector naming the bucket, and a declared organisation trail', () => {
    const classic = records();
    new cloudtrail.CfnTrail(classic.stack, 'T', {
      ...trailBase,
      eventSelectors: [{ readWriteType: 'All', dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::dea-wickr-records-ap-southeast-2-111122223333/'] }] }],
    });
    expect(RecordsAccessLogged.check(classic.bucket)).toBe(COMPLIANT);

    const declared = records();
    setIsmPolicy(declared.stack, { organizationTrailRecordsDataEvents: true });
    expect(RecordsAccessLogged.check(declared.bucket)).toBe(COMPLIANT);
  });
});
