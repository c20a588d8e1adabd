/**
 * The ISM controls the kit cites, verified against the ACSC's OSCAL release of the ISM.
 *
 * Every control id used anywhere in the kit (the ISM pack's rules, the acknowledgement list, the
 * mapping of other packs' rules, the OSCAL component definition) must be an entry here; a test
 * holds that line. Summaries are the kit's own short paraphrases, written for an assessor skimming
 * a report; the authoritative wording is the ISM itself (see `ISM_SOURCE`).
 *
 * An id that could not be checked against the catalog is entered with `verified: false` and is
 * reported as such, never silently trusted. When the user supplies the ASD's OSCAL (`-c ismOscal`),
 * every id cited here is checked again against that catalog at synth time.
 *
 * Each entry also says who answers for the control (`responsibility`) and why, in one line
 * (`rationale`): `kit` only where the kit implements all of it and a rule checks it; `shared` where
 * the kit does part of it; `aws` or `agency` where the kit only gives evidence. The verdict of each
 * control (lib/nag/baseline/verdict.ts) follows from this and from the results of its rules.
 */
import type { Responsibility } from './baseline/types';

/** Where and against which release the ids below were checked. */
export const ISM_SOURCE = {
  /** The ISM release the kit cites. */
  release: 'December 2025',
  /** The OSCAL artefact version of that release. */
  oscalVersion: '2025.12.9',
  /** The baseline the ids were checked against (agencies are evaluated against the baseline of their classification). */
  baseline: 'PROTECTED',
  repository: 'https://github.com/AustralianCyberSecurityCentre/ism-oscal',
  /** The mirror commit whose ISM_catalog.json and ISM_PROTECTED-baseline_profile.json were read. */
  commit: 'd14dcbb0d448c3e0ba99bdecc7de5c713bcb080f',
  catalog: 'https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_catalog.json',
  profile: 'https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_PROTECTED-baseline_profile.json',
  /** The address of each baseline profile of that release, by level. */
  profiles: {
    NON_CLASSIFIED: 'https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_NON_CLASSIFIED-baseline_profile.json',
    OFFICIAL_SENSITIVE: 'https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_OFFICIAL_SENSITIVE-baseline_profile.json',
    PROTECTED: 'https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_PROTECTED-baseline_profile.json',
  },
} as const;

export interface IsmControl {
  /** `ISM-` and four digits, as the ISM prints it. */
  readonly id: string;
  /** The ISM topic (section heading) the control sits under. */
  readonly topic: string;
  /** What the control asks for, in the kit's words. */
  readonly summary: string;
  /** How the kit addresses it (for the OSCAL component definition and the report). */
  readonly implementation: string;
  /**
   * `implemented`: the kit's resources do it and a rule checks it; `partial`: the kit covers part
   * of it and says which part; `supporting`: the kit provides evidence or a mechanism, the agency
   * owns the control (policy, contract, process).
   */
  readonly coverage: 'implemented' | 'partial' | 'supporting';
  /** ISM pack rules (`ISM-...`) that check it. Kept in step with the rules by a test. */
  readonly checkedBy: readonly string[];
  /** Who answers for the control: `kit` exactly when coverage is `implemented`. */
  readonly responsibility: Responsibility;
  /** One line: why that responsibility, and what is left to whom. */
  readonly rationale: string;
  /** Whether the id, topic and applicability were read in the catalog of `ISM_SOURCE`. */
  readonly verified: boolean;
  /** Whether the PROTECTED baseline profile of `ISM_SOURCE` includes it. */
  readonly inProtectedBaseline: boolean;
}

const c = (
  id: string,
  topic: string,
  summary: string,
  implementation: string,
  coverage: IsmControl['coverage'],
  checkedBy: readonly string[],
  [responsibility, rationale]: readonly [Responsibility, string],
): IsmControl => ({ id, topic, summary, implementation, coverage, checkedBy, responsibility, rationale, verified: true, inProtectedBaseline: true });

