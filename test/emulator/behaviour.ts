/**
 * How the emulator answers where the live service and the published model disagree.
 *
 * The default, `LIVE_BEHAVIOUR`, is the service as the live-tested Terraform provider fork
 * `SMonaghan/terraform-provider-aws` recorded it (`internal/service/wickr/`, live checks in us-east-1
 * dated 2026-04-19); each switch names its source below and in README.md. `MODEL_BEHAVIOUR` turns
 * every switch off: the emulator then does only what the 2024-02-01 Smithy model says (plus the
 * documented choices in README.md), which is how the kit was first built and is still tested.
 *
 *   startEmulator()                                  // live (default)
 *   startEmulator({ behaviour: 'model' })            // model only
 *   startEmulator({ behaviour: { callingKeys: 'both' } })   // live, with one switch changed
 */
import type { MemberFacts, ShapeFacts } from '../../lambda/wickr/model/table-types';
import { CALLING_EXTRA_MEMBERS, LIVE_CALLING_MEMBER } from '../../lambda/wickr/live-members';
import { MAX_SECURITY_GROUPS_PER_NETWORK } from '../../lambda/shared/plan-tier';

export interface ServiceBehaviour {
  /**
   * `encryptionKeyArn` on CreateNetwork/UpdateNetwork is accepted but never stored, and Get/List
   * never return it (network.go @4b379437, schema comment on `encryption_key_arn`).
   * Off: stored and returned, as the model's `Network.encryptionKeyArn` suggests.
   */
  readonly networkKeyNotStored: boolean;
  /**
   * DeleteNetwork answers "Network deletion initiated successfully"; the network leaves ListNetworks
   * at once; GetNetwork and every per-network call then answer 403 ForbiddenError, never 404
   * (network.go @4b379437, `Delete` and `Read`). Off: reads keep working for `deletion.polls`
   * GetNetwork calls, the network stays listed meanwhile, then everything answers 404.
   */
  readonly forbiddenAfterDelete: boolean;
  /**
   * Security groups carry members the model lacks: an uppercase `CALLING` object with seven booleans,
   * `passwordRequirements.regex` and `shredder.canProcessInBackground`; an UpdateSecurityGroup that
   * writes `passwordRequirements` or `shredder` without them is refused with 400 ValidationError
   * "This request contains invalid options or data." (security_group.go and
   * website/docs/r/wickr_security_group.html.markdown @f4fe7142).
   */
  readonly groupExtraMembers: boolean;
  /**
   * Which calling object responses carry when `groupExtraMembers` is on: `upper` only `CALLING` (all
   * seven members; the fork's @f4fe7142 wording), `lower` only the model's `calling` (three), `both`.
   * The fork does not settle whether the lowercase object is also sent (its open question), so the
   * kit is tested against all three.
   */
  readonly callingKeys: 'upper' | 'lower' | 'both';
  /**
   * On a STANDARD network, a security-group write that names any of the 21 PREMIUM-only members is
   * answered with HTTP 402 "this feature requires a different level plan", whatever the value
   * (security_group.go @f4fe7142 `userSetPremiumOnlyFields`: "AWS rejects full payloads with HTTP
   * 402"); data retention answers "Action not permitted with current access level"
   * (data_retention_bot_test.go @a1169838).
   */
  readonly planTiers: boolean;
  /**
   * STANDARD networks: `lockoutThreshold` below 10 → 422 "invalid lockoutThreshold setting for
   * network"; `federationMode` 0 is stored as 1; a new group's defaults are lockout 10 and
   * federationMode 1 (security_group_test.go @f4fe7142, `lockoutThreshold` and `federationMode` tests).
   */
  readonly standardLimits: boolean;
  /**
   * At most this many security groups per network, the default group included
   * (website/docs/r/wickr_security_group.html.markdown @f4fe7142). Off: `undefined`, no limit.
   */
  readonly maxSecurityGroups: number | undefined;
  /**
   * GetNetworkSettings leaves out settings still at their defaults, and UpdateNetworkSettings does not
   * set `dataRetention` (only UpdateDataRetention does) (flex.go @275578f5
   * `flattenNetworkSettingsOutput`, network_settings_test.go @8c73d6b9).
   */
  readonly sparseNetworkSettings: boolean;
}

