/**
 * The config after parsing, with every default applied: plain interfaces generated from the zod
 * schema (lib/config/schema.ts) so the library's public types need no zod. DO NOT EDIT: run
 * `npm run generate:schema` after changing the schema (test/config/config-types.test.ts checks it).
 */
/* eslint-disable */

/**
 * Everything the kit deploys, for one or more agencies.
 */
export interface KitConfig {
  /**
   * Path to the JSON Schema, for editors.
   */
  $schema?: string;
  /**
   * Config format version. Only 1 exists.
   */
  version: 1;
  policy: PolicyConfig;
  /**
   * @minItems 1
   */
  agencies: AgencyConfig[];
  federation: FederationConfig;
  pipeline?: PipelineConfig;
  /**
   * What the evidence pack (cdk.out/compliance/) is evaluated against.
   */
  evidence: {
    /**
     * Folder holding the ASD's OSCAL edition of the ISM (ISM_catalog.json and the ISM_<LEVEL>-baseline_profile.json files, as published at https://www.cyber.gov.au/ism/oscal), relative to the directory synth runs in. The evidence pack then gives a responsibility and a verdict for every control of the agency's baseline. -c ismOscal=<folder> overrides it. Default: the baseline is not evaluated.
     */
    ismOscal?: string;
  };
}
/**
 * Organisation-wide floors the validator enforces.
 */
export interface PolicyConfig {
  /**
   * Floor for recordsRetention.days of every agency: 1 to 36500 (default 2557).
   */
  minimumRecordsRetentionDays: number;
  /**
   * Floor for logRetentionDays of every agency: 1 to 3653 (default 365, the ISM minimum of 12 months).
   */
  minimumLogRetentionDays: number;
}
/**
 * One agency: its Regions, networks, records and residency rules.
 */
export interface AgencyConfig {
  /**
   * Short identifier used in stack, bucket and key names (lower-case, at most 20 characters).
   */
  id: string;
  /**
   * Full name of the agency, for descriptions and reports (1 to 128 characters).
   */
  name: string;
  /**
   * AWS account to deploy into. Default: CDK_DEFAULT_ACCOUNT, else account-agnostic templates.
   */
  account?: string;
  /**
   * Highest classification of information the deployment holds; tagged on every resource.
   */
  classification: 'OFFICIAL' | 'OFFICIAL: Sensitive' | 'PROTECTED';
  /**
   * Whether the agency is production (default): with a pipeline, production agencies deploy after every non-production agency and after a manual approval. Without a pipeline it has no effect.
   */
  environment: 'production' | 'non-production';
  /**
   * Who owns the records (tagged on every resource), e.g. the records management unit.
   */
  recordsOwner: string;
  /**
   * The agency's primary Region; it always gets a stack.
   */
  homeRegion: string;
  /**
   * Data residency: the only Regions this agency may deploy to or replicate into.
   *
   * @minItems 1
   *
   * Items: An AWS Region code, e.g. ap-southeast-2.
   */
  allowedRegions: string[];
  recordsRetention: RecordsRetentionConfig;
  /**
   * CloudWatch Logs retention in days, one of the periods CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) and at least the policy floor (default 2557, 7 years).
   */
  logRetentionDays: number;
  storage: StorageConfig;
  guardrails: GuardrailsConfig;
  /**
   * Extra tags applied to every resource of this agency.
   */
  tags: {
    [k: string]: string;
  };
  /**
   * The agency's Wickr networks, in any allowed Region.
   */
  networks: NetworkConfig[];
  /**
   * Deployable operational runbooks.
   */
  runbooks: {
    lostDevice: LostDeviceRunbookConfig;
  };
  /**
   * Findings the agency has accepted the risk of, each with its approver and review date (see docs/assessor-guide.md).
   *
   * Items: A finding the agency accepts the risk of. It acknowledges the rule's findings on the agency's stacks, shows in the evidence pack with its approver and dates, and fails strict synth once reviewBy has passed.
   */
  riskAcceptances: {
    /**
     * The agency's reference for the risk acceptance (its risk register id), e.g. RA-2026-014.
     */
    id: string;
    /**
     * The rule whose findings are accepted, as the pack reports it (e.g. ISM-RecordsComplianceMode, AwsSolutions-IAM5).
     */
    rule: string;
    /**
     * For rules reported per finding (AwsSolutions-IAM4, AwsSolutions-IAM5, ISM-WildcardResourceOnWrite): the one finding accepted, e.g. Resource::*. Required for those rules.
     */
    finding?: string;
    /**
     * The Regions whose stacks it applies to. Default: every stack of the agency.
     *
     * @minItems 1
     */
    regions?: string[];
    /**
     * The ISM controls the accepted risk concerns: the evidence pack shows them as partially met while the acceptance is current.
     *
     * @minItems 1
     */
    ismControls: string[];
    /**
     * Why the risk is accepted and what mitigates it, for the assessor.
     */
    reason: string;
    /**
     * Who accepted the risk, with their role (e.g. Jane Citizen, CISO).
     */
    approver: string;
    /**
     * The date the risk was accepted (YYYY-MM-DD).
     */
    approvedOn: string;
    /**
     * The date by which the acceptance must be reviewed (YYYY-MM-DD).
     */
    reviewBy: string;
  }[];
}
/**
 * How long retained Wickr messages and files are locked against deletion.
 */
