import { Arn, ArnFormat, Aws, Duration, Names, RemovalPolicy, Size, SizeRoundingBehavior, Stack, Tags } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dlm from 'aws-cdk-lib/aws-dlm';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { BOT_HOST_DEFAULTS, checkBotInstanceType, checkBotVolumeSize, checkSnapshotSchedule } from '../config/bot-host';
import { ConfigProblem, throwIfProblems } from '../config/errors';
import { acknowledge } from '../nag/acknowledgements';
import { botHostUserData } from './data-retention-host-script';
import { BOT_HOST_INTERFACE_ENDPOINTS, IDataRetentionNetwork } from './data-retention-network';

/** Where the data-retention bot runs. */
export class BotHost {
  /**
   * An EC2 instance with the bot's state on its own EBS volume, as AWS's admin guide recommends
   * for production: one bot per host, m8i.large or larger, a 1 TB volume, snapshots on the EBS
   * snapshot lifecycle. The default.
   */
  public static ec2(options: Ec2BotHostOptions = {}): BotHost {
    return new BotHost('ec2', options);
  }

  /** ECS Fargate, with the bot's state on EFS (sized by `cpu` and `memoryLimitMiB`). */
  public static fargate(): BotHost {
    return new BotHost('fargate', {});
  }

  private constructor(
    public readonly kind: 'ec2' | 'fargate',
    /** The EC2 host's options (empty for Fargate). */
    public readonly ec2Options: Ec2BotHostOptions,
  ) {}
}

export interface Ec2BotHostOptions {
  /**
   * The instance type: x86_64, m or r family of generation 5 or later, at least 2 vCPU and 8 GiB.
   * @default - m8i.large (AWS's production minimum for the bot)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Size of the bot's state volume (gp3, encrypted with the retention key, retained).
   * @default Size.gibibytes(1024) - the 1 TB AWS recommends; smaller is refused
   */
  readonly volumeSize?: Size;
  /**
   * How often Data Lifecycle Manager snapshots the state volume (1, 2, 3, 4, 6, 8, 12 or 24 hours).
   * @default Duration.hours(24)
   */
  readonly snapshotInterval?: Duration;
  /**
   * How long each snapshot is kept.
   * @default Duration.days(35)
   */
  readonly snapshotRetention?: Duration;
}

export interface DataRetentionBotHostProps {
  readonly network: IDataRetentionNetwork;
  /** The ECS cluster the host joins; the bot's task is placed on it. */
  readonly cluster: ecs.ICluster;
  /** Encrypts the state volume and the root volume. */
  readonly retentionKey: kms.IKey;
  /** Names the bot in descriptions and tags. */
  readonly name: string;
  readonly options: Ec2BotHostOptions;
}

/** Tag on the state volume that Data Lifecycle Manager selects it by (and that its snapshots carry). */
export const BOT_STATE_SNAPSHOT_TAG = 'wickr-kit:bot-state';
/** Tag on the host instances that the attach permission requires. */
export const BOT_HOST_TAG = 'wickr-kit:bot-host';

/**
 * The EC2 host of one data-retention bot:
 *
 * - an Auto Scaling group of exactly one instance (ECS-optimized Amazon Linux 2023) in one
 *   isolated subnet, with no key pair, no inbound rule, IMDSv2 only (hop limit 1) and SSM Session
 *   Manager for operators. A replacement terminates the old instance before launching the new one
 *   (rolling update and instance maintenance at 0 % minimum healthy), and an instance failing its
 *   EC2 status checks is replaced (auto-recovery);
 * - the bot's state on a separate gp3 volume (1 TB by default), encrypted with the retention key
 *   and retained, in the subnet's Availability Zone. Every host of the group attaches that same
 *   volume at boot, so it survives instance replacement; a volume attaches to one instance at a
 *   time, so two bots never run;
 * - Data Lifecycle Manager snapshots of the volume on a schedule, kept for a set time;
 * - an instance role limited to joining the bot's cluster, attaching this volume, and Session
 *   Manager. The bot itself runs with its task role (the host blocks the task from IMDS).
 */
export class DataRetentionBotHost extends Construct {
  public readonly volume: ec2.Volume;
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  public readonly launchTemplate: ec2.LaunchTemplate;
  public readonly instanceRole: iam.Role;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly snapshotPolicy: dlm.CfnLifecyclePolicy;
  /** The one subnet (and Availability Zone) the host and its volume live in. */
  public readonly subnet: ec2.ISubnet;
  public readonly instanceType: ec2.InstanceType;
  public readonly volumeSize: Size;
  public readonly snapshotInterval: Duration;
  public readonly snapshotRetention: Duration;

