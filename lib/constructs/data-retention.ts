import { createHash } from 'node:crypto';
import { CfnResource, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { BotSecretConfig } from '../../lambda/shared/data-retention-props';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { ConfigProblem, throwIfProblems } from '../config/errors';
import { acknowledge } from '../nag/acknowledgements';
import { DataRetentionAlarms } from './data-retention-alarms';
import { BotHost } from './data-retention-bot-host';
import { DataRetentionBotService } from './data-retention-bot-service';
import { DataRetentionNetwork, IDataRetentionNetwork } from './data-retention-network';
import { DataRetentionActivation, DataRetentionBotRegistration } from './data-retention-registration';
import { BotImageVariant, DataRetentionRegistry, checkImageTag, defaultBotVariant } from './data-retention-registry';
import type { IRegionalKeys } from './regional-keys';
import type { IRetentionStorage } from './retention-storage';
import { AccessLevel, IWickrNetwork } from './wickr-network';
import { WickrProvider } from './wickr-provider';

export interface DataRetentionProps {
  /** The network whose conversations are retained. It must be PREMIUM. */
  readonly network: IWickrNetwork;
  /** Where records go (the stack's locked retention bucket). */
  readonly storage: IRetentionStorage;
  /** `retentionKey` encrypts the bot's secret and state; `logsKey` its log group and topic. */
  readonly keys: IRegionalKeys;
  /**
   * The bot image's release tag, pinned (for example `6.60.05.78`). `latest` is refused.
   */
  readonly imageTag: string;
  /**
   * Commercial or WickrGov build of the bot.
   * @default - GOVCLOUD in us-gov-* Regions, else COMMERCIAL
   */
  readonly imageVariant?: BotImageVariant;
  /**
   * Where the task pulls its images from.
   * @default - the stack's `DataRetentionRegistry` (an ECR pull-through cache of ECR Public)
   */
  readonly registry?: DataRetentionRegistry;
  /**
   * The VPC and subnets the bot runs in.
   * @default - the stack's `DataRetentionNetwork` (isolated subnets, VPC endpoints, no internet route)
   */
  readonly retentionNetwork?: IDataRetentionNetwork;
  /**
   * The folder (key prefix) in the bucket this network's records go under.
   * @default - the construct's unique name
   */
  readonly storageFolder?: string;
  /**
   * A short name for this network's bot in alarm descriptions and metric names.
   * @default - the storage folder
   */
  readonly name?: string;
  /**
   * How long the bot's logs are kept.
   * @default logs.RetentionDays.SEVEN_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Have the bot re-encrypt every record with the retention key before upload (on top of the
   * bucket's SSE-KMS). Records can then be read only with software that decrypts them.
   * @default false
   */
  readonly clientSideEncryption?: boolean;
  /**
   * How often the bot closes its records file and uploads it.
   * @default Duration.minutes(60)
   */
  readonly fileRotation?: Duration;
  /**
   * Alarm when nothing was written to the folder for this long (whole hours, 1 to 168).
   * @default Duration.hours(48)
   */
  readonly noRecordsAlarmAfter?: Duration;
  /**
   * Email addresses subscribed to the alarm and bot-event topic (each must confirm).
   * @default - none
   */
  readonly alarmEmails?: string[];
  /**
   * Where the bot runs: an EC2 host of its own with its state on an EBS volume, as AWS recommends
   * for production (`BotHost.ec2()`), or Fargate with its state on EFS (`BotHost.fargate()`).
   * @default BotHost.ec2() - m8i.large, a 1 TB gp3 state volume, daily snapshots kept 35 days
   */
  readonly host?: BotHost;
  /**
   * Fargate CPU units of the task (Fargate host only).
   * @default 2048 (AWS's production guidance for the bot is 2 vCPU, 8 GiB)
   */
  readonly cpu?: number;
  /**
   * Fargate memory of the task in MiB (Fargate host only).
   * @default 8192
   */
  readonly memoryLimitMiB?: number;
  /**
   * What removing data retention does. RETAIN leaves the bot registered, retention on, and the
   * secret, state and records in place. DESTROY disables retention, deletes the bot from the
   * network and the secret; records and bot state are kept either way.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Use an existing secret for the bot (for a bot registered before the kit managed it, whose
   * password the secret already holds). It must be encrypted with `keys.retentionKey` or the
   * AWS-managed key.
   * @default - a new secret encrypted with the retention key
   */
  readonly botSecret?: secretsmanager.ISecret;
  /** @default DEFAULT_SIDECAR_TAGS.logRouter */
  readonly logRouterImageTag?: string;
  /** @default DEFAULT_SIDECAR_TAGS.capture */
  readonly captureImageTag?: string;
  /** @default - the stack's `WickrProvider` */
  readonly provider?: WickrProvider;
}

/**
 * Data retention for one Wickr network, end to end and with no console step:
 *
 * 1. `DataRetentionBotRegistration` creates the network's bot and writes a one-time challenge
 *    straight into the bot's secret (with the bucket, folder and topic the bot reads from there);
 * 2. `DataRetentionBotService` runs the bot as one ECS task in isolated subnets, on an EC2 host of
 *    its own with its state on a retained EBS volume (default) or on Fargate with EFS state, with a
 *    sidecar that moves the password the bot generates into the secret, off the logs;
 * 3. `DataRetentionActivation` waits until the bot has registered, then turns retention on and
 *    acknowledges the public-key message;
 * 4. `DataRetentionAlarms` alarm to an encrypted topic when the bot is not running, when no record
 *    arrived for a while, and when the bot logs errors.
 *
 * The resource order is what makes it work without anyone copying a password: see
 * docs/data-retention.md.
 */
export class DataRetention extends Construct {
  public readonly botName: string;
  public readonly secret: secretsmanager.ISecret;
  public readonly topic: sns.Topic;
  public readonly logGroup: logs.LogGroup;
  public readonly storageFolder: string;
  public readonly registration: DataRetentionBotRegistration;
  public readonly botService: DataRetentionBotService;
  public readonly activation: DataRetentionActivation;
  public readonly alarms: DataRetentionAlarms;

  constructor(scope: Construct, id: string, props: DataRetentionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removal = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.storageFolder = props.storageFolder ?? Names.uniqueResourceName(this, { maxLength: 60, separator: '-' }).toLowerCase();
    const name = props.name ?? this.storageFolder;
    const fileRotation = props.fileRotation ?? Duration.minutes(60);
    const host = props.host ?? BotHost.ec2();
    const noRecordsAfter = props.noRecordsAlarmAfter ?? Duration.hours(48);
    throwIfProblems(this.node.path, [
      ...checkImageTag('imageTag', props.imageTag),
      ...(props.logRouterImageTag !== undefined ? checkImageTag('logRouterImageTag', props.logRouterImageTag) : []),
      ...(props.captureImageTag !== undefined ? checkImageTag('captureImageTag', props.captureImageTag) : []),
      ...validate(props, this.storageFolder, name, removal, fileRotation, noRecordsAfter),
      ...(host.kind === 'ec2' && (props.cpu !== undefined || props.memoryLimitMiB !== undefined)
        ? [{ path: 'cpu', message: 'cpu and memoryLimitMiB size a Fargate task; on an EC2 host choose BotHost.ec2({ instanceType }) instead', got: { cpu: props.cpu, memoryLimitMiB: props.memoryLimitMiB } }]
        : []),
    ]);
    const provider = props.provider ?? WickrProvider.of(this);
    const keys = props.keys;
    // Guard against another resource switching the network's retention setting: this construct owns it.
    this.node.addValidation({ validate: () => settingsConflicts(this, props.network) });

    this.logGroup = new logs.LogGroup(this, 'BotLogs', {
      encryptionKey: keys.logsKey,
      retention: props.logRetention ?? logs.RetentionDays.SEVEN_YEARS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.topic = new sns.Topic(this, 'Events', {
      displayName: `Wickr data retention ${name}`,
      masterKey: keys.logsKey,
      enforceSSL: true,
    });
    for (const email of props.alarmEmails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    if (hasAlarmGrant(keys)) keys.allowCloudWatchAlarms();

    if (props.botSecret) {
      this.secret = props.botSecret;
    } else {
      const secret = new secretsmanager.Secret(this, 'BotSecret', {
        description: `Wickr data-retention bot ${name}: its password (challenge, then the one it generates) and settings`,
        encryptionKey: keys.retentionKey,
        removalPolicy: removal === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      });
      // Created empty: the registration handler writes the first value, so no placeholder password exists.
      (secret.node.defaultChild as secretsmanager.CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
      acknowledge(secret, 'botSecretRotation');
      this.secret = secret;
    }

    const botConfig: BotSecretConfig = {
      s3_bucket_name: props.storage.bucket.bucketName,
      s3_region: stack.region,
      s3_folder_name: this.storageFolder,
      sns_topic_arn: this.topic.topicArn,
      ...(props.clientSideEncryption ? { kms_master_key_arn: keys.retentionKey.keyArn, kms_region: stack.region } : {}),
    };

    this.registration = new DataRetentionBotRegistration(this, 'Registration', {
      network: props.network,
      secret: this.secret,
      secretKey: keys.retentionKey,
      botConfig,
      removalPolicy: removal,
      provider,
    });
    this.botName = this.registration.botName;

    this.botService = new DataRetentionBotService(this, 'Bot', {
      network: props.retentionNetwork ?? DataRetentionNetwork.of(this, { logsKey: keys.logsKey, flowLogRetention: props.logRetention }),
      registry: props.registry ?? DataRetentionRegistry.of(this),
      imageVariant: props.imageVariant ?? defaultBotVariant(stack.region),
      imageTag: props.imageTag,
      logRouterImageTag: props.logRouterImageTag,
      captureImageTag: props.captureImageTag,
      botName: this.botName,
      secret: this.secret,
      retentionKey: keys.retentionKey,
      logsKey: keys.logsKey,
      bucket: props.storage.bucket,
      folder: this.storageFolder,
      topic: this.topic,
      logGroup: this.logGroup,
      clientSideEncryption: props.clientSideEncryption ?? false,
      fileRotation,
      cpu: props.cpu ?? 2048,
      memoryLimitMiB: props.memoryLimitMiB ?? 8192,
      ec2Host: host.kind === 'ec2' ? host.ec2Options : undefined,
      name,
      settingsVersion: createHash('sha256').update(JSON.stringify(stack.resolve(botConfig))).digest('hex').slice(0, 16),
    });
    // The bot may start only once its secret holds the challenge.
    this.botService.service.node.addDependency(this.registration);

    this.activation = new DataRetentionActivation(this, 'Activation', {
      network: props.network,
      botName: this.botName,
      startedBy: this.botService.service,
      removalPolicy: removal,
      provider,
    });

    this.alarms = new DataRetentionAlarms(this, 'Alarms', {
      topic: this.topic,
      cluster: this.botService.cluster,
      service: this.botService.service,
      host: this.botService.host,
      logGroup: this.logGroup,
      bucket: props.storage.bucket,
      folder: this.storageFolder,
      noRecordsFor: noRecordsAfter,
      name,
    });
  }
}

function hasAlarmGrant(keys: IRegionalKeys): keys is IRegionalKeys & { allowCloudWatchAlarms(): void } {
  return typeof (keys as { allowCloudWatchAlarms?: unknown }).allowCloudWatchAlarms === 'function';
}

function validate(
  props: DataRetentionProps,
  folder: string,
  name: string,
  removal: RemovalPolicy,
  fileRotation: Duration,
  noRecordsAfter: Duration,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // Known for a WickrNetwork, and for an import that names its plan (WickrNetwork.fromNetworkAttributes).
  if (props.network.accessLevel !== undefined && props.network.accessLevel !== AccessLevel.PREMIUM) {
    problems.push({ path: 'network', message: 'data retention needs a PREMIUM network (the service answers "Action not permitted with current access level")', got: props.network.accessLevel, allowed: 'PREMIUM' });
  }
  if (!Token.isUnresolved(folder) && !/^[a-z0-9][a-z0-9._-]{0,62}$/.test(folder)) {
    problems.push({ path: 'storageFolder', message: 'must be one path segment of lower-case letters, digits and . _ - (at most 63)', got: folder });
  }
  // The default name is the folder, already checked above.
  if (props.name !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    problems.push({ path: 'name', message: 'must be 1 to 64 letters, digits and . _ - (it is used in metric names)', got: name });
  }
  if (removal !== RemovalPolicy.RETAIN && removal !== RemovalPolicy.DESTROY) {
    problems.push({ path: 'removalPolicy', message: 'data retention is either retained or destroyed', got: removal, allowed: 'RETAIN, DESTROY' });
  }
  const minutes = fileRotation.toMinutes({ integral: false });
  if (!fileRotation.isUnresolved() && (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)) {
    problems.push({ path: 'fileRotation', message: 'must be whole minutes from 1 to 1440', got: minutes });
  }
  if (!fileRotation.isUnresolved() && !noRecordsAfter.isUnresolved() && noRecordsAfter.toMinutes({ integral: false }) <= minutes) {
    problems.push({
      path: 'noRecordsAlarmAfter',
      message: 'must be longer than fileRotation, or the alarm fires between two uploads',
      got: noRecordsAfter.toHumanString(),
      allowed: `more than ${minutes} minutes`,
    });
  }
  for (const [i, email] of (props.alarmEmails ?? []).entries()) {
    if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push({ path: `alarmEmails[${i}]`, message: 'not an email address', got: email });
  }
  return problems;
}

/** A `Custom::WickrNetworkSettings` of the same network that sets `dataRetention` would fight the activation. */
function settingsConflicts(scope: Construct, network: IWickrNetwork): string[] {
  const stack = Stack.of(scope);
  const ours = JSON.stringify(stack.resolve(network.networkId));
  const errors: string[] = [];
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || c.cfnResourceType !== WICKR_RESOURCES.networkSettings.type) continue;
    // CfnResource keeps a custom resource's properties here; there is no public reader.
    const properties = stack.resolve((c as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties ?? {}) as {
      NetworkId?: unknown;
      Settings?: { dataRetention?: unknown };
    };
    if (JSON.stringify(properties.NetworkId) === ours && properties.Settings?.dataRetention !== undefined) {
      errors.push(
        `${c.node.path} sets the network's dataRetention setting, which ${scope.node.path} manages (it enables retention once the bot has registered); leave dataRetention out of the network settings`,
      );
    }
  }
  return errors;
}
