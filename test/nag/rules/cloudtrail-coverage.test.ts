import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import { WickrAuditTrail } from '../../../lib/constructs/wickr-audit-trail';
import { CloudTrailCoverage } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, testStack } from './helpers';

describe('ISM-CloudTrailCoverage', () => {
  test("the kit's audit trail is compliant", () => {
    const stack = testStack();
    const trail = new WickrAuditTrail(stack, 'T', { encryptionKey: new kms.Key(stack, 'K') });
    expect(CloudTrailCoverage.check(trail.trail)).toBe(COMPLIANT);
  });

  const base = { isLogging: true, s3BucketName: 'b', kmsKeyId: 'arn:aws:kms:ap-southeast-2:111122223333:key/k', cloudWatchLogsLogGroupArn: 'arn:aws:logs:ap-southeast-2:111122223333:log-group:g:*', cloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/r', enableLogFileValidation: true };

  test('fails without log file validation, without KMS, or without CloudWatch Logs delivery', () => {
    const stack = testStack();
    expect(CloudTrailCoverage.check(new cloudtrail.CfnTrail(stack, 'A', { ...base, enableLogFileValidation: false }))).toBe(NON_COMPLIANT);
    expect(CloudTrailCoverage.check(new cloudtrail.CfnTrail(stack, 'B', { ...base, kmsKeyId: undefined }))).toBe(NON_COMPLIANT);
    expect(CloudTrailCoverage.check(new cloudtrail.CfnTrail(stack, 'C', { ...base, cloudWatchLogsLogGroupArn: undefined }))).toBe(NON_COMPLIANT);
  });

  test('fails when a single-Region trail selects no management events', () => {
    const trail = new cloudtrail.CfnTrail(testStack(), 'A', { ...base, eventSelectors: [{ includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }] });
    expect(CloudTrailCoverage.check(trail)).toBe(NON_COMPLIANT);
    expect(CloudTrailCoverage.check(new cloudtrail.CfnTrail(testStack(), 'B', { ...base, isMultiRegionTrail: true }))).toBe(COMPLIANT);
  });
});

describe('ISM-CloudTrailCoverage with advanced event selectors', () => {
  const base = { isLogging: true, s3BucketName: 'b', kmsKeyId: 'arn:aws:kms:ap-southeast-2:111122223333:key/k', cloudWatchLogsLogGroupArn: 'arn:aws:logs:ap-southeast-2:111122223333:log-group:g:*', enableLogFileValidation: true };

  test('passes when a selector takes management events, and fails when the selectors take data events only', () => {
    const management = { fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] };
    const data = { fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }] };
    expect(CloudTrailCoverage.check(new cloudtrail.CfnTrail(testStack(), 'A', { ...base, advancedEventSelectors: [management, data] }))).toBe(COMPLIANT);
    expect(CloudTrailCoverage.check(new cloudtrail.CfnTrail(testStack(), 'B', { ...base, advancedEventSelectors: [data] }))).toBe(NON_COMPLIANT);
  });
});
