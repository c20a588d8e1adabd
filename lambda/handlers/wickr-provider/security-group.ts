/**
 * `Custom::WickrSecurityGroup`: one security group of a network, identified by its name, with the
 * policy the config names.
 *
 * - The network's default group (`IsDefault`) is adopted: found by its `isDefault` flag, renamed to
 *   the configured name if needed, never created and never deleted.
 * - Any other group is found by name; if none exists it is created. CreateSecurityGroup accepts only
 *   the federation/lockout subset of the settings, so creation is: create with `{ lockoutThreshold }`
 *   when the policy sets it, otherwise with no federation (federation-mode.ts; the federation
 *   resource opens it later); then PATCH the rest; then read back and check the service kept it.
 * - Update reads the group and PATCHes only the configured members that differ (none: no write),
 *   as lambda/shared/security-group-diff.ts decides: structures (`calling`, `passwordRequirements`,
 *   `shredder`) are read-modify-write, the live object with the configured members laid over it, so
 *   members the live service requires and the model lacks (`regex`, `canProcessInBackground`) go
 *   back as they came; the calling switches are read from `calling` or the live `CALLING`.
 * - A plan-tier refusal (HTTP 402 on a STANDARD network) becomes a message naming the plan and the
 *   members; synth refuses those members already, so this is the last line for adopted networks.
 * - Federation members are owned by the federation resource and are never written here (they are
 *   not part of the properties' `Settings`).
 * - Delete retains the group unless `RemovalPolicy` is `destroy`; a group that still has users or
 *   bots is retained with a warning (the service refuses to delete it, and failing would block the
 *   deletion of the stack). The default group is never deleted.
 */
import {
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  GetSecurityGroupCommand,
  ResourceNotFoundError,
  type SecurityGroup,
  type SecurityGroupSettingsRequest,
  UpdateSecurityGroupCommand,
  type WickrClient,
  isPlanTierError,
  paginateListSecurityGroups,
} from '../../wickr';
import { noFederationSettings } from '../../shared/federation-mode';
import { PLAN_TIER_FIX, premiumOnlyMembersIn } from '../../shared/plan-tier';
import { reportedOnlySwitches, settingsDifferences, settingsPatch } from '../../shared/security-group-diff';
import { SECURITY_GROUP_ATTRIBUTES, SecurityGroupProperties, SecurityGroupPropertiesSchema } from '../../shared/security-group-props';
import { WICKR_RESOURCES } from '../../shared/resource-types';
import { HandlerContext, HandlerError, ResourceResult, defineHandler, required } from './framework';

const PHYSICAL_ID = /^([0-9]{8})\/security-group\/(.+)$/;

export const securityGroupHandler = defineHandler<SecurityGroupProperties>({
  kind: WICKR_RESOURCES.securityGroup,
  schema: SecurityGroupPropertiesSchema,

  create: (ctx, props) => findOrCreate(ctx, props),

  async update(ctx, props, old, physicalId) {
    const match = PHYSICAL_ID.exec(physicalId);
    const sameGroup = match && match[1] === props.NetworkId && (!old || old.IsDefault === props.IsDefault);
    if (!sameGroup) return findOrCreate(ctx, props);
    let group: SecurityGroup;
    try {
      group = await getGroup(ctx.client, props.NetworkId, match[2]);
    } catch (e) {
      if (!(e instanceof ResourceNotFoundError)) throw e;
      ctx.log.warn('the group is gone (deleted outside the kit); finding or creating it again', { networkId: props.NetworkId, groupId: match[2] });
      return findOrCreate(ctx, props);
    }
    return result(props.NetworkId, await converge(ctx, props, group));
  },

  async delete(ctx, props, physicalId) {
    const match = PHYSICAL_ID.exec(physicalId);
    if (!match) return; // a Create that never produced a group
    const [, networkId, groupId] = match;
    if (props.IsDefault) {
      ctx.log.info('default security group left in place (it cannot be deleted)', { networkId, groupId });
      return;
    }
    if (props.RemovalPolicy !== 'destroy') {
      ctx.log.info('security group retained (RemovalPolicy retain)', { networkId, groupId });
      return;
    }
    let group: SecurityGroup;
    try {
      group = await getGroup(ctx.client, networkId, groupId);
    } catch (e) {
      if (e instanceof ResourceNotFoundError) return;
      throw e;
    }
    const members = (group.activeMembers ?? 0) + (group.botMembers ?? 0);
    if (members > 0) {
      ctx.log.warn('security group retained: it still has members, and Wickr deletes only empty groups; move them and delete it in the console, or it goes with the network', {
        networkId,
        groupId,
        users: group.activeMembers ?? 0,
        bots: group.botMembers ?? 0,
      });
      return;
    }
    try {
      await ctx.client.send(new DeleteSecurityGroupCommand({ networkId, groupId }));
      ctx.log.info('security group deleted (explicitly opted in)', { networkId, groupId });
    } catch (e) {
      if (!(e instanceof ResourceNotFoundError)) throw e;
    }
  },
});