export interface RecordsRetentionConfig {
  /**
   * S3 Object Lock mode for stored records. COMPLIANCE (default): nobody, not even the root user, can shorten or remove retention. GOVERNANCE lets principals with s3:BypassGovernanceRetention delete locked records: the ISM pack warns (ISM-RecordsComplianceMode), which fails synth in strict mode and CI unless acknowledged with a reason, and the evidence pack shows it to assessors.
   */
  mode: 'COMPLIANCE' | 'GOVERNANCE';
  /**
   * Default Object Lock retention of each stored record, in days: 1 to 36500 (default 2557, 7 years).
   */
  days: number;
}
/**
 * Where and how retained records are stored.
 */
export interface StorageConfig {
  /**
   * Replicate every Region's records bucket into the records bucket of this Region (one of allowedRegions). The destination Region itself replicates only where replicateToByRegion says so. A Region where the agency has no network gets a records-only stack (replica bucket, key, access logs, trail); it may be a Region without Wickr (docs/regions.md lists them).
   */
  replicateTo?: string;
  /**
   * Per Region, where its records bucket replicates instead of replicateTo, e.g. { ap-southeast-2: ap-southeast-4 } keeps Sydney's own records a second time in Melbourne (storage only). Keys are the agency's home or network Regions; values are allowedRegions, each with Object Lock COMPLIANCE for the same period and its own KMS key.
   */
  replicateToByRegion?: {
    /**
     * An AWS Region code, e.g. ap-southeast-2.
     */
    [k: string]: string;
  };
  /**
   * Move records to S3 Standard-IA after this many days: 30 to 36500 (default 90).
   */
  transitionToInfrequentAccessDays: number;
  /**
   * Move records to S3 Glacier Instant Retrieval after this many days: 90 to 36500 (default 365).
   */
  transitionToGlacierInstantRetrievalDays: number;
}
/**
 * IRAP-aligned guardrails around the Wickr deployment.
 */
