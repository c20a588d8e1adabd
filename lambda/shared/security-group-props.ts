/**
 * `Custom::WickrSecurityGroup`: its properties (declared once for the construct and the handler),
 * the kit's plain form of a group's policy, and the documented cross-field rules that both the
 * config validator and the construct run at synth time.
 *
 * Three forms of the same policy exist, and this module is the one place that maps between them:
 * - the *policy* (`GroupPolicy`): what the config and the construct say, in their field names
 *   (`calling.video`, `maxTtl` in seconds, `maxAutoDownloadSize` in bytes). Rules run on it, so a
 *   problem names the field the user wrote.
 * - the *settings* (`ManagedSettings`): the wire members of `SecurityGroupSettings` the kit manages,
 *   sent as the custom resource's `Settings` property.
 * - the service's full `SecurityGroupSettings`, read back by the handler.
 *
 * Federation members (`FEDERATION_MEMBERS`) belong to the federation resource: they are not part of
 * `ManagedSettings`, so this resource cannot write them.
 *
 * No dependencies: this file is bundled into the Lambda handler.
 */
import { PLAN_TIER_FIX, PREMIUM_ONLY_MEMBERS, type PremiumOnlyMember, STANDARD_MIN_LOCKOUT_THRESHOLD, premiumOnlyMembersIn } from './plan-tier';
import { Infer, p } from './props';

/** Auto-download limits the service accepts, in bytes. */
export const AUTO_DOWNLOAD_SIZES = { LOW_QUALITY: 512000, HIGH_QUALITY: 7340032 } as const;
/** Shredder intensities the service accepts. */
export const SHREDDER_INTENSITIES: readonly number[] = [0, 20, 60, 100];

/** `SecurityGroupSettings` members the federation resource owns; the security-group handler never writes them. */
export const FEDERATION_MEMBERS = [
  'federationMode',
  'permittedNetworks',
  'globalFederation',
  'enableRestrictedGlobalFederation',
  'permittedWickrAwsNetworks',
  'permittedWickrEnterpriseNetworks',
  'enableGuestFederation',
] as const;

/** What happens to a (non-default) group when its resource leaves the stack. */
export const SECURITY_GROUP_REMOVAL = ['retain', 'destroy'] as const;

const count = () => p.optional(p.number({ integer: true, min: 0 }));
const flag = () => p.optional(p.boolean());
const texts = () => p.optional(p.list(p.string({ max: 1000 })));

/** The `SecurityGroupSettings` members the kit manages, in wire form. Every member optional: left out = not managed. */
export const ManagedSettingsSchema = p.object({
  alwaysReauthenticate: flag(),
  atakPackageValues: texts(),
  calling: p.optional(p.object({ canStart11Call: flag(), canVideoCall: flag(), forceTcpCall: flag() })),
  checkForUpdates: flag(),
  enableAtak: flag(),
  enableCrashReports: flag(),
  enableFileDownload: flag(),
  enableNotificationPreview: flag(),
  enableOpenAccessOption: flag(),
  filesEnabled: flag(),
  forceDeviceLockout: count(),
  forceOpenAccess: flag(),
  forceReadReceipts: flag(),
  isAtoEnabled: flag(),
  isLinkPreviewEnabled: flag(),
  locationAllowMaps: flag(),
  locationEnabled: flag(),
  maxAutoDownloadSize: count(),
  maxBor: count(),
  maxTtl: count(),
  messageForwardingEnabled: flag(),
  passwordRequirements: p.optional(p.object({ lowercase: count(), minLength: count(), numbers: count(), symbols: count(), uppercase: count() })),
  presenceEnabled: flag(),
  quickResponses: texts(),
  showMasterRecoveryKey: flag(),
  shredder: p.optional(p.object({ canProcessManually: flag(), intensity: count() })),
  ssoMaxIdleMinutes: count(),
  lockoutThreshold: count(),
});

export type ManagedSettings = Infer<typeof ManagedSettingsSchema>;

/** Members whose value is a structure; the handler always sends them whole (current values overlaid with the configured ones). */
export const NESTED_SETTINGS = ['calling', 'passwordRequirements', 'shredder'] as const;

