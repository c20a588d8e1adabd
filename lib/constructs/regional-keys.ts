import { Arn, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { throwIfProblems } from '../config/errors';

/** What a customer-managed key protects. One key per purpose keeps each key policy narrow. */
export enum KeyPurpose {
  /**
   * The key a network may be asked to use (`encryptionKeyArn` of CreateNetwork). Opt-in: the live
   * service accepts the key but never stores or returns it, so nothing confirms that Wickr uses it.
   */
  NETWORK = 'network',
  /** Retained messages and files, the retention bot's secret and state. */
  RETENTION = 'retention',
  /** CloudWatch log groups and alarm topics. */
  LOGS = 'logs',
}

/** The keys of one agency in one Region. */
export interface IRegionalKeys {
  /**
   * The key networks of this Region may be asked to use, when one was requested. Sending it is a
   * request the service accepts and does not confirm (docs/design/custom-resources.md).
   */
  readonly networkKey?: kms.IKey;
  /** Encrypts retained records and the retention bot's secret and state. */
  readonly retentionKey: kms.IKey;
  /** Encrypts log groups and alarm topics. */
  readonly logsKey: kms.IKey;
  /** The key for a purpose. */
  keyFor(purpose: KeyPurpose): kms.IKey;
}

export interface RegionalKeysProps {
  /**
   * Alias prefix; each key gets `<prefix>/<purpose>`, so other stacks (and replication from other
   * Regions) can name a key without a cross-stack reference.
   * @default - `alias/wickr-kit/<agencyId>`
   */
  readonly aliasPrefix?: string;
  /**
   * Agency identifier used in the default alias prefix and key descriptions.
   * @default 'default'
   */
  readonly agencyId?: string;
  /**
   * How often KMS rotates each key's material.
   * @default Duration.days(365)
   */
  readonly rotationPeriod?: Duration;
  /**
   * Waiting period before a key scheduled for deletion is deleted (only reachable with DESTROY).
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
  /**
   * What happens to the keys when they leave the stack. Keys that encrypted records must outlive
   * the stack, or the records become unreadable.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Create a key for networks to be asked to use (`WickrNetwork`'s `encryptionKey`). The live Wickr
   * service accepts `encryptionKeyArn` on CreateNetwork but never stores or returns it (the live-tested
   * fork `SMonaghan/terraform-provider-aws`, network.go @4b379437), so a key made for it protects
   * nothing the kit can show; it costs a key per Region and would read as a control to an assessor.
   * @default false - no network key
   */
  readonly networkKey?: boolean;
}

/** The alias name of a purpose's key for an agency, as `RegionalKeys` creates it by default. */
export function regionalKeyAlias(agencyId: string, purpose: KeyPurpose): string {
  return `alias/wickr-kit/${agencyId}/${purpose}`;
}

/** Attributes to import existing keys. */
export interface RegionalKeysAttributes {
  /** @default - no network key */
  readonly networkKeyArn?: string;
  readonly retentionKeyArn: string;
  readonly logsKeyArn: string;
}

const REGIONAL_KEYS_MARK = Symbol.for('wickr-cdk-kit.RegionalKeys');

class ImportedRegionalKeys extends Construct implements IRegionalKeys {
  public readonly networkKey?: kms.IKey;
  public readonly retentionKey: kms.IKey;
  public readonly logsKey: kms.IKey;

  constructor(scope: Construct, id: string, attrs: RegionalKeysAttributes) {
    super(scope, id);
    Object.defineProperty(this, REGIONAL_KEYS_MARK, { value: true });
    this.networkKey = attrs.networkKeyArn === undefined ? undefined : kms.Key.fromKeyArn(this, 'NetworkKey', attrs.networkKeyArn);
    this.retentionKey = kms.Key.fromKeyArn(this, 'RetentionKey', attrs.retentionKeyArn);
    this.logsKey = kms.Key.fromKeyArn(this, 'LogsKey', attrs.logsKeyArn);
  }

  public keyFor(purpose: KeyPurpose): kms.IKey {
    return keyForPurpose(this, purpose);
  }
}

function keyForPurpose(keys: IRegionalKeys, purpose: KeyPurpose): kms.IKey {
  switch (purpose) {
    case KeyPurpose.NETWORK:
      if (!keys.networkKey) throw new Error('these RegionalKeys have no network key: create them with networkKey: true (or import one with networkKeyArn)');
      return keys.networkKey;
    case KeyPurpose.RETENTION:
      return keys.retentionKey;
    case KeyPurpose.LOGS:
      return keys.logsKey;
  }
}

/**
 * Customer-managed KMS keys for one agency in one Region, one per purpose, rotated yearly and
 * retained. The key policies keep the account's administrative statement (so IAM policies can
 * delegate use, and the key never becomes unmanageable) and add only the service grants each
 * consumer needs; everything else is granted to specific roles by the constructs that use the keys.
 */
export class RegionalKeys extends Construct implements IRegionalKeys {
  /** True for the keys of `new RegionalKeys` or `RegionalKeys.fromKeyArns` (works across copies of the library). */
  public static isRegionalKeys(x: unknown): x is IRegionalKeys & Construct {
    return x !== null && typeof x === 'object' && REGIONAL_KEYS_MARK in x;
  }

  /** Every `RegionalKeys` (created or imported) in the stack of `scope`, in construct order. */
  public static inStack(scope: IConstruct): (IRegionalKeys & Construct)[] {
    const stack = Stack.of(scope);
    return stack.node.findAll().filter((c): c is IRegionalKeys & Construct => RegionalKeys.isRegionalKeys(c) && Stack.of(c) === stack);
  }

  /** Imports keys created elsewhere (for example by an agency's own landing zone). */
  public static fromKeyArns(scope: Construct, id: string, attrs: RegionalKeysAttributes): IRegionalKeys {
    return new ImportedRegionalKeys(scope, id, attrs);
  }

  /** Only when `networkKey: true` was asked for. */
  public readonly networkKey?: kms.Key;
  public readonly retentionKey: kms.Key;
  public readonly logsKey: kms.Key;
  /** The alias prefix the keys were created under. */
  public readonly aliasPrefix: string;

  constructor(scope: Construct, id: string, props: RegionalKeysProps = {}) {
    super(scope, id);
    Object.defineProperty(this, REGIONAL_KEYS_MARK, { value: true });
    const agencyId = props.agencyId ?? 'default';
    this.aliasPrefix = props.aliasPrefix ?? `alias/wickr-kit/${agencyId}`;
    const rotationPeriod = props.rotationPeriod ?? Duration.days(365);
    const pendingWindow = props.pendingWindow ?? Duration.days(30);
    throwIfProblems(this.node.path, [
      ...(!rotationPeriod.isUnresolved() && (rotationPeriod.toDays() < 90 || rotationPeriod.toDays() > 2560)
        ? [{ path: 'rotationPeriod', message: 'KMS rotates keys every 90 to 2560 days', got: rotationPeriod.toDays(), allowed: '90..2560 days' }]
        : []),
      ...(!this.aliasPrefix.startsWith('alias/') || this.aliasPrefix.startsWith('alias/aws/')
        ? [{ path: 'aliasPrefix', message: 'must start with "alias/" and not with the reserved "alias/aws/"', got: this.aliasPrefix }]
        : []),
    ]);

    const make = (purpose: KeyPurpose, childId: string, description: string) =>
      new kms.Key(this, childId, {
        description: `wickr-cdk-kit ${agencyId}: ${description}`,
        alias: `${this.aliasPrefix}/${purpose}`,
        enableKeyRotation: true,
        rotationPeriod,
        pendingWindow,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });

    if (props.networkKey === true) this.networkKey = make(KeyPurpose.NETWORK, 'NetworkKey', 'requested for AWS Wickr networks (not confirmed by the service)');
    this.retentionKey = make(KeyPurpose.RETENTION, 'RetentionKey', 'retained Wickr records, retention bot secret and state');
    this.logsKey = make(KeyPurpose.LOGS, 'LogsKey', 'CloudWatch log groups and alarm topics');

    allowCloudWatchLogs(this.logsKey);
  }

  /**
   * Lets CloudWatch alarms publish to SNS topics encrypted with the logs key. Called by the
   * constructs that create alarm topics, so the grant exists only where alarms do.
   */
  public allowCloudWatchAlarms(): void {
    if (this.alarmsAllowed) return;
    this.alarmsAllowed = true;
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }

  public keyFor(purpose: KeyPurpose): kms.IKey {
    return keyForPurpose(this, purpose);
  }

  private alarmsAllowed = false;
}

/**
 * Lets CloudWatch Logs use a key for log groups of its own account and Region. CloudWatch Logs
 * encrypts with its regional service principal, whoever calls, so the key policy must name it; the
 * encryption-context condition limits use to this account and Region's log groups.
 */
export function allowCloudWatchLogs(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsForThisAccountAndRegion',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': Arn.format({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }, stack),
        },
      },
    }),
  );
}
