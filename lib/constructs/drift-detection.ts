import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, IConstruct } from 'constructs';
import { DRIFT_CHECK } from '../../lambda/handlers/drift/names';
import { operationsFor } from '../../lambda/shared/drift/check';
import type { DriftDesiredState } from '../../lambda/shared/drift/types';
import { ACCOUNT_LEVEL_OPERATIONS, iamActionsForAll } from '../../lambda/shared/iam-actions';
import { ConfigProblem, throwIfProblems } from '../config/errors';
import { DEFAULT_DRIFT_SCHEDULE, scheduleExpressionProblem } from '../config/drift';
import { acknowledge } from '../nag/acknowledgements';
import { parameterArn } from './federation-handoff';
import { handlerBundleDir } from './handler-bundle';
import type { IRegionalKeys } from './regional-keys';
import type { IWickrNetwork } from './wickr-network';

/** The scheduled drift check of one Region. */
export interface IDriftDetection extends IConstruct {
  /** Where drift, failed checks and the alarms are published. */
  readonly topic: sns.ITopic;
  readonly function: lambda.IFunction;
}

export interface DriftDetectionProps {
  /**
   * What the check compares with: the desired state of this Region's networks, as
   * `driftDesiredStates(config, { agency, region })` builds it from the config. It is written into
   * the function's code asset as `desired-state.json` (docs/runbooks/drift.md says why).
   */
  readonly desiredState: DriftDesiredState;
  /** The networks the desired state describes; the function may read only these (their ARNs scope its Wickr permissions). */
  readonly networks: readonly IWickrNetwork[];
  /**
   * The Region's keys: the logs key encrypts the log group, the function's environment and the
   * default topic, and is given the grant CloudWatch alarms need to publish to that topic.
   */
  readonly keys: IRegionalKeys;
  /**
   * When the check runs (UTC), at most hourly.
   * @default - daily: `rate(1 day)`
   */
  readonly schedule?: scheduler.ScheduleExpression;
  /**
   * Where the check publishes drift and failures, and the alarms their state changes.
   * @default - a new topic encrypted with the logs key, TLS only
   */
  readonly topic?: sns.ITopic;
  /**
   * Email addresses subscribed to the default topic (each must confirm). Ignored with `topic`.
   * @default - none
   */
  readonly notifyEmails?: readonly string[];
  /**
   * Also send each drifted member to AWS Security Hub as a finding, resolved when it converges
   * (Security Hub must be enabled in the Region).
   * @default false
   */
  readonly securityHub?: boolean;
  /**
   * How long the function's log group keeps each check's record.
   * @default logs.RetentionDays.SEVEN_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Drift detection for one Region: a Lambda function that EventBridge Scheduler runs on a schedule
 * (daily by default) and that compares what the kit manages on the Region's Wickr networks with what
 * the service holds, exactly as `wickr-kit drift` does. It publishes each difference to an encrypted
 * topic, the count as the metric `WickrKit/Drift DriftedMembers` with an alarm on it, and optionally
 * Security Hub findings.
 *
 * Its role may make only the Wickr read calls the desired state needs, on these networks
 * (`wickr:ListNetworks` on `*`, which IAM offers on nothing narrower), read the networks' and their
 * peers' id parameters, publish to the topic, put metrics into `WickrKit/Drift` only, and, when
 * findings are on, import and read its own Security Hub findings.
 */
export class DriftDetection extends Construct implements IDriftDetection {
  public readonly topic: sns.ITopic;
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  public readonly schedule: scheduler.Schedule;
  /** The role EventBridge Scheduler runs the check with: it may only invoke the function. */
  public readonly schedulerRole: iam.Role;
  /** ALARM while the last check found drift; OK once a check finds none. */
  public readonly driftAlarm: cloudwatch.Alarm;
  /** ALARM when a check could not finish (the function failed). */
  public readonly checkFailedAlarm: cloudwatch.Alarm;
  /** The schedule expression, as EventBridge Scheduler receives it. */
  public readonly scheduleExpression: string;

