/**
 * A local stand-in for the AWS Wickr admin API, for tests: an HTTP server on 127.0.0.1 that serves
 * all 44 operations from in-memory state, driven by the kit's generated table of the API. It checks
 * SigV4 signatures, validates every request against the model, honours idempotency tokens, simulates
 * the service's asynchronous and multi-step behaviours, and injects faults on request.
 * See README.md in this directory for the documented choices.
 *
 *   const emulator = await startEmulator();
 *   // point a client at emulator.url with emulator.credentials, any Region
 *   ...
 *   await emulator.close();
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BasicDeviceObject } from '../../lambda/wickr/model/types';
import { BehaviourOption, resolveBehaviour, ServiceBehaviour } from './behaviour';
import { FaultController, FaultOptions, Faults } from './faults';
import { createInspector, StateInspector } from './inspect';
import { addGuest } from './ops/guests';
import { registerDataRetentionBot } from './ops/retention';
import { Router } from './router';
import { handle, RequestLogEntry, ServerCore } from './server';
import { Credential } from './sigv4';
import { DeletionTiming, EmulatorState, NetworkRecord } from './state';

export type { FaultController, FaultEvent, FaultKind, FaultPhase, FaultRule } from './faults';
export type { NetworkSnapshot, StateInspector, StateSnapshot } from './inspect';
export type { RequestLogEntry } from './server';
export type { Credential } from './sigv4';
export type { DeletionTiming } from './state';
export type { BehaviourOption, ServiceBehaviour } from './behaviour';
export { LIVE_BEHAVIOUR, MODEL_BEHAVIOUR } from './behaviour';

/** Same fake credentials test/setup-env.ts puts in the environment, so a default client just works. */
export const DEFAULT_ACCESS_KEY_ID = 'AKIDEXAMPLETESTONLY';
export const DEFAULT_SECRET_ACCESS_KEY = 'test-secret-access-key-not-real';
export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_SEED = 1;
export const DEFAULT_DELETION: DeletionTiming = { polls: 2 };

export interface EmulatorOptions {
  /** Port on 127.0.0.1; default 0 (an ephemeral port). */
  readonly port?: number;
  /** Default: env WICKR_EMULATOR_ACCESS_KEY_ID, else AKIDEXAMPLETESTONLY. */
  readonly accessKeyId?: string;
  /** Default: env WICKR_EMULATOR_SECRET_ACCESS_KEY, else test-secret-access-key-not-real. */
  readonly secretAccessKey?: string;
  /** When set, every request signed with the primary key must carry this X-Amz-Security-Token. */
  readonly sessionToken?: string;
  /** Account the primary key belongs to; default 123456789012. */
  readonly accountId?: string;
  /** More keys, e.g. a second account for cross-account tests. */
  readonly extraCredentials?: readonly Credential[];
  /** Seeds identifiers (and faults, unless faults.seed is given). Default 1. */
  readonly seed?: number;
  readonly faults?: FaultOptions;
  /**
   * Simulates the customer's data-retention container: the bot counts as registered once this many
   * GetDataRetentionBot polls after a challenge have seen it unregistered (0 = at the first poll).
   * Default false: only `simulateDataRetentionBotRegistration` registers it.
   */
  readonly autoRegisterDataRetentionBot?: number | false;
  /** When an accepted DeleteNetwork completes; default { polls: 2 } (two GetNetwork calls still see it). */
  readonly deletion?: DeletionTiming;
  /** Emulator clock in ms (signature freshness, timestamps, deletion by time); default Date.now. */
  readonly now?: () => number;
  /** Called after every request with its log entry (the CLI prints them). */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /** Oldest entries are dropped beyond this; default 10000. */
  readonly maxLogEntries?: number;
  /**
   * Where the live service and the model disagree: `'live'` (default) answers as the live service was
   * observed to, `'model'` as the model says; an object changes single switches of the live behaviour.
   * See behaviour.ts and README.md.
   */
  readonly behaviour?: BehaviourOption;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:43121 */
  readonly url: string;
  readonly port: number;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly accountId: string;
  /** The behaviour in force (live unless the options said otherwise). */
  readonly behaviour: ServiceBehaviour;
  /** Every request so far (oldest first), with sensitive members redacted. */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  readonly faults: FaultController;
  readonly state: StateInspector;
  /** Forgets all state, tokens, requests and fault rules, and restarts the seeded streams. */
  reset(): void;
  close(): Promise<void>;

