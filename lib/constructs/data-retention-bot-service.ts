import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { throwIfProblems } from '../config/errors';
import { fargateSizeProblems } from '../config/limits';
import { acknowledge } from '../nag/acknowledgements';
import {
  PASSWORD_CAPTURE_ENV,
  PASSWORD_CAPTURE_PATH,
  PASSWORD_CAPTURE_PORT,
  PASSWORD_CAPTURE_SCRIPT,
  passwordCaptureHealthCheck,
} from './data-retention-capture';
import { DataRetentionBotHost, Ec2BotHostOptions } from './data-retention-bot-host';
import { display } from '../nag/evidence/model';
import { addBotHostEvidence } from './data-retention-evidence';
import { BOT_HOST_STATE_DIR } from './data-retention-host-script';
import type { IDataRetentionNetwork } from './data-retention-network';
import { BotImageVariant, DEFAULT_SIDECAR_TAGS, DataRetentionRegistry, UPSTREAM_REPOSITORIES } from './data-retention-registry';

/** The CloudWatch namespace the Wickr data-retention bot publishes its metrics to. */
export const BOT_METRICS_NAMESPACE = 'WickrIO';

/** Container names in the bot's task (stable: alarms and runbooks refer to them). */
export const BOT_CONTAINERS = { bot: 'bot', logRouter: 'log-router', capture: 'password-capture' } as const;

export interface DataRetentionBotServiceProps {
  readonly network: IDataRetentionNetwork;
  readonly registry: DataRetentionRegistry;
  readonly imageVariant: BotImageVariant;
  readonly imageTag: string;
  /** @default DEFAULT_SIDECAR_TAGS.logRouter */
  readonly logRouterImageTag?: string;
  /** @default DEFAULT_SIDECAR_TAGS.capture */
  readonly captureImageTag?: string;
  /** The bot's Wickr name, from the registration resource. */
  readonly botName: string;
  readonly secret: secretsmanager.ISecret;
  /** Key of the bot's secret and of its state file system. */
  readonly retentionKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly bucket: s3.IBucket;
  readonly folder: string;
  readonly topic: sns.ITopic;
  readonly logGroup: logs.ILogGroup;
  /** Re-encrypt records with the retention key before upload (the bot's client-side option). */
  readonly clientSideEncryption: boolean;
  readonly fileRotation: Duration;
  /** Fargate CPU units (Fargate only). */
  readonly cpu: number;
  /** Fargate memory in MiB (Fargate only). */
  readonly memoryLimitMiB: number;
  /**
   * Run the task on an EC2 host of its own (`DataRetentionBotHost`) with these options, instead of
   * on Fargate: the state is then on the host's EBS volume instead of EFS.
   * @default - Fargate
   */
  readonly ec2Host?: Ec2BotHostOptions;
  /** Names the bot in the host's descriptions. @default - the folder */
  readonly name?: string;
  /**
   * Changes whenever the settings in the bot's secret change, so the task restarts and the bot
   * reads them again (it reads its secret only at start).
   */
  readonly settingsVersion: string;
}

/**
 * The data-retention bot as an ECS service of exactly one task (a deployment stops the old task
 * before it starts the new one, so two bots never run), in the retention network's isolated
 * subnets: on Fargate with its state on an encrypted, retained EFS file system, or (`ec2Host`) on
 * an EC2 host of its own (`DataRetentionBotHost`) with its state on the host's encrypted, retained
 * EBS volume. Either way the task has the same three containers:
 *
 * - `password-capture` (essential, starts first and must be healthy): receives the bot's output,
 *   stores the password the bot generates in its secret, and logs everything else;
 * - `log-router` (FireLens, AWS for Fluent Bit): forwards the bot's stdout and stderr to the
 *   capture sidecar on 127.0.0.1 and nowhere else;
 * - `bot`: the Wickr image, configured through its Secrets Manager secret.
 */