export const SecurityGroupPropertiesSchema = p.object({
  NetworkId: p.string({ pattern: /^[0-9]{8}$/ }),
  /** The group's name; groups are identified by name within a network. */
  GroupName: p.string({ min: 1, max: 128 }),
  /** Adopt the network's default group (never created, never deleted) and give it this name and policy. */
  IsDefault: p.boolean(),
  /** `retain` (default): Delete leaves the group. `destroy`: Delete removes it when it has no members. Ignored for the default group. */
  RemovalPolicy: p.enumOf(SECURITY_GROUP_REMOVAL),
  /** Missing means no policy is managed (CloudFormation may drop an empty object). */
  Settings: p.optional(ManagedSettingsSchema),
});

export type SecurityGroupProperties = Infer<typeof SecurityGroupPropertiesSchema>;

/** Attributes of `Custom::WickrSecurityGroup` (`Fn::GetAtt`). */
export const SECURITY_GROUP_ATTRIBUTES = { groupId: 'GroupId', groupName: 'GroupName' } as const;

// ---------------------------------------------------------------------------------------------
// The policy form and its rules

/** A group's policy in the kit's own field names and units. Left out = not managed. */
export interface GroupPolicy {
  calling?: { oneToOne?: boolean; video?: boolean; forceTcp?: boolean };
  filesEnabled?: boolean;
  enableFileDownload?: boolean;
  /** Bytes. */
  maxAutoDownloadSize?: number;
  locationEnabled?: boolean;
  locationAllowMaps?: boolean;
  /** Message expiry, seconds. */
  maxTtl?: number;
  /** Burn-on-read, seconds. */
  maxBor?: number;
  lockoutThreshold?: number;
  forceDeviceLockout?: number;
  passwordRequirements?: { minLength?: number; lowercase?: number; uppercase?: number; numbers?: number; symbols?: number };
  isAtoEnabled?: boolean;
  ssoMaxIdleMinutes?: number;
  showMasterRecoveryKey?: boolean;
  shredder?: { intensity?: number; canProcessManually?: boolean };
  presenceEnabled?: boolean;
  enableNotificationPreview?: boolean;
  isLinkPreviewEnabled?: boolean;
  messageForwardingEnabled?: boolean;
  quickResponses?: string[];
  enableAtak?: boolean;
  atakPackageValues?: string[];
  enableOpenAccessOption?: boolean;
  forceOpenAccess?: boolean;
  enableCrashReports?: boolean;
  checkForUpdates?: boolean;
  alwaysReauthenticate?: boolean;
  forceReadReceipts?: boolean;
}

/** What the rules know besides the policy. */
export interface GroupRuleContext {
  /** The network has SSO (OIDC) configured. */
  readonly ssoConfigured: boolean;
  /** The network's plan, when known (an imported network's is not: the plan rules then do not run). */
  readonly accessLevel?: 'STANDARD' | 'PREMIUM';
}

/** The policy's field for each PREMIUM-only wire member (they differ only for calling). */
const POLICY_FIELD_OF: Readonly<Record<PremiumOnlyMember, string>> = Object.fromEntries(
  PREMIUM_ONLY_MEMBERS.map((m) => [m, { 'calling.canStart11Call': 'calling.oneToOne', 'calling.canVideoCall': 'calling.video', 'calling.forceTcpCall': 'calling.forceTcp' }[m as string] ?? m]),
) as Record<PremiumOnlyMember, string>;

/** The policy fields a STANDARD network refuses, in the policy's own names, with the wire member each sets. */
export function premiumOnlyFields(policy: GroupPolicy): { readonly field: string; readonly member: PremiumOnlyMember }[] {
  const wire = toManagedSettings(policy);
  const present = new Set(premiumOnlyMembersIn(wire));
  // Members toManagedSettings derives (video off with one-to-one off) come from a field that is itself reported.
  return PREMIUM_ONLY_MEMBERS.filter((m) => present.has(m) && fieldValue(policy, POLICY_FIELD_OF[m]) !== undefined).map((member) => ({ field: POLICY_FIELD_OF[member], member }));
}

function fieldValue(policy: GroupPolicy, path: string): unknown {
  const [head, tail] = path.split('.') as [string, string | undefined];
  const value = (policy as Record<string, unknown>)[head];
  return tail === undefined ? value : value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[tail] : undefined;
}