export interface GuardrailsConfig {
  /**
   * CloudTrail coverage of Wickr administration and of every read and write of a record (ISM-0580, ISM-1405, ISM-1509).
   */
  auditTrail: {
    /**
     * Deploy a CloudTrail trail in each of the agency's Regions for management events (Wickr administration included) and the object reads and writes of the records buckets (default true).
     */
    enabled: boolean;
    /**
     * Declare that the organisation's trail already records these accounts' management events; the kit then deploys no trail and says so in the evidence.
     */
    organizationTrail: boolean;
    /**
     * With organizationTrail: declare that the organisation's trail also records S3 data events (every object read and write, with log file validation) of the agency's records buckets; the evidence pack names the buckets it must cover. Required with organizationTrail, because the kit's own trail would otherwise record them.
     */
    organizationTrailRecordsDataEvents: boolean;
  };
  /**
   * AWS Config conformance packs for the ACSC ISM.
   */
  conformancePack: {
    /**
     * Deploy AWS Config conformance packs for the ACSC ISM (default false; needs templateS3Uris and AWS Config set up).
     */
    enabled: boolean;
    /**
     * S3 URIs of the agency's copies of AWS's Operational Best Practices for ACSC ISM templates (Part 1 and Part 2). AWS Config reads templates only from the pack's own Region: write {region} in the URI where the bucket differs per Region.
     */
    templateS3Uris: string[];
  };
  /**
   * Deny any action outside allowedRegions, except global services (data residency).
   */
  regionRestriction: {
    /**
     * Generate the Region restriction from allowedRegions: a permissions boundary in each stack and an SCP file for the organisation (default true).
     */
    enabled: boolean;
    /**
     * Attach the boundary to every IAM role of the agency's stacks (default true).
     */
    applyToStackRoles: boolean;
    /**
     * Roles the SCP does not restrict (for example a break-glass role), as ARN patterns.
     */
    exemptPrincipalArns: string[];
  };
}
/**
 * One AWS Wickr network.
 */
export interface NetworkConfig {
  /**
   * Stable identifier of this network in the config (used in construct ids). Changing it replaces resources, so choose it once.
   */
  id: string;
  /**
   * The Wickr network name users see: 1 to 20 characters, counted as Unicode code points (an emoji is one).
   */
  name: string;
  /**
   * An AWS Region code, e.g. ap-southeast-2.
   */
  region: string;
  /**
   * Wickr plan. Data retention needs PREMIUM (default).
   */
  accessLevel: 'STANDARD' | 'PREMIUM';
  /**
   * Adopt this existing network (8-digit id) instead of creating one; the kit then manages its name, settings and groups.
   */
  adoptNetworkId?: string;
  /**
   * Ask Wickr to use the Region's customer-managed network key (encryptionKeyArn on CreateNetwork; default false, and then no network key is created). The live service accepts the key but never stores or returns it, so the kit cannot confirm Wickr uses it: the evidence pack reports it as requested, not as a control.
   */
  requestEncryptionKey: boolean;
  /**
   * What removing the network from the config (or deleting the stack) does: retain (default) leaves the network and everything in it; destroy deletes it permanently, with its users, bots and groups.
   */
  removalPolicy: 'retain' | 'destroy';
  /**
   * Network-wide settings; a setting left out is not touched.
   */
  settings: {
    /**
     * Read receipts for the whole network. Default: not managed.
     */
    readReceipts?: 'DISABLED' | 'ENABLED' | 'FORCE_ENABLED';
    /**
     * Whether Wickr clients send anonymised usage metrics to Wickr. Default: not managed.
     */
    clientMetrics?: boolean;
    /**
     * OpenTDF trusted data format enforcement in TDF rooms. Default: not managed.
     */
    trustedDataFormat?: boolean;
  };
  dataRetention?: DataRetentionConfig;
  /**
   * Security groups and their policies; mark one default: true to manage the network's default group. Names are unique per network.
   */
  securityGroups: SecurityGroupConfig[];
  sso?: SsoConfig;
  /**
   * Users to create and keep (networks without sso; with SSO the IdP provisions users).
   *
   * Items: A user of the network.
   */
  users: {
    /**
     * Unique in the network (users and bots alike, ignoring case); usually an email address.
     */
    username: string;
    /**
     * First name (sensitive; never logged). Default: not managed.
     */
    firstName?: string;
    /**
     * Last name (sensitive; never logged). Default: not managed.
     */
    lastName?: string;
    /**
     * Name of one of the network's securityGroups.
     */
    group: string;
  }[];
  /**
   * Bots to create and keep.
   *
   * Items: A bot of the network; its password is generated into a Secrets Manager secret the kit creates.
   */
  bots: {
    /**
     * Unique in the network; must end in "bot".
     */
    username: string;
    /**
     * Name users see. Default: not managed.
     */
    displayName?: string;
    /**
     * Name of one of the network's securityGroups.
     */
    group: string;
  }[];
  /**
   * Permanently delete users and bots that the config stops listing (default false: they stay in the network). Deleting a Wickr user cannot be undone.
   */
  deleteRemovedUsers: boolean;
}
/**
 * Data retention for this network: the Wickr retention bot on an EC2 host of its own (or Fargate), registered and enabled by the kit, writing into the Region's locked retention bucket. Needs PREMIUM.
 */
