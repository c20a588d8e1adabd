import { Arn, ArnFormat, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { iamActionsForAll } from '../../lambda/shared/iam-actions';
import { RUNBOOK } from '../../lambda/handlers/lost-device/names';
import type { OperationName } from '../../lambda/wickr/model/operations';
import { ConfigProblem, throwIfProblems } from '../config/errors';
import { acknowledge } from '../nag/acknowledgements';
import { HandlerName, handlerBundleDir } from './handler-bundle';
import type { IWickrNetwork } from './wickr-network';

/** Operations the containment step calls: find users, suspend them, list and log out their devices. */
export const CONTAIN_OPERATIONS: readonly OperationName[] = ['ListUsers', 'GetUser', 'BatchToggleUserSuspendStatus', 'ListDevicesForUser', 'BatchResetDevicesForUser'];
/** Added only when the runbook may delete. */
export const DELETE_OPERATIONS: readonly OperationName[] = ['BatchDeleteUser'];

const IAM_PRINCIPAL_ARN = /^arn:aws(-us-gov|-cn)?:iam::\d{12}:(user|role|group)\/[\w+=,.@/-]+$/;

export interface LostDeviceRunbookProps {
  /**
   * The networks the runbook may act on. With networks, the function's Wickr permissions name
   * exactly these network ARNs and the document only accepts their ids.
   * @default - every network of this account and Region (`network/*`), any 8-digit id
   */
  readonly networks?: readonly IWickrNetwork[];
  /**
   * Customer-managed key for the audit log group and the function's environment (for example
   * `RegionalKeys.logsKey`).
   */
  readonly logsKey: kms.IKey;
  /**
   * How long the audit log keeps each execution's records.
   * @default logs.RetentionDays.SEVEN_YEARS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Name of the Automation document (unique per account and Region).
   * @default 'WickrKit-LostDevice'
   */
  readonly documentName?: string;
  /**
   * Add the optional step that deletes the users (irreversible), and grant `wickr:BatchDeleteUser`.
   * @default false
   */
  readonly allowDelete?: boolean;
  /**
   * The delete step waits for `approvers` to approve.
   * @default true
   */
  readonly approvalRequiredForDelete?: boolean;
  /** IAM user, role or group ARNs who may approve a deletion (1 to 10 when approval is required). */
  readonly approvers?: readonly string[];
  /** @default 1 */
  readonly minimumApprovals?: number;
  /**
   * How long a deletion waits for approval before the execution fails without deleting.
   * @default Duration.hours(24)
   */
  readonly approvalTimeout?: Duration;
}

/**
 * The lost-or-stolen-device response as a deployable, audited Systems Manager Automation runbook:
 *
 *   1. `SuspendAndResetDevices`: suspends the named users and logs out all their devices;
 *   2. optionally (`allowDelete`, and the operator sets `DeleteUsers`), `ApproveDeletion` waits for
 *      the configured approvers, then `DeleteUsers` deletes the users permanently.
 *
 * Each action step invokes one Lambda function with only the execution id. The function reads the
 * execution back from Systems Manager and acts on the parameters and the starting principal
 * recorded there, so it cannot be steered by a forged payload. It runs with a role limited to the
 * Wickr actions above on the given networks, plus reading automation executions, and writes an
 * audit record of every execution (who, what, when, why, each user's outcome) to its own log group,
 * encrypted with the logs key and kept for the agency's log retention. CloudTrail records the
 * StartAutomationExecution, the approvals (SendAutomationSignal) and every Wickr API call.
 *
 * Why Systems Manager Automation and not Step Functions: it records who started each execution,
 * has a native approval step with named approvers, and Step Functions' AWS SDK integration is not
 * known to cover the Wickr admin API; the Lambda uses the kit's own client.
 */
export class LostDeviceRunbook extends Construct {
  public readonly document: ssm.CfnDocument;
  public readonly documentName: string;
  public readonly function: lambda.Function;
  /** The role the function runs with: the only one holding the Wickr permissions. */
  public readonly functionRole: iam.Role;
  /** The role Systems Manager assumes to run the document: it may only invoke the function. */
  public readonly automationRole: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** The Wickr operations the function may call. */
  public readonly operations: readonly OperationName[];

  constructor(scope: Construct, id: string, props: LostDeviceRunbookProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const allowDelete = props.allowDelete ?? false;
    const approvalRequired = props.approvalRequiredForDelete ?? true;
    const approvers = props.approvers ?? [];
    const minimumApprovals = props.minimumApprovals ?? 1;
    const approvalTimeout = props.approvalTimeout ?? Duration.hours(24);
    this.documentName = props.documentName ?? 'WickrKit-LostDevice';
    throwIfProblems(this.node.path, validate(this.documentName, approvers, minimumApprovals, approvalTimeout, allowDelete && approvalRequired));

    this.logGroup = new logs.LogGroup(this, 'AuditLog', {
      encryptionKey: props.logsKey,
      retention: props.logRetention ?? logs.RetentionDays.SEVEN_YEARS,
      // The audit record of irreversible actions outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.operations = [...CONTAIN_OPERATIONS, ...(allowDelete ? DELETE_OPERATIONS : [])];
    const networks = props.networks ?? [];
    const networkArns =
      networks.length > 0
        ? networks.map((n) => n.networkArn)
        : [Arn.format({ service: 'wickr', resource: 'network', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, stack)];

    this.functionRole = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `wickr-cdk-kit lost-device runbook: ${this.operations.join(', ')} on ${networks.length > 0 ? 'the configured networks' : "this account and Region's networks"}`,
    });
    const policy = new iam.ManagedPolicy(this, 'FunctionPolicy', {
      roles: [this.functionRole],
      description: 'wickr-cdk-kit lost-device runbook: exactly its Wickr actions, reading its own executions, writing its audit log',
      statements: [
        new iam.PolicyStatement({ sid: 'WickrLostDeviceResponse', actions: iamActionsForAll(this.operations), resources: networkArns }),
        new iam.PolicyStatement({
          sid: 'ReadTheExecutionItActsFor',
          actions: ['ssm:GetAutomationExecution'],
          resources: [Arn.format({ service: 'ssm', resource: 'automation-execution', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, stack)],
        }),
        new iam.PolicyStatement({ sid: 'WriteAuditLog', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroup.logGroupArn}:*`] }),
        new iam.PolicyStatement({ sid: 'DecryptOwnEnvironment', actions: ['kms:Decrypt'], resources: [props.logsKey.keyArn] }),
      ],
    });
    acknowledge(policy, 'handlerOwnLogStreams');
    acknowledge(policy, 'lostDeviceRunbookReadsExecutions');
    if (networks.length === 0) acknowledge(policy, 'lostDeviceRunbookAllNetworks');

    const networkIds = networks.map((n) => n.networkId);
    this.function = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      // 'lost-device' must be listed in handler-bundle.ts's HandlerName so `npm run build` ships its bundle.
      code: lambda.Code.fromAsset(handlerBundleDir('lost-device' as HandlerName)),
      handler: 'index.handler',
      description: 'wickr-cdk-kit lost-device runbook: suspend users, log out their devices, delete after approval',
      role: this.functionRole,
      // Systems Manager waits at most 300 s for an aws:invokeLambdaFunction step.
      timeout: Duration.minutes(5),
      memorySize: 256,
      reservedConcurrentExecutions: 2,
      logGroup: this.logGroup,
      environmentEncryption: props.logsKey,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [RUNBOOK.env.documentName]: this.documentName,
        [RUNBOOK.env.networkIds]: networkIds.length > 0 ? Fn.join(',', networkIds) : '',
        [RUNBOOK.env.allowDelete]: String(allowDelete),
        [RUNBOOK.env.approvalRequired]: String(approvalRequired),
      },
    });
    this.function.node.addDependency(policy);
    acknowledge(this.function, 'lostDeviceRunbookFunction');

    this.automationRole = new iam.Role(this, 'AutomationRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': Arn.format({ service: 'ssm', resource: 'automation-execution', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, stack) },
        },
      }),
      description: 'wickr-cdk-kit lost-device runbook: Systems Manager runs the document with this role, which can only invoke the runbook function',
    });
    new iam.ManagedPolicy(this, 'AutomationPolicy', {
      roles: [this.automationRole],
      description: 'wickr-cdk-kit lost-device runbook: invoke the runbook function, nothing else',
      statements: [new iam.PolicyStatement({ sid: 'InvokeRunbookFunction', actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] })],
    });

    this.document = new ssm.CfnDocument(this, 'Document', {
      name: this.documentName,
      documentType: 'Automation',
      documentFormat: 'JSON',
      updateMethod: 'NewVersion',
      content: this.content({ allowDelete, approvalRequired, approvers, minimumApprovals, approvalTimeout, networkIds }),
    });
  }

  /** The Automation document's ARN form used by StartAutomationExecution permissions. */
  public get definitionArn(): string {
    return Arn.format(
      { service: 'ssm', resource: 'automation-definition', resourceName: `${this.documentName}:*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME },
      Stack.of(this),
    );
  }

  /**
   * Lets a principal (an operators' role) start the runbook: StartAutomationExecution on this
   * document, and passing the automation role to Systems Manager (needed because the document
   * names it). Reading executions back is left to the principal's read-only access.
   */
  public grantStart(grantee: iam.IGrantable): iam.Grant {
    const start = iam.Grant.addToPrincipal({ grantee, actions: ['ssm:StartAutomationExecution'], resourceArns: [this.definitionArn] });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['iam:PassRole'],
      resourceArns: [this.automationRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    });
    return start;
  }

  /** Lets a principal approve or reject pending deletions (it must also be one of the approvers). */
  public grantApprove(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ssm:SendAutomationSignal'],
      resourceArns: [Arn.format({ service: 'ssm', resource: 'automation-execution', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, Stack.of(this))],
    });
  }

  private content(o: {
    allowDelete: boolean;
    approvalRequired: boolean;
    approvers: readonly string[];
    minimumApprovals: number;
    approvalTimeout: Duration;
    networkIds: readonly string[];
  }): Record<string, unknown> {
    const { params, steps } = RUNBOOK;
    const invoke = (name: string, action: 'contain' | 'delete') => ({
      name,
      action: 'aws:invokeLambdaFunction',
      timeoutSeconds: 300,
      // Never retried by Systems Manager: the function reports each user, and a second run would
      // hide the first one's record behind its own.
      maxAttempts: 1,
      onFailure: 'Abort',
      inputs: {
        FunctionName: this.function.functionArn,
        InputPayload: { action, executionId: '{{automation:EXECUTION_ID}}' },
      },
    });
    const parameters: Record<string, unknown> = {
      [params.networkId]: {
        type: 'String',
        description: 'The 8-digit id of the Wickr network the users belong to.',
        ...(o.networkIds.length > 0 ? { allowedValues: [...o.networkIds] } : { allowedPattern: '^[0-9]{8}$' }),
      },
      [params.usernames]: {
        type: 'StringList',
        description: 'The users: usernames (usually their email addresses) or id:<userId>, at most 50. For more, use the wickr-kit admin CLI.',
        minItems: 1,
        maxItems: 50,
        allowedPattern: '^(id:[0-9]{1,10}|[^\\s,]{1,256})$',
      },
      [params.reason]: {
        type: 'String',
        description: 'Why: the incident or ticket number and a few words. Recorded in the audit log with who started the runbook.',
        allowedPattern: '^[^\\r\\n]{3,500}$',
      },
    };
    const mainSteps: Record<string, unknown>[] = [];
    if (!o.allowDelete) {
      mainSteps.push({ ...invoke(steps.contain, 'contain'), isEnd: true });
    } else {
      parameters[params.deleteUsers] = {
        type: 'Boolean',
        default: false,
        description: o.approvalRequired
          ? 'Also delete the users, permanently, once the approvers approve. Irreversible.'
          : 'Also delete the users, permanently, right after containment. Irreversible.',
      };
      mainSteps.push(invoke(steps.contain, 'contain'));
      mainSteps.push({
        name: steps.decide,
        action: 'aws:branch',
        inputs: {
          Choices: [{ NextStep: o.approvalRequired ? steps.approve : steps.delete, Variable: `{{${params.deleteUsers}}}`, BooleanEquals: true }],
          Default: steps.finish,
        },
      });
      if (o.approvalRequired) {
        mainSteps.push({
          name: steps.approve,
          action: 'aws:approve',
          timeoutSeconds: o.approvalTimeout.toSeconds(),
          onFailure: 'Abort',
          nextStep: steps.delete,
          inputs: {
            Approvers: [...o.approvers],
            MinRequiredApprovals: o.minimumApprovals,
            Message: `Approve the IRREVERSIBLE deletion of the users of this execution on Wickr network {{${params.networkId}}}. Reason given: {{${params.reason}}}. Check who started it and the users it names before approving.`,
          },
        });
      }
      mainSteps.push({ ...invoke(steps.delete, 'delete'), isEnd: true });
      mainSteps.push({ name: steps.finish, action: 'aws:sleep', inputs: { Duration: 'PT0S' }, isEnd: true });
    }
    return {
      schemaVersion: '0.3',
      description:
        '# Wickr lost or stolen device response (wickr-cdk-kit)\n\n' +
        'Suspends the named users and logs out all their devices' +
        (o.allowDelete ? (o.approvalRequired ? '; with DeleteUsers, deletes them after approval' : '; with DeleteUsers, deletes them') : '') +
        '.\nEvery execution is recorded with who started it and why. Procedure: docs/runbooks/lost-device.md.',
      assumeRole: this.automationRole.roleArn,
      parameters,
      mainSteps,
    };
  }
}

function validate(
  documentName: string,
  approvers: readonly string[],
  minimumApprovals: number,
  approvalTimeout: Duration,
  approvalStep: boolean,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!Token.isUnresolved(documentName) && !/^[a-zA-Z0-9_.-]{3,128}$/.test(documentName)) {
    problems.push({ path: 'documentName', message: 'Systems Manager document names are 3 to 128 letters, digits, _ . and -', got: documentName });
  }
  if (approvalStep) {
    if (approvers.length === 0 || approvers.length > 10) {
      problems.push({ path: 'approvers', message: 'an approval step needs 1 to 10 approvers', got: approvers.length });
    }
    if (!Number.isInteger(minimumApprovals) || minimumApprovals < 1 || minimumApprovals > Math.max(1, approvers.length)) {
      problems.push({ path: 'minimumApprovals', message: 'must be between 1 and the number of approvers', got: minimumApprovals, allowed: `1..${Math.max(1, approvers.length)}` });
    }
    const hours = approvalTimeout.toHours({ integral: false });
    if (hours < 1 || hours > 720) problems.push({ path: 'approvalTimeout', message: 'an approval waits 1 hour to 30 days', got: approvalTimeout.toHumanString() });
  }
  approvers.forEach((a, i) => {
    if (!Token.isUnresolved(a) && !IAM_PRINCIPAL_ARN.test(a)) {
      problems.push({ path: `approvers[${i}]`, message: 'must be the ARN of an IAM user, role or group', got: a });
    }
  });
  return problems;
}
