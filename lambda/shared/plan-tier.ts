/**
 * What a Wickr network's plan (access level) allows, as the live service enforces it. The config
 * validator, the `SecurityGroup` construct, the handlers and the emulator read these facts from here,
 * so the kit refuses at synth what the service would refuse forty minutes into a deploy.
 *
 * Source: the live-tested Terraform provider fork `SMonaghan/terraform-provider-aws`,
 * `internal/service/wickr/security_group.go` @f4fe7142 (`userSetPremiumOnlyFields`, the
 * `lockoutThreshold` and `federationMode` tests) and its docs page for `aws_wickr_security_group`:
 * - on a STANDARD network, a security-group write naming any member below is answered with HTTP 402
 *   "this feature requires a different level plan", whatever its value;
 * - data retention needs PREMIUM ("Action not permitted with current access level");
 * - on STANDARD, `lockoutThreshold` below 10 is answered with 422;
 * - a network holds at most 100 security groups, the default group included.
 *
 * The fork took the PREMIUM list from AWS's pricing page and probed `alwaysReauthenticate` live;
 * docs/security-groups.md says what stays unverified.
 *
 * No dependencies: this file is bundled into the Lambda handler.
 */

/** `SecurityGroupSettings` members a STANDARD network refuses (paths into the wire form). */
export const PREMIUM_ONLY_MEMBERS = [
  'alwaysReauthenticate',
  'checkForUpdates',
  'enableAtak',
  'enableFileDownload',
  'enableGuestFederation',
  'enableNotificationPreview',
  'enableOpenAccessOption',
  'filesEnabled',
  'forceDeviceLockout',
  'forceOpenAccess',
  'forceReadReceipts',
  'isAtoEnabled',
  'maxAutoDownloadSize',
  'maxBor',
  'maxTtl',
  'showMasterRecoveryKey',
  'ssoMaxIdleMinutes',
  'atakPackageValues',
  'calling.canStart11Call',
  'calling.canVideoCall',
  'calling.forceTcpCall',
] as const;
export type PremiumOnlyMember = (typeof PREMIUM_ONLY_MEMBERS)[number];

/** The lowest `lockoutThreshold` a STANDARD network accepts. */
export const STANDARD_MIN_LOCKOUT_THRESHOLD = 10;

/** Security groups per network, the default group included. */
export const MAX_SECURITY_GROUPS_PER_NETWORK = 100;

/** The premium-only members a settings object (wire form) names, in `PREMIUM_ONLY_MEMBERS` order. */
export function premiumOnlyMembersIn(settings: object): PremiumOnlyMember[] {
  const s = settings as Record<string, unknown>;
  return PREMIUM_ONLY_MEMBERS.filter((path) => {
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail === undefined) return s[head] !== undefined;
    const nested = s[head];
    return nested !== null && typeof nested === 'object' && (nested as Record<string, unknown>)[tail] !== undefined;
  });
}

/** The fix a plan problem names. */
export const PLAN_TIER_FIX = 'make the network PREMIUM (accessLevel: PREMIUM), or remove the member';