  constructor(scope: Construct, id: string, props: DataRetentionBotHostProps) {
    super(scope, id);
    const o = props.options;
    this.instanceType = o.instanceType ?? new ec2.InstanceType(BOT_HOST_DEFAULTS.instanceType);
    this.volumeSize = o.volumeSize ?? Size.gibibytes(BOT_HOST_DEFAULTS.volumeSizeGiB);
    this.snapshotInterval = o.snapshotInterval ?? Duration.hours(BOT_HOST_DEFAULTS.snapshotIntervalHours);
    this.snapshotRetention = o.snapshotRetention ?? Duration.days(BOT_HOST_DEFAULTS.snapshotRetainDays);
    throwIfProblems(this.node.path, validate(this.instanceType, this.volumeSize, this.snapshotInterval, this.snapshotRetention));

    // The host and its volume share one Availability Zone: the network's first subnet.
    const [subnet] = props.network.vpc.selectSubnets(props.network.subnets).subnets;
    if (!subnet) throw new Error(`${this.node.path}: the retention network has no subnet for the bot's host`);
    this.subnet = subnet;
    const inHostSubnet: ec2.SubnetSelection = { subnets: [subnet] };
    props.network.addInterfaceEndpoints?.(BOT_HOST_INTERFACE_ENDPOINTS, inHostSubnet);

    this.volume = new ec2.Volume(this, 'StateVolume', {
      availabilityZone: subnet.availabilityZone,
      size: this.volumeSize,
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      encrypted: true,
      encryptionKey: props.retentionKey,
      // The bot's keys, database and not-yet-uploaded records: the volume outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const marker = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    Tags.of(this.volume).add(BOT_STATE_SNAPSHOT_TAG, marker);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.network.vpc,
      allowAllOutbound: false,
      description: 'Wickr data-retention bot host: no inbound rule (no SSH); HTTPS to the VPC endpoints only',
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the VPC endpoints (ECS, EC2, SSM) and the S3 gateway endpoint');

    this.instanceRole = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: `Wickr data-retention bot host ${props.name}: join its ECS cluster, attach its state volume, Session Manager`,
    });
    this.addInstancePolicy(props, marker);

    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
      instanceType: this.instanceType,
      // The launch template makes the instance profile; the managed policy above is all the role may do.
      role: this.instanceRole.withoutPolicyUpdates(),
      securityGroup: this.securityGroup,
      requireImdsv2: true,
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      httpPutResponseHopLimit: 1,
      detailedMonitoring: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(30, { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true, kmsKey: props.retentionKey, deleteOnTermination: true }),
        },
      ],
      userData: ec2.UserData.custom(botHostUserData({ volumeId: this.volume.volumeId, clusterName: props.cluster.clusterName })),
    });
    Tags.of(this.launchTemplate).add(BOT_HOST_TAG, marker);
    allowAutoScalingToUseKey(props.retentionKey, this);

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Group', {
      vpc: props.network.vpc,
      vpcSubnets: inHostSubnet,
      launchTemplate: this.launchTemplate,
      minCapacity: 1,
      maxCapacity: 1,
      // Replace an instance that fails its EC2 status checks: the new one attaches the same volume.
      healthChecks: autoscaling.HealthChecks.ec2({ gracePeriod: Duration.minutes(10) }),
      // Terminate before launching, whether CloudFormation or Auto Scaling replaces the instance.
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({ maxBatchSize: 1, minInstancesInService: 0 }),
      minHealthyPercentage: 0,
      maxHealthyPercentage: 100,
    });
    this.autoScalingGroup.node.addDependency(this.volume);
    acknowledge(this.autoScalingGroup, 'botHostGroupOfOne');

    this.snapshotPolicy = this.addSnapshots(props, marker);
    acknowledge(this.volume, 'botStateSnapshotsByLifecycleManager');
  }

  /** The host's EC2 status checks (instance and system), as the Auto Scaling group aggregates them. */
  public statusCheckMetric(): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensionsMap: { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    });
  }

  private addInstancePolicy(props: DataRetentionBotHostProps, marker: string): void {
    const stack = Stack.of(this);
    const clusterArn = props.cluster.clusterArn;
    const onCluster = { ArnEquals: { 'ecs:cluster': clusterArn } };
    const volumeArn = Arn.format({ service: 'ec2', resource: 'volume', resourceName: this.volume.volumeId }, stack);
    const policy = new iam.ManagedPolicy(this, 'InstancePolicy', {
      roles: [this.instanceRole],
      description: 'Wickr data-retention bot host: join its ECS cluster, attach its state volume, Session Manager',
      statements: [
        new iam.PolicyStatement({
          sid: 'JoinTheBotCluster',
          actions: ['ecs:RegisterContainerInstance', 'ecs:DeregisterContainerInstance', 'ecs:SubmitAttachmentStateChanges', 'ecs:SubmitContainerStateChange', 'ecs:SubmitTaskStateChange'],
          resources: [clusterArn],
        }),
        new iam.PolicyStatement({
          sid: 'RunAsAContainerInstanceOfTheBotCluster',
          actions: ['ecs:Poll', 'ecs:StartTelemetrySession', 'ecs:UpdateContainerInstancesState'],
          resources: [Arn.format({ service: 'ecs', resource: 'container-instance', resourceName: '*' }, stack)],
          conditions: onCluster,
        }),
        new iam.PolicyStatement({
          // IAM offers this agent call only on "*".
          sid: 'FindTheEcsEndpoints',
          actions: ['ecs:DiscoverPollEndpoint'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({ sid: 'AttachTheBotStateVolume', actions: ['ec2:AttachVolume'], resources: [volumeArn] }),
        new iam.PolicyStatement({
          // Only to instances of this host's group (the launch template tags them).
          sid: 'AttachItToTheBotHostOnly',
          actions: ['ec2:AttachVolume'],
          resources: [Arn.format({ service: 'ec2', resource: 'instance', resourceName: '*' }, stack)],
          conditions: { StringEquals: { [`ec2:ResourceTag/${BOT_HOST_TAG}`]: marker } },
        }),
        new iam.PolicyStatement({
          // IAM offers DescribeVolumes only on "*".
          sid: 'SeeWhoHoldsTheVolume',
          actions: ['ec2:DescribeVolumes'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          // EC2 takes a grant on the retention key when it attaches the encrypted volume.
          sid: 'RetentionKeyGrantForTheAttachment',
          actions: ['kms:CreateGrant'],
          resources: [props.retentionKey.keyArn],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: { 'kms:ViaService': `ec2.${stack.region}.amazonaws.com` } },
        }),
        new iam.PolicyStatement({
          sid: 'SessionManagerRegistration',
          actions: ['ssm:UpdateInstanceInformation'],
          resources: [Arn.format({ service: 'ec2', resource: 'instance', resourceName: '*' }, stack)],
        }),
        new iam.PolicyStatement({
          // Session Manager's channel APIs have no resource scope in IAM.
          sid: 'SessionManagerChannels',
          actions: [
            'ssmmessages:CreateControlChannel',
            'ssmmessages:CreateDataChannel',
            'ssmmessages:OpenControlChannel',
            'ssmmessages:OpenDataChannel',
            'ec2messages:AcknowledgeMessage',
            'ec2messages:DeleteMessage',
            'ec2messages:FailMessage',
            'ec2messages:GetEndpoint',
            'ec2messages:GetMessages',
            'ec2messages:SendReply',
          ],
          resources: ['*'],
        }),
      ],
    });
    acknowledge(policy, 'botHostInstancePolicyWildcards');
  }

  private addSnapshots(props: DataRetentionBotHostProps, marker: string): dlm.CfnLifecyclePolicy {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'SnapshotRole', {
      assumedBy: new iam.ServicePrincipal('dlm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: `Data Lifecycle Manager: snapshots of the Wickr data-retention bot state volume of ${props.name}`,
    });
    const snapshots = Arn.format({ service: 'ec2', account: '', resource: 'snapshot', resourceName: '*' }, stack);
    const tagged = { StringEquals: { [`ec2:ResourceTag/${BOT_STATE_SNAPSHOT_TAG}`]: marker } };
    const policy = new iam.ManagedPolicy(this, 'SnapshotPolicy', {
      roles: [role],
      description: 'Snapshot the bot state volume, tag the snapshots, and delete only those snapshots when they expire',
      statements: [
        new iam.PolicyStatement({
          sid: 'SnapshotTheStateVolume',
          actions: ['ec2:CreateSnapshot', 'ec2:CreateSnapshots'],
          resources: [Arn.format({ service: 'ec2', resource: 'volume', resourceName: this.volume.volumeId }, stack), snapshots],
        }),
        new iam.PolicyStatement({ sid: 'TagNewSnapshots', actions: ['ec2:CreateTags'], resources: [snapshots], conditions: { StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateSnapshots'] } } }),
        // Snapshots carry the volume's tags (copyTags), so expiry can delete this volume's snapshots only.
        new iam.PolicyStatement({ sid: 'ExpireItsOwnSnapshots', actions: ['ec2:DeleteSnapshot'], resources: [snapshots], conditions: tagged }),
        new iam.PolicyStatement({
          // IAM offers these reads only on "*".
          sid: 'FindTheVolumeAndItsSnapshots',
          actions: ['ec2:DescribeVolumes', 'ec2:DescribeInstances', 'ec2:DescribeSnapshots'],
          resources: ['*'],
        }),
      ],
    });
    acknowledge(policy, 'botStateSnapshotRoleWildcards');
    const hours = this.snapshotInterval.toHours();
    const days = this.snapshotRetention.toDays();
    const snapshotPolicy = new dlm.CfnLifecyclePolicy(this, 'Snapshots', {
      // DLM accepts only letters, digits, spaces, _ and - in these texts.
      description: `Wickr bot state ${props.name} every ${hours} hours kept ${days} days`.replace(/[^0-9A-Za-z _-]/g, '-').slice(0, 500),
      state: 'ENABLED',
      executionRoleArn: role.roleArn,
      policyDetails: {
        policyType: 'EBS_SNAPSHOT_MANAGEMENT',
        resourceTypes: ['VOLUME'],
        targetTags: [{ key: BOT_STATE_SNAPSHOT_TAG, value: marker }],
        schedules: [
          {
            name: `Every ${hours} hours kept ${days} days`,
            createRule: { interval: hours, intervalUnit: 'HOURS' },
            retainRule: { interval: days, intervalUnit: 'DAYS' },
            copyTags: true,
          },
        ],
      },
    });
    snapshotPolicy.node.addDependency(policy);
    return snapshotPolicy;
  }
}

/**
 * Auto Scaling launches the host with its service-linked role, which must be able to use the
 * retention key for the encrypted root volume (AWS's documented key policy for encrypted volumes
 * in Auto Scaling). The role is named by `aws:PrincipalArn`, so the policy is valid in an account
 * where Auto Scaling has not created it yet.
 */
const keysOpenToAutoScaling = new WeakSet<kms.IKey>();

function allowAutoScalingToUseKey(key: kms.IKey, scope: Construct): void {
  const stack = Stack.of(scope);
  if (keysOpenToAutoScaling.has(key)) return;
  keysOpenToAutoScaling.add(key);
  const serviceLinkedRole = Arn.format(
    { service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling', arnFormat: ArnFormat.SLASH_RESOURCE_NAME },
    stack,
  );
  const byServiceLinkedRole = { ArnEquals: { 'aws:PrincipalArn': serviceLinkedRole }, StringEquals: { 'kms:ViaService': `ec2.${stack.region}.amazonaws.com` } };
  const added = key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AutoScalingUsesKeyForEncryptedVolumes',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: byServiceLinkedRole,
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AutoScalingAttachesEncryptedVolumes',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { ...byServiceLinkedRole, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
  );
  if (!added.statementAdded) {
    scope.node.addValidation({
      validate: () => [
        "the retention key is imported, so the kit cannot let Auto Scaling's service-linked role use it for the host's encrypted volumes; add AWS's key policy for encrypted volumes in Auto Scaling to it, or pass a key of this stack",
      ],
    });
  }
}

function validate(instanceType: ec2.InstanceType, volumeSize: Size, interval: Duration, retention: Duration): ConfigProblem[] {
  const problems = [...checkBotInstanceType('instanceType', instanceType.toString())];
  if (!volumeSize.isUnresolved()) problems.push(...checkBotVolumeSize('volumeSize', volumeSize.toGibibytes({ rounding: SizeRoundingBehavior.NONE })));
  if (!interval.isUnresolved() && !retention.isUnresolved()) {
    problems.push(
      ...checkSnapshotSchedule('snapshots', interval.toHours({ integral: false }), retention.toDays({ integral: false })).map((p) => ({
        ...p,
        path: p.path === 'snapshots.intervalHours' ? 'snapshotInterval' : 'snapshotRetention',
      })),
    );
  }
  return problems;
}