  constructor(scope: Construct, id: string, props: DriftDetectionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const schedule = props.schedule ?? scheduler.ScheduleExpression.expression(DEFAULT_DRIFT_SCHEDULE);
    this.scheduleExpression = schedule.expressionString;
    throwIfProblems(this.node.path, validate(props, this.scheduleExpression));
    const logsKey = props.keys.logsKey;
    const securityHub = props.securityHub ?? false;

    if (props.topic) {
      this.topic = props.topic;
    } else {
      const topic = new sns.Topic(this, 'Topic', { displayName: `Wickr drift ${props.desiredState.agency} ${stack.region}`, masterKey: logsKey, enforceSSL: true });
      for (const email of props.notifyEmails ?? []) topic.addSubscription(new subscriptions.EmailSubscription(email));
      this.topic = topic;
    }
    allowAlarmsOnTopicKey(props.keys);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: logsKey,
      retention: props.logRetention ?? logs.RetentionDays.SEVEN_YEARS,
      // Each check's record is evidence: it outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const operations = operationsFor(props.desiredState);
    const networkOperations = operations.filter((o) => !ACCOUNT_LEVEL_OPERATIONS.includes(o));
    const parameters = [...props.desiredState.networks, ...props.desiredState.peerNetworks].filter((n) => n.adoptNetworkId === undefined).map((n) => parameterArn(this, n.parameterName, n.region));
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `wickr-cdk-kit drift check: Wickr read calls (${operations.join(', ')}) on this Region's networks, publishing what differs`,
    });
    const statements = [
      new iam.PolicyStatement({ sid: 'WickrReadsOfTheCheckedNetworks', actions: iamActionsForAll(networkOperations), resources: props.networks.map((n) => n.networkArn) }),
      new iam.PolicyStatement({ sid: 'WickrListNetworksHasNoResourceScope', actions: iamActionsForAll(operations.filter((o) => ACCOUNT_LEVEL_OPERATIONS.includes(o))), resources: ['*'] }),
      ...(parameters.length > 0 ? [new iam.PolicyStatement({ sid: 'ReadNetworkIdsTheStacksWrote', actions: ['ssm:GetParameter'], resources: [...new Set(parameters)] })] : []),
      new iam.PolicyStatement({ sid: 'PublishToTheDriftTopic', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
      new iam.PolicyStatement({
        sid: 'PutDriftMetricsInTheKitNamespaceOnly',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': DRIFT_CHECK.metricNamespace } },
      }),
      new iam.PolicyStatement({ sid: 'WriteOwnLog', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroup.logGroupArn}:*`] }),
      // The environment and the default topic are encrypted with the logs key.
      new iam.PolicyStatement({ sid: 'UseTheLogsKeyForTopicAndEnvironment', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [(props.topic?.masterKey ?? logsKey).keyArn] }),
    ];
    const productArn = Arn.format({ service: 'securityhub', resource: 'product', resourceName: `${stack.account}/default`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, stack);
    if (securityHub) {
      statements.push(
        new iam.PolicyStatement({ sid: 'ImportOwnFindings', actions: ['securityhub:BatchImportFindings'], resources: [productArn] }),
        new iam.PolicyStatement({
          sid: 'ReadFindingsToResolveConverged',
          actions: ['securityhub:GetFindings'],
          resources: [Arn.format({ service: 'securityhub', resource: 'hub', resourceName: 'default', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, stack)],
        }),
      );
    }
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this.role],
      description: 'wickr-cdk-kit drift check: read the checked Wickr networks and their ids, publish the differences (topic, metric, optionally Security Hub)',
      statements,
    });
    acknowledge(policy, 'handlerOwnLogStreams');
    acknowledge(policy, 'driftCheckAccountLevelActions');

    this.function = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      // The prebundled handler (one esbuild run per app) with this Region's desired state beside it.
      code: lambda.Code.fromAsset(stageAsset(`${JSON.stringify(props.desiredState, null, 2)}\n`)),
      handler: 'index.handler',
      description: `wickr-cdk-kit drift check of ${props.desiredState.agency}'s networks in this Region (read-only)`,
      role: this.role,
      timeout: Duration.minutes(5),
      memorySize: 256,
      // One check at a time; a second would only repeat the first.
      reservedConcurrentExecutions: 1,
      logGroup: this.logGroup,
      environmentEncryption: logsKey,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [DRIFT_CHECK.env.topicArn]: this.topic.topicArn,
        ...(securityHub ? { [DRIFT_CHECK.env.securityHubProductArn]: productArn } : {}),
      },
    });
    this.function.node.addDependency(policy);
    acknowledge(this.function, 'driftCheckFunction');

    // Scheduler's own role may invoke this function and nothing else (a managed policy on the exact
    // ARN, where aws-scheduler-targets would add an inline policy with a version wildcard).
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'wickr-cdk-kit drift check: EventBridge Scheduler starts the check with this role, which can only invoke the check function',
    });
    new iam.ManagedPolicy(this, 'SchedulerPolicy', {
      roles: [this.schedulerRole],
      description: 'wickr-cdk-kit drift check: invoke the drift check function, nothing else',
      statements: [new iam.PolicyStatement({ sid: 'InvokeTheDriftCheck', actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] })],
    });
    const target: scheduler.IScheduleTarget = {
      bind: () => ({
        arn: this.function.functionArn,
        role: this.schedulerRole,
        input: scheduler.ScheduleTargetInput.fromObject({ source: 'wickr-kit-drift-schedule' }),
        // A check that fails says so itself (topic, alarm); two retries ride out a passing fault.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: Duration.hours(1).toSeconds() },
      }),
    };
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule,
      description: `wickr-cdk-kit: drift check of ${props.desiredState.agency}'s Wickr networks in ${stack.region}`,
      target,
    });

    const alarmAction = new actions.SnsAction(this.topic);
    this.driftAlarm = new cloudwatch.Alarm(this, 'DriftAlarm', {
      alarmDescription: `Wickr networks of ${props.desiredState.agency} in ${stack.region} differ from the config (the drift check's message on the topic lists each difference; docs/runbooks/drift.md)`,
      metric: new cloudwatch.Metric({
        namespace: DRIFT_CHECK.metricNamespace,
        metricName: DRIFT_CHECK.metrics.driftedMembers,
        dimensionsMap: { Agency: props.desiredState.agency },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.hours(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // Between two checks there is no data: the alarm keeps what the last check found.
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.checkFailedAlarm = new cloudwatch.Alarm(this, 'CheckFailedAlarm', {
      alarmDescription: `The drift check of ${props.desiredState.agency}'s Wickr networks in ${stack.region} could not finish: drift may go unseen (see the function's log group)`,
      metric: this.function.metricErrors({ statistic: cloudwatch.Stats.SUM, period: Duration.hours(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.driftAlarm, this.checkFailedAlarm]) {
      alarm.addAlarmAction(alarmAction);
      alarm.addOkAction(alarmAction);
    }
  }
}

/**
 * A folder holding the handler bundle and the desired state, named by the digest of both, so every
 * stack and synth with the same content shares one (written once, then renamed into place, so
 * parallel synths never see half of it). CDK copies it into the cloud assembly as the asset.
 */
function stageAsset(desiredJson: string): string {
  const bundleDir = handlerBundleDir('drift');
  const files = readdirSync(bundleDir).sort();
  const digest = createHash('sha256');
  for (const f of files) digest.update(f).update('\0').update(readFileSync(join(bundleDir, f))).update('\0');
  digest.update(desiredJson);
  const dir = join(tmpdir(), 'wickr-kit-drift-assets', digest.digest('hex').slice(0, 32));
  if (existsSync(join(dir, DRIFT_CHECK.desiredStateFile))) return dir;
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(staging, { recursive: true });
  for (const f of files) copyFileSync(join(bundleDir, f), join(staging, f));
  writeFileSync(join(staging, DRIFT_CHECK.desiredStateFile), desiredJson);
  try {
    renameSync(staging, dir);
  } catch (e) {
    // Another synth got there first with the same content.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, DRIFT_CHECK.desiredStateFile))) throw e;
  }
  return dir;
}

/** CloudWatch alarms publish to a topic encrypted with the logs key only when its policy lets them (RegionalKeys adds that once). */
function allowAlarmsOnTopicKey(keys: IRegionalKeys): void {
  const grant = (keys as { allowCloudWatchAlarms?: unknown }).allowCloudWatchAlarms;
  if (typeof grant === 'function') grant.call(keys);
}

function validate(props: DriftDetectionProps, expression: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!Token.isUnresolved(expression)) {
    const problem = scheduleExpressionProblem(expression);
    if (problem) problems.push({ path: 'schedule', message: problem, got: expression });
  }
  if (props.desiredState.networks.length === 0) problems.push({ path: 'desiredState.networks', message: 'names no network to check; leave drift detection out for a Region without networks', got: [] });
  if (props.networks.length !== props.desiredState.networks.length) {
    problems.push({
      path: 'networks',
      message: `gives ${props.networks.length} network(s) for the ${props.desiredState.networks.length} the desired state checks; pass exactly the networks it describes, so the function may read them`,
      got: props.networks.length,
    });
  }
  for (const [i, email] of (props.notifyEmails ?? []).entries()) {
    if (!Token.isUnresolved(email) && !EMAIL.test(email)) problems.push({ path: `notifyEmails[${i}]`, message: 'not an email address', got: email });
  }
  if (props.topic && (props.notifyEmails ?? []).length > 0) problems.push({ path: 'notifyEmails', message: 'give notifyEmails or your own topic, not both; subscribe the addresses to your topic instead', got: props.notifyEmails });
  return problems;
}
