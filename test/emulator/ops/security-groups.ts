/**
 * Security groups. Every network starts with one default group (isDefault true) that cannot be
 * deleted. CreateSecurityGroup accepts only the SecurityGroupSettingsRequest subset (federation and
 * lockout; the table enforces that, an extra member is an unknown member); everything else needs a
 * follow-up UpdateSecurityGroup with the full SecurityGroupSettings.
 *
 * PATCH semantics of UpdateSecurityGroup (our choice, documented in README): top-level members the
 * request names replace the stored ones; the nested structures `calling`, `passwordRequirements` and
 * `shredder` are merged member by member; lists are replaced whole.
 *
 * Doc-stated rules, checked when the request sets the dependent member (prerequisites are read from
 * the merged result, so turning a prerequisite off alone never fails):
 *   shredder.intensity ∈ {0,20,60,100}; maxAutoDownloadSize ∈ {512000, 7340032} and only with
 *   enableFileDownload; forceDeviceLockout < lockoutThreshold; locationAllowMaps only with
 *   locationEnabled; forceOpenAccess only with enableOpenAccessOption; calling.canVideoCall only with
 *   calling.canStart11Call; enableGuestFederation and enableRestrictedGlobalFederation only with
 *   globalFederation; federationMode ∈ {0,1,2}; counts and durations not negative.
 *
 * Live behaviour (behaviour.ts; each switch cites its source there):
 * - `groupExtraMembers`: groups store the live calling switches (seven, rendered as `CALLING`,
 *   `calling` or both per `callingKeys`), `passwordRequirements.regex` and
 *   `shredder.canProcessInBackground`; a write of `passwordRequirements` or `shredder` without them
 *   is refused with 400 ValidationError "This request contains invalid options or data.";
 * - `planTiers`: on STANDARD, any PREMIUM-only member in a write → 402;
 * - `standardLimits`: on STANDARD, lockoutThreshold below 10 → 422 and federationMode 0 is stored as
 *   1; new groups start at lockout 10 and federationMode 1;
 * - `maxSecurityGroups`: CreateSecurityGroup beyond the limit → 400.
 */
import type {
  CreateSecurityGroupRequest,
  CreateSecurityGroupResponse,
  DeleteSecurityGroupRequest,
  DeleteSecurityGroupResponse,
  GetSecurityGroupRequest,
  GetSecurityGroupResponse,
  ListSecurityGroupsRequest,
  ListSecurityGroupsResponse,
  ListSecurityGroupUsersRequest,
  ListSecurityGroupUsersResponse,
  SecurityGroup,
  SecurityGroupSettings,
  UpdateSecurityGroupRequest,
  UpdateSecurityGroupResponse,
} from '../../../lambda/wickr/model/types';
import { CALLING_EXTRA_MEMBERS, LIVE_CALLING_MEMBER } from '../../../lambda/wickr/live-members';
import { STANDARD_MIN_LOCKOUT_THRESHOLD, premiumOnlyMembersIn } from '../../../lambda/shared/plan-tier';
import { INVALID_OPTIONS_MESSAGE, PLAN_TIER_MESSAGE, ServiceBehaviour } from '../behaviour';
import { ApiError, badRequest, ErrorReason, invalid, notFound, planTier } from '../errors';
import { NetworkRecord, SecurityGroupRecord } from '../state';
import { compact, Handler, listPage, network, OpContext } from './context';
import { toUser } from './users';

export const DEFAULT_GROUP_NAME = 'Default';
export const SHREDDER_INTENSITIES: readonly number[] = [0, 20, 60, 100];
export const AUTO_DOWNLOAD_SIZES: readonly number[] = [512000, 7340032];
const NESTED = ['calling', 'passwordRequirements', 'shredder'] as const;
const NON_NEGATIVE = ['lockoutThreshold', 'forceDeviceLockout', 'maxBor', 'maxTtl', 'ssoMaxIdleMinutes'] as const;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Settings a fresh group gets (a plausible baseline; the real defaults are not published). With the
 * live members on, the group also holds the live calling switches, a password `regex` and
 * `canProcessInBackground`; on STANDARD with the live limits, federationMode starts at 1.
 */
export function defaultGroupSettings(behaviour?: ServiceBehaviour): SecurityGroupSettings {
  const settings = modelDefaultGroupSettings();
  if (behaviour?.standardLimits) settings.federationMode = 1;
  if (behaviour?.groupExtraMembers) {
    Object.assign(settings.calling!, Object.fromEntries(CALLING_EXTRA_MEMBERS.map((name) => [name, true])));
    Object.assign(settings.passwordRequirements!, { regex: '.*' });
    Object.assign(settings.shredder!, { canProcessInBackground: false });
  }
  return settings;
}