export interface DataRetentionConfig {
  /**
   * Release tag of the Wickr data-retention bot image, pinned (e.g. 6.60.05.78; never latest).
   */
  imageTag: string;
  /**
   * bot-compliance-cloud (commercial) or bot-dataretention-govcloud (WickrGov). Default: govcloud in us-gov-* Regions, else commercial.
   */
  imageVariant?: 'commercial' | 'govcloud';
  /**
   * Folder (key prefix) of this network's records in the Region's retention bucket. Default: the network id.
   */
  storageFolder?: string;
  /**
   * Have the bot re-encrypt each record with the retention key before upload (default false; records then need software to decrypt).
   */
  clientSideEncryption: boolean;
  /**
   * How often the bot closes its records file and uploads it, in minutes: 1 to 1440 (default 60).
   */
  fileRotationMinutes: number;
  /**
   * Alarm when no record was written for this many hours: 1 to 168 (default 48; choose more than the quietest expected period).
   */
  noRecordsAlarmHours: number;
  /**
   * Email addresses subscribed to the alarms and bot events (each must confirm the subscription).
   */
  alarmEmails: string[];
  /**
   * Where the bot runs. ec2 (default): an EC2 instance of its own with the bot's state on a retained, encrypted EBS volume, as AWS's admin guide recommends for production (one bot per host, m8i.large or larger, 1 TB, EBS snapshots). fargate: ECS Fargate with the state on EFS.
   */
  host: 'ec2' | 'fargate';
  /**
   * EC2 host only: the instance type, x86 m or r family of generation 5 or later, at least 2 vCPU and 8 GiB. Default: m8i.large.
   */
  instanceType?: string;
  /**
   * EC2 host only: size of the bot's gp3 state volume in GiB: 1024 to 16384 (at least the 1 TB AWS recommends). Default: 1024.
   */
  volumeSizeGiB?: number;
  /**
   * EC2 host only: snapshots of the bot's state volume. Default: every 24 hours, kept 35 days.
   */
  snapshots?: {
    /**
     * How often Data Lifecycle Manager snapshots the state volume: 1, 2, 3, 4, 6, 8, 12 or 24 hours (default 24).
     */
    intervalHours: number;
    /**
     * How long each snapshot is kept, in days: 1 to 36500 (default 35).
     */
    retainDays: number;
  };
  /**
   * Fargate host only: CPU units of the bot task, one of 256, 512, 1024, 2048, 4096, 8192, 16384. Default: 2048 (AWS production guidance: 2 vCPU).
   */
  cpu?: 256 | 512 | 1024 | 2048 | 4096 | 8192 | 16384;
  /**
   * Fargate host only: memory of the bot task in MiB, 512 to 122880, in the steps Fargate offers for the cpu chosen. Default: 8192 (with cpu 2048: 4096 to 16384 in steps of 1024).
   */
  memoryMiB?: number;
  /**
   * What removing data retention does. retain leaves the bot registered and retention on; destroy disables retention and deletes the bot and its secret. Records and bot state are kept either way. Default: the network's removalPolicy.
   */
  removalPolicy?: 'retain' | 'destroy';
  /**
   * An existing secret holding the password of a bot that registered before the kit managed it. Default: the kit creates the secret.
   */
  botSecretArn?: string;
  /**
   * An existing VPC for the data-retention bot (default: the kit creates an isolated VPC per Region).
   */
  vpc?: {
    /**
     * The VPC id.
     */
    vpcId: string;
    /**
     * The VPC's primary IPv4 CIDR (the endpoints accept HTTPS from it).
     */
    cidr: string;
    /**
     * Private subnets for the bot, one per Availability Zone, in the same order as availabilityZones.
     *
     * @minItems 1
     */
    subnetIds: string[];
    /**
     * The Availability Zone of each subnet (named, so synth needs no lookups).
     *
     * @minItems 1
     */
    availabilityZones: string[];
    /**
     * The route table of each subnet, in the same order; needed for the kit to add the S3 gateway endpoint when createEndpoints is true.
     */
    routeTableIds?: string[];
    /**
     * Create the VPC endpoints the bot needs (default true); set false when the VPC already has them with private DNS.
     */
    createEndpoints: boolean;
  };
  /**
   * Pinned tags of the two sidecar images (defaults are pinned by the kit).
   */
  sidecarImageTags: {
    /**
     * Tag of public.ecr.aws/aws-observability/aws-for-fluent-bit.
     */
    logRouter?: string;
    /**
     * Tag of public.ecr.aws/docker/library/node for the password-capture sidecar.
     */
    capture?: string;
  };
}
/**
 * A security group and its policy. A setting left out is not managed. Federation settings belong to the federation config.
 */
