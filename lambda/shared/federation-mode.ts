/**
 * THE one place where the kit decides what Wickr's federation members of a security group mean.
 * Every other module (the handler, the constructs, the federation map) speaks in the kit's own
 * terms, a `GroupFederation` per group, and converts through this file.
 *
 * The kit's terms, per security group:
 * - `local`: federation with AWS Wickr networks in the SAME Region: none, all, or restricted to
 *   an allow-list of network ids;
 * - `global`: federation across Regions and with Wickr Enterprise: none, all, or restricted to
 *   allow-lists of `{region, networkId}` (AWS Wickr) and `{domain, networkId}` (Enterprise);
 * - `guests`: whether users of the group may talk to guest users.
 *
 * Why a pinned reading is needed: the 2024-02-01 model documents `federationMode` three times and
 * the texts disagree (../shared/wickr/api-notes.md §4.3 records them):
 * - on `SecurityGroupSettings` (what Get/List return and Update accepts): 0 none, 1 federated,
 *   2 restricted, described as the LOCAL federation mode;
 * - on `SecurityGroupSettingsRequest` (Create): 0 none, 1 all networks, 2 only permitted networks,
 *   again the local mode;
 * - on `UpdateSecurityGroupRequest.securityGroupSettings`: 0 local, 1 restricted, 2 global.
 * The first two agree with each other, with the member's own name ("the local federation mode")
 * and with the model's other members: cross-Region federation has its own switches
 * (`globalFederation`, `enableRestrictedGlobalFederation`) and allow-lists
 * (`permittedWickrAwsNetworks`, `permittedWickrEnterpriseNetworks`), which would be redundant if
 * `federationMode` 2 meant "global". The third text reads like a description of the console's
 * three headings rather than of the integer. The kit therefore reads:
 *
 *   federationMode 0 = no local federation, 1 = local with every network of the Region,
 *   2 = local restricted to `permittedNetworks`;
 *   cross-Region = `globalFederation` (on/off) + `enableRestrictedGlobalFederation` (allow-lists on/off)
 *   + `permittedWickrAwsNetworks` / `permittedWickrEnterpriseNetworks`.
 *
 * This is a reading of documentation, not something verified against the live service. If the
 * service turns out to use the third reading, this file (and its test, test/handlers/federation-mode.test.ts)
 * is the only code to change.
 *
 * Guests: the request shape says `enableGuestFederation` is "only valid when federationMode is set
 * to Global". In the kit's reading no `federationMode` value means global, so the kit takes it to
 * mean `globalFederation: true`, which is also what the service's console shows outside us-east-1
 * (api-notes §6.2; in us-east-1 the console shows the toggle under local federation, see
 * docs/federation.md for how the kit treats that).
 *
 * No dependencies beyond the generated types: this file is bundled into the Lambda handler.
 */
import type { PermittedWickrEnterpriseNetwork, SecurityGroupSettings, WickrAwsNetworks } from '../wickr/model/types';

/** How far a group federates in one scope. */
export const FEDERATION_SCOPES = ['none', 'all', 'restricted'] as const;
export type FederationScope = (typeof FEDERATION_SCOPES)[number];

/** `federationMode` values, as the kit reads them (see the file comment). */
export const FEDERATION_MODE = {
  /** No federation with other networks of the Region. */
  none: 0,
  /** Federation with every AWS Wickr network of the Region. */
  all: 1,
  /** Federation only with the networks in `permittedNetworks`. */
  restricted: 2,
} as const satisfies Record<FederationScope, number>;

/** The `SecurityGroupSettings` members that carry federation; the federation resource owns exactly these. */
export const FEDERATION_SETTING_MEMBERS = [
  'federationMode',
  'permittedNetworks',
  'globalFederation',
  'enableRestrictedGlobalFederation',
  'permittedWickrAwsNetworks',
  'permittedWickrEnterpriseNetworks',
  'enableGuestFederation',
] as const;
export type FederationSettingMember = (typeof FEDERATION_SETTING_MEMBERS)[number];
export type FederationSettings = Required<Pick<SecurityGroupSettings, FederationSettingMember>>;

