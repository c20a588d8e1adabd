/**
 * Every nag finding the kit acknowledges, in one typed list, each with a reason an assessor can
 * read and the ISM controls it concerns. Constructs refer to entries by key with `acknowledge()`;
 * nothing else in the kit may call `Validations.acknowledge`.
 *
 * Acknowledgements use CDK's namespaced id form (`AwsSolutions::AwsSolutions-S1`): CDK then moves the
 * finding to `suppressedViolations` in `cdk.out/validation-report.json` with this reason and the
 * construct path where it was declared, instead of cdk-nag silently dropping it.
 *
 * Each entry has a category (lib/nag/acknowledgements.ts entries are `by-design` unless they say
 * otherwise); a `risk-accepted` entry names its approver and its approval and review-by dates, and
 * strict synth fails once the review date has passed. Agencies accept risks of their own in the
 * config (lib/nag/risk-acceptances.ts).
 *
 * Wildcard findings (AwsSolutions-IAM5) are acknowledged finding by finding: the entry says which
 * findings are intended, and the kit computes the actual findings of the policy with cdk-nag's own
 * rule at synth time, so an unexpected new wildcard is never swept up.
 */
import { Aspects, CfnResource, IAspect, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The packs whose findings can be acknowledged, by plugin name (which CDK uses as the namespace). */
export type NagPackName = 'AwsSolutions' | 'NIST.800.53.R5' | 'ISM';

export interface AcknowledgedRule {
  readonly pack: NagPackName;
  /** The rule id as the pack reports it, e.g. `AwsSolutions-S1`. */
  readonly ruleId: string;
  /**
   * For rules that report one finding per wildcard (`RuleId[Finding]`): which findings are intended.
   * Findings not matched stay unacknowledged.
   */
  readonly findings?: (finding: string) => boolean;
  /**
   * The ISM controls this rule's findings concern, when they differ from the other rules of the
   * entry (one entry can cover a dead-letter queue and a VPC finding, which concern different controls).
   * @default - the entry's `ismControls`
   */
  readonly ismControls?: readonly string[];
}

/**
 * Why a finding is acknowledged:
 * - `by-design`: the kit's design meets the control another way, and the reason says how;
 * - `risk-accepted`: the control is not fully met and someone with the authority accepted the risk,
 *   for a time: the acknowledgement names the approver, the date of approval and the date by which
 *   it must be reviewed. In strict mode a risk acceptance past its review date fails synth.
 */
export type AcknowledgementCategory = 'by-design' | 'risk-accepted';

/** Who accepted a risk, when, and by when it must be reviewed (ISO dates, YYYY-MM-DD). */
export interface RiskApproval {
  /** The person or role who accepted the risk, e.g. `Jane Citizen, CISO`. */
  readonly approver: string;
  readonly approvedOn: string;
  readonly reviewBy: string;
}

interface AcknowledgementBase {
  readonly rules: readonly AcknowledgedRule[];
  /** Why the finding is acceptable, for the assessor. */
  readonly reason: string;
  /** ISM controls the finding concerns (ISM December 2025). */
  readonly ismControls: readonly string[];
}

/** An acknowledgement the kit's design answers for. */
export interface ByDesignAcknowledgement extends AcknowledgementBase {
  /** @default 'by-design' */
  readonly category?: 'by-design';
}

/** An acknowledgement of a risk someone accepted, until its review date. */
export interface RiskAcceptedAcknowledgement extends AcknowledgementBase {
  readonly category: 'risk-accepted';
  readonly approval: RiskApproval;
}

export type Acknowledgement = ByDesignAcknowledgement | RiskAcceptedAcknowledgement;

/** The category of an entry: `by-design` unless it says otherwise. */
export function acknowledgementCategory(ack: Acknowledgement): AcknowledgementCategory {
  return ack.category ?? 'by-design';
}

/** The ISM controls one rule of an entry concerns. */
export function ruleIsmControls(ack: Acknowledgement, ruleId: string): readonly string[] {
  return ack.rules.find((r) => r.ruleId === ruleId)?.ismControls ?? ack.ismControls;
}

/** The partition as cdk-nag flattens it: a token, or a literal when partition literals are on. */
const PARTITION = '(<AWS::Partition>|aws|aws-us-gov|aws-cn)';
/** Every object of an S3 bucket (`<bucket ARN>/*`), by literal bucket ARN or a bucket's `Arn` attribute; never a KMS `key/*`. */
const objectsOf = (f: string) => new RegExp(`^Resource::(arn:${PARTITION}:s3:::[^/*]+|<[A-Za-z0-9]+\\.Arn>)/\\*$`).test(f);
/** CloudWatch Logs actions the Provider framework's generated state-machine logging grant allows on "*". */
const PROVIDER_LOG_ACTIONS =
  /^Action::logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups|CreateLogStream|PutLogEvents)$/;