export interface SecurityGroupConfig {
  /**
   * Group name, unique in the network; the kit finds groups by name (1 to 128 characters).
   */
  name: string;
  /**
   * Manage the network's default group (adopted, renamed to name, never deleted) instead of creating one (default false).
   */
  default: boolean;
  /**
   * What removing the group from the config does: retain leaves it; destroy deletes it when it has no members. Default: the network's removalPolicy. Not allowed on the default group, which is never deleted.
   */
  removalPolicy?: 'retain' | 'destroy';
  /**
   * Calling permissions. Turning oneToOne off also turns video off. Default: not managed.
   */
  calling?: {
    /**
     * One-to-one calls.
     */
    oneToOne?: boolean;
    /**
     * Video in one-to-one calls (needs oneToOne: true).
     */
    video?: boolean;
    /**
     * Force calls over TCP instead of UDP.
     */
    forceTcp?: boolean;
  };
  /**
   * File sharing in conversations. Default: not managed.
   */
  filesEnabled?: boolean;
  /**
   * Downloading files from messages to the device. Default: not managed.
   */
  enableFileDownload?: boolean;
  /**
   * Largest file downloaded without asking: LOW_QUALITY (512000 bytes) or HIGH_QUALITY (7340032 bytes), by name or as that number; needs enableFileDownload: true. Default: not managed.
   */
  maxAutoDownloadSize?: ('LOW_QUALITY' | 'HIGH_QUALITY') | number;
  /**
   * Location sharing (turning it off also turns maps off). Default: not managed.
   */
  locationEnabled?: boolean;
  /**
   * Maps for shared locations (needs locationEnabled: true). Default: not managed.
   */
  locationAllowMaps?: boolean;
  /**
   * Longest message expiry users may choose. Whole seconds, or a number with a unit: 45s, 90m, 12h, 30d; 0 to 31536000 seconds (365 days, the longest Wickr offers). Default: not managed.
   */
  maxTtl?: number | string;
  /**
   * Longest burn-on-read time users may choose. Whole seconds, or a number with a unit: 45s, 90m, 12h, 30d; 0 to 31536000 seconds (365 days, the longest Wickr offers). Default: not managed.
   */
  maxBor?: number | string;
  /**
   * Failed sign-in attempts before the account locks: 0 to 100. Default: not managed.
   */
  lockoutThreshold?: number;
  /**
   * Failed attempts before the device's data is wiped; below lockoutThreshold (0: no wipe): 0 to 100. Default: not managed.
   */
  forceDeviceLockout?: number;
  /**
   * Password minimums (counts of characters, each 0 to 128). Default: not managed.
   */
  passwordRequirements?: {
    /**
     * Shortest password, in characters: 0 to 128. Default: not managed.
     */
    minLength?: number;
    /**
     * Lower-case letters a password needs at least: 0 to 128. Default: not managed.
     */
    lowercase?: number;
    /**
     * Upper-case letters a password needs at least: 0 to 128. Default: not managed.
     */
    uppercase?: number;
    /**
     * Digits a password needs at least: 0 to 128. Default: not managed.
     */
    numbers?: number;
    /**
     * Symbols a password needs at least: 0 to 128. Default: not managed.
     */
    symbols?: number;
  };
  /**
   * Two-factor check when a user adds a new device. Default: not managed.
   */
  isAtoEnabled?: boolean;
  /**
   * Minutes an SSO session may stay idle (networks with sso only; 10080 is a week): 0 to 10080. Default: not managed.
   */
  ssoMaxIdleMinutes?: number;
  /**
   * Give users a master recovery key (networks with sso only). Default: not managed.
   */
  showMasterRecoveryKey?: boolean;
  /**
   * The shredder that overwrites deleted content on devices. Default: not managed.
   */
  shredder?: {
    /**
     * 0 (off), 20, 60 or 100 (the only values Wickr accepts in the range 0 to 100).
     */
    intensity?: number;
    /**
     * Users may also run the shredder by hand.
     */
    canProcessManually?: boolean;
  };
  /**
   * Online/away indicators. Default: not managed.
   */
  presenceEnabled?: boolean;
  /**
   * Message text in push notifications. Default: not managed.
   */
  enableNotificationPreview?: boolean;
  /**
   * Previews of links in messages. Default: not managed.
   */
  isLinkPreviewEnabled?: boolean;
  /**
   * Forwarding messages to other conversations. Default: not managed.
   */
  messageForwardingEnabled?: boolean;
  /**
   * One-tap replies offered to users ([] clears them). Default: not managed.
   */
  quickResponses?: string[];
  /**
   * ATAK (Android Team Awareness Kit) integration. Default: not managed.
   */
  enableAtak?: boolean;
  /**
   * ATAK package values (need enableAtak: true). Default: not managed.
   */
  atakPackageValues?: string[];
  /**
   * Let users turn on open access (turning it off also turns forceOpenAccess off). Default: not managed.
   */
  enableOpenAccessOption?: boolean;
  /**
   * Force open access on every device (needs enableOpenAccessOption: true). Default: not managed.
   */
  forceOpenAccess?: boolean;
  /**
   * Let users send crash reports. Default: not managed.
   */
  enableCrashReports?: boolean;
  /**
   * Clients check for updates. Default: not managed.
   */
  checkForUpdates?: boolean;
  /**
   * Ask users to sign in again every time they return to the app. Default: not managed.
   */
  alwaysReauthenticate?: boolean;
  /**
   * Let approved bots read room messages without a slash command. Default: not managed.
   */
  forceReadReceipts?: boolean;
}
/**
 * SSO (OpenID Connect) for this network. There is no API to remove SSO: removing this section leaves it configured.
 */
