/**
 * THE one place where the kit decides what Wickr's federation members of a security group mean.
 * Every other module (the handler, the constructs, the federation map, drift detection) speaks in
 * the kit's own terms, a `GroupFederation` per group, and converts through this file.
 *
 * The kit's terms, per security group:
 * - `local`: federation with AWS Wickr networks in the SAME Region: none, all, or restricted to
 *   an allow-list of network ids;
 * - `global`: federation across Regions and with Wickr Enterprise: none, all, or restricted to
 *   allow-lists of `{region, networkId}` (AWS Wickr) and `{domain, networkId}` (Enterprise);
 * - `guests`: whether users of the group may talk to guest users.
 *
 * What `federationMode` means. The 2024-02-01 model documents it three times and the texts disagree
 * (../shared/wickr/api-notes.md §4.3): on `SecurityGroupSettings` and `SecurityGroupSettingsRequest`
 * as the local mode "0 none, 1 federated (all), 2 restricted"; on
 * `UpdateSecurityGroupRequest.securityGroupSettings` as "0 Local, 1 Restricted, 2 Global". The only
 * project that has run the API against the live service, the Terraform fork
 * `SMonaghan/terraform-provider-aws` (`internal/service/wickr/security_group.go` and its tests and
 * docs @f4fe7142, live checks 2026-04-19), uses the third reading: its docs' example pairs mode 2
 * ("Global") with `globalFederation: true`, its live kitchen-sink writes mode 1 with the global
 * switches off and mode 2 with them on, and it records that STANDARD networks store mode 0 as 1 (the
 * service's default for a new group is 1). That coercion only makes sense in the third reading: 1 is
 * "restricted" there (nothing beyond an allow-list, possibly empty), the narrow default a plan can
 * fall back to; in the model's first reading 1 would be "every network of the Region", and a STANDARD
 * group could never turn local federation off. Where the live evidence and the model disagree, the
 * kit builds for the live service, so it reads (`OBSERVED`):
 *
 *   federationMode 0 = local: every AWS Wickr network of the Region;
 *   federationMode 1 = restricted: only the networks in `permittedNetworks` (none when it is empty);
 *   federationMode 2 = global: `globalFederation` on, with `enableRestrictedGlobalFederation` and
 *                      `permittedWickrAwsNetworks` / `permittedWickrEnterpriseNetworks` for allow-lists.
 *
 * A group that federates across Regions therefore always carries mode 2; its same-Region allow-list,
 * if any, rides in `permittedNetworks` beside it (whether the service honours that list in mode 2 is
 * not recorded anywhere; docs/federation.md says so). "Local with every network" cannot be combined
 * with global federation in this reading, and STANDARD networks cannot have it at all (0 is stored
 * as 1): `federationModeProblem` refuses both at synth.
 *
 * The model's reading is kept as `MODEL` so that, if `npm run test:live` (test/live/) shows the
 * service means the other thing, `KIT_READING` is the only line to change; the tests run both.
 *
 * No dependencies beyond the generated types: this file is bundled into the Lambda handler.
 */
import type { PermittedWickrEnterpriseNetwork, SecurityGroupSettings, WickrAwsNetworks } from '../wickr/model/types';

/** How far a group federates in one scope. */
export const FEDERATION_SCOPES = ['none', 'all', 'restricted'] as const;
export type FederationScope = (typeof FEDERATION_SCOPES)[number];

/** The two readings of `federationMode` (see the file comment). */
export const FEDERATION_MODE_READINGS = {
  /** The live-tested peer's reading: 0 local (all networks of the Region), 1 restricted, 2 global. */
  OBSERVED: { localAll: 0, restricted: 1, global: 2 },
  /** The model's member documentation: 0 none, 1 all networks of the Region, 2 restricted; global is separate. */
  MODEL: { none: 0, all: 1, restricted: 2 },
} as const;
export type FederationModeReading = keyof typeof FEDERATION_MODE_READINGS;

