/**
 * The emulator's in-memory world, partitioned by account and then by Region (the Region comes from
 * each request's SigV4 credential scope, so one emulator serves every Region the kit deploys to).
 * Plain records only: rendering to API shapes lives in the operation modules, inspection in inspect.ts.
 */
import type { AccessLevel, SecurityGroupSettings, Status } from '../../lambda/wickr/model/types';
import { liveShapes, ServiceBehaviour, ShapeLookup } from './behaviour';
import { shapeFacts } from './model';
import { Random, randomAlphanumeric, randomInt, seededRandom } from './random';

export interface DeviceRecord {
  appId: string;
  type: string;
  created: string;
  lastLogin: string;
  statusText: 'Active' | 'Reset';
  suspend: boolean;
}

export interface UserRecord {
  userId: string;
  username: string;
  firstName?: string;
  lastName?: string;
  groupId: string;
  /** 1 pending (invited), 2 active (UserStatus). */
  status: 1 | 2;
  suspended: boolean;
  uname: string;
  inviteCode: string;
  codeValidation: boolean;
  /** Epoch seconds. */
  inviteExpiration: number;
  modified: number;
  lastLogin?: number;
  lastActivity?: number;
  devices: DeviceRecord[];
}

export interface BotRecord {
  botId: string;
  username: string;
  displayName?: string;
  groupId: string;
  /** 1 pending, 2 active (BotStatus). */
  status: 1 | 2;
  suspended: boolean;
  hasChallenge: boolean;
  uname: string;
  pubkey?: string;
  lastLogin?: string;
}

export interface SecurityGroupRecord {
  id: string;
  name: string;
  isDefault: boolean;
  /** Epoch seconds. */
  modified: number;
  settings: SecurityGroupSettings;
}

export interface GuestRecord {
  username: string;
  usernameHash: string;
  /** yyyy-mm */
  billingPeriod: string;
}

export interface BlockedGuestRecord {
  username: string;
  usernameHash: string;
  admin: string;
  modified: string;
}

export interface DataRetentionRecord {
  exists: boolean;
  registered: boolean;
  pubkeyAcked: boolean;
  challengesIssued: number;
  /** Kept for test assertions only (never logged, never in snapshots). */
  lastChallenge?: string;
  /** GetDataRetentionBot polls seen since the latest challenge while not yet registered. */
  pollsSinceChallenge: number;
}

export interface OidcRecord {
  companyId: string;
  issuer: string;
  scopes: string;
  customUsername?: string;
  extraAuthParams?: string;
  secret?: string;
  ssoTokenBufferMinutes?: number;
  clientId?: string;
  applicationId: number;
  applicationName: string;
  redirectUrl: string;
}

export interface TdfRecord {
  clientId: string;
  clientSecret: string;
  domain: string;
  provider: string;
}

export interface NetworkSettingsRecord {
  enableClientMetrics: boolean;
  readReceiptConfig: { status: Status };
  /** One flag behind both the network setting and GetDataRetentionBot.isDataRetentionServiceEnabled. */
  dataRetention: boolean;
  enableTrustedDataFormat: boolean;
}

export interface NetworkRecord {
  networkId: string;
  networkName: string;
  accessLevel: AccessLevel;
  accountId: string;
  region: string;
  encryptionKeyArn?: string;
  freeTrial: boolean;
  freeTrialExpiration?: string;
  /** Set once DeleteNetwork was accepted; the network disappears when the deletion completes. */
  deletion?: { startedAtMs: number; pollsLeft?: number };
  settings: NetworkSettingsRecord;
  groups: Map<string, SecurityGroupRecord>;
  users: Map<string, UserRecord>;
  bots: Map<string, BotRecord>;
  guests: Map<string, GuestRecord>;
  blocked: Map<string, BlockedGuestRecord>;
  dataRetention: DataRetentionRecord;
  oidc?: OidcRecord;
  tdf?: TdfRecord;
}

export interface TokenRecord {
  readonly fingerprint: string;
  readonly output: unknown;
}

