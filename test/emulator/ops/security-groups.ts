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
import { badRequest, ErrorReason, invalid, notFound } from '../errors';
import { NetworkRecord, SecurityGroupRecord } from '../state';
import { compact, Handler, listPage, network, OpContext } from './context';
import { toUser } from './users';

export const DEFAULT_GROUP_NAME = 'Default';
export const SHREDDER_INTENSITIES: readonly number[] = [0, 20, 60, 100];
export const AUTO_DOWNLOAD_SIZES: readonly number[] = [512000, 7340032];
const NESTED = ['calling', 'passwordRequirements', 'shredder'] as const;
const NON_NEGATIVE = ['lockoutThreshold', 'forceDeviceLockout', 'maxBor', 'maxTtl', 'ssoMaxIdleMinutes'] as const;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Settings a fresh group gets (a plausible baseline; the real defaults are not published). */
export function defaultGroupSettings(): SecurityGroupSettings {
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

function groupNameReasons(name: string | undefined): ErrorReason[] {
  return name !== undefined && name.trim() === '' ? [{ field: 'name', reason: 'must not be empty' }] : [];
}

export function createDefaultGroup(ctx: OpContext, record: NetworkRecord): SecurityGroupRecord {
  const group: SecurityGroupRecord = {
    id: ctx.state.newGroupId(record),
    name: DEFAULT_GROUP_NAME,
    isDefault: true,
    modified: ctx.state.nowSeconds(),
    settings: defaultGroupSettings(),
  };
  record.groups.set(group.id, group);
  return group;
}

export function toSecurityGroup(record: NetworkRecord, group: SecurityGroupRecord): SecurityGroup {
  return {
    activeMembers: [...record.users.values()].filter((u) => u.groupId === group.id).length,
    botMembers: [...record.bots.values()].filter((b) => b.groupId === group.id).length,
    id: group.id,
    isDefault: group.isDefault,
    name: group.name,
    modified: group.modified,
    securityGroupSettings: structuredClone(group.settings),
  };
}

export function findGroup(record: NetworkRecord, groupId: string): SecurityGroupRecord {
  const group = record.groups.get(groupId);
  if (!group) throw notFound(`Security group ${groupId} was not found in network ${record.networkId}`);
  return group;
}

function createSecurityGroup(ctx: OpContext, input: CreateSecurityGroupRequest): CreateSecurityGroupResponse {
  const record = network(ctx, input.networkId!);
  const patch = input.securityGroupSettings! as SecurityGroupSettings;
  const settings = mergeSettings(defaultGroupSettings(), patch);
  const reasons = [...groupNameReasons(input.name), ...settingsReasons(patch, settings)];
  if (reasons.length > 0) throw invalid(reasons);
  const group: SecurityGroupRecord = {
    id: ctx.state.newGroupId(record),
    name: input.name!,
    isDefault: false,
    modified: ctx.state.nowSeconds(),
    settings,
  };
  record.groups.set(group.id, group);
  return { securityGroup: toSecurityGroup(record, group) };
}

function getSecurityGroup(ctx: OpContext, input: GetSecurityGroupRequest): GetSecurityGroupResponse {
  const record = network(ctx, input.networkId!);
  return { securityGroup: toSecurityGroup(record, findGroup(record, input.groupId!)) };
}

function listSecurityGroups(ctx: OpContext, input: ListSecurityGroupsRequest): ListSecurityGroupsResponse {
  const record = network(ctx, input.networkId!);
  const all = [...record.groups.values()].map((group) => toSecurityGroup(record, group));
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
  const settings = mergeSettings(group.settings, patch);
  const reasons = [...groupNameReasons(input.name), ...settingsReasons(patch, settings)];
  if (reasons.length > 0) throw invalid(reasons);
  if (input.name !== undefined) group.name = input.name;
  group.settings = settings;
  group.modified = ctx.state.nowSeconds();
  return { securityGroup: toSecurityGroup(record, group) };
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
