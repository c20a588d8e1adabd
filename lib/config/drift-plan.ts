/**
 * The desired state drift detection compares with (lambda/shared/drift/types.ts), built from a
 * parsed config with the same mappings the stacks deploy with:
 * - security groups: `toManagedSettings(groupPolicyFromConfig(...))`, the `Settings` of each
 *   `Custom::WickrSecurityGroup`;
 * - network settings: the config's names mapped onto the written struct, as `NetworkSettings` does;
 * - federation: `analyzeFederation`'s plan, which the federation stacks deploy (every group of every
 *   network, peers by the config's names; their ids are found at check time);
 * - SSO without its secret, users and bots without passwords, data retention on or not.
 *
 * The admin CLI builds it at run time; each Region's scheduled check gets its part at synth
 * (`DriftDetection`), so both compare with exactly what a deployment of this config writes.
 */
import { networkIdParameterName } from '../../lambda/shared/federation-props';
import type { DesiredNetworkSettings } from '../../lambda/shared/network-settings-diff';
import { groupPolicyFromConfig, toManagedSettings } from '../../lambda/shared/security-group-props';
import {
  DESIRED_STATE_VERSION,
  type DesiredFederationGroup,
  type DesiredNetwork,
  type DesiredPeer,
  type DriftDesiredState,
  type NetworkRef,
} from '../../lambda/shared/drift/types';
import { type FederationPlan, type PlanPeer, analyzeFederation } from './federation-plan';
import type { AgencyConfig, KitConfig, NetworkConfig } from './config-types';

/** Which networks to check; every network of every agency by default. */
export interface DriftSelection {
  /** Only this agency's networks. */
  readonly agency?: string;
  /** Only networks in this Region (a scheduled check covers its own Region). */
  readonly region?: string;
  /** Only the networks this accepts. */
  readonly network?: (network: NetworkConfig, agency: AgencyConfig) => boolean;
  /**
   * Whether the kit manages these networks' federation (the federation stacks do, for every Region
   * with networks); false leaves federation out of the comparison.
   * @default true
   */
  readonly federation?: boolean;
}

/** What the plan reads of a config: its agencies, and the federation section linking their networks. */
export type DriftPlanInput = Pick<KitConfig, 'agencies'> & Partial<Pick<KitConfig, 'federation'>>;

/** One desired state per agency with networks selected (agencies without any are left out). */
export function driftDesiredStates(config: DriftPlanInput, selection: DriftSelection = {}): DriftDesiredState[] {
  const plan = selection.federation === false ? undefined : analyzeFederation(config).plan;
  return config.agencies
    .filter((a) => selection.agency === undefined || a.id === selection.agency)
    .map((agency) => desiredStateOf(config, agency, plan, (n) => (selection.region === undefined || n.region === selection.region) && (selection.network?.(n, agency) ?? true)))
    .filter((s) => s.networks.length > 0);
}

function desiredStateOf(config: DriftPlanInput, agency: AgencyConfig, plan: FederationPlan | undefined, select: (n: NetworkConfig) => boolean): DriftDesiredState {
  const networks = agency.networks.filter(select).map((n) => desiredNetwork(agency, n, plan));
  const checked = new Set(networks.map((n) => n.key));
  const peerKeys = new Set(
    networks.flatMap((n) => (n.federation ?? []).flatMap((g) => [...g.localPeers, ...g.awsPeers].flatMap((p) => ('network' in p && !checked.has(p.network) ? [p.network] : [])))),
  );
  const peerNetworks = [...peerKeys].sort().flatMap((key) => {
    const [agencyId, networkId] = key.split('/');
    const peerAgency = config.agencies.find((a) => a.id === agencyId);
    const peer = peerAgency?.networks.find((n) => n.id === networkId);
    return peerAgency && peer ? [networkRef(peerAgency, peer)] : [];
  });
  return { version: DESIRED_STATE_VERSION, agency: agency.id, networks, peerNetworks };
}

function networkRef(agency: AgencyConfig, n: NetworkConfig): NetworkRef {
  return {
    key: `${agency.id}/${n.id}`,
    name: n.name,
    region: n.region,
    parameterName: networkIdParameterName(agency.id, n.id),
    ...(n.adoptNetworkId !== undefined ? { adoptNetworkId: n.adoptNetworkId } : {}),
  };
}

function desiredNetwork(agency: AgencyConfig, n: NetworkConfig, plan: FederationPlan | undefined): DesiredNetwork {
  const ref = networkRef(agency, n);
  const settings: DesiredNetworkSettings = {
    ...(n.settings.readReceipts !== undefined ? { readReceipts: n.settings.readReceipts } : {}),
    ...(n.settings.clientMetrics !== undefined ? { enableClientMetrics: n.settings.clientMetrics } : {}),
    ...(n.settings.trustedDataFormat !== undefined ? { enableTrustedDataFormat: n.settings.trustedDataFormat } : {}),
  };
  const planned = plan?.networks.find((p) => p.key === ref.key);
  return {
    ...ref,
    accessLevel: n.accessLevel,
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
    securityGroups: n.securityGroups.map((g) => ({ name: g.name, isDefault: g.default === true, settings: toManagedSettings(groupPolicyFromConfig(g)) })),
    // The kit deploys a federation stack for every Region with networks, managing every group's federation.
    ...(planned ? { federation: planned.groups.map((g) => federationGroup(g, n.region)) } : {}),
    ...(n.sso
      ? {
          sso: {
            companyId: n.sso.companyId,
            issuer: n.sso.issuer,
            scopes: n.sso.scopes.join(' '),
            clientId: n.sso.clientId,
            ...(n.sso.customUsername !== undefined ? { customUsername: n.sso.customUsername } : {}),
            ...(n.sso.extraAuthParams !== undefined ? { extraAuthParams: n.sso.extraAuthParams } : {}),
            ...(n.sso.tokenBufferMinutes !== undefined ? { tokenBufferMinutes: n.sso.tokenBufferMinutes } : {}),
          },
        }
      : {}),
    users: n.users.map((u) => ({ username: u.username, group: u.group, ...(u.firstName !== undefined ? { firstName: u.firstName } : {}), ...(u.lastName !== undefined ? { lastName: u.lastName } : {}) })),
    bots: n.bots.map((b) => ({ username: b.username, group: b.group, ...(b.displayName !== undefined ? { displayName: b.displayName } : {}) })),
    dataRetention: n.dataRetention !== undefined,
  };
}

function federationGroup(g: FederationPlan['networks'][number]['groups'][number], region: string): DesiredFederationGroup {
  const peer = (p: PlanPeer): DesiredPeer => {
    switch (p.kind) {
      case 'network':
        return { label: p.key, network: p.key, region: p.region };
      case 'aws-partner':
        return { label: `partner ${p.id}`, networkId: p.networkId, region: p.region };
      case 'enterprise-partner':
        return { label: `partner ${p.id}`, networkId: p.networkId, domain: p.domain };
    }
  };
  // Split as NetworkFederation splits them: same Region is local, Enterprise is its own list.
  const isLocal = (p: PlanPeer) => p.kind !== 'enterprise-partner' && p.region === region;
  return {
    name: g.name,
    isDefault: g.isDefault,
    local: g.local,
    global: g.global,
    guests: g.guests,
    localPeers: g.peers.filter(isLocal).map(peer),
    awsPeers: g.peers.filter((p) => !isLocal(p) && p.kind !== 'enterprise-partner').map(peer),
    enterprisePeers: g.peers.filter((p) => p.kind === 'enterprise-partner').map(peer),
  };
}