export interface SsoConfig {
  /**
   * What users type to find the network's SSO sign-in (Wickr's company id).
   */
  companyId: string;
  /**
   * The IdP's issuer URL (https).
   */
  issuer: string;
  /**
   * The client id the IdP issued for Wickr.
   */
  clientId: string;
  /**
   * Name or ARN of the Secrets Manager secret holding the IdP client secret (read by the handler at deploy time; never put the secret itself here).
   */
  clientSecret: string;
  /**
   * When the secret is a JSON object, the key holding the client secret. Default: the whole secret string.
   */
  clientSecretJsonKey?: string;
  /**
   * The secret's customer-managed KMS key, so the handler may decrypt it. Default: the secret uses the AWS managed key.
   */
  clientSecretKmsKeyArn?: string;
  /**
   * OIDC scopes, openid among them (default openid, profile, email).
   */
  scopes: string[];
  /**
   * The ID-token claim usernames are taken from. Default: not managed.
   */
  customUsername?: string;
  /**
   * Extra authorization-request parameters, e.g. prompt=login. Default: not managed.
   */
  extraAuthParams?: string;
  /**
   * Minutes before token expiry at which Wickr refreshes it: 0 to 1440. Default: not managed.
   */
  tokenBufferMinutes?: number;
  /**
   * Let Wickr test the issuer before saving a change (default true): a failed test fails the deployment and leaves the working SSO in place.
   */
  testBeforeSave: boolean;
  /**
   * Change this text after rotating the client secret, so the deployment re-registers SSO if the secret changed.
   */
  secretRotation?: string;
}
/**
 * The lost-or-stolen-device response as an audited, least-privilege runbook (see docs/runbooks/lost-device.md).
 */
