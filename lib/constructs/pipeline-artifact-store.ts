import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';
import { accessLogsBucket } from './access-logs-bucket';
import { allowCloudWatchLogs } from './regional-keys';
import { kmsBucketProps } from './kms-bucket-props';

export interface PipelineArtifactStoreProps {
  /** How long server access logs and build logs are kept. @default 2557 days (7 years) */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Where the pipeline keeps its artifacts (the cloud assembly and the evidence pack): a bucket
 * encrypted with a customer-managed, rotated KMS key (which cross-account deploy roles are granted
 * through the key policy, so `crossAccountKeys` holds), versioned, TLS-only, with server access
 * logs in a second bucket whose objects no principal may delete. Build logs go to an encrypted log
 * group with the same retention.
 *
 * CDK Pipelines would otherwise create an artifact bucket without access logs or versioning; an
 * assessor reads the evidence pack out of this bucket, so it is held to the kit's own standard.
 */
export class PipelineArtifactStore extends Construct {
  public readonly key: kms.Key;
  public readonly bucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;
  public readonly buildLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineArtifactStoreProps = {}) {
    super(scope, id);
    const retention = props.logRetention ?? logs.RetentionDays.SEVEN_YEARS;
    // Grant S3 log delivery by bucket policy, never by ACL (as the retention storage does).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.key = new kms.Key(this, 'Key', {
      description: 'wickr-cdk-kit pipeline artifacts, evidence pack and build logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.accessLogsBucket = accessLogsBucket(this, 'AccessLogs', { expiration: Duration.days(retention) });

    this.bucket = new s3.Bucket(this, 'Artifacts', {
      ...kmsBucketProps(this.key),
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: [
        // Evidence packs and assemblies of past runs stay as long as the logs that describe them.
        { id: 'ExpireArtifacts', expiration: Duration.days(retention), noncurrentVersionExpiration: Duration.days(retention) },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, 'pipelineArtifactsNotReplicated');

    this.buildLogs = new logs.LogGroup(this, 'BuildLogs', {
      encryptionKey: this.key,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowCloudWatchLogs(this.key);
  }
}

/**
 * Brings a bucket CodePipeline generated for a cross-Region deployment (its artifact store in that
 * Region, in a support stack of the tooling account) to the standard of the main artifact bucket:
 * versioned, TLS 1.2 or later only, server access logs in a logs bucket of the same support stack.
 * Its KMS key (crossAccountKeys) and its TLS-only policy are CodePipeline's own.
 */
export function hardenReplicationBucket(bucket: s3.IBucket, retention: logs.RetentionDays = logs.RetentionDays.SEVEN_YEARS): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket | undefined;
  if (!cfn || !(cfn instanceof s3.CfnBucket)) throw new Error(`${bucket.node.path} is not a bucket the pipeline created`);
  const stack = Stack.of(bucket);
  const logsBucket = accessLogsBucket(stack, 'ReplicationAccessLogs', { expiration: Duration.days(retention) });
  cfn.versioningConfiguration = { status: 'Enabled' };
  cfn.loggingConfiguration = { destinationBucketName: logsBucket.bucketName, logFilePrefix: 'replication/' };
  logsBucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowServerAccessLogDelivery',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logsBucket.arnForObjects('replication/*')],
      conditions: { ArnLike: { 'aws:SourceArn': bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyOutdatedTls',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      conditions: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    }),
  );
  acknowledge(bucket, 'pipelineArtifactsNotReplicated');
}