function modelDefaultGroupSettings(): SecurityGroupSettings {
  return {
    alwaysReauthenticate: false,
    atakPackageValues: [],
    calling: { canStart11Call: true, canVideoCall: true, forceTcpCall: false },
    checkForUpdates: true,
    enableAtak: false,
    enableCrashReports: true,
    enableFileDownload: true,
    enableGuestFederation: false,
    enableNotificationPreview: true,
    enableOpenAccessOption: false,
    enableRestrictedGlobalFederation: false,
    filesEnabled: true,
    forceDeviceLockout: 0,
    forceOpenAccess: false,
    forceReadReceipts: false,
    globalFederation: false,
    isAtoEnabled: false,
    isLinkPreviewEnabled: true,
    locationAllowMaps: false,
    locationEnabled: true,
    maxAutoDownloadSize: 512000,
    maxBor: 0,
    maxTtl: 31536000,
    messageForwardingEnabled: true,
    passwordRequirements: { lowercase: 0, minLength: 6, numbers: 0, symbols: 0, uppercase: 0 },
    presenceEnabled: true,
    quickResponses: [],
    showMasterRecoveryKey: false,
    shredder: { canProcessManually: true, intensity: 0 },
    federationMode: 0,
    lockoutThreshold: 10,
    permittedNetworks: [],
    permittedWickrAwsNetworks: [],
    permittedWickrEnterpriseNetworks: [],
  };
}

export function mergeSettings(base: SecurityGroupSettings, patch: SecurityGroupSettings): SecurityGroupSettings {
  const merged: SecurityGroupSettings = structuredClone(base);
  for (const [key, value] of Object.entries(patch) as Array<[keyof SecurityGroupSettings, unknown]>) {
    if (value === undefined) continue;
    if ((NESTED as readonly string[]).includes(key)) {
      (merged as Record<string, unknown>)[key] = { ...((base as Record<string, object | undefined>)[key] ?? {}), ...(value as object) };
    } else {
      (merged as Record<string, unknown>)[key] = structuredClone(value);
    }
  }
  return merged;
}

/** Doc-stated rules for `patch` applied on top of the stored settings (see the file comment). */
export function settingsReasons(patch: SecurityGroupSettings, merged: SecurityGroupSettings): ErrorReason[] {
  const reasons: ErrorReason[] = [];
  const field = (name: string) => `securityGroupSettings.${name}`;
  if (patch.federationMode !== undefined && ![0, 1, 2].includes(patch.federationMode)) {
    reasons.push({ field: field('federationMode'), reason: 'must be 0, 1 or 2' });
  }
  for (const name of NON_NEGATIVE) {
    const value = patch[name];
    if (value !== undefined && value < 0) reasons.push({ field: field(name), reason: 'must not be negative' });
  }
  for (const [name, value] of Object.entries(patch.passwordRequirements ?? {})) {
    if (typeof value === 'number' && value < 0) reasons.push({ field: field(`passwordRequirements.${name}`), reason: 'must not be negative' });
  }
  const intensity = patch.shredder?.intensity;
  if (intensity !== undefined && !SHREDDER_INTENSITIES.includes(intensity)) {
    reasons.push({ field: field('shredder.intensity'), reason: `must be one of ${SHREDDER_INTENSITIES.join(', ')}` });
  }
  if (patch.maxAutoDownloadSize !== undefined) {
    if (!AUTO_DOWNLOAD_SIZES.includes(patch.maxAutoDownloadSize)) {
      reasons.push({ field: field('maxAutoDownloadSize'), reason: `must be one of ${AUTO_DOWNLOAD_SIZES.join(', ')}` });
    } else if (merged.enableFileDownload !== true) {
      reasons.push({ field: field('maxAutoDownloadSize'), reason: 'is only allowed when enableFileDownload is true' });
    }
  }
  if (patch.forceDeviceLockout !== undefined || patch.lockoutThreshold !== undefined) {
    const lockout = merged.forceDeviceLockout ?? 0;
    const threshold = merged.lockoutThreshold ?? 0;
    if (lockout > 0 && threshold > 0 && lockout >= threshold) {
      reasons.push({ field: field('forceDeviceLockout'), reason: `must be less than lockoutThreshold (${threshold})` });
    }
  }
  const requires = (dependent: boolean | undefined, prerequisite: boolean | undefined, name: string, needs: string) => {
    if (dependent === true && prerequisite !== true) reasons.push({ field: field(name), reason: `is only allowed when ${needs} is true` });
  };
  requires(patch.locationAllowMaps, merged.locationEnabled, 'locationAllowMaps', 'locationEnabled');
  requires(patch.forceOpenAccess, merged.enableOpenAccessOption, 'forceOpenAccess', 'enableOpenAccessOption');
  requires(patch.calling?.canVideoCall, merged.calling?.canStart11Call, 'calling.canVideoCall', 'calling.canStart11Call');
  requires(patch.enableGuestFederation, merged.globalFederation, 'enableGuestFederation', 'globalFederation');
  requires(patch.enableRestrictedGlobalFederation, merged.globalFederation, 'enableRestrictedGlobalFederation', 'globalFederation');
  (patch.permittedWickrAwsNetworks ?? []).forEach((entry, i) => {
    if (!REGION_PATTERN.test(entry.region ?? '')) {
      reasons.push({ field: field(`permittedWickrAwsNetworks[${i}].region`), reason: 'must be a Region name such as eu-west-2' });
    }
  });
  return reasons;
}

