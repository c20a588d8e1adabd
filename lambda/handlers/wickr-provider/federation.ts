/**
 * `Custom::WickrFederation`: the federation members of every managed security group of one network
 * (see lambda/shared/federation-mode.ts for the members and how the kit reads them).
 *
 * - Peers' ids: given in the properties, or read from the SSM parameter a network stack in another
 *   Region wrote (federation-peers.ts).
 * - Groups are found by name with ListSecurityGroups (the default group by its `isDefault` flag).
 *   A group named in the config that does not exist fails with what to do: groups are created by
 *   the network stack, which deploys before the federation stacks.
 * - Read before write: each group is compared member by member and only the federation members
 *   that differ are sent (UpdateSecurityGroup is a PATCH); an Update that changes nothing writes
 *   nothing. The response is checked, so a value the service did not keep fails the deploy.
 * - The security-group resource owns every other member; this handler never sends them.
 * - Delete leaves the groups as they are: the network left the kit's management (or the stack is
 *   being deleted), and the kit retains what the agency stored. The peers' own resources drop this
 *   network from their allow-lists when the config no longer links them, and federation needs both
 *   sides, so no conversation with a dropped network remains possible.
 */
import { ResourceNotFoundError, type SecurityGroup, type SecurityGroupSettings, UpdateSecurityGroupCommand, type WickrClient, paginateListSecurityGroups } from '../../wickr';
import {
  type FederationGroupProperties,
  type FederationPeerProperties,
  type FederationProperties,
  FederationPropertiesSchema,
} from '../../shared/federation-props';
import { FEDERATION_MODE, type GroupFederation, KIT_READING, federationPatch, federationProblem, fromFederationSettings, toFederationSettings } from '../../shared/federation-mode';
import { WICKR_RESOURCES } from '../../shared/resource-types';
import { HandlerContext, HandlerError, ResourceResult, defineHandler, required } from './framework';
import { type ParameterRef, parameterKey, readPeerNetworkIds } from './federation-peers';

export const federationHandler = defineHandler<FederationProperties>({
  kind: WICKR_RESOURCES.federation,
  schema: FederationPropertiesSchema,
  create: (ctx, props) => apply(ctx, props),
  update: (ctx, props) => apply(ctx, props),
  async delete(ctx, props) {
    ctx.log.info('federation left as it is on delete; peers that no longer link this network drop it from their allow-lists', {
      networkId: props.NetworkId,
      network: props.Network,
    });
  },
});

async function apply(ctx: HandlerContext, props: FederationProperties): Promise<ResourceResult> {
  const desired = await desiredFederation(props);
  const groups = await listGroups(ctx.client, props);
  // Every group is found before anything is written, so a missing group changes nothing.
  const targets = props.Groups.map((g) => ({ config: g, group: findGroup(groups, g, props) }));
  const seen = new Map<string, string>();
  for (const t of targets) {
    const id = required(t.group.id, 'security group id');
    const other = seen.get(id);
    if (other !== undefined) throw new HandlerError(`groups "${other}" and "${t.config.Name}" of network ${props.Network} are the same Wickr group (${id}); name each group once`);
    seen.set(id, t.config.Name);
  }
  const unmanaged = groups.filter((g) => !seen.has(g.id ?? '')).map((g) => g.name);
  if (unmanaged.length > 0) ctx.log.info('groups not in the config are left as they are', { networkId: props.NetworkId, groups: unmanaged });

  let changed = 0;
  for (const { config, group } of targets) {
    const want = desired.get(config.Name)!;
    const settings = toFederationSettings(want);
    const patch = federationPatch(group.securityGroupSettings ?? {}, settings);
    if (Object.keys(patch).length === 0) continue;
    const groupId = required(group.id, 'security group id');
    const response = await ctx.client.send(new UpdateSecurityGroupCommand({ networkId: props.NetworkId, groupId, securityGroupSettings: patch }));
    changed++;
    const before = fromFederationSettings(group.securityGroupSettings ?? {});
    ctx.log.info('updated federation of security group', {
      networkId: props.NetworkId,
      groupId,
      group: config.Name,
      changed: Object.keys(patch),
      from: { local: before.local, global: before.global, guests: before.guests },
      to: { local: want.local, global: want.global, guests: want.guests, localPeers: settings.permittedNetworks, awsPeers: settings.permittedWickrAwsNetworks, enterprisePeers: settings.permittedWickrEnterpriseNetworks },
    });
    const after: SecurityGroupSettings = response.securityGroup?.securityGroupSettings ?? {};
    const unkept = Object.keys(federationPatch(after, settings));
    if (KIT_READING === 'OBSERVED' && unkept.includes('federationMode') && settings.federationMode === FEDERATION_MODE.localAll && after.federationMode === FEDERATION_MODE.restricted) {
      // STANDARD networks store 0 as 1 (security_group_test.go @f4fe7142); synth refuses it, but an
      // adopted network's plan is not known at synth.
      throw new HandlerError(
        `security group "${config.Name}" (${groupId}) of network ${props.Network} (${props.NetworkId}) stored federationMode 1 (restricted) for 0 ` +
          '(local federation with every network of the Region): STANDARD networks do not offer it; use local: restricted with links, or make the network PREMIUM',
      );
    }
    if (unkept.length > 0) {
      throw new HandlerError(
        `security group "${config.Name}" (${groupId}) of network ${props.Network} (${props.NetworkId}) did not keep ${unkept.join(', ')} after the update; ` +
          'check the group in the Wickr console and the federation options this network offers',
      );
    }
  }
  ctx.log.info('federation converged', { networkId: props.NetworkId, network: props.Network, groups: targets.length, updated: changed });
  return { physicalId: `${props.NetworkId}/federation`, data: { NetworkId: props.NetworkId, GroupsUpdated: String(changed) } };
}