export const LIVE_BEHAVIOUR: ServiceBehaviour = Object.freeze({
  networkKeyNotStored: true,
  forbiddenAfterDelete: true,
  groupExtraMembers: true,
  callingKeys: 'upper',
  planTiers: true,
  standardLimits: true,
  maxSecurityGroups: MAX_SECURITY_GROUPS_PER_NETWORK,
  sparseNetworkSettings: true,
});

export const MODEL_BEHAVIOUR: ServiceBehaviour = Object.freeze({
  networkKeyNotStored: false,
  forbiddenAfterDelete: false,
  groupExtraMembers: false,
  callingKeys: 'lower',
  planTiers: false,
  standardLimits: false,
  maxSecurityGroups: undefined,
  sparseNetworkSettings: false,
});

/** `'live'` (default), `'model'`, or the live behaviour with some switches changed. */
export type BehaviourOption = 'live' | 'model' | Partial<ServiceBehaviour>;

export function resolveBehaviour(option: BehaviourOption | undefined): ServiceBehaviour {
  if (option === undefined || option === 'live') return LIVE_BEHAVIOUR;
  if (option === 'model') return MODEL_BEHAVIOUR;
  return Object.freeze({ ...LIVE_BEHAVIOUR, ...option });
}

/** The live service's message for a STANDARD network asked for a PREMIUM-only member (HTTP 402). */
export const PLAN_TIER_MESSAGE = 'this feature requires a different level plan';
/** The live service's message for a nested security-group write that lacks a member it requires. */
export const INVALID_OPTIONS_MESSAGE = 'This request contains invalid options or data.';
/** DeleteNetwork's live answer. */
export const DELETE_INITIATED_MESSAGE = 'Network deletion initiated successfully';
/** Data retention on a STANDARD network, live. */
export const ACCESS_LEVEL_MESSAGE = 'Action not permitted with current access level';

/** Looks a shape up by name; the emulator's validators take one so each instance can see its own extensions. */
export type ShapeLookup = (name: string) => ShapeFacts | undefined;

type StructureFacts = Extract<ShapeFacts, { type: 'structure' }>;

/** Synthetic shape name for the live `CALLING` object (not a model shape). */
const LIVE_CALLING_SHAPE = 'LiveCallingSettings';

function withMembers(base: ShapeFacts | undefined, extra: Readonly<Record<string, MemberFacts>>): StructureFacts {
  if (!base || base.type !== 'structure') throw new Error('live extensions apply to structures only');
  return { ...base, members: { ...base.members, ...extra } };
}

/**
 * The table as the live service reads and writes it. Requests may carry `regex` and
 * `canProcessInBackground` (the service requires them); responses may also carry `CALLING`. The
 * emulator refuses `CALLING` in a request: nothing shows how the service accepts it, and the kit
 * must not send it (issue #13: screen sharing is reported, never written).
 */
export function liveShapes(model: ShapeLookup, behaviour: ServiceBehaviour, direction: 'input' | 'output'): ShapeLookup {
  if (!behaviour.groupExtraMembers) return model;
  const overrides = new Map<string, ShapeFacts>([
    ['PasswordRequirements', withMembers(model('PasswordRequirements'), { regex: { target: 'String' } })],
    ['ShredderSettings', withMembers(model('ShredderSettings'), { canProcessInBackground: { target: 'Boolean' } })],
  ]);
  if (direction === 'output') {
    const calling = model('CallingSettings');
    overrides.set(
      LIVE_CALLING_SHAPE,
      withMembers(calling, Object.fromEntries(CALLING_EXTRA_MEMBERS.map((name) => [name, { target: 'Boolean' }]))),
    );
    overrides.set('SecurityGroupSettings', withMembers(model('SecurityGroupSettings'), { [LIVE_CALLING_MEMBER]: { target: LIVE_CALLING_SHAPE } }));
  }
  return (name) => overrides.get(name) ?? model(name);
}