/** The reading the kit deploys. */
export const KIT_READING: FederationModeReading = 'OBSERVED';

/** `federationMode` values of the observed reading, by name (for messages and tests). */
export const FEDERATION_MODE = FEDERATION_MODE_READINGS.OBSERVED;

/** A reading in words, for reports: which integer means what. */
export function describeReading(reading: FederationModeReading = KIT_READING): string {
  const o = FEDERATION_MODE_READINGS.OBSERVED;
  const m = FEDERATION_MODE_READINGS.MODEL;
  return reading === 'OBSERVED'
    ? `as the live-tested peer reads it: ${o.localAll} local with every network of the Region, ${o.restricted} restricted, ${o.global} global`
    : `as the model's member documentation reads it: ${m.none} none, ${m.all} every network of the Region, ${m.restricted} restricted; global through globalFederation`;
}

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

/** A group's federation as read back: a scope the members do not settle is `undefined`, never guessed. */
export type ReadGroupFederation = Omit<GroupFederation, 'local' | 'global'> & {
  readonly local: FederationScope | undefined;
  readonly global: FederationScope | undefined;
  /** The raw `federationMode`, so reports can show what the service holds. */
  readonly federationMode: number | undefined;
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const awsKey = (n: { region?: string; networkId?: string }) => `${n.region ?? ''}/${n.networkId ?? ''}`;
const enterpriseKey = (n: { domain?: string; networkId?: string }) => `${(n.domain ?? '').toLowerCase()}/${n.networkId ?? ''}`;

/** `federationMode` for a group, in a reading. */
function modeFor(g: Pick<GroupFederation, 'local' | 'global'>, reading: FederationModeReading): number {
  if (reading === 'MODEL') return FEDERATION_MODE_READINGS.MODEL[g.local];
  const observed = FEDERATION_MODE_READINGS.OBSERVED;
  if (g.global !== 'none') return observed.global;
  return g.local === 'all' ? observed.localAll : observed.restricted;
}

/**
 * The federation members to send for a group. Every member is always given a value, so the
 * group's federation is exactly what the config says: allow-lists are emptied when a scope is not
 * restricted, and guests are off unless asked for. Lists are sorted and de-duplicated so that
 * comparing with what the service returns does not depend on order. Only the members that differ
 * from the live group are sent (`federationPatch`).
 */
export function toFederationSettings(g: GroupFederation, reading: FederationModeReading = KIT_READING): FederationSettings {
  const localRestricted = g.local === 'restricted';
  const globalOn = g.global !== 'none';
  const globalRestricted = g.global === 'restricted';
  return {
    federationMode: modeFor(g, reading),
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

/** The settings a new group is created with: no federation at all (the federation resource opens it later). */
export function noFederationSettings(reading: FederationModeReading = KIT_READING): Pick<FederationSettings, 'federationMode'> {
  return { federationMode: modeFor({ local: 'none', global: 'none' }, reading) };
}

function uniqueSorted<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.entries()].sort(([a], [b]) => byText(a, b)).map(([, v]) => v);
}

/**
 * A group's current federation read back into the kit's terms (for logs, drift reports, the
 * federation check and tests). Missing switches and lists read as off/empty, but a scope that the
 * members leave open is reported as `undefined`, never as "none": a `federationMode` outside 0..2, or
 * (observed reading) mode 2 without `globalFederation`, or global switches on under a local mode.
 */
export function fromFederationSettings(s: SecurityGroupSettings, reading: FederationModeReading = KIT_READING): ReadGroupFederation {
  const mode = s.federationMode;
  const localIds = [...(s.permittedNetworks ?? [])];
  const globalOn = s.globalFederation === true;
  const globalSwitch: FederationScope = !globalOn ? 'none' : s.enableRestrictedGlobalFederation === true ? 'restricted' : 'all';
  let local: FederationScope | undefined;
  let global: FederationScope | undefined;
  if (reading === 'MODEL') {
    const m = mode ?? 0;
    local = (Object.keys(FEDERATION_MODE_READINGS.MODEL) as FederationScope[]).find((k) => FEDERATION_MODE_READINGS.MODEL[k] === m);
    global = globalSwitch;
  } else {
    const observed = FEDERATION_MODE_READINGS.OBSERVED;
    const listed: FederationScope = localIds.length > 0 ? 'restricted' : 'none';
    if (mode === observed.localAll) {
      local = 'all';
      global = globalOn ? undefined : 'none';
    } else if (mode === observed.restricted) {
      local = listed;
      global = globalOn ? undefined : 'none';
    } else if (mode === observed.global) {
      local = listed;
      global = globalOn ? globalSwitch : undefined;
    } else if (mode === undefined && !globalOn) {
      // The service did not say; with nothing allow-listed and nothing global, nothing is open.
      local = listed;
      global = 'none';
    }
  }
  return {
    local,
    global,
    guests: s.enableGuestFederation === true,
    federationMode: mode,
    localNetworkIds: localIds,
    awsNetworks: (s.permittedWickrAwsNetworks ?? []).map((n: WickrAwsNetworks) => ({ region: n.region ?? '', networkId: n.networkId ?? '' })),
    enterpriseNetworks: (s.permittedWickrEnterpriseNetworks ?? []).map((n: PermittedWickrEnterpriseNetwork) => ({ domain: n.domain ?? '', networkId: n.networkId ?? '' })),
  };
}

/** A read-back scope in words, for messages: `undefined` is said as what it is. */
export function describeScope(scope: FederationScope | undefined, federationMode: number | undefined): string {
  return scope ?? `not settled by the service's members (federationMode ${federationMode ?? 'absent'})`;
}

/**
 * The members of `desired` that differ from `current`; empty when the group is already as wanted.
 * Allow-lists compare as sets (the service need not keep their order; Enterprise domains compare
 * without case). A member the service leaves out compares as off/empty, except `federationMode`,
 * which is sent whenever the service does not show the wanted value.
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
  if (current.federationMode !== desired.federationMode) set('federationMode');
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

/**
 * What the network's plan and the kit's reading of `federationMode` refuse, per field of the
 * group's federation (empty when it can be written):
 * - in the observed reading one integer picks local-with-all, restricted or global, so `local: all`
 *   cannot go with global federation;
 * - STANDARD networks store mode 0 as 1, so they cannot have `local: all` at all
 *   (security_group_test.go @f4fe7142);
 * - STANDARD networks refuse `enableGuestFederation` with HTTP 402, whatever its value
 *   (`userSetPremiumOnlyFields`), so guests need PREMIUM. (The kit never sends it on STANDARD: it
 *   is off there and the kit writes only what differs.)
 */
export function federationPlanProblems(
  g: Pick<GroupFederation, 'local' | 'global' | 'guests'>,
  network: { readonly accessLevel?: string },
  reading: FederationModeReading = KIT_READING,
): { readonly field: 'local' | 'guests'; readonly message: string }[] {
  const out: { field: 'local' | 'guests'; message: string }[] = [];
  const standard = network.accessLevel === 'STANDARD';
  if (reading === 'OBSERVED' && g.local === 'all') {
    if (standard) {
      out.push({
        field: 'local',
        message:
          'federation with every network of the Region (local: all) is not available on STANDARD networks: the service stores federationMode 0 as 1 (restricted); use local: restricted with links, or make the network PREMIUM',
      });
    } else if (g.global !== 'none') {
      out.push({
        field: 'local',
        message:
          "local: all cannot be combined with global federation: Wickr's federationMode selects one of local (all networks of the Region), restricted or global; use local: restricted with links to the same-Region networks, or global: none",
      });
    }
  }
  if (standard && g.guests) {
    out.push({
      field: 'guests',
      message: 'guest users need a PREMIUM network: on STANDARD, Wickr refuses enableGuestFederation with HTTP 402 "this feature requires a different level plan"; make the network PREMIUM, or set guests: false',
    });
  }
  return out;
}