/** Each configured group's federation with every peer id resolved (reads peers in other Regions once). */
async function desiredFederation(props: FederationProperties): Promise<Map<string, GroupFederation>> {
  const refs: ParameterRef[] = [];
  for (const g of props.Groups) {
    for (const peer of g.AwsPeers ?? []) {
      if (peer.NetworkId === undefined && peer.Parameter !== undefined && peer.Region !== undefined) refs.push({ label: peer.Label, region: peer.Region, name: peer.Parameter });
    }
  }
  const read = await readPeerNetworkIds(refs);
  const out = new Map<string, GroupFederation>();
  for (const g of props.Groups) {
    if (out.has(g.Name)) throw new HandlerError(`security group "${g.Name}" of network ${props.Network} is configured twice; configure each group once`);
    const localNetworkIds = (g.LocalPeers ?? []).map((peer) => {
      if (peer.NetworkId === undefined) throw new HandlerError(`local peer ${peer.Label} of group "${g.Name}" has no network id`);
      return peer.NetworkId;
    });
    const awsNetworks = (g.AwsPeers ?? []).map((peer) => ({ region: peerRegion(peer, g), networkId: peer.NetworkId ?? read.get(parameterKey(peerRegion(peer, g), peerParameter(peer, g)))! }));
    const enterpriseNetworks = (g.EnterprisePeers ?? []).map((peer) => {
      if (peer.Domain === undefined || peer.NetworkId === undefined) throw new HandlerError(`Wickr Enterprise peer ${peer.Label} of group "${g.Name}" needs a domain and a network id`);
      return { domain: peer.Domain, networkId: peer.NetworkId };
    });
    for (const id of [...localNetworkIds, ...awsNetworks.map((n) => n.networkId)]) {
      if (id === props.NetworkId) {
        throw new HandlerError(`group "${g.Name}" of network ${props.Network} lists the network's own id ${id} as a peer; a network cannot federate with itself (check adoptNetworkId of the peers)`);
      }
    }
    const want: GroupFederation = { local: g.Local, global: g.Global, guests: g.Guests, localNetworkIds, awsNetworks, enterpriseNetworks };
    const problem = federationProblem(want);
    if (problem) throw new HandlerError(`group "${g.Name}" of network ${props.Network}: ${problem}`);
    out.set(g.Name, want);
  }
  return out;
}

function peerRegion(peer: FederationPeerProperties, g: FederationGroupProperties): string {
  if (peer.Region === undefined) throw new HandlerError(`peer ${peer.Label} of group "${g.Name}" is in another Region but names none`);
  return peer.Region;
}

function peerParameter(peer: FederationPeerProperties, g: FederationGroupProperties): string {
  if (peer.Parameter === undefined) throw new HandlerError(`peer ${peer.Label} of group "${g.Name}" has neither a network id nor the SSM parameter that holds it`);
  return peer.Parameter;
}

function findGroup(groups: readonly SecurityGroup[], g: FederationGroupProperties, props: FederationProperties): SecurityGroup {
  if (g.IsDefault) {
    const defaults = groups.filter((x) => x.isDefault === true);
    if (defaults.length !== 1) throw new HandlerError(`network ${props.Network} (${props.NetworkId}) reports ${defaults.length} default security groups; expected exactly one`);
    return defaults[0];
  }
  const named = groups.filter((x) => x.name === g.Name);
  if (named.length === 0) {
    throw new HandlerError(
      `security group "${g.Name}" does not exist in network ${props.Network} (${props.NetworkId}); it is created by the network's stack, which deploys before ` +
        `federation: deploy that stack first, or correct the group name in the federation config (groups there: ${groups.map((x) => `"${x.name}"`).sort().join(', ') || 'none'})`,
    );
  }
  if (named.length > 1) {
    throw new HandlerError(
      `network ${props.Network} (${props.NetworkId}) has ${named.length} security groups named "${g.Name}" (${named.map((x) => x.id).join(', ')}); ` +
        'the kit identifies groups by name, so rename or delete the extra ones in the Wickr console',
    );
  }
  return named[0];
}

async function listGroups(client: WickrClient, props: FederationProperties): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  try {
    for await (const page of paginateListSecurityGroups({ client, pageSize: 100 }, { networkId: props.NetworkId })) groups.push(...(page.securityGroups ?? []));
  } catch (e) {
    if (e instanceof ResourceNotFoundError) {
      throw new HandlerError(`network ${props.Network} (${props.NetworkId}) does not exist in this account and Region; deploy its network stack first, or check its SSM parameter`);
    }
    throw e;
  }
  return groups;
}