/** A rule's finding: `field` is a path inside the group's policy, in the policy's own names. */
export interface GroupRuleProblem {
  readonly field: string;
  readonly message: string;
  readonly got?: unknown;
  readonly allowed?: string;
}

export type GroupRule = (policy: GroupPolicy, context: GroupRuleContext) => GroupRuleProblem[];

const sizes = Object.values(AUTO_DOWNLOAD_SIZES) as number[];

/**
 * The documented cross-field rules, one small pure function each. The service states most of them
 * in the model's member documentation; the kit refuses them at synth instead of at deploy time.
 */
export const GROUP_RULES: Readonly<Record<string, GroupRule>> = {
  forceDeviceLockoutBelowLockoutThreshold: (g) =>
    g.forceDeviceLockout !== undefined && g.lockoutThreshold !== undefined && g.forceDeviceLockout > 0 && g.lockoutThreshold > 0 && g.forceDeviceLockout >= g.lockoutThreshold
      ? [
          {
            field: 'forceDeviceLockout',
            message: `must be below lockoutThreshold (${g.lockoutThreshold}), so the device is wiped before the account locks; lower forceDeviceLockout or raise lockoutThreshold`,
            got: g.forceDeviceLockout,
            allowed: `1..${g.lockoutThreshold - 1}, or 0 for no wipe`,
          },
        ]
      : [],
  autoDownloadSizeIsKnown: (g) =>
    g.maxAutoDownloadSize !== undefined && !sizes.includes(g.maxAutoDownloadSize)
      ? [{ field: 'maxAutoDownloadSize', message: 'Wickr accepts only its two auto-download limits', got: g.maxAutoDownloadSize, allowed: '512000 (LOW_QUALITY), 7340032 (HIGH_QUALITY)' }]
      : [],
  autoDownloadNeedsFileDownload: (g) =>
    g.maxAutoDownloadSize !== undefined && g.enableFileDownload !== true
      ? [{ field: 'maxAutoDownloadSize', message: 'applies only when files can be downloaded; set enableFileDownload: true in the same group, or remove maxAutoDownloadSize', got: g.maxAutoDownloadSize }]
      : [],
  videoNeedsOneToOneCalls: (g) =>
    g.calling?.video === true && g.calling.oneToOne !== true
      ? [{ field: 'calling.video', message: 'video calls need one-to-one calls; set calling.oneToOne: true, or calling.video: false', got: true }]
      : [],
  mapsNeedLocation: (g) =>
    g.locationAllowMaps === true && g.locationEnabled !== true
      ? [{ field: 'locationAllowMaps', message: 'maps apply only to shared locations; set locationEnabled: true in the same group, or locationAllowMaps: false', got: true }]
      : [],
  forcedOpenAccessNeedsOption: (g) =>
    g.forceOpenAccess === true && g.enableOpenAccessOption !== true
      ? [{ field: 'forceOpenAccess', message: 'forcing open access needs the open-access option; set enableOpenAccessOption: true in the same group, or forceOpenAccess: false', got: true }]
      : [],
  shredderIntensityIsKnown: (g) =>
    g.shredder?.intensity !== undefined && !SHREDDER_INTENSITIES.includes(g.shredder.intensity)
      ? [{ field: 'shredder.intensity', message: 'Wickr accepts only four shredder intensities', got: g.shredder.intensity, allowed: SHREDDER_INTENSITIES.join(', ') }]
      : [],
  atakValuesNeedAtak: (g) =>
    (g.atakPackageValues?.length ?? 0) > 0 && g.enableAtak !== true
      ? [{ field: 'atakPackageValues', message: 'ATAK package values apply only when ATAK is enabled; set enableAtak: true in the same group, or remove atakPackageValues', got: g.atakPackageValues }]
      : [],
  premiumMembersNeedPremium: (g, c) =>
    c.accessLevel !== 'STANDARD'
      ? []
      : premiumOnlyFields(g).map(({ field, member }) => ({
          field,
          message:
            `needs a PREMIUM network: on STANDARD, Wickr refuses ${member === field ? 'it' : `it (${member})`} with HTTP 402 "this feature requires a different level plan", whatever its value; ` +
            PLAN_TIER_FIX,
          got: fieldValue(g, field),
        })),
  standardLockoutFloor: (g, c) =>
    c.accessLevel === 'STANDARD' && g.lockoutThreshold !== undefined && g.lockoutThreshold < STANDARD_MIN_LOCKOUT_THRESHOLD
      ? [
          {
            field: 'lockoutThreshold',
            message: `STANDARD networks refuse a lockout threshold below ${STANDARD_MIN_LOCKOUT_THRESHOLD} (HTTP 422); raise it to ${STANDARD_MIN_LOCKOUT_THRESHOLD} or more, or make the network PREMIUM`,
            got: g.lockoutThreshold,
            allowed: `at least ${STANDARD_MIN_LOCKOUT_THRESHOLD} on STANDARD`,
          },
        ]
      : [],
  ssoSettingsNeedSso: (g, c) => {
    if (c.ssoConfigured) return [];
    const out: GroupRuleProblem[] = [];
    const fix = 'configure SSO for the network (sso in the config, or a WickrSso passed as sso), or remove the setting';
    if (g.showMasterRecoveryKey === true) out.push({ field: 'showMasterRecoveryKey', message: `is available only on networks with SSO; ${fix}`, got: true });
    if (g.ssoMaxIdleMinutes !== undefined) out.push({ field: 'ssoMaxIdleMinutes', message: `is available only on networks with SSO; ${fix}`, got: g.ssoMaxIdleMinutes });
    return out;
  },
};