/**
 * The live service's refusals for a write to a group of `record` (behaviour.ts), before the
 * documented rules: a PREMIUM-only member on STANDARD (402), a nested object without the member the
 * service requires (400), a lockout threshold below STANDARD's floor (422).
 */
function liveRefusal(behaviour: ServiceBehaviour, record: NetworkRecord, patch: SecurityGroupSettings): ApiError | undefined {
  if (behaviour.planTiers && record.accessLevel === 'STANDARD') {
    const premium = premiumOnlyMembersIn(patch);
    if (premium.length > 0) return planTier(PLAN_TIER_MESSAGE);
  }
  if (behaviour.groupExtraMembers) {
    const pr = patch.passwordRequirements as Record<string, unknown> | undefined;
    const sh = patch.shredder as Record<string, unknown> | undefined;
    if ((pr !== undefined && pr.regex === undefined) || (sh !== undefined && sh.canProcessInBackground === undefined)) {
      return new ApiError('ValidationError', INVALID_OPTIONS_MESSAGE, undefined, { status: 400 });
    }
  }
  if (behaviour.standardLimits && record.accessLevel === 'STANDARD' && patch.lockoutThreshold !== undefined && patch.lockoutThreshold < STANDARD_MIN_LOCKOUT_THRESHOLD) {
    return invalid([{ field: 'securityGroupSettings.lockoutThreshold', reason: 'invalid lockoutThreshold setting for network' }]);
  }
  return undefined;
}

/** What the live service stores for a write: on STANDARD, federationMode 0 becomes 1. */
function liveStored(behaviour: ServiceBehaviour, record: NetworkRecord, settings: SecurityGroupSettings): SecurityGroupSettings {
  if (behaviour.standardLimits && record.accessLevel === 'STANDARD' && settings.federationMode === 0) return { ...settings, federationMode: 1 };
  return settings;
}

function groupNameReasons(name: string | undefined): ErrorReason[] {
  return name !== undefined && name.trim() === '' ? [{ field: 'name', reason: 'must not be empty' }] : [];
}

export function createDefaultGroup(ctx: OpContext, record: NetworkRecord): SecurityGroupRecord {
  const group: SecurityGroupRecord = {
    id: ctx.state.newGroupId(record),
    name: DEFAULT_GROUP_NAME,
    isDefault: true,
    modified: ctx.state.nowSeconds(),
    settings: liveStored(ctx.state.behaviour, record, defaultGroupSettings(ctx.state.behaviour)),
  };
  record.groups.set(group.id, group);
  return group;
}

/**
 * A group as the API answers it. `behaviour` renders the calling switches as the live service does
 * (`CALLING`, `calling` or both); without it (state inspection) the stored form is shown: one
 * `calling` object with every switch the group has.
 */
export function toSecurityGroup(record: NetworkRecord, group: SecurityGroupRecord, behaviour?: ServiceBehaviour): SecurityGroup {
  return {
    activeMembers: [...record.users.values()].filter((u) => u.groupId === group.id).length,
    botMembers: [...record.bots.values()].filter((b) => b.groupId === group.id).length,
    id: group.id,
    isDefault: group.isDefault,
    name: group.name,
    modified: group.modified,
    securityGroupSettings: behaviour ? renderSettings(group.settings, behaviour) : structuredClone(group.settings),
  };
}

function renderSettings(stored: SecurityGroupSettings, behaviour: ServiceBehaviour): SecurityGroupSettings {
  const out = structuredClone(stored) as Record<string, unknown>;
  if (!behaviour.groupExtraMembers || out.calling === undefined) return out as SecurityGroupSettings;
  const all = out.calling as Record<string, unknown>;
  const model = Object.fromEntries(Object.entries(all).filter(([k]) => !(CALLING_EXTRA_MEMBERS as readonly string[]).includes(k)));
  delete out.calling;
  if (behaviour.callingKeys !== 'upper') out.calling = model;
  if (behaviour.callingKeys !== 'lower') out[LIVE_CALLING_MEMBER] = all;
  return out as SecurityGroupSettings;
}

