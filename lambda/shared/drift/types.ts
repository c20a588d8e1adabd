/**
 * Drift detection's two documents:
 *
 * - the *desired state* (`DriftDesiredState`): what the kit manages for an agency's networks, in
 *   the wire forms the handlers write, built from the config by lib/config/drift-plan.ts. The CLI
 *   builds it at run time; the scheduled check gets it as `desired-state.json` inside its code
 *   asset (docs/runbooks/drift.md says why). It holds no secret: SSO is described without its
 *   client secret, bots without their passwords;
 * - the *report* (`DriftReport`): every difference between it and the service, in the config's own
 *   names and units, plus what the service has that is reported but not managed, and what could not
 *   be compared.
 *
 * No dependencies beyond the kit's shared types: this file is bundled into the Lambda handler.
 */
import type { FederationScope } from '../federation-mode';
import type { DesiredNetworkSettings } from '../network-settings-diff';
import type { DesiredOidc } from '../oidc-diff';
import type { ManagedSettings } from '../security-group-props';

/** Bumped when the document changes shape; the scheduled check refuses any other. */
export const DESIRED_STATE_VERSION = 1;

/** A network of the config, as drift finds it in the service. */
export interface NetworkRef {
  /** `<agency id>/<network id>`, how the config's federation names it and how reports name it. */
  readonly key: string;
  /** The Wickr network name the config gives it. */
  readonly name: string;
  readonly region: string;
  /** The SSM parameter (in `region`) where its network stack wrote its id. */
  readonly parameterName: string;
  /** The id the config adopts, when it adopts one. */
  readonly adoptNetworkId?: string;
}

export interface DesiredGroup {
  /** The group's name in the config (the default group is found by its flag and should carry this name). */
  readonly name: string;
  readonly isDefault: boolean;
  /** The members the kit manages, in wire form (`toManagedSettings`). */
  readonly settings: ManagedSettings;
}

/**
 * A peer a group allow-lists: a network of the config, by its key (its id is found like any network
 * of the config), or a partner by its id.
 */
export type DesiredPeer =
  | { readonly label: string; readonly network: string; readonly region: string }
  | { readonly label: string; readonly networkId: string; readonly region: string }
  | { readonly label: string; readonly networkId: string; readonly domain: string };

export interface DesiredFederationGroup {
  readonly name: string;
  readonly isDefault: boolean;
  readonly local: FederationScope;
  readonly global: FederationScope;
  readonly guests: boolean;
  /** Same-Region AWS Wickr peers (`permittedNetworks`). */
  readonly localPeers: readonly DesiredPeer[];
  /** Other-Region AWS Wickr peers (`permittedWickrAwsNetworks`). */
  readonly awsPeers: readonly DesiredPeer[];
  /** Wickr Enterprise peers (`permittedWickrEnterpriseNetworks`). */
  readonly enterprisePeers: readonly DesiredPeer[];
}

export interface DesiredUser {
  readonly username: string;
  /** Sensitive: compared, never printed. */
  readonly firstName?: string;
  /** Sensitive: compared, never printed. */
  readonly lastName?: string;
  /** The security group's name. */
  readonly group: string;
}

export interface DesiredBot {
  readonly username: string;
  readonly displayName?: string;
  readonly group: string;
}

export interface DesiredNetwork extends NetworkRef {
  readonly accessLevel: 'STANDARD' | 'PREMIUM';
  /** The network settings the config names (others are not managed); absent when it names none. */
  readonly settings?: DesiredNetworkSettings;
  readonly securityGroups: readonly DesiredGroup[];
  /** Every group whose federation the kit manages; absent when the kit manages no federation here. */
  readonly federation?: readonly DesiredFederationGroup[];
  readonly sso?: DesiredOidc;
  readonly users: readonly DesiredUser[];
  readonly bots: readonly DesiredBot[];
  /** The config turns data retention on (bot registered, retention enabled). */
  readonly dataRetention: boolean;
}