  // Test hooks: things that happen outside the admin API on the real service.
  /** The data-retention container started with the latest challenge and registered. */
  simulateDataRetentionBotRegistration(region: string, networkId: string, accountId?: string): void;
  /** The invited user accepted and signed in (status 1 → 2), optionally with a device. */
  activateUser(region: string, networkId: string, userId: string, accountId?: string): void;
  /** A device signed in for the user; returns its appId. */
  addDevice(region: string, networkId: string, userId: string, device?: Partial<BasicDeviceObject>, accountId?: string): string;
  /** A guest user from outside the network appeared; returns its usernameHash. */
  addGuestUser(region: string, networkId: string, guest: { username: string; billingPeriod?: string }, accountId?: string): string;
  /** The bot logged in (status 1 → 2). */
  activateBot(region: string, networkId: string, botId: string, accountId?: string): void;
  /** Completes every pending DeleteNetwork now. */
  completeNetworkDeletions(): void;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const accessKeyId = options.accessKeyId ?? process.env.WICKR_EMULATOR_ACCESS_KEY_ID ?? DEFAULT_ACCESS_KEY_ID;
  const secretAccessKey = options.secretAccessKey ?? process.env.WICKR_EMULATOR_SECRET_ACCESS_KEY ?? DEFAULT_SECRET_ACCESS_KEY;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? Date.now;

  const credentials = new Map<string, Credential>();
  credentials.set(accessKeyId, { accessKeyId, secretAccessKey, accountId, sessionToken: options.sessionToken });
  for (const extra of options.extraCredentials ?? []) credentials.set(extra.accessKeyId, extra);

  const state = new EmulatorState({
    seed,
    deletion: options.deletion ?? DEFAULT_DELETION,
    autoRegisterDataRetentionBot: options.autoRegisterDataRetentionBot ?? false,
    now,
    behaviour: resolveBehaviour(options.behaviour),
  });
  const faults = new Faults(options.faults, seed);
  const log: RequestLogEntry[] = [];
  const timers = new Map<NodeJS.Timeout, () => void>();
  let seq = 0;

  const core: ServerCore = {
    state,
    faults,
    router: new Router(),
    credentials,
    log,
    maxLogEntries: options.maxLogEntries ?? 10000,
    onRequest: options.onRequest,
    nextSeq: () => ++seq,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.set(timer, resolve);
      }),
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(core, req, res).catch((error: unknown) => {
      // handle() answers every request itself; reaching here means the emulator itself broke.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`emulator failure: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const network = (region: string, networkId: string, account: string | undefined): NetworkRecord => {
    const record = state.region(account ?? accountId, region).networks.get(networkId);
    if (!record) throw new Error(`no network ${networkId} in ${region} for account ${account ?? accountId}`);
    return record;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    credentials: options.sessionToken ? { accessKeyId, secretAccessKey, sessionToken: options.sessionToken } : { accessKeyId, secretAccessKey },
    accountId,
    behaviour: state.behaviour,
    get requests() {
      return log;
    },
    clearRequests: () => {
      log.length = 0;
    },
    faults,
    state: createInspector(state, accountId),
    reset: () => {
      state.reset();
      faults.clear();
      faults.reseed(options.faults?.seed ?? seed);
      for (const rule of options.faults?.rules ?? []) faults.add(rule);
      log.length = 0;
    },
    close: async () => {
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },

    simulateDataRetentionBotRegistration: (region, networkId, account) => registerDataRetentionBot(network(region, networkId, account)),
    activateUser: (region, networkId, userId, account) => {
      const user = network(region, networkId, account).users.get(userId);
      if (!user) throw new Error(`no user ${userId} in network ${networkId}`);
      user.status = 2;
      user.lastLogin = state.nowSeconds();
      user.lastActivity = state.nowSeconds();
    },
    addDevice: (region, networkId, userId, device = {}, account) => {
      const user = network(region, networkId, account).users.get(userId);
      if (!user) throw new Error(`no user ${userId} in network ${networkId}`);
      const at = new Date(state.now()).toISOString();
      const record = {
        appId: device.appId ?? state.token(32).toLowerCase(),
        type: device.type ?? 'desktop',
        created: device.created ?? at,
        lastLogin: device.lastLogin ?? at,
        statusText: 'Active' as const,
        suspend: device.suspend ?? false,
      };
      user.devices.push(record);
      return record.appId;
    },
    addGuestUser: (region, networkId, guest, account) => {
      const period = guest.billingPeriod ?? new Date(state.now()).toISOString().slice(0, 7);
      return addGuest(network(region, networkId, account), guest.username, period).usernameHash;
    },
    activateBot: (region, networkId, botId, account) => {
      const bot = network(region, networkId, account).bots.get(botId);
      if (!bot) throw new Error(`no bot ${botId} in network ${networkId}`);
      bot.status = 2;
      bot.pubkey = state.token(44);
      bot.lastLogin = new Date(state.now()).toISOString();
    },
    completeNetworkDeletions: () => state.completeDeletions(),
  };
}