export class DataRetentionBotService extends Construct {
  public readonly cluster: ecs.Cluster;
  public readonly service: ecs.BaseService;
  public readonly taskDefinition: ecs.TaskDefinition;
  public readonly taskRole: iam.Role;
  public readonly executionRole: iam.Role;
  /** The bot's state file system (Fargate only). */
  public readonly fileSystem?: efs.FileSystem;
  /** The access point the bot mounts its state through (Fargate only). */
  public readonly accessPoint?: efs.AccessPoint;
  /** The bot's EC2 host with its state volume (EC2 only). */
  public readonly host?: DataRetentionBotHost;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DataRetentionBotServiceProps) {
    super(scope, id);
    if (!props.ec2Host) throwIfProblems(this.node.path, fargateSizeProblems(props.cpu, props.memoryLimitMiB, { cpu: 'cpu', memory: 'memoryLimitMiB' }));
    const { vpc, subnets } = props.network;

    this.securityGroup = new ec2.SecurityGroup(this, 'BotSecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: props.ec2Host ? 'Wickr data-retention bot: HTTPS to the VPC endpoints and S3' : 'Wickr data-retention bot: HTTPS to the VPC endpoints and S3, NFS to its state',
    });
    // The subnets route only inside the VPC and to the S3 gateway endpoint, so HTTPS "anywhere"
    // reaches nothing else; naming the S3 prefix list would need a context lookup.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to VPC endpoints and the S3 gateway endpoint');
    const trust = new iam.ServicePrincipal('ecs-tasks.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:ecs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
      },
    });
    this.taskRole = new iam.Role(this, 'TaskRole', { assumedBy: trust, description: 'Wickr data-retention bot: its records folder, secret, topic and metrics' });
    this.executionRole = new iam.Role(this, 'ExecutionRole', { assumedBy: trust, description: 'Wickr data-retention bot task: pull its images, write its log group' });

    if (props.ec2Host) {
      this.cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
      this.host = new DataRetentionBotHost(this, 'Host', { network: props.network, cluster: this.cluster, retentionKey: props.retentionKey, name: props.name ?? props.folder, options: props.ec2Host });
      this.taskDefinition = new ecs.Ec2TaskDefinition(this, 'TaskDefinition', {
        // Its own network interface and security group, as on Fargate: the containers share 127.0.0.1.
        networkMode: ecs.NetworkMode.AWS_VPC,
        taskRole: this.taskRole.withoutPolicyUpdates(),
        executionRole: this.executionRole.withoutPolicyUpdates(),
        volumes: [{ name: 'bot-state', host: { sourcePath: BOT_HOST_STATE_DIR } }],
      });
    } else {
      const fargate = this.fargateState(props);
      this.fileSystem = fargate.fileSystem;
      this.accessPoint = fargate.accessPoint;
      this.taskDefinition = fargate.taskDefinition;
      this.cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    }
    this.addContainers(props);
    this.addTaskPolicy(props);
    this.addExecutionPolicy(props);

    const deployment = {
      cluster: this.cluster,
      // Exactly one bot: never two at once (min 0 %, max 100 % stops the old task first), and a
      // failed deployment stops and rolls back instead of retrying forever.
      desiredCount: 1,
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      circuitBreaker: { enable: true, rollback: true },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      enableECSManagedTags: true,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    };
    if (this.host) {
      this.service = new ecs.Ec2Service(this, 'Service', {
        ...deployment,
        // The cluster's capacity is the host's Auto Scaling group, which joins through its own user
        // data (not CDK's capacity helpers, whose grants would be inline policies): say so to CDK.
        cluster: ecs.Cluster.fromClusterAttributes(this, 'ClusterWithHost', {
          clusterName: this.cluster.clusterName,
          clusterArn: this.cluster.clusterArn,
          vpc,
          hasEc2Capacity: true,
        }),
        taskDefinition: this.taskDefinition,
        // The host's subnet: the task's interface sits beside the host that has its state.
        vpcSubnets: { subnets: [this.host.subnet] },
      });
      this.service.node.addDependency(this.host.autoScalingGroup);
    } else {
      this.service = new ecs.FargateService(this, 'Service', {
        ...deployment,
        taskDefinition: this.taskDefinition,
        vpcSubnets: subnets,
        platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
      });
    }
    if (props.registry.rule) this.service.node.addDependency(props.registry.rule);
    acknowledge(this.taskDefinition, 'botTaskEnvironment');
    this.addEvidence(props);
  }

  private addEvidence(props: DataRetentionBotServiceProps): void {
    const stack = Stack.of(this);
    const key = () => display(stack.resolve(props.retentionKey.keyArn));
    addBotHostEvidence(this, () => {
      const host = this.host;
      if (!host) {
        return {
          bot: props.name ?? props.folder,
          host: `ECS Fargate task (${props.cpu} CPU units, ${props.memoryLimitMiB} MiB), one at a time, isolated subnets`,
          access: 'no inbound access; no shell (Fargate)',
          state: `EFS file system, encrypted with the retention key (${key()}), TLS and IAM required, RETAIN`,
          backups: 'EFS automatic backups (AWS Backup, daily, kept 35 days)',
          recovery: 'ECS replaces a stopped task; the deployment circuit breaker rolls back a failed deployment',
        };
      }
      return {
        bot: props.name ?? props.folder,
        host: `EC2 ${host.instanceType.toString()} (ECS-optimized Amazon Linux 2023), Auto Scaling group of exactly one, isolated subnet, IMDSv2 only (hop limit 1)`,
        access: 'no key pair, no inbound rule, sshd disabled; operators use SSM Session Manager',
        state: `EBS gp3 volume of ${host.volumeSize.toGibibytes()} GiB, encrypted with the retention key (${key()}), RETAIN, attached at boot by whichever host runs the bot`,
        backups: `Data Lifecycle Manager snapshots every ${host.snapshotInterval.toHours()} hours, kept ${host.snapshotRetention.toDays()} days (encrypted with the volume's key)`,
        recovery: 'an instance failing its EC2 status checks is replaced (alarmed); the replacement attaches the same volume once the old instance has let it go',
      };
    });
  }

  /** Fargate's task definition with the bot's state on EFS, mounted through an access point. */
  private fargateState(props: DataRetentionBotServiceProps): { fileSystem: efs.FileSystem; accessPoint: efs.AccessPoint; taskDefinition: ecs.FargateTaskDefinition } {
    const { vpc, subnets } = props.network;
    const stateSecurityGroup = new ec2.SecurityGroup(this, 'StateSecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'EFS mount targets of the data-retention bot state: NFS from the bot only',
    });
    stateSecurityGroup.addIngressRule(this.securityGroup, ec2.Port.tcp(2049), 'NFS from the data-retention bot');
    this.securityGroup.addEgressRule(stateSecurityGroup, ec2.Port.tcp(2049), 'NFS to the bot state');

    const fileSystem = new efs.FileSystem(this, 'State', {
      vpc,
      vpcSubnets: subnets,
      securityGroup: stateSecurityGroup,
      encrypted: true,
      kmsKey: props.retentionKey,
      enableAutomaticBackups: true,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      // Records waiting for upload and the bot's keys live here: the state outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      // The policy below names the only client; CDK's default statement (write and root access for
      // any principal through a mount target) is switched off by this flag despite its name.
      allowAnonymousAccess: true,
      fileSystemPolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'DenyWithoutTransportEncryption',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['*'],
            resources: ['*'],
            conditions: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          new iam.PolicyStatement({
            sid: 'OnlyTheBotTaskMountsAndWrites',
            principals: [new iam.ArnPrincipal(this.taskRole.roleArn)],
            actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
            resources: ['*'],
            conditions: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
          }),
        ],
      }),
    });
    acknowledge(fileSystem, 'botStateAutomaticBackups');
    // A fixed POSIX identity: the bot's files are owned by it whatever user the image runs as, and
    // the task never needs EFS root access.
    const accessPoint = fileSystem.addAccessPoint('BotState', {
      path: '/wickr-data-retention-bot',
      createAcl: { ownerUid: '1000', ownerGid: '1000', permissions: '750' },
      posixUser: { uid: '1000', gid: '1000' },
    });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      // Grants made by CDK helpers would land in inline policies; the managed policies below say
      // everything each role may do.
      taskRole: this.taskRole.withoutPolicyUpdates(),
      executionRole: this.executionRole.withoutPolicyUpdates(),
      volumes: [
        {
          name: 'bot-state',
          efsVolumeConfiguration: {
            fileSystemId: fileSystem.fileSystemId,
            transitEncryption: 'ENABLED',
            authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
          },
        },
      ],
    });
    return { fileSystem, accessPoint, taskDefinition };
  }

  private addContainers(props: DataRetentionBotServiceProps): void {
    const region = Aws.REGION;
    const capture = this.taskDefinition.addContainer('PasswordCapture', {
      containerName: BOT_CONTAINERS.capture,
      image: ecs.ContainerImage.fromRegistry(props.registry.imageUri(UPSTREAM_REPOSITORIES.capture, props.captureImageTag ?? DEFAULT_SIDECAR_TAGS.capture)),
      entryPoint: ['node', '-e', PASSWORD_CAPTURE_SCRIPT],
      user: '1000:1000',
      readonlyRootFilesystem: true,
      essential: true,
      memoryReservationMiB: 64,
      environment: {
        [PASSWORD_CAPTURE_ENV.secretId]: props.secret.secretArn,
        [PASSWORD_CAPTURE_ENV.secretRegion]: region,
        [PASSWORD_CAPTURE_ENV.port]: String(PASSWORD_CAPTURE_PORT),
      },
      healthCheck: {
        command: passwordCaptureHealthCheck(),
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(15),
      },
      // The bot's own lines arrive here scrubbed, so this stream is the bot's log.
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: 'bot' }),
    });

    this.taskDefinition.addFirelensLogRouter('LogRouter', {
      containerName: BOT_CONTAINERS.logRouter,
      image: ecs.ContainerImage.fromRegistry(props.registry.imageUri(UPSTREAM_REPOSITORIES.logRouter, props.logRouterImageTag ?? DEFAULT_SIDECAR_TAGS.logRouter)),
      firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT, options: { enableECSLogMetadata: false } },
      essential: true,
      memoryReservationMiB: 64,
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: 'log-router' }),
    });

    const bot = this.taskDefinition.addContainer('Bot', {
      containerName: BOT_CONTAINERS.bot,
      // On EC2 each container reserves memory on the host (a soft limit: the bot may use the rest).
      memoryReservationMiB: this.host ? 2048 : undefined,
      image: ecs.ContainerImage.fromRegistry(props.registry.imageUri(UPSTREAM_REPOSITORIES.bot(props.imageVariant), props.imageTag)),
      essential: true,
      environment: {
        // With a secret, the bot needs only its name and where the secret is (Wickr docs); the
        // secret holds the password, bucket, folder, topic and optional client-side key.
        WICKRIO_BOT_NAME: props.botName,
        AWS_SECRET_NAME: props.secret.secretArn,
        AWS_SECRET_REGION: region,
        AWS_DEFAULT_REGION: region,
        WICKRIO_METRICS_TYPE: 'cloudwatch',
        // Close a records file (and upload it) at least this often, so storage never lags far behind.
        WICKRIO_COMP_TIMEROTATE: String(props.fileRotation.toMinutes()),
        WICKR_KIT_SETTINGS_VERSION: props.settingsVersion,
      },
      // Only to the capture sidecar on the task's loopback: never straight to CloudWatch.
      logging: ecs.LogDrivers.firelens({
        options: {
          Name: 'http',
          Host: '127.0.0.1',
          Port: String(PASSWORD_CAPTURE_PORT),
          URI: PASSWORD_CAPTURE_PATH,
          Format: 'json_lines',
          Retry_Limit: 'False',
        },
      }),
    });
    bot.addContainerDependencies({ container: capture, condition: ecs.ContainerDependencyCondition.HEALTHY });
    // The bot keeps its state under /tmp/<bot name> (as in the Wickr docs' docker run).
    bot.addMountPoints({ sourceVolume: 'bot-state', containerPath: Fn.join('', ['/tmp/', props.botName]), readOnly: false });
  }

  private addTaskPolicy(props: DataRetentionBotServiceProps): void {
    const stack = Stack.of(this);
    const viaService = (...services: string[]) => ({ StringEquals: { 'kms:ViaService': services.map((s) => `${s}.${stack.region}.amazonaws.com`) } });
    const statements = [
      new iam.PolicyStatement({
        sid: 'WriteRecordsUnderItsFolder',
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`${props.folder}/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'ReadAndUpdateItsSecret',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        resources: [props.secret.secretArn],
      }),
      new iam.PolicyStatement({
        sid: 'RetentionKeyThroughS3AndSecretsManager',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.retentionKey.keyArn],
        conditions: viaService('s3', 'secretsmanager'),
      }),
      new iam.PolicyStatement({ sid: 'PublishBotEvents', actions: ['sns:Publish'], resources: [props.topic.topicArn] }),
      new iam.PolicyStatement({
        sid: 'LogsKeyThroughSns',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.logsKey.keyArn],
        conditions: viaService('sns'),
      }),
      new iam.PolicyStatement({
        // PutMetricData has no resource-level scope; the namespace condition is the only limit IAM offers.
        sid: 'PublishBotMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': BOT_METRICS_NAMESPACE } },
      }),
    ];
    if (this.fileSystem && this.accessPoint) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'MountItsStateThroughItsAccessPoint',
          actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
          resources: [this.fileSystem.fileSystemArn],
          conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': this.accessPoint.accessPointArn } },
        }),
      );
    }
    if (props.clientSideEncryption) {
      statements.push(
        new iam.PolicyStatement({
          // The bot encrypts records itself before upload (envelope encryption with the retention key).
          sid: 'ClientSideRecordEncryption',
          actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
          resources: [props.retentionKey.keyArn],
        }),
      );
    }
    const policy = new iam.ManagedPolicy(this, 'TaskPolicy', {
      roles: [this.taskRole],
      description: this.fileSystem
        ? 'Wickr data-retention bot: put records under its folder, use its secret, publish its events and metrics, mount its state'
        : 'Wickr data-retention bot: put records under its folder, use its secret, publish its events and metrics',
      statements,
    });
    acknowledge(policy, 'botTaskPolicyWildcards');
  }

  private addExecutionPolicy(props: DataRetentionBotServiceProps): void {
    const paths = [UPSTREAM_REPOSITORIES.bot(props.imageVariant), UPSTREAM_REPOSITORIES.logRouter, UPSTREAM_REPOSITORIES.capture];
    const policy = new iam.ManagedPolicy(this, 'ExecutionPolicy', {
      roles: [this.executionRole],
      description: 'Wickr data-retention bot task: pull its three images from the agency registry, write its log group',
      statements: [
        ...props.registry.pullStatements(paths),
        new iam.PolicyStatement({
          sid: 'WriteItsLogGroup',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [props.logGroup.logGroupArn],
        }),
      ],
    });
    acknowledge(policy, 'botExecutionPolicyWildcards');
  }
}