async function findOrCreate(ctx: HandlerContext, props: SecurityGroupProperties): Promise<ResourceResult> {
  const groups = await listGroups(ctx.client, props.NetworkId);
  if (props.IsDefault) {
    const defaults = groups.filter((g) => g.isDefault === true);
    if (defaults.length !== 1) {
      throw new HandlerError(`network ${props.NetworkId} reports ${defaults.length} default security groups; expected exactly one`);
    }
    ctx.log.info('adopting the default security group', { networkId: props.NetworkId, groupId: defaults[0].id });
    return result(props.NetworkId, await converge(ctx, props, defaults[0]));
  }
  const named = groups.filter((g) => g.name === props.GroupName);
  const defaultNamed = named.find((g) => g.isDefault === true);
  if (defaultNamed) {
    throw new HandlerError(
      `"${props.GroupName}" is the name of network ${props.NetworkId}'s default group; mark this group default: true to manage the default group, or choose another name`,
    );
  }
  if (named.length > 1) {
    throw new HandlerError(
      `network ${props.NetworkId} has ${named.length} security groups named "${props.GroupName}" (${named.map((g) => g.id).join(', ')}); ` +
        'the kit identifies groups by name, so rename or delete the extra ones in the Wickr console',
    );
  }
  if (named.length === 1) {
    ctx.log.info('adopting the existing security group of this name', { networkId: props.NetworkId, groupId: named[0].id });
    return result(props.NetworkId, await converge(ctx, props, named[0]));
  }
  const desired = props.Settings ?? {};
  const initial: SecurityGroupSettingsRequest = desired.lockoutThreshold !== undefined ? { lockoutThreshold: desired.lockoutThreshold } : noFederationSettings();
  const created = await planTierAware(props, initial, () =>
    ctx.client.send(new CreateSecurityGroupCommand({ networkId: props.NetworkId, name: props.GroupName, securityGroupSettings: initial, clientToken: clientToken(ctx) })),
  );
  const group = required(created.securityGroup, 'securityGroup from CreateSecurityGroup');
  ctx.log.info('created security group', { networkId: props.NetworkId, groupId: group.id });
  return result(props.NetworkId, await converge(ctx, props, group));
}

/** Name and policy to the configured values; writes only what differs, then reads back. */
async function converge(ctx: HandlerContext, props: SecurityGroupProperties, group: SecurityGroup): Promise<SecurityGroup> {
  const groupId = required(group.id, 'security group id');
  const desired = props.Settings ?? {};
  const live = group.securityGroupSettings ?? {};
  const patch = settingsPatch(live, desired);
  const rename = group.name !== props.GroupName;
  const reported = reportedOnlySwitches(live);
  if (reported.screenShare !== undefined) {
    ctx.log.info('screen sharing is a live switch the kit reports and does not manage', { networkId: props.NetworkId, groupId, screenShare: reported.screenShare });
  }
  if (!rename && Object.keys(patch).length === 0) return group;
  await planTierAware(props, patch, () =>
    ctx.client.send(
      new UpdateSecurityGroupCommand({
        networkId: props.NetworkId,
        groupId,
        ...(rename ? { name: props.GroupName } : {}),
        ...(Object.keys(patch).length > 0 ? { securityGroupSettings: patch } : {}),
      }),
    ),
  );
  ctx.log.info('updated security group', { networkId: props.NetworkId, groupId, renamed: rename, changed: Object.keys(patch) });
  const after = await getGroup(ctx.client, props.NetworkId, groupId);
  const unkept = settingsDifferences(after.securityGroupSettings ?? {}, desired).map((d) => d.member);
  if (after.name !== props.GroupName) unkept.unshift('name');
  if (unkept.length > 0) {
    throw new HandlerError(
      `security group ${groupId} of network ${props.NetworkId} did not keep ${unkept.join(', ')} after the update; ` +
        'check these values against what the Wickr console offers for this network',
    );
  }
  return after;
}

/**
 * Runs a security-group write; a plan-tier refusal (HTTP 402: "this feature requires a different
 * level plan") becomes a message naming the plan, the members and the fix.
 */
async function planTierAware<T>(props: SecurityGroupProperties, sent: object, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!isPlanTierError(e)) throw e;
    const members = premiumOnlyMembersIn(sent);
    throw new HandlerError(
      `security group "${props.GroupName}" of network ${props.NetworkId}: Wickr refused the write because the network's plan does not include ` +
        `${members.length > 0 ? members.join(', ') : 'a member it names'} (HTTP 402: ${(e as Error).message}); these need a PREMIUM network: ${PLAN_TIER_FIX}`,
    );
  }
}

async function getGroup(client: WickrClient, networkId: string, groupId: string): Promise<SecurityGroup> {
  return required((await client.send(new GetSecurityGroupCommand({ networkId, groupId }))).securityGroup, 'securityGroup from GetSecurityGroup');
}

async function listGroups(client: WickrClient, networkId: string): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  try {
    for await (const page of paginateListSecurityGroups({ client, pageSize: 100 }, { networkId })) groups.push(...(page.securityGroups ?? []));
  } catch (e) {
    if (e instanceof ResourceNotFoundError) {
      throw new HandlerError(`network ${networkId} does not exist in this account and Region; check the network the security group belongs to`);
    }
    throw e;
  }
  return groups;
}

/** One token per CloudFormation request, so a re-invoked handler cannot create the group twice. */
function clientToken(ctx: HandlerContext): string {
  return `sg-${ctx.requestId}`.replace(/[^a-zA-Z0-9\-_:]/g, '-').slice(0, 64);
}

function result(networkId: string, group: SecurityGroup): ResourceResult {
  const groupId = required(group.id, 'security group id');
  return {
    physicalId: `${networkId}/security-group/${groupId}`,
    data: { [SECURITY_GROUP_ATTRIBUTES.groupId]: groupId, [SECURITY_GROUP_ATTRIBUTES.groupName]: required(group.name, 'security group name') },
  };
}