/** Runs every rule; an empty list means the policy is sound. */
export function checkGroupPolicy(policy: GroupPolicy, context: GroupRuleContext): GroupRuleProblem[] {
  return Object.values(GROUP_RULES).flatMap((rule) => rule(policy, context));
}

/**
 * The policy in wire form. Turning a feature off also turns off what only works with it, unless the
 * policy says otherwise (the rules refuse a contradiction): no one-to-one calls means no video, no
 * location means no maps, no open-access option means no forced open access. Without this, a PATCH
 * that switches the prerequisite off could carry the dependent member's old `true` along.
 */
export function toManagedSettings(g: GroupPolicy): ManagedSettings {
  const out: Record<string, unknown> = {};
  const set = (key: keyof ManagedSettings, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  if (g.calling) {
    const video = g.calling.video ?? (g.calling.oneToOne === false ? false : undefined);
    const calling = compact({ canStart11Call: g.calling.oneToOne, canVideoCall: video, forceTcpCall: g.calling.forceTcp });
    if (Object.keys(calling).length > 0) out.calling = calling;
  }
  set('filesEnabled', g.filesEnabled);
  set('enableFileDownload', g.enableFileDownload);
  set('maxAutoDownloadSize', g.maxAutoDownloadSize);
  set('locationEnabled', g.locationEnabled);
  set('locationAllowMaps', g.locationAllowMaps ?? (g.locationEnabled === false ? false : undefined));
  set('maxTtl', g.maxTtl);
  set('maxBor', g.maxBor);
  set('lockoutThreshold', g.lockoutThreshold);
  set('forceDeviceLockout', g.forceDeviceLockout);
  if (g.passwordRequirements) {
    const pr = compact({ ...g.passwordRequirements });
    if (Object.keys(pr).length > 0) out.passwordRequirements = pr;
  }
  set('isAtoEnabled', g.isAtoEnabled);
  set('ssoMaxIdleMinutes', g.ssoMaxIdleMinutes);
  set('showMasterRecoveryKey', g.showMasterRecoveryKey);
  if (g.shredder) {
    const sh = compact({ intensity: g.shredder.intensity, canProcessManually: g.shredder.canProcessManually });
    if (Object.keys(sh).length > 0) out.shredder = sh;
  }
  set('presenceEnabled', g.presenceEnabled);
  set('enableNotificationPreview', g.enableNotificationPreview);
  set('isLinkPreviewEnabled', g.isLinkPreviewEnabled);
  set('messageForwardingEnabled', g.messageForwardingEnabled);
  set('quickResponses', g.quickResponses);
  set('enableAtak', g.enableAtak);
  set('atakPackageValues', g.atakPackageValues);
  set('enableOpenAccessOption', g.enableOpenAccessOption);
  set('forceOpenAccess', g.forceOpenAccess ?? (g.enableOpenAccessOption === false ? false : undefined));
  set('enableCrashReports', g.enableCrashReports);
  set('checkForUpdates', g.checkForUpdates);
  set('alwaysReauthenticate', g.alwaysReauthenticate);
  set('forceReadReceipts', g.forceReadReceipts);
  return out as ManagedSettings;
}

function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---------------------------------------------------------------------------------------------
// The config's form of a policy (plain YAML/JSON), read leniently so the validator can run on raw input

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
/** How the config writes a duration: whole seconds, or a number with a unit (`30d`, `12h`, `90m`, `45s`). */
export const DURATION_TEXT = /^(\d+)\s*([smhd])$/;

/** Seconds for a config duration, or undefined when it is not one. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DURATION_TEXT.exec(value.trim());
  return m ? Number(m[1]) * DURATION_UNITS[m[2]] : undefined;
}

/** Bytes for a config auto-download size: `LOW_QUALITY`, `HIGH_QUALITY` or a number of bytes. */
export function autoDownloadBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in AUTO_DOWNLOAD_SIZES) return AUTO_DOWNLOAD_SIZES[value as keyof typeof AUTO_DOWNLOAD_SIZES];
  return undefined;
}

