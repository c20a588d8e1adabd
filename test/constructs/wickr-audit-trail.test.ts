import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { WickrAuditTrail } from '../../lib/constructs/wickr-audit-trail';
import { cdkJsonContext } from '../helpers/kit';

function trailStack(props: Partial<ConstructorParameters<typeof WickrAuditTrail>[2]> = {}) {
  // The project's feature flags make the partition a literal, as in the kit's own stacks.
  const stack = new Stack(new App({ context: cdkJsonContext() }), 'S', { env: { account: '111122223333', region: 'ap-southeast-2' } });
  const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  const accessLogs = new s3.Bucket(stack, 'AccessLogs');
  const trail = new WickrAuditTrail(stack, 'Trail', { encryptionKey: key, trailName: 'wickr-kit-dea', accessLogsBucket: accessLogs, ...props });
  return { stack, trail, template: Template.fromStack(stack) };
}

describe('WickrAuditTrail', () => {
  test('records every management event with log file validation, KMS, S3 and CloudWatch Logs delivery', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'wickr-kit-dea',
      IsLogging: true,
      EnableLogFileValidation: true,
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: false,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('LogsKey'), 'Arn'] },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('TrailLogs'), 'Arn'] },
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
    });
  });

  test('keeps log files in a retained, versioned, KMS-encrypted bucket that expires them only after the retention and denies deletion', () => {
    const { template } = trailStack({ retention: Duration.days(731) });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'ExpireLogFiles', ExpirationInDays: 731 })]) },
        LoggingConfiguration: { LogFilePrefix: 'audit-trail-bucket/' },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'CloudTrailWritesLogFiles', Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': Match.anyValue() } } }),
          Match.objectLike({ Sid: 'DenyLogFileDeletion', Effect: 'Deny', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'] }),
        ]),
      },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 731, KmsKeyId: Match.anyValue(), LogGroupName: '/wickr-kit/cloudtrail' } });
  });

  test('lets only this trail use the key, and its delivery role write only its own log group', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:GenerateDataKey*',
            Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:ap-southeast-2:111122223333:trail/wickr-kit-dea' }, StringLike: Match.anyValue() },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('TrailLogs'), 'Arn'] } }] },
    });
  });

  test('with records buckets, records every management event and every object read and write of those buckets only', () => {
    const stack = new Stack(new App({ context: cdkJsonContext() }), 'S', { env: { account: '111122223333', region: 'ap-southeast-2' } });
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    const records = new s3.Bucket(stack, 'Records');
    const trail = new WickrAuditTrail(stack, 'Trail', { encryptionKey: key, recordsBuckets: [records] });
    trail.addRecordsBucket(new s3.Bucket(stack, 'Replica'));
    trail.addRecordsBucket(records);
    const template = Template.fromStack(stack);
    const objectsOf = (id: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${id}`), 'Arn'] }, '/']] });
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: Match.absent(),
      EnableLogFileValidation: true,
      AdvancedEventSelectors: [
        { Name: 'Management events: every read and write', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'Records buckets: every object read and write',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'resources.ARN', StartsWith: [objectsOf('Records'), objectsOf('Replica')] },
          ],
        },
      ],
    });
    expect(trail.recordsBucketsLogged).toHaveLength(2);
  });

  test('a multi-Region trail also takes global service events', () => {
    trailStack({ multiRegion: true }).template.hasResourceProperties('AWS::CloudTrail::Trail', { IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true });
  });

  test('rejects a retention under 12 months or not offered by CloudWatch Logs, and a bad trail name', () => {
    expect(() => trailStack({ retention: Duration.days(90) })).toThrow(/retention: must be a CloudWatch Logs retention period of at least 365 days \(ISM-1988\) \(got 90;/);
    expect(() => trailStack({ retention: Duration.days(500) })).toThrow(/got 500/);
    expect(() => trailStack({ trailName: 'no spaces allowed' })).toThrow(/trailName: must be 3 to 128 letters/);
  });

  test('fails validation when the key is imported, since the kit cannot grant CloudTrail on it', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'ap-southeast-2' } });
    new WickrAuditTrail(stack, 'Trail', { encryptionKey: kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:ap-southeast-2:111122223333:key/abc') });
    expect(() => Template.fromStack(stack)).toThrow(/the encryption key is imported, so the kit cannot let CloudTrail use it/);
  });
});