/** Every ISM control the kit cites, by id, in ISM order. */
export const ISM_CONTROLS: Readonly<Record<string, IsmControl>> = Object.fromEntries(
  [
    c(
      'ISM-1572',
      'Contractual security requirements with service providers',
      'Contracts with service providers record the Regions or availability zones where data is processed, stored and communicated, and how much notice configuration changes need.',
      "The agency's allowedRegions are the kit's record of where data may be; every stack and every replication destination is checked against them at synth time, and a Region-restriction SCP and permissions boundary are generated from the same list.",
      'supporting',
      ['ISM-DataResidency'],
      ['shared', "The kit enforces and records where data may be (allowedRegions, checked at synth); the contract clauses are the agency's."],
    ),
    c(
      'ISM-0912',
      'Change and configuration management plan',
      "A documented plan governs the system's configuration: the approved settings it should hold, and how a change is asked for, agreed, made and recorded.",
      "The config is the system's baseline for Wickr: it is versioned with the kit, validated before deploy and deployed as code; drift detection (wickr-kit drift and a scheduled check per Region) compares the networks with it and reports every managed member that departs from it.",
      'supporting',
      [],
      ['agency', "The plan, and who approves a change, are the agency's; the kit gives evidence: a baseline held as code and a check that reports departures from it."],
    ),
    c(
      'ISM-1852',
      'Unprivileged access to systems',
      'Unprivileged access is limited to what people and services need for their duties.',
      "Service roles created by the kit get only the actions and resources of their construct's job.",
      'partial',
      ['ISM-NoAdminOrWildcardActions', 'ISM-WildcardResourceOnWrite'],
      ['shared', "The kit's service roles are checked for least privilege; the access the agency grants its people (Wickr users, AWS roles) is the agency's."],
    ),
    c(
      'ISM-1508',
      'Privileged access to systems',
      'Privileged access is limited to what people and services need for their duties.',
      'Identity policies carry no wildcard or admin actions, and write actions on "*" need a recorded reason; every role is scoped to the resources its construct uses.',
      'partial',
      ['ISM-NoAdminOrWildcardActions', 'ISM-WildcardResourceOnWrite'],
      ['shared', "The kit's service roles are checked for least privilege; the privileged access the agency grants its administrators is the agency's."],
    ),
    c(
      'ISM-1509',
      'Privileged access to systems',
      'Privileged access events are logged centrally.',
      'A CloudTrail trail (or a declared organisation trail) records management events, including Wickr administration calls, to an encrypted central bucket and log group.',
      'implemented',
      ['ISM-CloudTrailCoverage'],
      ['kit', "The kit's trail (or the organisation trail the agency declares) records every management event, Wickr administration included, centrally; a rule checks it."],
    ),
    c(
      'ISM-1173',
      'Multi-factor authentication',
      'Privileged users authenticate with more than one factor.',
      'The kit creates no IAM users or access keys, so administration goes through the agency\'s federated identity and its MFA.',
      'supporting',
      ['ISM-NoIAMUsers'],
      ['agency', "The kit creates no IAM users, so nothing of the kit's needs MFA; privileged users sign in through the agency's identity provider, whose MFA the kit does not check."],
    ),
    c(
      'ISM-0974',
      'Multi-factor authentication',
      'Unprivileged users authenticate with more than one factor.',
      'The kit creates no IAM users or access keys; Wickr users sign in through the agency\'s identity provider.',
      'supporting',
      ['ISM-NoIAMUsers'],
      ['agency', "The kit creates no IAM users, so nothing of the kit's needs MFA; Wickr and AWS users sign in through the agency's identity provider, whose MFA the kit does not check."],
    ),
    c(
      'ISM-1590',
      'Changing credentials',
      'Credentials of user accounts are changed when they are, or may be, compromised (and in the other cases the ISM lists), not on a fixed schedule.',
      "The SSO client secret is re-registered when its secretRotation marker changes; bot passwords are generated into their own secrets and changed by an administrator through the admin API; the lost-device runbook suspends users and logs out their devices.",
      'supporting',
      [],
      ['shared', "The kit gives the mechanisms (secret re-registration, the lost-device runbook); deciding that a credential is compromised and changing it is the agency's process, not checked by a rule."],
    ),
    c(
      'ISM-1402',
      'Protecting credentials',
      'Credentials kept on a system are protected: in a password manager or a hardware security module, or only as salted, stretched hashes.',
      'Every credential the kit handles (bot passwords, the SSO client secret, the retention bot password) is kept in AWS Secrets Manager, encrypted with a customer-managed key, passed by ARN and never in properties, environment variables or logs.',
      'supporting',
      [],
      ['shared', "The kit keeps its credentials in Secrets Manager (the CMK encryption of secrets is checked by ISM-SecretCMKEncryption, cited under ISM-0459); credentials the agency stores elsewhere are the agency's."],
    ),
    c(
      'ISM-1211',
      'System administration processes and procedures',
      "Administrators change the system only in the way its configuration plan lays down.",
      'Administration through the kit goes through the config and a deployment; a change made another way (for example in the Wickr console) shows up as drift, with the configured and the live value, on the next scheduled check or wickr-kit drift run.',
      'supporting',
      [],
      ['agency', "Administrators' practice is the agency's to direct; the kit only shows where the networks differ from the plan's baseline."],
    ),
    c(
      'ISM-1511',
      'Performing and retaining backups',
      'Backups of data, applications and settings are made and kept in line with business criticality and continuity needs.',
      "Retained Wickr records are versioned, locked for the records period, and kept a second time in another allowed Region (storage.replicateTo and replicateToByRegion), in a bucket locked the same way; the data-retention bot's state is snapshotted (EBS) or backed up (EFS).",
      'partial',
      ['ISM-RecordsObjectLock'],
      ['shared', "The kit keeps retained Wickr records versioned, locked and, where configured, a second time in another Region, and backs up the retention bot's state; backing up other data, applications and settings, and the backup plan, is the agency's."],
    ),
    c(
      'ISM-1811',
      'Performing and retaining backups',
      'Backups are kept in a secure and resilient way.',
      'Records buckets are KMS-encrypted, versioned, Object Lock protected, public access blocked, retained on stack deletion.',
      'implemented',
      ['ISM-RecordsObjectLock'],
      ['kit', 'Records buckets are encrypted, versioned, locked and retained, and rules check each of them.'],
    ),
    c(
      'ISM-1814',
      'Backup modification and deletion',
      'Unprivileged accounts cannot change or delete backups.',
      'Object Lock COMPLIANCE mode stops any account, whatever its IAM rights, from deleting or overwriting a locked record version.',
      'implemented',
      ['ISM-RecordsComplianceMode'],
      ['kit', 'Object Lock in COMPLIANCE mode, checked by a rule, stops every account from changing or deleting locked records.'],
    ),
    c(
      'ISM-1707',
      'Backup modification and deletion',
      'Privileged accounts other than backup administrators cannot change or delete backups.',
      'Object Lock COMPLIANCE mode applies to every principal, administrators included.',
      'implemented',
      ['ISM-RecordsComplianceMode'],
      ['kit', 'Object Lock in COMPLIANCE mode, checked by a rule, applies to administrators too.'],
    ),
    c(
      'ISM-1708',
      'Backup modification and deletion',
      'Even backup administrators cannot change or delete backups while they are within their retention period.',
      'Object Lock COMPLIANCE mode cannot be shortened or lifted by anyone, including the account root user, until the lock expires.',
      'implemented',
      ['ISM-RecordsComplianceMode'],
      ['kit', 'Object Lock in COMPLIANCE mode, checked by a rule, cannot be lifted by anyone during retention.'],
    ),
    c(
      'ISM-0580',
      'Event logging policy',
      'There is an event logging policy, and it is put into practice and kept current.',
      'The kit implements the technical part of the agency\'s policy: what is logged (management events, every read and write of a record object, S3 access, handler logs), where, for how long and under which key.',
      'supporting',
      ['ISM-CloudTrailCoverage', 'ISM-RecordsAccessLogged'],
      ['shared', "The kit implements the logging it deploys; the event logging policy itself is the agency's."],
    ),
    c(
      'ISM-1405',
      'Centralised event logging facility',
      'Event logs go to a centralised event logging facility.',
      'CloudTrail delivers to one encrypted bucket and log group per agency and Region, which the agency\'s SIEM can collect from; it records management events and the object reads and writes of every records bucket.',
      'partial',
      ['ISM-CloudTrailCoverage', 'ISM-RecordsAccessLogged'],
      ['shared', "The kit centralises its logs per agency and Region (one trail bucket and log group), checked by rules; collecting them into the agency's SIEM is the agency's."],
    ),
    c(
      'ISM-1985',
      'Centralised event logging facility',
      'Event logs are protected from unauthorised access.',
      'Log groups and the trail are encrypted with the agency\'s logs key; key use is limited to the account, Region and CloudWatch Logs.',
      'implemented',
      ['ISM-LogGroupCMKEncryption', 'ISM-CloudTrailCoverage'],
      ['kit', "Log groups and trails are encrypted with the agency's logs key; rules check each of them."],
    ),
    c(
      'ISM-1815',
      'Centralised event logging facility',
      'Event logs are protected from unauthorised modification and deletion.',
      'CloudTrail log file validation is on; log buckets deny object deletion to every principal, so only lifecycle expiry removes logs.',
      'implemented',
      ['ISM-CloudTrailCoverage'],
      ['kit', "Log file validation and deny-delete bucket policies protect the kit's logs; a rule checks each trail."],
    ),
    c(
      'ISM-0988',
      'Centralised event logging facility',
      'One accurate and consistent time source is used for event logging.',
      'Event timestamps come from AWS services (CloudTrail, CloudWatch Logs, S3), which use Amazon\'s synchronised time service; the kit runs no clocks of its own.',
      'supporting',
      [],
      ['aws', 'Timestamps come from AWS services and their synchronised time source; the kit keeps no clock.'],
    ),
    c(
      'ISM-0585',
      'Event log details',
      'Each logged event records when it happened, who or what did it, what it touched, what happened and on which equipment.',
      'CloudTrail records carry event time, identity, source address, API action, request parameters and resources, for records objects too (S3 data events).',
      'supporting',
      ['ISM-CloudTrailCoverage', 'ISM-RecordsAccessLogged'],
      ['shared', "The kit's trail records management events and every read and write of a record object, checked by rules; what each record holds is CloudTrail's format, and the agency's other systems log on their own."],
    ),
    c(
      'ISM-1988',
      'Event log retention',
      'Event logs stay searchable for at least 12 months.',
      'Log group retention and log bucket expiry are checked against a floor (policy.minimumLogRetentionDays, 365 by default); the kit default is 2557 days.',
      'implemented',
      ['ISM-LogRetention'],
      ['kit', 'Every log group and log bucket of the kit keeps logs at least the policy floor (12 months or more); a rule checks each.'],
    ),
    c(
      'ISM-1989',
      'Event log retention',
      "Event logs are kept at least as long as the National Archives' AFDA Express v2 requires for the records they relate to.",
      'The kit default of 2557 days (7 years) can be raised per agency; mapping record classes to periods is the agency\'s records decision.',
      'supporting',
      [],
      ['shared', "The kit keeps logs 7 years by default and the agency may raise it; which AFDA Express periods apply is the agency's records decision, not checked by a rule."],
    ),
    c(
      'ISM-1911',
      'Software event logging',
      'Software sends its security-relevant events, errors and crashes to central logging.',
      "The kit's handler functions log to the stack's encrypted log group (kept 7 years by default); a failed custom-resource event is also returned to CloudFormation, and a failed runbook step to Systems Manager and its audit log.",
      'supporting',
      [],
      ['shared', "The kit's own functions log centrally (not checked by a rule); logging of the Wickr service is AWS's and of the agency's other software the agency's."],
    ),
    c(
      'ISM-1181',
      'Network segmentation and segregation',
      'Networks are divided into zones, each holding servers, services and data of like criticality.',
      "The data-retention bot runs in its own isolated VPC (VPC endpoints only, no route to the internet); the kit's handler functions run in no agency network and reach only AWS's public regional endpoints, over TLS with SigV4.",
      'supporting',
      [],
      ['shared', "The kit keeps its compute out of the agency's network zones (not checked by a rule); the agency's network zones are the agency's."],
    ),
    c(
      'ISM-0507',
      'Cryptographic key management processes and procedures',
      'Cryptographic key management processes and procedures exist, are followed and are kept current.',
      'One customer-managed KMS key per purpose, rotated automatically (365 days by default), retained, with narrow key policies.',
      'supporting',
      ['ISM-KMSKeyRotation'],
      ['shared', "The kit's keys are rotated and retained, checked by a rule; the key management processes and procedures are the agency's."],
    ),
    c(
      'ISM-1080',
      'Encrypting data at rest',
      'An ASD-approved (or high assurance) cryptographic algorithm is used when encrypting media.',
      'Data at rest is encrypted by AWS KMS customer-managed keys (AES-256-GCM).',
      'implemented',
      ['ISM-S3CMKEncryption', 'ISM-LogGroupCMKEncryption', 'ISM-SNSCMKEncryption', 'ISM-SQSCMKEncryption', 'ISM-SecretCMKEncryption', 'ISM-EFSCMKEncryption', 'ISM-EBSCMKEncryption'],
      ['kit', 'Every store the kit creates is encrypted with AWS KMS customer-managed keys (AES-256-GCM); rules check each.'],
    ),
    c(
      'ISM-0459',
      'Encrypting data at rest',
      'Data at rest is encrypted as a whole store (full disk, or a partition that is the only place writes can go), not file by file.',
      'Every store the kit creates is encrypted as a whole by the service (bucket default encryption, encrypted log groups, topics, queues, secrets, file systems, EBS volumes) with a customer-managed key.',
      'implemented',
      ['ISM-S3CMKEncryption', 'ISM-LogGroupCMKEncryption', 'ISM-SNSCMKEncryption', 'ISM-SQSCMKEncryption', 'ISM-SecretCMKEncryption', 'ISM-EFSCMKEncryption', 'ISM-EBSCMKEncryption'],
      ['kit', 'Every store the kit creates is encrypted as a whole by its service; rules check each.'],
    ),
    c(
      'ISM-0469',
      'Encrypting data in transit',
      'An ASD-approved (or high assurance) cryptographic protocol protects data sent over networks.',
      'Bucket policies deny any request made without TLS; AWS APIs the kit calls are TLS-only.',
      'partial',
      ['ISM-S3TLSOnly'],
      ['shared', "The kit's buckets refuse requests without TLS, checked by a rule; the Wickr service and the AWS endpoints protect the rest of the traffic (AWS)."],
    ),
    c(
      'ISM-1139',
      'Configuring Transport Layer Security',
      'Only the latest TLS version is used.',
      'Bucket policies deny TLS versions below a floor (1.2 by default, context ismMinimumTlsVersion); TLS 1.3 is negotiated where clients support it. A floor of 1.3 is the full control.',
      'partial',
      ['ISM-S3TLSOnly'],
      ['shared', "The kit's buckets refuse TLS below a floor of 1.2 by default, checked by a rule; only a floor of 1.3 is the full control, and the AWS endpoints' TLS is AWS's."],
    ),
  ].map((x) => [x.id, x]),
);

/**
 * Ids the kit used to cite that the verified release no longer has. Kept so reports and reviews
 * can explain a change of citation.
 */
export const ISM_SUPERSEDED: Readonly<Record<string, string>> = {
  'ISM-0859':
    'Not in the December 2025 catalog or PROTECTED baseline. Event log retention is now "Event log retention": ISM-1988 (searchable for 12 months) and ISM-1989 (AFDA Express v2 periods).',
  'ISM-0991': 'Not in the December 2025 catalog or PROTECTED baseline; see ISM-1988 and ISM-1989.',
};

/** The registry entry of a control id (`ISM-0459`), or undefined. */
export function ismControl(id: string): IsmControl | undefined {
  return Object.prototype.hasOwnProperty.call(ISM_CONTROLS, id) ? ISM_CONTROLS[id] : undefined;
}

/** The control id as the OSCAL catalog writes it: `ISM-0459` becomes `ism-0459`. */
export function oscalControlId(id: string): string {
  return id.toLowerCase();
}

/** Control ids in the order of the registry (ISM order). */
export function ismControlIds(): string[] {
  return Object.keys(ISM_CONTROLS);
}