const bool = (x: unknown) => (typeof x === 'boolean' ? x : undefined);
const int = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const rec = (x: unknown): Record<string, unknown> | undefined => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined);
const strs = (x: unknown) => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : undefined);

/**
 * A config group entry (parsed or raw) as a policy. Values of the wrong type are skipped: on raw input
 * the schema has already reported them, and the rules must not report them twice.
 */
export function groupPolicyFromConfig(raw: unknown): GroupPolicy {
  const g = rec(raw) ?? {};
  const calling = rec(g.calling);
  const pr = rec(g.passwordRequirements);
  const shredder = rec(g.shredder);
  const policy: GroupPolicy = {
    calling: calling ? { oneToOne: bool(calling.oneToOne), video: bool(calling.video), forceTcp: bool(calling.forceTcp) } : undefined,
    filesEnabled: bool(g.filesEnabled),
    enableFileDownload: bool(g.enableFileDownload),
    maxAutoDownloadSize: autoDownloadBytes(g.maxAutoDownloadSize),
    locationEnabled: bool(g.locationEnabled),
    locationAllowMaps: bool(g.locationAllowMaps),
    maxTtl: durationSeconds(g.maxTtl),
    maxBor: durationSeconds(g.maxBor),
    lockoutThreshold: int(g.lockoutThreshold),
    forceDeviceLockout: int(g.forceDeviceLockout),
    passwordRequirements: pr
      ? { minLength: int(pr.minLength), lowercase: int(pr.lowercase), uppercase: int(pr.uppercase), numbers: int(pr.numbers), symbols: int(pr.symbols) }
      : undefined,
    isAtoEnabled: bool(g.isAtoEnabled),
    ssoMaxIdleMinutes: int(g.ssoMaxIdleMinutes),
    showMasterRecoveryKey: bool(g.showMasterRecoveryKey),
    shredder: shredder ? { intensity: int(shredder.intensity), canProcessManually: bool(shredder.canProcessManually) } : undefined,
    presenceEnabled: bool(g.presenceEnabled),
    enableNotificationPreview: bool(g.enableNotificationPreview),
    isLinkPreviewEnabled: bool(g.isLinkPreviewEnabled),
    messageForwardingEnabled: bool(g.messageForwardingEnabled),
    quickResponses: strs(g.quickResponses),
    enableAtak: bool(g.enableAtak),
    atakPackageValues: strs(g.atakPackageValues),
    enableOpenAccessOption: bool(g.enableOpenAccessOption),
    forceOpenAccess: bool(g.forceOpenAccess),
    enableCrashReports: bool(g.enableCrashReports),
    checkForUpdates: bool(g.checkForUpdates),
    alwaysReauthenticate: bool(g.alwaysReauthenticate),
    forceReadReceipts: bool(g.forceReadReceipts),
  };
  return compact(policy as Record<string, unknown>) as GroupPolicy;
}