export interface LostDeviceRunbookConfig {
  /**
   * Deploy the lost-device runbook: a Systems Manager Automation document per Region with networks, which suspends users and logs out their devices (default false).
   */
  enabled: boolean;
  /**
   * Add the optional, irreversible step that deletes the users after containment, and grant wickr:BatchDeleteUser for it (default false).
   */
  allowDelete: boolean;
  /**
   * The delete step waits for approval by `approvers` (default true). With false it runs straight after containment whenever the operator asks for it.
   */
  approvalRequiredForDelete: boolean;
  /**
   * IAM users, roles or groups (ARNs, at most 10) who may approve a deletion. Choose people other than the operators who start the runbook.
   *
   * @maxItems 10
   */
  approvers: string[];
  /**
   * How many approvers must approve a deletion: 1 to 10, and at most the number of approvers (default 1).
   */
  minimumApprovals: number;
  /**
   * How long a deletion waits for approval before the execution fails without deleting, in hours: 1 to 720 (default 24 hours; 720 is 30 days).
   */
  approvalTimeoutHours: number;
}
/**
 * Federation between the security groups of the networks of this config and partners. The kit owns the federation options of every group of every network: a group with no link and no entry here has federation off and no guests.
 */
export interface FederationConfig {
  /**
   * Networks outside this config that links may name.
   *
   * Items: A network outside this config. The kit allow-lists it on your side; their side is theirs to configure.
   */
  partners: {
    /**
     * How links name this partner (lower-case, at most 32 characters).
     */
    id: string;
    /**
     * Who the partner is, for the federation map (e.g. "UK government, London"; 1 to 128 characters).
     */
    name: string;
    /**
     * AWS Wickr partners: the Region of their network. Give region or enterpriseDomain, not both.
     */
    region?: string;
    /**
     * Wickr Enterprise partners: the domain of their Wickr Enterprise deployment.
     */
    enterpriseDomain?: string;
    /**
     * The partner's 8-digit Wickr network id (they give it to you).
     */
    networkId: string;
  }[];
  /**
   * Restricted federation links.
   *
   * Items: Restricted federation between two sides: each allow-lists the other in the named groups.
   */
  links: {
    /**
     * Why the link exists, for the federation map (at most 256 characters).
     */
    description?: string;
    /**
     * The two sides. Same Region: local restricted federation; different Regions or Wickr Enterprise: global restricted federation.
     *
     * @minItems 2
     * @maxItems 2
     *
     * Items: One side of a link: a network of this config with its groups, or a partner.
     */
    between: [
      {
        /**
         * A network of this config, as <agency id>/<network id> (e.g. dea/canberra).
         */
        network?: string;
        /**
         * With network: the security groups of that network this link applies to, by name (the default group is "Default" unless the network names it).
         *
         * @minItems 1
         */
        groups?: string[];
        /**
         * Instead of network: the id of an entry in federation.partners.
         */
        partner?: string;
      },
      {
        /**
         * A network of this config, as <agency id>/<network id> (e.g. dea/canberra).
         */
        network?: string;
        /**
         * With network: the security groups of that network this link applies to, by name (the default group is "Default" unless the network names it).
         *
         * @minItems 1
         */
        groups?: string[];
        /**
         * Instead of network: the id of an entry in federation.partners.
         */
        partner?: string;
      }
    ];
  }[];
  /**
   * Per-group options: guests, and federation with all networks. Groups not listed have no federation beyond their links and no guests.
   *
   * Items: Federation options of one security group beyond its links.
   */
  groups: {
    /**
     * A network of this config, as <agency id>/<network id> (e.g. dea/canberra).
     */
    network: string;
    /**
     * The group's name (the default group is "Default" unless the network names it).
     */
    group: string;
    /**
     * Federation with networks in the same Region: none, all (every network), or restricted (only the networks its links name). Default: restricted when the group has links with networks in the same Region, else none.
     */
    local?: 'none' | 'all' | 'restricted';
    /**
     * Federation across Regions and with Wickr Enterprise: none, all (every network), or restricted (only the networks its links name). Default: restricted when the group has links across Regions and with Wickr Enterprise, else none.
     */
    global?: 'none' | 'all' | 'restricted';
    /**
     * Let the group talk to guest users (default false). Needs global federation on the group (all, or restricted with or without links).
     */
    guests: boolean;
  }[];
  /**
   * Any text. Change it to make every federation resource re-read its peers' network ids at the next deploy (needed only when a peer network was replaced outside the config, see docs/federation.md).
   */
  refresh?: string;
}
/**
 * Scale-out delivery (docs/operators/scale-out.md): a CDK Pipelines pipeline in a tooling account that runs the tests and strict nag, keeps the evidence pack as a pipeline artifact, and deploys each agency as Stages into its own account, Regions in waves, production after a manual approval.
 */