/** The wildcard findings of the roles CDK Pipelines generates for its actions (see cdkPipelinesGeneratedRoles). */
const PIPELINE_ROLE_FINDINGS = [
  /^Action::s3:(Abort|DeleteObject|GetBucket|GetObject|List)\*$/,
  /^Action::kms:(GenerateDataKey|ReEncrypt)\*$/,
  /^Resource::\*$/,
  /^Resource::<[A-Za-z0-9]+\.Arn>\/\*$/,
  new RegExp(`^Resource::arn:${PARTITION}:s3:::[a-z0-9.-]+/\\*$`),
  /^Resource::arn:\*:iam::(\d{12}|\*):role\/\*$/,
  new RegExp(`^Resource::arn:${PARTITION}:codebuild:[a-z0-9-]+:\\d{12}:report-group/(\\*|<[A-Za-z0-9]+>-\\*)$`),
  new RegExp(`^Resource::arn:${PARTITION}:logs:[a-z0-9-]+:\\d{12}:log-group:/aws/codebuild/(\\*|<[A-Za-z0-9]+>:\\*)$`),
];

export const ACKNOWLEDGEMENTS = {
  accessLogsBucketSseS3: {
    rules: [
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-S3DefaultEncryptionKMS' },
      { pack: 'ISM', ruleId: 'ISM-S3CMKEncryption' },
    ],
    reason:
      'This bucket receives S3 server access logs. S3 cannot deliver access logs to a bucket whose default encryption is SSE-KMS, so it uses SSE-S3 (AES-256); it holds request metadata, never message content.',
    ismControls: ['ISM-0459'],
  },
  accessLogsBucketIsTheLogTarget: {
    rules: [
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-S1' },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-S3BucketLoggingEnabled' },
    ],
    reason:
      'This bucket is the server access log destination; logging it to itself would loop. Deleting its objects is denied to every principal by bucket policy, and object-level API activity is covered by CloudTrail.',
    ismControls: ['ISM-0580'],
  },
  accessLogsNotReplicated: {
    rules: [{ pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled' }],
    reason:
      'Access logs are operational records kept in the Region where the requests happened; the records themselves (messages and files) are replicated when the agency configures storage.replicateTo.',
    ismControls: ['ISM-1988'],
  },
  replicationDestinationNotReplicated: {
    rules: [{ pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled' }],
    reason:
      "This bucket is where other Regions keep the second copy of their records (storage.replicateTo or storage.replicateToByRegion; S3 does not replicate replicas onward, so a copy is not copied again), or replication is not configured for its Region; records are protected by versioning and Object Lock in COMPLIANCE mode, and replication into other Regions is an agency data-residency decision.",
    ismControls: ['ISM-1511'],
  },
  replicationRoleObjectWildcards: {
    rules: [{ pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM5', findings: objectsOf }],
    reason:
      'S3 replication acts on every object version of the source and destination retention buckets, so object ARNs end in /*; the role is assumable only by S3 for this account and has no other S3 permissions.',
    ismControls: ['ISM-1508'],
  },
  replicationRoleDestinationKey: {
    rules: [
      {
        pack: 'AwsSolutions',
        ruleId: 'AwsSolutions-IAM5',
        findings: (f) => new RegExp(`^Resource::arn:${PARTITION}:kms:[a-z0-9-]+:(<AWS::AccountId>|\\d{12}):key/\\*$`).test(f),
      },
    ],
    reason:
      "The destination key lives in another Region's stack; its id is not known here without a cross-Region reference. The statement is limited by condition to the key carrying the agency's retention alias and to use through S3 in the destination Region.",
    ismControls: ['ISM-1508'],
  },
  providerWickrNetworkWildcard: {
    rules: [
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM5', findings: (f) => f === 'Resource::*' || new RegExp(`^Resource::arn:${PARTITION}:wickr:[a-z0-9-]+:(<AWS::AccountId>|\\d{12}):network/\\*$`).test(f) },
    ],
    reason:
      'Wickr assigns network ids at creation, so the handlers are scoped to this account and Region\'s networks (network/*) and to the exact Wickr actions the stack\'s resource types call; wickr:ListNetworks is the one action IAM offers only on "*".',
    ismControls: ['ISM-1508'],
  },
  handlerOwnLogStreams: {
    rules: [{ pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM5', findings: (f) => /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/.test(f) }],
    reason:
      'Lambda writes to log streams it names at run time, so the grant covers the streams of the handlers\' own, dedicated log group only (logs:CreateLogStream and logs:PutLogEvents).',
    ismControls: ['ISM-1508'],
  },
  customResourceHandlerFunction: {
    rules: [
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaDLQ', ismControls: ['ISM-1911'] },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaInsideVPC', ismControls: ['ISM-1181'] },
    ],
    reason:
      'Custom-resource handler: invoked synchronously by the CDK Provider framework, so a dead-letter queue would never receive anything (failures go back to CloudFormation). It calls the AWS Wickr admin API, which is offered only on its public regional endpoint (no VPC endpoint is published), over TLS with SigV4; it holds no data at rest and runs with reserved concurrency.',
    // Failures logged (CloudFormation events and the encrypted log group) in place of a queue: software
    // event logging. Outside any VPC: the function sits in no agency network zone. Neither finding is
    // about data in transit (ISM-0469), which the TLS-only bucket rules cover.
    ismControls: ['ISM-1911', 'ISM-1181'],
  },
  providerFramework: {
    rules: [
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM4', findings: (f) => new RegExp(`^Policy::arn:${PARTITION}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole$`).test(f) },
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM5', findings: (f) => f === 'Resource::*' || /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/.test(f) },
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-SF2' },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaDLQ', ismControls: ['ISM-1911'] },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaInsideVPC', ismControls: ['ISM-1181'] },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaConcurrency' },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy' },
      { pack: 'ISM', ruleId: 'ISM-WildcardResourceOnWrite', findings: (f) => PROVIDER_LOG_ACTIONS.test(f) },
    ],
    reason:
      "aws-cdk-lib's custom-resource Provider framework (framework functions, their roles and the waiter state machine) is generated by the CDK and only relays CloudFormation events to the kit's handlers: it touches no agency data, calls no Wickr API, and its roles can only invoke the kit's two handler functions (any version, hence :*), write their logs (the AWS-managed basic execution policy) and deliver state-machine logs (CloudWatch Logs delivery APIs accept only \"*\"). Its logs go to the handlers' KMS-encrypted log group. The waiter state machine's log-stream writes on \"*\" come with the same generated logging grant.",
    ismControls: ['ISM-1508', 'ISM-1405'],
  },
  auditLogsNotReplicated: {
    rules: [{ pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled' }],
    reason:
      "CloudTrail log files stay in the Region whose events they record, versioned, under log file validation and a bucket policy that denies deletion to every principal; the same events also go to an encrypted CloudWatch log group from which the agency's SIEM collects them.",
    ismControls: ['ISM-1405', 'ISM-1815'],
  },
  regionBoundaryCapsOnly: {
    rules: [
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM5', findings: (f) => f === 'Action::*' || f === 'Resource::*' },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess' },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess' },
      { pack: 'ISM', ruleId: 'ISM-NoAdminOrWildcardActions' },
      { pack: 'ISM', ruleId: 'ISM-WildcardResourceOnWrite', findings: (f) => f === 'Action::*' },
    ],
    reason:
      "This managed policy is only ever a permissions boundary (a ceiling), never a grant: its Allow * on * lets each role keep exactly the permissions of its own policies, and its Deny removes every action outside the agency's allowedRegions except the listed global services.",
    // The findings are about the policy's wildcards (least privilege), not about where data is: the
    // contract clause on Regions (ISM-1572) is evidenced by ISM-DataResidency, not by these findings.
    ismControls: ['ISM-1508'],
  },
  lostDeviceRunbookReadsExecutions: {
    rules: [
      {
        pack: 'AwsSolutions',
        ruleId: 'AwsSolutions-IAM5',
        findings: (f) => new RegExp(`^Resource::arn:${PARTITION}:ssm:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):automation-execution/\\*$`).test(f),
      },
    ],
    reason:
      "The lost-device runbook's function reads back the Automation execution it was invoked for (ssm:GetAutomationExecution, read-only) to act only on the parameters and starting principal Systems Manager recorded; execution ids are generated per run, so the grant names this account and Region's executions (automation-execution/*), and the function refuses executions of any other document.",
    ismControls: ['ISM-1508'],
  },
  lostDeviceRunbookAllNetworks: {
    rules: [
      {
        pack: 'AwsSolutions',
        ruleId: 'AwsSolutions-IAM5',
        findings: (f) => new RegExp(`^Resource::arn:${PARTITION}:wickr:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):network/\\*$`).test(f),
      },
    ],
    reason:
      'The lost-device runbook was composed without its networks, so its Wickr actions (suspend, list and reset devices, and delete only when enabled) are scoped to this account and Region\'s networks (network/*); the kit\'s stacks always pass the networks, which scopes the grant to their exact ARNs.',
    ismControls: ['ISM-1508'],
  },
  lostDeviceRunbookFunction: {
    rules: [
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaDLQ', ismControls: ['ISM-1911'] },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaInsideVPC', ismControls: ['ISM-1181'] },
    ],
    reason:
      "The lost-device runbook's function is invoked synchronously by Systems Manager Automation, so a dead-letter queue would never receive anything (a failure fails the runbook step, visibly, and the audit log records it). It calls the AWS Wickr admin API, offered only on its public regional endpoint (no VPC endpoint is published), over TLS with SigV4; it holds no data at rest and runs with reserved concurrency.",
    // Failures logged (the runbook step and its audit log) in place of a queue; outside any VPC, as above.
    ismControls: ['ISM-1911', 'ISM-1181'],
  },
  driftCheckAccountLevelActions: {
    rules: [
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM5', findings: (f) => f === 'Resource::*' },
      { pack: 'ISM', ruleId: 'ISM-WildcardResourceOnWrite', findings: (f) => f === 'Action::cloudwatch:PutMetricData' },
    ],
    reason:
      'The drift check needs two actions that IAM offers only on "*": wickr:ListNetworks (read-only, to find a network by its configured name when its id parameter cannot be read) and cloudwatch:PutMetricData, which a condition limits to the kit\'s own metric namespace (cloudwatch:namespace = WickrKit/Drift). Every other permission names its resources: the checked networks, their id parameters, the drift topic and its key.',
    ismControls: ['ISM-1508'],
  },
  driftCheckFunction: {
    rules: [
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaDLQ', ismControls: ['ISM-1911'] },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-LambdaInsideVPC', ismControls: ['ISM-1181'] },
    ],
    reason:
      "The drift check's function is run by EventBridge Scheduler, which retries a failed invocation twice; a check that cannot finish publishes that to the encrypted drift topic and raises the function's error alarm, and the next scheduled run checks everything again, so a dead-letter queue would hold nothing worth keeping. It calls the AWS Wickr admin API, offered only on its public regional endpoint (no VPC endpoint is published), over TLS with SigV4, makes read calls only, holds no data at rest and runs with reserved concurrency.",
    ismControls: ['ISM-1911', 'ISM-1181'],
  },
  botStateAutomaticBackups: {
    rules: [{ pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-EFSInBackupPlan' }],
    reason:
      "The data-retention bot's state file system has EFS automatic backups on (AWS Backup's service-managed daily plan, kept 35 days), which cdk-nag cannot see in the template. The records themselves are uploaded to the Object Lock bucket; the file system holds only the bot's keys and files not yet uploaded.",
    ismControls: ['ISM-1511'],
  },
  botTaskEnvironment: {
    rules: [{ pack: 'AwsSolutions', ruleId: 'AwsSolutions-ECS2' }],
    reason:
      'The data-retention task passes only non-secret settings as environment variables (bot name, secret ARN and Region, metrics type, file rotation, a settings version, the capture port), as the Wickr documentation prescribes; every secret (the bot password) stays in Secrets Manager and is read by the containers at run time.',
    // Whether secrets sit in environment variables is a question of protecting credentials, not of access.
    ismControls: ['ISM-1402'],
  },
  botTaskPolicyWildcards: {
    rules: [
      {
        pack: 'AwsSolutions',
        ruleId: 'AwsSolutions-IAM5',
        findings: (f) => f === 'Resource::*' || /^Resource::<[A-Za-z0-9]+\.Arn>\/[a-z0-9._-]+\/\*$/.test(f),
      },
      { pack: 'ISM', ruleId: 'ISM-WildcardResourceOnWrite', findings: (f) => f === 'Action::cloudwatch:PutMetricData' },
    ],
    reason:
      "The data-retention bot writes records under its own folder of the records bucket only (s3:PutObject on <bucket>/<folder>/*; object names are chosen by the bot at run time, and Object Lock keeps every version). cloudwatch:PutMetricData offers no resource scope, so it is on \"*\" limited by a condition to the bot's metrics namespace.",
    ismControls: ['ISM-1508', 'ISM-1852'],
  },
  botExecutionPolicyWildcards: {
    rules: [{ pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM5', findings: (f) => f === 'Resource::*' }],
    reason:
      'ecr:GetAuthorizationToken has no resource scope in IAM; the execution role pulls only the three named repositories of the agency registry and writes only the bot\'s log group.',
    ismControls: ['ISM-1508'],
  },
  botHostGroupOfOne: {
    rules: [{ pack: 'AwsSolutions', ruleId: 'AwsSolutions-AS3' }],
    reason:
      "The data-retention bot's host is an Auto Scaling group of exactly one instance that never scales; it exists only so a failed or replaced instance is replaced by one that attaches the same state volume. Whether the bot runs is alarmed on the ECS service (running task count) and the host's EC2 status checks, both to the bot's encrypted alarm topic; every launch and termination is also in CloudTrail.",
    ismControls: ['ISM-1405'],
  },
  botStateSnapshotsByLifecycleManager: {
    rules: [{ pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-EC2EBSInBackupPlan' }],
    reason:
      "The data-retention bot's state volume is backed up by Amazon Data Lifecycle Manager (the EBS snapshot lifecycle AWS's Wickr admin guide names), on the schedule and retention of the agency's config, not by an AWS Backup plan, which cdk-nag looks for. The records themselves are in the Object Lock bucket and its second copy; the volume holds the bot's keys, database and files not yet uploaded.",
    ismControls: ['ISM-1511'],
  },
  botHostInstancePolicyWildcards: {
    rules: [
      {
        pack: 'AwsSolutions',
        ruleId: 'AwsSolutions-IAM5',
        findings: (f) =>
          f === 'Resource::*' ||
          new RegExp(`^Resource::arn:${PARTITION}:ecs:[a-z0-9-]+:(<AWS::AccountId>|\\d{12}):container-instance/\\*$`).test(f) ||
          new RegExp(`^Resource::arn:${PARTITION}:ec2:[a-z0-9-]+:(<AWS::AccountId>|\\d{12}):instance/\\*$`).test(f),
      },
      { pack: 'ISM', ruleId: 'ISM-WildcardResourceOnWrite', findings: (f) => /^Action::(ssmmessages:(Create|Open)(Control|Data)Channel|ec2messages:[A-Za-z]+|ecs:DiscoverPollEndpoint)$/.test(f) },
    ],
    reason:
      "The data-retention bot host's role: the ECS agent's per-instance calls are on this account and Region's container instances (their ids are assigned at registration) limited by condition to the bot's own cluster; attaching the state volume is allowed on that one volume, to instances carrying this host's tag only; ecs:DiscoverPollEndpoint, ec2:DescribeVolumes and Session Manager's channel calls (ssmmessages, ec2messages) have no resource scope in IAM, so they are on \"*\". The role holds no access to records, secrets or the bot's topic: the bot runs with its own task role, and the host blocks the task from the instance metadata service.",
    ismControls: ['ISM-1508'],
  },
  botStateSnapshotRoleWildcards: {
    rules: [
      {
        pack: 'AwsSolutions',
        ruleId: 'AwsSolutions-IAM5',
        findings: (f) => f === 'Resource::*' || new RegExp(`^Resource::arn:${PARTITION}:ec2:[a-z0-9-]+::snapshot/\\*$`).test(f),
      },
    ],
    reason:
      "Data Lifecycle Manager's role for the bot's state volume: snapshot ids are assigned when a snapshot is made, so creating and tagging name this Region's snapshots (snapshot/*), and deleting an expired snapshot is limited by condition to snapshots carrying the volume's own tag; the describe calls DLM needs to find the volume have no resource scope in IAM.",
    ismControls: ['ISM-1508'],
  },
  botSecretRotation: {
    rules: [
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-SMG4' },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-SecretsManagerRotationEnabled' },
    ],
    reason:
      "The data-retention bot's password can only be rotated by the bot itself at start-up (WICKRIO_ROTATE_PASSWORD, bot 6.66.01.00 or later), not by a Secrets Manager rotation function. The kit writes the one-time challenge, the bot replaces it with a password it generates, and the kit's capture sidecar stores that password in this secret (encrypted with the retention key) without logging it.",
    // A password, not a cryptographic key (ISM-0507): the ISM asks for credentials to change when compromised.
    ismControls: ['ISM-1590', 'ISM-1402'],
  },
  wickrBotSecretNotRotated: {
    rules: [
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-SMG4' },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-SecretsManagerRotationEnabled' },
    ],
    reason:
      "The secret holds a Wickr bot's initial password, generated by Secrets Manager and given to Wickr by the kit's handler when it creates the bot. A Secrets Manager rotation function cannot change a Wickr bot's password (only an administrator can, through the admin API or console), so rotation would leave the secret wrong. The secret is encrypted with the agency's retention key and readable only by the kit's handler role and whoever the agency grants.",
    // Rotation of a stored password: changing and protecting credentials, not an encryption algorithm (ISM-1080).
    ismControls: ['ISM-1590', 'ISM-1402'],
  },
  pipelineArtifactsNotReplicated: {
    rules: [{ pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-S3BucketReplicationEnabled' }],
    reason:
      "The delivery pipeline's artifact buckets (the main one and CodePipeline's store in each deployment Region) hold build outputs that every run rebuilds from the source repository: the cloud assembly and the evidence pack of that commit. They are versioned, KMS-encrypted and access-logged; the source repository is the copy that matters.",
    ismControls: ['ISM-1511'],
  },
  cdkPipelinesGeneratedRoles: {
    rules: [
      { pack: 'AwsSolutions', ruleId: 'AwsSolutions-IAM5', findings: (f) => PIPELINE_ROLE_FINDINGS.some((r) => r.test(f)) },
      { pack: 'NIST.800.53.R5', ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy' },
      { pack: 'ISM', ruleId: 'ISM-WildcardResourceOnWrite', findings: (f) => /^Action::(kms:(Decrypt|Encrypt|GenerateDataKey\*|ReEncrypt\*)|codebuild:(StartBuild|StopBuild))$/.test(f) },
    ],
    reason:
      "CDK Pipelines generates one role per pipeline action, each with its own inline policy: read and write on the pipeline's artifact buckets (object ARNs end in /*; the S3 and KMS action families are CDK's grant methods), its own CodeBuild project's reports and logs, and sts:AssumeRole only on the CDK bootstrap roles (tagged aws-cdk:bootstrap-role) that deploy into agency accounts. \"*\" appears where IAM or CodePipeline leaves no narrower scope: KMS use of the cross-Region artifact keys (known here only by alias), the asset role starting the asset builds, and self-mutation's read-only cloudformation:DescribeStacks and s3:ListBucket.",
    ismControls: ['ISM-1508', 'ISM-1852'],
  },
} satisfies Record<string, Acknowledgement>;

export type AcknowledgementKey = keyof typeof ACKNOWLEDGEMENTS;

/** Metadata type under which the kit records which list entry a construct acknowledged (for reports). */
export const KIT_ACK_METADATA = 'wickr-kit:acknowledgement';

/**
 * cdk-nag rule functions for rules acknowledged finding by finding. Loaded on first use, at synth
 * with nag on: an app with nag off never loads cdk-nag (about 0.13 s a synth).
 */
let findingRules: Record<string, (node: CfnResource) => unknown> | undefined;
function findingRule(ruleId: string): ((node: CfnResource) => unknown) | undefined {
  if (!findingRules) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const nagRules = (require('cdk-nag') as typeof import('cdk-nag')).rules;
    const { WildcardResourceOnWrite } = require('./rules/wildcard-resource-on-write') as typeof import('./rules/wildcard-resource-on-write');
    /* eslint-enable @typescript-eslint/no-require-imports */
    findingRules = {
      'AwsSolutions-IAM4': nagRules.iam.IAMNoManagedPolicies as unknown as (node: CfnResource) => unknown,
      'AwsSolutions-IAM5': nagRules.iam.IAMNoWildcardPermissions as unknown as (node: CfnResource) => unknown,
      'ISM-WildcardResourceOnWrite': WildcardResourceOnWrite.check,
    };
  }
  return findingRules[ruleId];
}

/** Apps whose nag packs are off (`addKitNagPacks` with mode off): their finding acknowledgers have nothing to do. */
const nagOffRoots = new WeakSet<IConstruct>();

/**
 * Tells the finding acknowledgers of an app that no pack will run, so they skip computing findings
 * (about 6% of synth time at 128 stacks). Apps that never call this are treated as nag on, which is
 * what an app adding packs of its own needs.
 */
export function markNagOff(app: IConstruct): void {
  nagOffRoots.add(app.node.root);
}

/**
 * Acknowledges the findings of a list entry on a construct (and everything under it).
 */
export function acknowledge(scope: IConstruct, key: AcknowledgementKey): void {
  const ack: Acknowledgement = ACKNOWLEDGEMENTS[key];
  scope.node.addMetadata(KIT_ACK_METADATA, { key, reason: ack.reason, ismControls: ack.ismControls.join(' ') });
  for (const rule of ack.rules) {
    if (rule.findings) {
      Aspects.of(scope).add(new FindingAcknowledger(rule, ack, key));
    } else {
      Validations.of(scope).acknowledge({ id: `${rule.pack}::${rule.ruleId}`, reason: reasonText(key, ack, rule) });
    }
  }
}

function reasonText(key: string, ack: Acknowledgement, rule: AcknowledgedRule): string {
  return `${ack.reason} [${(rule.ismControls ?? ack.ismControls).join(', ')}; wickr-cdk-kit acknowledgement "${key}"]`;
}

/**
 * At synth time, after every statement has been added, computes the policy's findings with
 * cdk-nag's own rule and acknowledges the intended ones on the policy resource.
 */
class FindingAcknowledger implements IAspect {
  constructor(
    private readonly rule: AcknowledgedRule,
    private readonly ack: Acknowledgement,
    private readonly key: string,
  ) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || nagOffRoots.has(node.node.root)) return;
    const check = findingRule(this.rule.ruleId);
    if (!check) throw new Error(`acknowledgement "${this.key}": no finding rule known for ${this.rule.ruleId}`);
    let result: unknown;
    try {
      result = check(node);
    } catch {
      return;
    }
    if (!Array.isArray(result)) return;
    for (const finding of result as string[]) {
      if (this.rule.findings!(finding)) {
        Validations.of(node).acknowledge({ id: `${this.rule.pack}::${this.rule.ruleId}[${finding}]`, reason: reasonText(this.key, this.ack, this.rule) });
      }
    }
  }
}
