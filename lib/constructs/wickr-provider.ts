import { Arn, ArnFormat, Aspects, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { HANDLER_TIMEOUT_SECONDS } from '../../lambda/shared/handler-budget';
import { ACCOUNT_LEVEL_OPERATIONS, iamActionsForAll } from '../../lambda/shared/iam-actions';
import { WICKR_RESOURCES, WickrResourceKey } from '../../lambda/shared/resource-types';
import type { OperationName } from '../../lambda/wickr/model/operations';
import { throwIfProblems } from '../config/errors';
import { acknowledge } from '../nag/acknowledgements';
import { ismChecksOn } from '../nag/rules/policy';
import { ConvergeMarker } from './converge';
import { handlerBundleDir } from './handler-bundle';
import { RegionalKeys } from './regional-keys';

export interface WickrProviderProps {
  /**
   * Customer-managed key for the handlers' log groups and environment.
   * @default - the logs key of the stack's `RegionalKeys` when the stack has exactly one when the
   * provider is made; with none, CloudWatch Logs' own encryption, which fails synth with the fix
   * when the ISM pack runs (it would report ISM-LogGroupCMKEncryption)
   */
  readonly logsKey?: kms.IKey;
  /**
   * How long handler logs are kept.
   * @default logs.RetentionDays.SEVEN_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * How often the framework asks a resource whether asynchronous work (network deletion, bot
   * registration) has finished.
   * @default Duration.seconds(30)
   */
  readonly queryInterval?: Duration;
  /**
   * How long asynchronous work may take before CloudFormation is told it failed. The retention bot
   * must start on Fargate and register within this time.
   * @default Duration.hours(1)
   */
  readonly totalTimeout?: Duration;
  /**
   * Whether the stack may hold resources whose work finishes after `onEvent` returns (a network's
   * deletion, a retention bot's registration): an `isComplete` function and the Provider framework's
   * waiter state machine then poll them. Without, the provider is two functions and no state
   * machine, and resource types that need `isComplete` are refused (a federation stack needs none).
   * @default true
   */
  readonly asynchronous?: boolean;
}

/** Resource types whose handler finishes its work in `isComplete` (test/constructs/wickr-provider.test.ts checks the list against the handlers). */
export const ASYNCHRONOUS_RESOURCES: readonly WickrResourceKey[] = ['network', 'dataRetention'];

/**
 * The one custom-resource provider per stack that serves every `Custom::Wickr*` resource: an
 * `onEvent` and an `isComplete` Lambda function from one bundle built once per app, behind the CDK
 * Provider framework (which gives asynchronous completion without sleeping in a Lambda).
 *
 * Each function runs at most 5 minutes (HANDLER_TIMEOUT_SECONDS). The handlers keep every retry of
 * every Wickr call inside that, with a margin to report a failure (lambda/shared/handler-budget.ts:
 * 270 s of the 300 s), so a throttling storm ends in a message naming the operation, the network
 * and the budget, never in a bare "Task timed out".
 *
 * Its IAM policy grows with the resource types the stack uses: each type registers the exact
 * Wickr operations its handler calls (lambda/shared/resource-types.ts), scoped to this account and
 * Region's networks, plus `wickr:ListNetworks` on `*`, which IAM offers on nothing narrower.
 */
export class WickrProvider extends Construct {
  /**
   * The stack's provider, made on first use if the stack has none: with `props`, else with the
   * defaults (the logs key of the stack's `RegionalKeys`). Every Wickr construct given no `provider`
   * calls this, so the first one of a stack makes it; to choose its props, call this before them.
   */
  public static of(scope: IConstruct, props: WickrProviderProps = {}): WickrProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(WickrProvider.ID);
    if (existing instanceof WickrProvider) return existing;
    const made = new WickrProvider(stack, WickrProvider.ID, props);
    if (scope !== stack) made.madeFor = scope.node.path;
    return made;
  }

  private static readonly ID = 'WickrProvider';

  public readonly serviceToken: string;
  public readonly role: iam.Role;
  public readonly onEventFunction: lambda.Function;
  /** Absent for a provider made with `asynchronous: false`. */
  public readonly isCompleteFunction?: lambda.Function;
  /** Whether `isComplete` runs (the `asynchronous` prop). */
  public readonly asynchronous: boolean;
  private readonly registered = new Set<WickrResourceKey>();
  private readonly networkStatement: iam.PolicyStatement;
  private readonly accountStatement: iam.PolicyStatement;
  private readonly policy: iam.ManagedPolicy;
  /** The construct whose `WickrProvider.of` made this provider, for messages. */
  private madeFor?: string;

  constructor(scope: Construct, id: string, props: WickrProviderProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    // À la carte, the stack's RegionalKeys supply the logs key (secure by default, as in the kit's own stacks).
    const keysAtCreation = props.logsKey ? [] : RegionalKeys.inStack(this);
    const logsKey = props.logsKey ?? (keysAtCreation.length === 1 ? keysAtCreation[0].logsKey : undefined);
    if (!logsKey) this.node.addValidation({ validate: () => this.logsKeyProblems(keysAtCreation) });
    const queryInterval = props.queryInterval ?? Duration.seconds(30);
    const totalTimeout = props.totalTimeout ?? Duration.hours(1);
    throwIfProblems(this.node.path, [
      ...(totalTimeout.toSeconds() > Duration.hours(2).toSeconds()
        ? [{ path: 'totalTimeout', message: 'the Provider framework waits at most 2 hours', got: totalTimeout.toHumanString(), allowed: 'up to 2 hours' }]
        : []),
    ]);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: logsKey,
      retention: props.logRetention ?? logs.RetentionDays.SEVEN_YEARS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'wickr-cdk-kit custom-resource handlers: exactly the Wickr operations the stack uses',
    });
    this.networkStatement = new iam.PolicyStatement({
      sid: 'WickrOperationsOnThisAccountAndRegionsNetworks',
      resources: [Arn.format({ service: 'wickr', resource: 'network', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, stack)],
    });
    this.accountStatement = new iam.PolicyStatement({ sid: 'WickrListNetworksHasNoResourceScope', resources: ['*'] });
    this.policy = new iam.ManagedPolicy(this, 'HandlerPolicy', {
      roles: [this.role],
      description: 'wickr-cdk-kit handlers: Wickr admin API operations used by this stack, and their own log group',
      statements: [
        new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.logGroupArn}:*`] }),
      ],
    });
    acknowledge(this.policy, 'providerWickrNetworkWildcard');
    acknowledge(this.policy, 'handlerOwnLogStreams');

    const code = lambda.Code.fromAsset(handlerBundleDir('wickr-provider'));
    const fn = (fid: string, handler: string, description: string) =>
      new lambda.Function(this, fid, {
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        code,
        handler,
        description,
        role: this.role,
        timeout: Duration.seconds(HANDLER_TIMEOUT_SECONDS),
        memorySize: 256,
        reservedConcurrentExecutions: 10,
        logGroup,
        environmentEncryption: logsKey,
        environment: { NODE_OPTIONS: '--enable-source-maps' },
      });
    this.asynchronous = props.asynchronous ?? true;
    this.onEventFunction = fn('OnEvent', 'index.onEvent', 'wickr-cdk-kit: Wickr custom resources (create, update, delete)');
    if (this.asynchronous) this.isCompleteFunction = fn('IsComplete', 'index.isComplete', 'wickr-cdk-kit: Wickr custom resources (asynchronous completion)');
    for (const f of this.handlerFunctions) {
      f.node.addDependency(this.policy);
      acknowledge(f, 'customResourceHandlerFunction');
    }

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventFunction,
      logGroup,
      providerFunctionEnvEncryption: logsKey,
      ...(this.isCompleteFunction
        ? {
            isCompleteHandler: this.isCompleteFunction,
            queryInterval,
            totalTimeout,
            waiterStateMachineLogOptions: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
            disableWaiterStateMachineLogging: false,
          }
        : {}),
    });
    acknowledge(provider, 'providerFramework');
    // `cdk deploy -c converge=<text>`: every Wickr resource of this stack converges again (drift's restore).
    const converge = ConvergeMarker.fromContext(this);
    if (converge) Aspects.of(stack).add(converge);
    this.serviceToken = provider.serviceToken;
  }

  /** Why a provider without a logs key fails synth, with the fix; nothing when that is deliberate (no keys, no ISM pack). */
  private logsKeyProblems(keysAtCreation: readonly IConstruct[]): string[] {
    const first = this.madeFor ? `the first Wickr construct of the stack (${this.madeFor})` : 'this provider';
    const give = "make the provider first with WickrProvider.of(stack, { logsKey: keys.logsKey })";
    if (keysAtCreation.length > 1) {
      return [
        `the stack has ${keysAtCreation.length} RegionalKeys (${keysAtCreation.map((k) => k.node.path).join(', ')}), so the WickrProvider cannot tell which logs key ` +
          `encrypts its handlers' logs: ${give} before ${first}`,
      ];
    }
    const later = RegionalKeys.inStack(this);
    if (later.length > 0) {
      return [
        `RegionalKeys ${later[0].node.path} was created after the stack's WickrProvider, so the handlers' logs are not encrypted with its logs key: ` +
          `create the RegionalKeys before ${first}, or ${give}`,
      ];
    }
    if (ismChecksOn(this)) {
      return [
        "the WickrProvider's log group has no customer-managed key, which the ISM pack reports (ISM-LogGroupCMKEncryption): " +
          `add new RegionalKeys(stack, 'Keys') to the stack before ${first} (the provider then uses its logs key), or ${give}`,
      ];
    }
    return [];
  }

  /** The handler functions: `onEvent`, and `isComplete` when asynchronous. */
  private get handlerFunctions(): lambda.Function[] {
    return this.isCompleteFunction ? [this.onEventFunction, this.isCompleteFunction] : [this.onEventFunction];
  }

  /** Lets the handlers call the operations a resource type needs. Idempotent. */
  public allowResource(key: WickrResourceKey): void {
    if (this.registered.has(key)) return;
    if (!this.asynchronous && ASYNCHRONOUS_RESOURCES.includes(key)) {
      throw new Error(
        `${this.node.path}: ${WICKR_RESOURCES[key].type} finishes its work in isComplete, which a WickrProvider made with asynchronous: false does not run; ` +
          'use a provider without asynchronous: false (the default) in this stack',
      );
    }
    this.registered.add(key);
    const operations: readonly OperationName[] = WICKR_RESOURCES[key].operations;
    const networkOps = operations.filter((o) => !ACCOUNT_LEVEL_OPERATIONS.includes(o));
    const accountOps = operations.filter((o) => ACCOUNT_LEVEL_OPERATIONS.includes(o));
    if (networkOps.length > 0) {
      if (this.networkStatement.actions.length === 0) this.policy.addStatements(this.networkStatement);
      this.networkStatement.addActions(...iamActionsForAll(networkOps).filter((a) => !this.networkStatement.actions.includes(a)));
    }
    if (accountOps.length > 0) {
      if (this.accountStatement.actions.length === 0) this.policy.addStatements(this.accountStatement);
      this.accountStatement.addActions(...iamActionsForAll(accountOps).filter((a) => !this.accountStatement.actions.includes(a)));
    }
  }

  /** The Wickr operations the handlers may call, across every registered resource type. */
  public get allowedOperations(): OperationName[] {
    return [...new Set([...this.registered].flatMap((k) => WICKR_RESOURCES[k].operations as readonly OperationName[]))].sort();
  }

  /**
   * Lets the handlers read a secret (e.g. an IdP client secret) inside the Lambda, through the
   * provider's grants policy (a managed policy: the NIST pack rejects inline ones).
   */
  public grantSecretRead(secret: secretsmanager.ISecret): void {
    this.grants().addStatements(...secretAccessStatements({ secrets: [secret], key: secret.encryptionKey, region: Stack.of(this).region }));
  }

  /** Lets the handlers read and write a secret (e.g. the retention bot's password) inside the Lambda. */
  public grantSecretWrite(secret: secretsmanager.ISecret): void {
    this.grants().addStatements(...secretAccessStatements({ secrets: [secret], key: secret.encryptionKey, region: Stack.of(this).region, write: true }));
  }

  /** Lets the handlers read SSM parameters (e.g. a peer network's id published by another stack). */
  public grantParameterRead(...parameters: ssm.IParameter[]): void {
    this.grants().addStatements(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: parameters.map((p) => p.parameterArn) }));
  }

  /**
   * Lets the handlers read, write and delete the SSM parameters with these ARNs (a network's creation
   * claim: lambda/handlers/wickr-provider/network-claim.ts). One statement, exact ARNs, no wildcard.
   */
  public grantParameterReadWrite(...parameterArns: string[]): void {
    let statement = this.claimStatement;
    if (!statement) {
      statement = this.claimStatement = new iam.PolicyStatement({ sid: 'NetworkCreationClaims', actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'] });
      this.grants().addStatements(statement);
    }
    statement.addResources(...parameterArns);
  }

  private claimStatement?: iam.PolicyStatement;

  /** The managed policy the `grant*` methods add to, made on first use and in place before any handler runs. */
  private grants(): iam.ManagedPolicy {
    const existing = this.node.tryFindChild('HandlerGrants');
    if (existing instanceof iam.ManagedPolicy) return existing;
    const policy = new iam.ManagedPolicy(this, 'HandlerGrants', {
      roles: [this.role],
      description: 'wickr-cdk-kit handlers: secrets and parameters granted to them by constructs of this stack',
    });
    for (const f of this.handlerFunctions) f.node.addDependency(policy);
    return policy;
  }
}

export interface SecretAccessOptions {
  /** The secrets. */
  readonly secrets: readonly secretsmanager.ISecret[];
  /** The customer-managed key encrypting them. @default - none: Secrets Manager's own key */
  readonly key?: kms.IKey;
  /** The stack's Region, for the key's `kms:ViaService` condition. */
  readonly region: string;
  /** Write as well as read. @default false */
  readonly write?: boolean;
  /** Statement ids, so an assessor reading the policy sees why. @default - none */
  readonly sids?: { readonly secrets?: string; readonly key?: string };
}

/**
 * Statements for reading (and optionally writing) secrets from a handler: the secrets' own ARNs
 * only, and their key only through Secrets Manager in this Region. Shared by every construct that
 * gives the provider's handlers a secret, so the grants read the same everywhere.
 */
export function secretAccessStatements(options: SecretAccessOptions): iam.PolicyStatement[] {
  const arns = options.secrets.map((x) => x.secretFullArn ?? `${x.secretArn}-??????`);
  return [
    new iam.PolicyStatement({
      sid: options.sids?.secrets,
      actions: options.write ? ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'] : ['secretsmanager:GetSecretValue'],
      resources: arns,
    }),
    ...(options.key
      ? [
          new iam.PolicyStatement({
            sid: options.sids?.key,
            actions: options.write ? ['kms:GenerateDataKey', 'kms:Decrypt'] : ['kms:Decrypt'],
            resources: [options.key.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${options.region}.amazonaws.com` } },
          }),
        ]
      : []),
  ];
}