export interface RegionState {
  readonly accountId: string;
  readonly region: string;
  readonly networks: Map<string, NetworkRecord>;
  /**
   * Live behaviour (`forbiddenAfterDelete`): networks whose DeleteNetwork was accepted. They are
   * gone from ListNetworks at once, and every call that names them answers 403 ForbiddenError.
   */
  readonly deleted: Map<string, NetworkRecord>;
  /** Idempotency tokens, keyed by operation + token. */
  readonly tokens: Map<string, TokenRecord>;
  /** A premium free-trial network was deleted here: no further free trial may be created. */
  freeTrialSpent: boolean;
}

export interface DeletionTiming {
  /** GetNetwork calls that still see a network after DeleteNetwork (default 2). */
  readonly polls?: number;
  /** Milliseconds after DeleteNetwork at which it completes regardless of polls. */
  readonly ms?: number;
}

export interface StateConfig {
  readonly seed: number;
  readonly deletion: DeletionTiming;
  /** GetDataRetentionBot polls (after a challenge) before the bot counts as registered; false = never. */
  readonly autoRegisterDataRetentionBot: number | false;
  readonly now: () => number;
  /** Where the live service and the model disagree, which one the emulator follows (behaviour.ts). */
  readonly behaviour: ServiceBehaviour;
}

export class EmulatorState {
  private readonly accounts = new Map<string, Map<string, RegionState>>();
  private readonly networkIds = new Set<string>();
  private random: Random;
  private nextUserNumber = 1001;

  /** The table as this emulator reads requests and writes responses (live members included when on). */
  readonly inputShapes: ShapeLookup;
  readonly outputShapes: ShapeLookup;

  constructor(readonly config: StateConfig) {
    this.random = seededRandom(config.seed);
    this.inputShapes = liveShapes(shapeFacts, config.behaviour, 'input');
    this.outputShapes = liveShapes(shapeFacts, config.behaviour, 'output');
  }

  get behaviour(): ServiceBehaviour {
    return this.config.behaviour;
  }

  reset(): void {
    this.accounts.clear();
    this.networkIds.clear();
    this.random = seededRandom(this.config.seed);
    this.nextUserNumber = 1001;
  }

  now(): number {
    return this.config.now();
  }

  nowSeconds(): number {
    return Math.floor(this.config.now() / 1000);
  }

  /** The Region's state, created on first use. */
  region(accountId: string, region: string): RegionState {
    let regions = this.accounts.get(accountId);
    if (!regions) this.accounts.set(accountId, (regions = new Map()));
    let state = regions.get(region);
    if (!state) regions.set(region, (state = { accountId, region, networks: new Map(), deleted: new Map(), tokens: new Map(), freeTrialSpent: false }));
    this.settleDeletions(state);
    return state;
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  regions(accountId: string): RegionState[] {
    const states = [...(this.accounts.get(accountId)?.values() ?? [])];
    states.forEach((state) => this.settleDeletions(state));
    return states;
  }

  /** Network ids are unique across every Region and account, like the real service's. */
  newNetworkId(): string {
    for (;;) {
      const id = String(randomInt(this.random, 10000000, 99999999));
      if (!this.networkIds.has(id)) {
        this.networkIds.add(id);
        return id;
      }
    }
  }

  newGroupId(network: NetworkRecord): string {
    for (;;) {
      const id = randomAlphanumeric(this.random, 8);
      if (!network.groups.has(id)) return id;
    }
  }

  /** Users and bots share one numbering (a bot is a kind of user). */
  newUserId(): string {
    return String(this.nextUserNumber++);
  }

  token(length: number): string {
    return randomAlphanumeric(this.random, length);
  }

  /** Removes networks whose asynchronous deletion has completed. */
  settleDeletions(state: RegionState): void {
    for (const [id, network] of state.networks) {
      if (network.deletion && this.deletionComplete(network)) state.networks.delete(id);
    }
  }

  deletionComplete(network: NetworkRecord): boolean {
    const deletion = network.deletion;
    if (!deletion) return false;
    if (deletion.pollsLeft !== undefined && deletion.pollsLeft <= 0) return true;
    const ms = this.config.deletion.ms;
    return ms !== undefined && this.now() - deletion.startedAtMs >= ms;
  }

  /** Completes every pending deletion now (test hook). */
  completeDeletions(): void {
    for (const regions of this.accounts.values()) {
      for (const state of regions.values()) {
        for (const [id, network] of state.networks) if (network.deletion) state.networks.delete(id);
      }
    }
  }
}