export interface DriftDesiredState {
  readonly version: typeof DESIRED_STATE_VERSION;
  readonly agency: string;
  /** The networks to check. */
  readonly networks: readonly DesiredNetwork[];
  /** Networks the checked ones federate with that are not checked here (other Regions), for their ids. */
  readonly peerNetworks: readonly NetworkRef[];
}

// ---------------------------------------------------------------------------------------------
// The report

/** A value as the config writes it (`30d`, `LOW_QUALITY`, `ENABLED`, a list); `null`: the service has none. */
export type DriftValue = string | number | boolean | readonly string[] | null;

/** One managed member whose live value differs from the configured one. */
export interface DriftDifference {
  /** The network's key, `<agency id>/<network id>`. */
  readonly network: string;
  /** `network`, `settings`, `security-group:<name>`, `federation:<group>`, `sso`, `user:<username>`, `bot:<username>`, `data-retention`. */
  readonly resource: string;
  /** The member in the config's names (`maxTtl`, `calling.video`, `readReceipts`). */
  readonly member: string;
  readonly expected: DriftValue;
  readonly actual: DriftValue;
}

/** A live value the kit reports and does not manage (never drift), e.g. screen sharing. */
export interface ReportedValue {
  readonly network: string;
  readonly resource: string;
  /** The member as the service names it (`CALLING.canStartScreenShare`). */
  readonly member: string;
  readonly actual: DriftValue;
}

/** Something the check could not compare, and why. */
export interface UnresolvedItem {
  readonly network: string;
  readonly resource: string;
  readonly reason: string;
}

/** A network the check looked at, and how it found it. */
export interface CheckedNetwork {
  readonly network: string;
  readonly region: string;
  /** Absent when the network was not found. */
  readonly networkId?: string;
  /** `adoptNetworkId` (the config's id), `ssm` (the id its stack wrote) or `name` (ListNetworks). */
  readonly foundBy?: 'adoptNetworkId' | 'ssm' | 'name';
}

export interface DriftReport {
  readonly agency: string;
  readonly networks: readonly CheckedNetwork[];
  readonly differences: readonly DriftDifference[];
  readonly reported: readonly ReportedValue[];
  readonly unresolved: readonly UnresolvedItem[];
  /** Things worth knowing that are neither drift nor unresolved (an id found by name because SSM was not readable). */
  readonly notes: readonly string[];
}

/** The text a value is printed as. Sensitive members never carry their value (see `SENSITIVE_VALUE`). */
export function valueText(value: DriftValue): string {
  if (value === null) return '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.join(', ')}]`;
  return String(value);
}

/** Stands for the value of a sensitive member (users' first and last names) in every report. */
export const SENSITIVE_VALUE = '(sensitive, not shown)';

/**
 * Checks that a parsed JSON document is a desired state this code understands; the scheduled check
 * refuses anything else rather than compare against half a document.
 */
export function parseDesiredState(doc: unknown, source: string): DriftDesiredState {
  const d = doc as Partial<DriftDesiredState> | null;
  const fail = (what: string) => {
    throw new Error(`${source}: ${what}; regenerate it by deploying the stack again (cdk deploy), which writes the desired state from the config`);
  };
  if (d === null || typeof d !== 'object') fail('is not a JSON object');
  if (d!.version !== DESIRED_STATE_VERSION) fail(`has version ${JSON.stringify(d!.version)}, and this check reads version ${DESIRED_STATE_VERSION}`);
  if (typeof d!.agency !== 'string' || d!.agency === '') fail('names no agency');
  if (!Array.isArray(d!.networks) || !Array.isArray(d!.peerNetworks)) fail('has no networks list');
  for (const [i, n] of d!.networks!.entries()) {
    if (typeof n?.key !== 'string' || typeof n.region !== 'string' || typeof n.name !== 'string' || !Array.isArray(n.securityGroups)) fail(`networks[${i}] is incomplete`);
  }
  return d as DriftDesiredState;
}
