/**
 * Read-only views of the emulator's state for test assertions. Snapshots are plain JSON in the API's
 * own shapes, never mutate anything (unlike GetDataRetentionBot, whose polls can advance a simulated
 * registration) and never contain secrets: OIDC and OpenTDF secrets read "***", bot and
 * data-retention challenges are not included (`dataRetentionChallenge` exists for the one assertion
 * that needs it: "the kit stored the password the service issued").
 */
import type {
  BasicDeviceObject,
  BlockedGuestUser,
  Bot,
  GuestUser,
  Network,
  SecurityGroup,
  User,
} from '../../lambda/wickr/model/types';
import { toBot } from './ops/bots';
import { toNetwork } from './ops/networks';
import { toSecurityGroup } from './ops/security-groups';
import { dataRetentionBotName } from './ops/retention';
import { toUser } from './ops/users';
import { EmulatorState, NetworkRecord, NetworkSettingsRecord, OidcRecord } from './state';
import { REDACTED } from './validate';

export interface NetworkSnapshot {
  readonly network: Network;
  /** DeleteNetwork was accepted and the asynchronous deletion has not completed yet. */
  readonly deleting: boolean;
  /** The settings in their write (struct) form. */
  readonly settings: NetworkSettingsRecord;
  readonly securityGroups: SecurityGroup[];
  readonly users: Array<User & { devices: BasicDeviceObject[] }>;
  readonly bots: Bot[];
  readonly guests: GuestUser[];
  readonly blockedGuests: BlockedGuestUser[];
  readonly dataRetention: {
    readonly botName: string;
    readonly botExists: boolean;
    readonly isDataRetentionBotRegistered: boolean;
    readonly isDataRetentionServiceEnabled: boolean;
    readonly isPubkeyMsgAcked: boolean;
    readonly challengesIssued: number;
  };
  /** Saved SSO settings; `secret` reads "***" when one was given. */
  readonly oidc?: OidcRecord;
  readonly tdf?: { clientId: string; clientSecret: string; domain: string; provider: string };
}

/** Region → network id → snapshot. */
export type StateSnapshot = Record<string, Record<string, NetworkSnapshot>>;

export interface StateInspector {
  /** Every Region's networks for one account (default: the emulator's primary account). */
  snapshot(accountId?: string): StateSnapshot;
  /** Regions that have seen at least one request for the account. */
  regions(accountId?: string): string[];
  network(region: string, networkId: string, accountId?: string): NetworkSnapshot | undefined;
  /** The latest data-retention challenge issued for a network (for asserting it was stored, not logged). */
  dataRetentionChallenge(region: string, networkId: string, accountId?: string): string | undefined;
  /** How many idempotency tokens the Region remembers. */
  tokenCount(region: string, accountId?: string): number;
}

export function snapshotNetwork(state: EmulatorState, record: NetworkRecord): NetworkSnapshot {
  const now = state.nowSeconds();
  const dr = record.dataRetention;
  return JSON.parse(
    JSON.stringify({
      network: toNetwork(record),
      deleting: record.deletion !== undefined,
      settings: record.settings,
      securityGroups: [...record.groups.values()].map((g) => toSecurityGroup(record, g)),
      users: [...record.users.values()].map((u) => ({ ...toUser(u, now), devices: u.devices })),
      bots: [...record.bots.values()].map(toBot),
      guests: [...record.guests.values()],
      blockedGuests: [...record.blocked.values()],
      dataRetention: {
        botName: dataRetentionBotName(record.networkId),
        botExists: dr.exists,
        isDataRetentionBotRegistered: dr.registered,
        isDataRetentionServiceEnabled: record.settings.dataRetention,
        isPubkeyMsgAcked: dr.pubkeyAcked,
        challengesIssued: dr.challengesIssued,
      },
      oidc: record.oidc && {
        ...record.oidc,
        secret: record.oidc.secret === undefined ? undefined : REDACTED,
      },
      tdf: record.tdf && { ...record.tdf, clientSecret: REDACTED },
    }),
  ) as NetworkSnapshot;
}

export function createInspector(state: EmulatorState, defaultAccountId: string): StateInspector {
  const find = (region: string, networkId: string, accountId: string) =>
    state.regions(accountId).find((rs) => rs.region === region)?.networks.get(networkId);
  return {
    snapshot(accountId = defaultAccountId) {
      const out: StateSnapshot = {};
      for (const rs of state.regions(accountId)) {
        out[rs.region] = Object.fromEntries([...rs.networks.values()].map((n) => [n.networkId, snapshotNetwork(state, n)]));
      }
      return out;
    },
    regions(accountId = defaultAccountId) {
      return state.regions(accountId).map((rs) => rs.region);
    },
    network(region, networkId, accountId = defaultAccountId) {
      const record = find(region, networkId, accountId);
      return record && snapshotNetwork(state, record);
    },
    dataRetentionChallenge(region, networkId, accountId = defaultAccountId) {
      return find(region, networkId, accountId)?.dataRetention.lastChallenge;
    },
    tokenCount(region, accountId = defaultAccountId) {
      return state.regions(accountId).find((rs) => rs.region === region)?.tokens.size ?? 0;
    },
  };
}
