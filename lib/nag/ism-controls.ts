/**
 * The ISM controls the kit cites, verified against the ACSC's OSCAL release of the ISM.
 *
 * Every control id used anywhere in the kit (the ISM pack's rules, the acknowledgement list, the
 * mapping of other packs' rules, the OSCAL component definition) must be an entry here; a test
 * holds that line. Summaries are the kit's own short paraphrases, written for an assessor skimming
 * a report; the authoritative wording is the ISM itself (see `ISM_SOURCE`).
 *
 * An id that could not be checked against the catalog is entered with `verified: false` and is
 * reported as such, never silently trusted.
 */

/** Where and against which release the ids below were checked. */
export const ISM_SOURCE = {
  /** The ISM release the kit cites. */
  release: 'December 2025',
  /** The OSCAL artefact version of that release. */
  oscalVersion: '2025.12.9',
  /** The baseline the kit targets. */
  baseline: 'PROTECTED',
  repository: 'https://github.com/AustralianCyberSecurityCentre/ism-oscal',
  /** The mirror commit whose ISM_catalog.json and ISM_PROTECTED-baseline_profile.json were read. */
  commit: 'd14dcbb0d448c3e0ba99bdecc7de5c713bcb080f',
  catalog: 'https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_catalog.json',
  profile: 'https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_PROTECTED-baseline_profile.json',
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
): IsmControl => ({ id, topic, summary, implementation, coverage, checkedBy, verified: true, inProtectedBaseline: true });

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
    ),
    c(
      'ISM-1852',
      'Unprivileged access to systems',
      'Unprivileged access is limited to what people and services need for their duties.',
      "Service roles created by the kit get only the actions and resources of their construct's job.",
      'implemented',
      ['ISM-NoAdminOrWildcardActions', 'ISM-WildcardResourceOnWrite'],
    ),
    c(
      'ISM-1508',
      'Privileged access to systems',
      'Privileged access is limited to what people and services need for their duties.',
      'Identity policies carry no wildcard or admin actions, and write actions on "*" need a recorded reason; every role is scoped to the resources its construct uses.',
      'implemented',
      ['ISM-NoAdminOrWildcardActions', 'ISM-WildcardResourceOnWrite'],
    ),
    c(
      'ISM-1509',
      'Privileged access to systems',
      'Privileged access events are logged centrally.',
      'A CloudTrail trail (or a declared organisation trail) records management events, including Wickr administration calls, to an encrypted central bucket and log group.',
      'implemented',
      ['ISM-CloudTrailCoverage'],
    ),
    c(
      'ISM-1173',
      'Multi-factor authentication',
      'Privileged users authenticate with more than one factor.',
      'The kit creates no IAM users or access keys, so administration goes through the agency\'s federated identity and its MFA.',
      'supporting',
      ['ISM-NoIAMUsers'],
    ),
    c(
      'ISM-0974',
      'Multi-factor authentication',
      'Unprivileged users authenticate with more than one factor.',
      'The kit creates no IAM users or access keys; Wickr users sign in through the agency\'s identity provider.',
      'supporting',
      ['ISM-NoIAMUsers'],
    ),
    c(
      'ISM-1511',
      'Performing and retaining backups',
      'Backups of data, applications and settings are made and kept in line with business criticality and continuity needs.',
      "Retained Wickr records are versioned, locked for the records period, and kept a second time in another allowed Region (storage.replicateTo and replicateToByRegion), in a bucket locked the same way; the data-retention bot's state is snapshotted (EBS) or backed up (EFS).",
      'implemented',
      ['ISM-RecordsObjectLock'],
    ),
    c(
      'ISM-1811',
      'Performing and retaining backups',
      'Backups are kept in a secure and resilient way.',
      'Records buckets are KMS-encrypted, versioned, Object Lock protected, public access blocked, retained on stack deletion.',
      'implemented',
      ['ISM-RecordsObjectLock'],
    ),
    c(
      'ISM-1814',
      'Backup modification and deletion',
      'Unprivileged accounts cannot change or delete backups.',
      'Object Lock COMPLIANCE mode stops any account, whatever its IAM rights, from deleting or overwriting a locked record version.',
      'implemented',
      ['ISM-RecordsComplianceMode'],
    ),
    c(
      'ISM-1707',
      'Backup modification and deletion',
      'Privileged accounts other than backup administrators cannot change or delete backups.',
      'Object Lock COMPLIANCE mode applies to every principal, administrators included.',
      'implemented',
      ['ISM-RecordsComplianceMode'],
    ),
    c(
      'ISM-1708',
      'Backup modification and deletion',
      'Even backup administrators cannot change or delete backups while they are within their retention period.',
      'Object Lock COMPLIANCE mode cannot be shortened or lifted by anyone, including the account root user, until the lock expires.',
      'implemented',
      ['ISM-RecordsComplianceMode'],
    ),
    c(
      'ISM-0580',
      'Event logging policy',
      'There is an event logging policy, and it is put into practice and kept current.',
      'The kit implements the technical part of the agency\'s policy: what is logged (management events, every read and write of a record object, S3 access, handler logs), where, for how long and under which key.',
      'supporting',
      ['ISM-CloudTrailCoverage', 'ISM-RecordsAccessLogged'],
    ),
    c(
      'ISM-1405',
      'Centralised event logging facility',
      'Event logs go to a centralised event logging facility.',
      'CloudTrail delivers to one encrypted bucket and log group per agency and Region, which the agency\'s SIEM can collect from; it records management events and the object reads and writes of every records bucket.',
      'implemented',
      ['ISM-CloudTrailCoverage', 'ISM-RecordsAccessLogged'],
    ),
    c(
      'ISM-1985',
      'Centralised event logging facility',
      'Event logs are protected from unauthorised access.',
      'Log groups and the trail are encrypted with the agency\'s logs key; key use is limited to the account, Region and CloudWatch Logs.',
      'implemented',
      ['ISM-LogGroupCMKEncryption', 'ISM-CloudTrailCoverage'],
    ),
    c(
      'ISM-1815',
      'Centralised event logging facility',
      'Event logs are protected from unauthorised modification and deletion.',
      'CloudTrail log file validation is on; log buckets deny object deletion to every principal, so only lifecycle expiry removes logs.',
      'implemented',
      ['ISM-CloudTrailCoverage'],
    ),
    c(
      'ISM-0988',
      'Centralised event logging facility',
      'One accurate and consistent time source is used for event logging.',
      'Event timestamps come from AWS services (CloudTrail, CloudWatch Logs, S3), which use Amazon\'s synchronised time service; the kit runs no clocks of its own.',
      'supporting',
      [],
    ),
    c(
      'ISM-0585',
      'Event log details',
      'Each logged event records when it happened, who or what did it, what it touched, what happened and on which equipment.',
      'CloudTrail records carry event time, identity, source address, API action, request parameters and resources, for records objects too (S3 data events).',
      'supporting',
      ['ISM-CloudTrailCoverage', 'ISM-RecordsAccessLogged'],
    ),
    c(
      'ISM-1988',
      'Event log retention',
      'Event logs stay searchable for at least 12 months.',
      'Log group retention and log bucket expiry are checked against a floor (policy.minimumLogRetentionDays, 365 by default); the kit default is 2557 days.',
      'implemented',
      ['ISM-LogRetention'],
    ),
    c(
      'ISM-1989',
      'Event log retention',
      "Event logs are kept at least as long as the National Archives' AFDA Express v2 requires for the records they relate to.",
      'The kit default of 2557 days (7 years) can be raised per agency; mapping record classes to periods is the agency\'s records decision.',
      'supporting',
      [],
    ),
    c(
      'ISM-0507',
      'Cryptographic key management processes and procedures',
      'Cryptographic key management processes and procedures exist, are followed and are kept current.',
      'One customer-managed KMS key per purpose, rotated automatically (365 days by default), retained, with narrow key policies.',
      'supporting',
      ['ISM-KMSKeyRotation'],
    ),
    c(
      'ISM-1080',
      'Encrypting data at rest',
      'An ASD-approved (or high assurance) cryptographic algorithm is used when encrypting media.',
      'Data at rest is encrypted by AWS KMS customer-managed keys (AES-256-GCM).',
      'implemented',
      ['ISM-S3CMKEncryption', 'ISM-LogGroupCMKEncryption', 'ISM-SNSCMKEncryption', 'ISM-SQSCMKEncryption', 'ISM-SecretCMKEncryption', 'ISM-EFSCMKEncryption', 'ISM-EBSCMKEncryption'],
    ),
    c(
      'ISM-0459',
      'Encrypting data at rest',
      'Data at rest is encrypted as a whole store (full disk, or a partition that is the only place writes can go), not file by file.',
      'Every store the kit creates is encrypted as a whole by the service (bucket default encryption, encrypted log groups, topics, queues, secrets, file systems, EBS volumes) with a customer-managed key.',
      'implemented',
      ['ISM-S3CMKEncryption', 'ISM-LogGroupCMKEncryption', 'ISM-SNSCMKEncryption', 'ISM-SQSCMKEncryption', 'ISM-SecretCMKEncryption', 'ISM-EFSCMKEncryption', 'ISM-EBSCMKEncryption'],
    ),
    c(
      'ISM-0469',
      'Encrypting data in transit',
      'An ASD-approved (or high assurance) cryptographic protocol protects data sent over networks.',
      'Bucket policies deny any request made without TLS; AWS APIs the kit calls are TLS-only.',
      'implemented',
      ['ISM-S3TLSOnly'],
    ),
    c(
      'ISM-1139',
      'Configuring Transport Layer Security',
      'Only the latest TLS version is used.',
      'Bucket policies deny TLS versions below a floor (1.2 by default, context ismMinimumTlsVersion); TLS 1.3 is negotiated where clients support it. A floor of 1.3 is the full control.',
      'partial',
      ['ISM-S3TLSOnly'],
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