/** One group's federation in the kit's terms, with the peers' network ids resolved. */
export interface GroupFederation {
  readonly local: FederationScope;
  readonly global: FederationScope;
  readonly guests: boolean;
  /** Same-Region AWS Wickr network ids (used when `local` is restricted). */
  readonly localNetworkIds: readonly string[];
  /** Other-Region AWS Wickr networks (used when `global` is restricted). */
  readonly awsNetworks: readonly { readonly region: string; readonly networkId: string }[];
  /** Wickr Enterprise networks (used when `global` is restricted). */
  readonly enterpriseNetworks: readonly { readonly domain: string; readonly networkId: string }[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const awsKey = (n: { region?: string; networkId?: string }) => `${n.region ?? ''}/${n.networkId ?? ''}`;
const enterpriseKey = (n: { domain?: string; networkId?: string }) => `${(n.domain ?? '').toLowerCase()}/${n.networkId ?? ''}`;

/**
 * The federation members to send for a group. Every member is always given a value, so the
 * group's federation is exactly what the config says: allow-lists are emptied when a scope is not
 * restricted, and guests are off unless asked for. Lists are sorted and de-duplicated so that
 * comparing with what the service returns does not depend on order.
 */
export function toFederationSettings(g: GroupFederation): FederationSettings {
  const localRestricted = g.local === 'restricted';
  const globalOn = g.global !== 'none';
  const globalRestricted = g.global === 'restricted';
  return {
    federationMode: FEDERATION_MODE[g.local],
    permittedNetworks: localRestricted ? [...new Set(g.localNetworkIds)].sort(byText) : [],
    globalFederation: globalOn,
    enableRestrictedGlobalFederation: globalRestricted,
    permittedWickrAwsNetworks: globalRestricted ? uniqueSorted(g.awsNetworks.map((n) => ({ region: n.region, networkId: n.networkId })), awsKey) : [],
    permittedWickrEnterpriseNetworks: globalRestricted
      ? uniqueSorted(g.enterpriseNetworks.map((n) => ({ domain: n.domain, networkId: n.networkId })), enterpriseKey)
      : [],
    enableGuestFederation: g.guests,
  };
}

function uniqueSorted<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.entries()].sort(([a], [b]) => byText(a, b)).map(([, v]) => v);
}

/**
 * A group's current federation read back into the kit's terms (for logs, drift messages and
 * tests). Members the service left out read as off/empty. A `federationMode` outside 0..2 is
 * reported as `undefined` local scope rather than guessed.
 */
export function fromFederationSettings(s: SecurityGroupSettings): Omit<GroupFederation, 'local'> & { readonly local: FederationScope | undefined } {
  const mode = s.federationMode ?? 0;
  const local = (Object.keys(FEDERATION_MODE) as FederationScope[]).find((k) => FEDERATION_MODE[k] === mode);
  const global: FederationScope = s.globalFederation !== true ? 'none' : s.enableRestrictedGlobalFederation === true ? 'restricted' : 'all';
  return {
    local,
    global,
    guests: s.enableGuestFederation === true,
    localNetworkIds: [...(s.permittedNetworks ?? [])],
    awsNetworks: (s.permittedWickrAwsNetworks ?? []).map((n: WickrAwsNetworks) => ({ region: n.region ?? '', networkId: n.networkId ?? '' })),
    enterpriseNetworks: (s.permittedWickrEnterpriseNetworks ?? []).map((n: PermittedWickrEnterpriseNetwork) => ({ domain: n.domain ?? '', networkId: n.networkId ?? '' })),
  };
}

/**
 * The members of `desired` that differ from `current`; empty when the group is already as wanted.
 * Allow-lists compare as sets (the service need not keep their order; Enterprise domains compare
 * without case).
 */
export function federationPatch(current: SecurityGroupSettings, desired: FederationSettings): Partial<FederationSettings> {
  const patch: Partial<FederationSettings> = {};
  const same = (a: readonly string[], b: readonly string[]) => {
    const [x, y] = [[...a].sort(byText), [...b].sort(byText)];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  };
  const set = <K extends FederationSettingMember>(k: K) => {
    (patch as Record<string, unknown>)[k] = desired[k];
  };
  if ((current.federationMode ?? 0) !== desired.federationMode) set('federationMode');
  if (!same([...new Set(current.permittedNetworks ?? [])], desired.permittedNetworks)) set('permittedNetworks');
  if ((current.globalFederation ?? false) !== desired.globalFederation) set('globalFederation');
  if ((current.enableRestrictedGlobalFederation ?? false) !== desired.enableRestrictedGlobalFederation) set('enableRestrictedGlobalFederation');
  if (!same([...new Set((current.permittedWickrAwsNetworks ?? []).map(awsKey))], desired.permittedWickrAwsNetworks.map(awsKey))) set('permittedWickrAwsNetworks');
  if (!same([...new Set((current.permittedWickrEnterpriseNetworks ?? []).map(enterpriseKey))], desired.permittedWickrEnterpriseNetworks.map(enterpriseKey))) {
    set('permittedWickrEnterpriseNetworks');
  }
  if ((current.enableGuestFederation ?? false) !== desired.enableGuestFederation) set('enableGuestFederation');
  return patch;
}

/**
 * Why a combination cannot be written, in the kit's terms, or undefined when it can. The same
 * rule runs at synth (config and constructs) and in the handler (a last check before writing).
 */
export function federationProblem(g: Pick<GroupFederation, 'local' | 'global' | 'guests'>): string | undefined {
  if (g.guests && g.global === 'none') {
    return 'guest users need global federation on the group (the API accepts enableGuestFederation only with globalFederation on)';
  }
  return undefined;
}