export function findGroup(record: NetworkRecord, groupId: string): SecurityGroupRecord {
  const group = record.groups.get(groupId);
  if (!group) throw notFound(`Security group ${groupId} was not found in network ${record.networkId}`);
  return group;
}

function createSecurityGroup(ctx: OpContext, input: CreateSecurityGroupRequest): CreateSecurityGroupResponse {
  const record = network(ctx, input.networkId!);
  const behaviour = ctx.state.behaviour;
  const patch = input.securityGroupSettings! as SecurityGroupSettings;
  const refusal = liveRefusal(behaviour, record, patch);
  if (refusal) throw refusal;
  const settings = mergeSettings(defaultGroupSettings(behaviour), patch);
  const reasons = [...groupNameReasons(input.name), ...settingsReasons(patch, settings)];
  if (reasons.length > 0) throw invalid(reasons);
  const limit = behaviour.maxSecurityGroups;
  if (limit !== undefined && record.groups.size >= limit) {
    throw badRequest(`Network ${record.networkId} already has the maximum of ${limit} security groups`);
  }
  const group: SecurityGroupRecord = {
    id: ctx.state.newGroupId(record),
    name: input.name!,
    isDefault: false,
    modified: ctx.state.nowSeconds(),
    settings: liveStored(behaviour, record, settings),
  };
  record.groups.set(group.id, group);
  return { securityGroup: toSecurityGroup(record, group, behaviour) };
}

function getSecurityGroup(ctx: OpContext, input: GetSecurityGroupRequest): GetSecurityGroupResponse {
  const record = network(ctx, input.networkId!);
  return { securityGroup: toSecurityGroup(record, findGroup(record, input.groupId!), ctx.state.behaviour) };
}

function listSecurityGroups(ctx: OpContext, input: ListSecurityGroupsRequest): ListSecurityGroupsResponse {
  const record = network(ctx, input.networkId!);
  const all = [...record.groups.values()].map((group) => toSecurityGroup(record, group, ctx.state.behaviour));
  const { page, nextToken } = listPage(ctx, all, input, { sortable: ['id', 'name'] });
  return compact({ securityGroups: page, nextToken });
}

function listSecurityGroupUsers(ctx: OpContext, input: ListSecurityGroupUsersRequest): ListSecurityGroupUsersResponse {
  const record = network(ctx, input.networkId!);
  const group = findGroup(record, input.groupId!);
  const members = [...record.users.values()].filter((u) => u.groupId === group.id).map((u) => toUser(u, ctx.state.nowSeconds()));
  const { page, nextToken } = listPage(ctx, members, input, { sortable: ['userId', 'username', 'firstName', 'lastName', 'status'], filters: { groupId: group.id } });
  return compact({ users: page, nextToken });
}

function updateSecurityGroup(ctx: OpContext, input: UpdateSecurityGroupRequest): UpdateSecurityGroupResponse {
  const record = network(ctx, input.networkId!);
  const group = findGroup(record, input.groupId!);
  const patch = input.securityGroupSettings ?? {};
  const behaviour = ctx.state.behaviour;
  const refusal = liveRefusal(behaviour, record, patch);
  if (refusal) throw refusal;
  const settings = mergeSettings(group.settings, patch);
  const reasons = [...groupNameReasons(input.name), ...settingsReasons(patch, settings)];
  if (reasons.length > 0) throw invalid(reasons);
  if (input.name !== undefined) group.name = input.name;
  group.settings = liveStored(behaviour, record, settings);
  group.modified = ctx.state.nowSeconds();
  return { securityGroup: toSecurityGroup(record, group, behaviour) };
}

/** The default group cannot be deleted; nor can a group that still has users or bots (our choice). */
function deleteSecurityGroup(ctx: OpContext, input: DeleteSecurityGroupRequest): DeleteSecurityGroupResponse {
  const record = network(ctx, input.networkId!);
  const group = findGroup(record, input.groupId!);
  if (group.isDefault) throw badRequest(`Security group ${group.id} is the network's default group and cannot be deleted`);
  const inUse = [...record.users.values()].some((u) => u.groupId === group.id) || [...record.bots.values()].some((b) => b.groupId === group.id);
  if (inUse) throw badRequest(`Security group ${group.id} still has users or bots; move them to another group first`);
  record.groups.delete(group.id);
  return { message: `Security group ${group.id} deleted`, networkId: record.networkId, groupId: group.id };
}

export const securityGroupHandlers = {
  CreateSecurityGroup: createSecurityGroup,
  GetSecurityGroup: getSecurityGroup,
  ListSecurityGroups: listSecurityGroups,
  ListSecurityGroupUsers: listSecurityGroupUsers,
  UpdateSecurityGroup: updateSecurityGroup,
  DeleteSecurityGroup: deleteSecurityGroup,
} satisfies Record<string, Handler>;
