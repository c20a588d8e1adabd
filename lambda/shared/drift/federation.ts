/**
 * A group's federation, compared as the federation handler compares it (`federationPatch` in
 * lambda/shared/federation-mode.ts: allow-lists as sets, a member the service leaves out as
 * off/empty), and reported in the kit's terms: `local` and `global` scopes (none, all, restricted),
 * `guests`, and the allow-lists `localPeers`, `globalPeers`, `enterprisePeers`, each entry with the
 * config's name for it where the check knows it.
 *
 * A peer whose id could not be found (its SSM parameter unreadable and no network of its name) is
 * left out of the comparison: its list is then checked only for the peers that were found, and the
 * peer is reported as unresolved.
 */
import type { SecurityGroupSettings } from '../../wickr/model/types';
import { type GroupFederation, describeScope, federationPatch, fromFederationSettings, toFederationSettings } from '../federation-mode';
import { differ } from './difference';
import type { DesiredFederationGroup, DriftDifference, UnresolvedItem } from './types';

/** A peer with its id, or with why it has none. */
export interface ResolvedPeer {
  readonly label: string;
  readonly networkId?: string;
  readonly region?: string;
  readonly domain?: string;
  /** Why the id is unknown. */
  readonly reason?: string;
}

export interface ResolvedPeers {
  readonly local: readonly ResolvedPeer[];
  readonly aws: readonly ResolvedPeer[];
  readonly enterprise: readonly ResolvedPeer[];
}

export function resourceOfFederation(group: string): string {
  return `federation:${group}`;
}

const localKey = (p: { networkId?: string }) => p.networkId ?? '';
const awsKey = (p: { region?: string; networkId?: string }) => `${p.region ?? ''}/${p.networkId ?? ''}`;
const enterpriseKey = (p: { domain?: string; networkId?: string }) => `${(p.domain ?? '').toLowerCase()}/${p.networkId ?? ''}`;

export function compareFederation(
  network: string,
  group: DesiredFederationGroup,
  peers: ResolvedPeers,
  live: SecurityGroupSettings,
): { differences: DriftDifference[]; unresolved: UnresolvedItem[] } {
  const resource = resourceOfFederation(group.name);
  const d = differ(network, resource);
  const found = (list: readonly ResolvedPeer[]) => list.filter((p) => p.networkId !== undefined);
  const want: GroupFederation = {
    local: group.local,
    global: group.global,
    guests: group.guests,
    localNetworkIds: found(peers.local).map((p) => p.networkId!),
    awsNetworks: found(peers.aws).map((p) => ({ region: p.region ?? '', networkId: p.networkId! })),
    enterpriseNetworks: found(peers.enterprise).map((p) => ({ domain: p.domain ?? '', networkId: p.networkId! })),
  };
  const settings = toFederationSettings(want);
  const patch = federationPatch(live, settings);
  const read = fromFederationSettings(live);
  const differences: DriftDifference[] = [];
  const unresolved: UnresolvedItem[] = [];

  if ('federationMode' in patch || 'globalFederation' in patch || 'enableRestrictedGlobalFederation' in patch) {
    const before = differences.length;
    if (read.local !== want.local) differences.push(d('local', want.local, describeScope(read.local, read.federationMode)));
    if (read.global !== want.global) differences.push(d('global', want.global, describeScope(read.global, read.federationMode)));
    // Same scopes in the kit's terms, yet not the members the kit would write: show the raw mode.
    if (differences.length === before) differences.push(d('federationMode', settings.federationMode, live.federationMode ?? null));
  }

  const lists = [
    { member: 'localPeers', wire: 'permittedNetworks', peers: peers.local, key: localKey, live: (live.permittedNetworks ?? []).map((networkId) => ({ networkId })) },
    { member: 'globalPeers', wire: 'permittedWickrAwsNetworks', peers: peers.aws, key: awsKey, live: live.permittedWickrAwsNetworks ?? [] },
    { member: 'enterprisePeers', wire: 'permittedWickrEnterpriseNetworks', peers: peers.enterprise, key: enterpriseKey, live: live.permittedWickrEnterpriseNetworks ?? [] },
  ] as const;
  for (const list of lists) {
    const labels = new Map(found(list.peers).map((p) => [list.key(p), p.label]));
    const show = (k: string) => (labels.has(k) ? `${k} (${labels.get(k)})` : k);
    const wantKeys = [...labels.keys()].sort();
    const liveKeys = [...new Set(list.live.map((p) => list.key(p as never)))].sort();
    const missingPeers = list.peers.filter((p) => p.networkId === undefined);
    for (const p of missingPeers) unresolved.push({ network, resource, reason: `${list.member}: the id of ${p.label} is unknown (${p.reason ?? 'not found'}), so it was not compared` });
    const differs =
      missingPeers.length === 0
        ? list.wire in patch
        : // With a peer unknown, the live list may rightly hold an id the check cannot name: only a missing known peer is drift.
          wantKeys.some((k) => !liveKeys.includes(k));
    if (differs) differences.push(d(list.member, wantKeys.map(show), liveKeys.map(show)));
  }

  if ('enableGuestFederation' in patch) differences.push(d('guests', group.guests, live.enableGuestFederation ?? false));
  return { differences, unresolved };
}