export interface PipelineConfig {
  /**
   * Build the pipeline stack instead of deploying agencies directly (default true when the section is present; false keeps the section but deploys with cdk deploy --all).
   */
  enabled: boolean;
  /**
   * The tooling account the pipeline runs in. Every agency account trusts it (cdk bootstrap --trust).
   */
  account: string;
  /**
   * The Region the pipeline runs in (its source and build actions run here; deployments go to each agency Region).
   */
  region: string;
  /**
   * Name of the pipeline stack and of the pipeline (default WickrKit-pipeline).
   */
  stackName: string;
  /**
   * Where the pipeline reads the kit and its config from.
   */
  source: {
    /**
     * The CodeConnections (CodeStar Connections) connection to GitHub, GitHub Enterprise Server, GitLab or Bitbucket, created and authorised in the console beforehand. CodeCommit is closed to new customers, so the kit does not offer it.
     */
    connectionArn: string;
    /**
     * The repository holding this config and the kit, as owner/name.
     */
    repository: string;
    /**
     * The branch the pipeline deploys (default main).
     */
    branch: string;
    /**
     * Start the pipeline on every push to the branch (default true).
     */
    triggerOnPush: boolean;
  };
  /**
   * The config the synth step passes to cdk synth (-c config=<path>), relative to the repository root: a file or a folder of agency configs. Default: the path this synth was given.
   */
  configPath?: string;
  /**
   * Who approves production deployments, shown on the manual approval (e.g. "Wickr service owner, Platform CAB"). Default: a generic instruction.
   */
  approvers?: string;
}
