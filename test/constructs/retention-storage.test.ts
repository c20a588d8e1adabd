import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RecordsLockMode, RecordsRetention, RetentionStorage, RetentionStorageProps } from '../../lib/constructs/retention-storage';
import { testApp } from '../helpers/kit';

function make(props: Partial<RetentionStorageProps> = {}, region = 'eu-west-2') {
  const stack = new Stack(testApp(), 'Storage', { env: { region } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const storage = new RetentionStorage(stack, 'Storage', { encryptionKey: key, ...props });
  return {
    stack,
    key,
    storage,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

function recordsBucket(template: Template) {
  const buckets = template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } });
  expect(Object.keys(buckets)).toHaveLength(1);
  return Object.values(buckets)[0];
}

describe('RetentionStorage', () => {
  test('locks records in COMPLIANCE mode for 7 years by default, with versioning', () => {
    const { template, storage } = make();
    expect(storage.retention.mode).toBe(RecordsLockMode.COMPLIANCE);
    const bucket = recordsBucket(template);
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
    });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test('takes the lock mode and period from props', () => {
    const { template } = make({ retention: RecordsRetention.governance(Duration.days(3653)) });
    expect(recordsBucket(template).Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: 3653 });
  });

  test('retains both buckets on delete and on replacement', () => {
    const { template } = make();
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const b of Object.values(buckets)) {
      expect(b.DeletionPolicy).toBe('Retain');
      expect(b.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('encrypts records with the customer-managed key and S3 Bucket Keys, and blocks public access', () => {
    const { template, stack, key } = make();
    const bucket = recordsBucket(template);
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: stack.resolve(key.keyArn) },
      },
    ]);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  test('denies requests without TLS and with TLS below 1.2 on both buckets', () => {
    const { template } = make();
    const policies = template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const p of Object.values(policies)) {
      expect(p.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      );
    }
  });

  test('writes server access logs to a separate, versioned, SSE-S3 bucket whose objects nobody may delete', () => {
    const { template, stack, storage } = make();
    const bucket = recordsBucket(template);
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: stack.resolve(storage.accessLogsBucket.bucketName),
      LogFilePrefix: 'retention-bucket/',
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: Match.absent(),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'DenyAccessLogDeletion', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'] }),
          Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
  });

  test('tiers records to cheaper storage but never expires them', () => {
    const { template } = make();
    const rules = recordsBucket(template).Properties.LifecycleConfiguration.Rules;
    for (const rule of rules) {
      expect(rule.ExpirationInDays).toBeUndefined();
      expect(rule.NoncurrentVersionExpiration).toBeUndefined();
      expect(rule.ExpiredObjectDeleteMarker).toBeUndefined();
    }
    expect(rules[0].Transitions).toEqual([
      { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
      { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
    ]);
  });

  test('replicates to another Region with its own least-privilege role', () => {
    const { template } = make({
      bucketName: 'dea-wickr-records-eu-west-2-111122223333',
      replicateTo: { region: 'ap-southeast-2', bucketName: 'dea-wickr-records-ap-southeast-2-111122223333', keyAlias: 'alias/wickr-kit/dea/retention' },
    });
    const replication = recordsBucket(template).Properties.ReplicationConfiguration;
    expect(replication.Rules).toEqual([
      expect.objectContaining({
        Status: 'Enabled',
        DeleteMarkerReplication: { Status: 'Disabled' },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
        Destination: expect.objectContaining({
          Bucket: 'arn:aws:s3:::dea-wickr-records-ap-southeast-2-111122223333',
          EncryptionConfiguration: {
            ReplicaKmsKeyID: { 'Fn::Join': ['', ['arn:aws:kms:ap-southeast-2:', { Ref: 'AWS::AccountId' }, ':alias/wickr-kit/dea/retention']] },
          },
        }),
      }),
    ]);
    template.resourceCountIs('AWS::IAM::Policy', 0); // no inline policies
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['s3:ReplicateObject', 's3:GetObjectRetention', 'kms:Encrypt', 'kms:Decrypt']));
    expect(actions).not.toContain('s3:ReplicateDelete');
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Sid: 'EncryptReplicasWithDestinationRetentionKey',
        Condition: {
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/wickr-kit/dea/retention' },
          StringEquals: { 'kms:ViaService': 's3.ap-southeast-2.amazonaws.com' },
        },
      }),
    );
  });

  test('fails when replication targets its own Region', () => {
    expect(() =>
      make({ bucketName: 'b', replicateTo: { region: 'eu-west-2', bucketName: 'x', keyAlias: 'alias/x' } }),
    ).toThrow(/Storage\/Storage:replicateTo\.region: replication must go to another Region; leave replicateTo out for the destination itself \(got "eu-west-2"\)/);
  });

  test('fails on lifecycle and log retention values that would weaken records keeping', () => {
    expect(() => make({ transitionToInfrequentAccessAfter: Duration.days(10) })).toThrow(
      /transitionToInfrequentAccessAfter: S3 moves objects to Standard-IA no sooner than 30 days \(got 10; allowed at least 30 days\)/,
    );
    expect(() => make({ accessLogsRetention: Duration.days(90) })).toThrow(/accessLogsRetention: ISM asks for logs to be kept at least 12 months \(got 90/);
    expect(() => make({ retention: RecordsRetention.compliance(Duration.days(40000)) })).toThrow(/retention: Object Lock retention must be 1 to 36500 days/);
  });

  test('grants the retention bot only PutObject and the key use it needs', () => {
    const { stack, storage } = make();
    const role = new iam.Role(stack, 'Bot', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    storage.grantWriteRecords(role);
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0];
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => ([] as string[]).concat(s.Action));
    expect(actions.sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 's3:PutObject']);
  });
});
