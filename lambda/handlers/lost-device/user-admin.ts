/**
 * User administration on one Wickr network, shared by the admin CLI (`lib/cli`) and the deployable
 * lost-device runbook's Lambda (`./index.ts`): resolve users, then suspend, reset devices, reinvite
 * or delete them in batches, reporting an outcome per user.
 *
 * It lives under lambda/ because the runbook's bundle is built from here (and its cache key covers
 * lambda/ only); the CLI imports it like it imports the Wickr client.
 *
 * Two API facts shape it (api-notes §4.8 and §7.8):
 * - the batch operations take at most 50 items and answer HTTP 200 with a `failed[]` list, so a
 *   "successful" call can still fail some users: every item is matched back to its user;
 * - BatchResetDevicesForUser is per user (the userId is in the path) with up to 50 appIds, so
 *   device resets cost one call per user with devices, never one per 50 users.
 */
import {
  BatchDeleteUserCommand,
  BatchReinviteUserCommand,
  BatchResetDevicesForUserCommand,
  BatchToggleUserSuspendStatusCommand,
  GetUserCommand,
  ListDevicesForUserCommand,
  ListUsersCommand,
  type BasicDeviceObject,
  type BatchUserErrorResponseItem,
  type BatchUserSuccessResponseItem,
  type MetadataBearer,
  type User,
  type WickrCommand,
} from '../../wickr';

/** The most items any Wickr batch operation accepts. */
export const BATCH_LIMIT = 50;

/** What the core needs of a Wickr client (a `WickrClient` fits; tests and counters wrap it). */
export interface WickrSender {
  send<I extends object, O extends MetadataBearer>(command: WickrCommand<I, O>): Promise<O>;
}

/** A sender that counts calls per operation, so callers can report exactly what they sent. */
export class CountingSender implements WickrSender {
  public readonly calls: Record<string, number> = {};

  constructor(private readonly inner: WickrSender) {}

  async send<I extends object, O extends MetadataBearer>(command: WickrCommand<I, O>): Promise<O> {
    this.calls[command.operation] = (this.calls[command.operation] ?? 0) + 1;
    return this.inner.send(command);
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * How a thrown error should steer a run:
 * - `auth`: credentials missing, expired or not allowed; every further call would fail the same way.
 * - `client`: the service refused this one request (400/404/422); other users may still work.
 * - `service`: throttled after retries, 5xx, or the network; the service is unwell, so stop.
 */
export type ErrorClass = 'auth' | 'client' | 'service';

const AUTH_NAMES = new Set([
  'UnauthorizedError',
  'ForbiddenError',
  'WickrSigningError',
  'CredentialsProviderError',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

export function classifyError(err: unknown): ErrorClass {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  if ((typeof e.name === 'string' && AUTH_NAMES.has(e.name)) || status === 401 || status === 403) return 'auth';
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) return 'client';
  return 'service';
}

/** The error's own message, one line (the Wickr client's messages already name operation and network). */
export function errorText(err: unknown): string {
  const message = typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' ? (err as Error).message : String(err);
  return message.split('\n')[0];
}

/** True when the write may or may not have happened (see the Wickr client's isAmbiguousWriteError). */
function ambiguous(err: unknown): boolean {
  const e = err as { name?: unknown; $ambiguousWrite?: unknown } | undefined;
  return e !== undefined && e !== null && (e.name === 'WickrOutcomeUnknownError' || e.$ambiguousWrite === true);
}

// ---------------------------------------------------------------------------------------------
// Users

/** A user as the operator named them: a username (usually an email) or `id:<userId>`. */
export interface UserRef {
  /** Exactly what was given, for messages. */
  readonly given: string;
  readonly username?: string;
  readonly userId?: string;
}

/** Reads one entry: `id:<digits>` names a user id; anything else is a username. */
export function parseUserRef(text: string): UserRef | { readonly problem: string } {
  const given = text.trim();
  if (given === '') return { problem: 'empty user' };
  if (/\s/.test(given)) return { problem: `"${given}" contains whitespace; give one username per line` };
  if (/^id:/i.test(given)) {
    const id = given.slice(3);
    return /^[0-9]{1,10}$/.test(id) ? { given, userId: id } : { problem: `"${given}": a user id is 1 to 10 digits after "id:"` };
  }
  if (given.length > 256) return { problem: `"${given.slice(0, 40)}...": longer than 256 characters` };
  return { given, username: given };
}

/** A user found on the network. */
export interface ResolvedUser {
  readonly given: string;
  readonly userId: string;
  readonly username: string;
  readonly suspended?: boolean;
  /** 1 pending (invited), 2 active. */
  readonly status?: number;
}

export interface Resolution {
  readonly resolved: ResolvedUser[];
  /** Entries that match no user (or several), with the reason. */
  readonly unresolved: { readonly given: string; readonly problem: string }[];
}

export interface RunOptions {
  /** How many per-user calls may be in flight at once. Default 4. */
  readonly concurrency?: number;
}

/**
 * Finds each user on the network. Usernames go through ListUsers' `username` filter (the API's only
 * way to look a username up) and must then match exactly, ignoring case (usernames are unique per
 * network regardless of case); `id:` entries are read with GetUser. Reads only.
 * Throws on auth and service errors; a 404 for an id is "not found", not an error.
 */
export async function resolveUsers(client: WickrSender, networkId: string, refs: readonly UserRef[], options: RunOptions = {}): Promise<Resolution> {
  const found = await mapLimit(refs, options.concurrency ?? 4, async (ref) => {
    if (ref.userId !== undefined) {
      try {
        const user = await client.send(new GetUserCommand({ networkId, userId: ref.userId }));
        return { given: ref.given, user: { userId: user.userId ?? ref.userId, username: user.username ?? '', suspended: user.suspended, status: user.status } };
      } catch (err) {
        if (classifyError(err) === 'client') return { given: ref.given, problem: `no user with id ${ref.userId} on network ${networkId}` };
        throw err;
      }
    }
    const username = ref.username!;
    const matches: User[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListUsersCommand({ networkId, username, maxResults: 100, nextToken }));
      for (const u of page.users ?? []) if (u.username !== undefined && u.username.toLowerCase() === username.toLowerCase()) matches.push(u);
      nextToken = page.nextToken || undefined;
    } while (nextToken !== undefined);
    const exact = matches.filter((u) => u.username === username);
    const pick = exact.length === 1 ? exact : matches;
    if (pick.length === 0) return { given: ref.given, problem: `no user named "${username}" on network ${networkId}` };
    if (pick.length > 1) {
      return { given: ref.given, problem: `"${username}" matches ${pick.length} users (${pick.map((u) => `id:${u.userId}`).join(', ')}); name one by id` };
    }
    const u = pick[0];
    return { given: ref.given, user: { userId: u.userId!, username: u.username!, suspended: u.suspended, status: u.status } };
  });
  const resolved: ResolvedUser[] = [];
  const unresolved: { given: string; problem: string }[] = [];
  const seen = new Set<string>();
  for (const f of found) {
    if ('problem' in f) unresolved.push({ given: f.given, problem: f.problem! });
    else if (!seen.has(f.user!.userId)) {
      // Two entries naming one user (a username and its id) must not act twice on it.
      seen.add(f.user!.userId);
      resolved.push({ given: f.given, ...f.user! });
    }
  }
  return { resolved, unresolved };
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/**
 * - `succeeded`: the service confirmed it (or there was nothing to do, see `detail`).
 * - `failed`: the service refused it for this user.
 * - `unknown`: the call failed in a way that leaves the outcome open (5xx/connection lost); check.
 * - `not-attempted`: the run stopped (auth or service failure) before reaching this user.
 * - `planned`: dry run; this is what would be done.
 */
export type Outcome = 'succeeded' | 'failed' | 'unknown' | 'not-attempted' | 'planned';

export interface DeviceResult {
  readonly appId: string;
  readonly type?: string;
  readonly statusText?: string;
  readonly lastLogin?: string;
  /** For resets: what happened to this device. */
  readonly outcome?: Outcome | 'skipped';
  readonly detail?: string;
}

export interface UserResult {
  readonly given: string;
  readonly userId: string;
  readonly username: string;
  outcome: Outcome;
  detail?: string;
  devices?: DeviceResult[];
}

export interface RunResult {
  readonly results: UserResult[];
  /** The error that stopped the run, if one did (auth or service class). */
  readonly stoppedBy?: unknown;
}

function resultFor(user: ResolvedUser, outcome: Outcome, detail?: string): UserResult {
  return { given: user.given, userId: user.userId, username: user.username, outcome, ...(detail !== undefined ? { detail } : {}) };
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number = BATCH_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface BatchResponse {
  successful?: BatchUserSuccessResponseItem[];
  failed?: BatchUserErrorResponseItem[];
}

/**
 * Runs a userIds batch operation over all users, 50 per call. Each user's outcome comes from the
 * response's `successful`/`failed` lists; a user in neither list is `unknown` (the service said
 * nothing about it). A `client` error fails that batch's users and the run goes on; an `auth` or
 * `service` error stops the run: that batch's users are `unknown` (or `failed` when nothing can
 * have been written) and the rest `not-attempted`.
 */
export async function runUserBatches(
  users: readonly ResolvedUser[],
  call: (userIds: string[]) => Promise<BatchResponse>,
  successDetail?: string,
): Promise<RunResult> {
  const results: UserResult[] = [];
  let stoppedBy: unknown;
  for (const batch of chunk(users)) {
    if (stoppedBy !== undefined) {
      for (const u of batch) results.push(resultFor(u, 'not-attempted', 'the run stopped before this batch'));
      continue;
    }
    try {
      const response = await call(batch.map((u) => u.userId));
      const ok = new Set((response.successful ?? []).map((s) => s.userId));
      const failed = new Map((response.failed ?? []).map((f) => [f.userId, [f.field, f.reason].filter(Boolean).join(': ') || 'failed']));
      for (const u of batch) {
        if (failed.has(u.userId)) results.push(resultFor(u, 'failed', failed.get(u.userId)));
        else if (ok.has(u.userId)) results.push(resultFor(u, 'succeeded', successDetail));
        else results.push(resultFor(u, 'unknown', 'the service reported neither success nor failure for this user'));
      }
    } catch (err) {
      const cls = classifyError(err);
      const outcome: Outcome = cls === 'service' && ambiguous(err) ? 'unknown' : 'failed';
      for (const u of batch) results.push(resultFor(u, outcome, errorText(err)));
      if (cls !== 'client') stoppedBy = err;
    }
  }
  return { results, ...(stoppedBy !== undefined ? { stoppedBy } : {}) };
}

export function suspendUsers(client: WickrSender, networkId: string, users: readonly ResolvedUser[], suspend: boolean): Promise<RunResult> {
  return runUserBatches(users, (userIds) => client.send(new BatchToggleUserSuspendStatusCommand({ networkId, suspend, userIds })), suspend ? 'suspended' : 'unsuspended');
}

export function reinviteUsers(client: WickrSender, networkId: string, users: readonly ResolvedUser[]): Promise<RunResult> {
  return runUserBatches(users, (userIds) => client.send(new BatchReinviteUserCommand({ networkId, userIds })), 'invitation sent again');
}

export function deleteUsers(client: WickrSender, networkId: string, users: readonly ResolvedUser[]): Promise<RunResult> {
  return runUserBatches(users, (userIds) => client.send(new BatchDeleteUserCommand({ networkId, userIds })), 'deleted');
}

// ---------------------------------------------------------------------------------------------
// Devices

/** Every device of a user (all pages). */
export async function listDevices(client: WickrSender, networkId: string, userId: string): Promise<BasicDeviceObject[]> {
  const devices: BasicDeviceObject[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListDevicesForUserCommand({ networkId, userId, maxResults: 100, nextToken }));
    devices.push(...(page.devices ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken !== undefined);
  return devices;
}

/** A device already logged out by an earlier reset needs no second one. */
export function isResettable(device: BasicDeviceObject): boolean {
  return device.appId !== undefined && device.statusText !== 'Reset';
}

function deviceView(d: BasicDeviceObject, outcome?: DeviceResult['outcome'], detail?: string): DeviceResult {
  return {
    appId: d.appId ?? '',
    ...(d.type !== undefined ? { type: d.type } : {}),
    ...(d.statusText !== undefined ? { statusText: d.statusText } : {}),
    ...(d.lastLogin !== undefined ? { lastLogin: d.lastLogin } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(detail !== undefined ? { detail } : {}),
  };
}

/**
 * Lists each user's devices (reads only), for `list-devices` and for the plan of a reset.
 * A `client` error (e.g. the user vanished) fails that user; auth/service errors stop the run.
 */
export async function listDevicesForUsers(client: WickrSender, networkId: string, users: readonly ResolvedUser[], options: RunOptions = {}): Promise<RunResult> {
  let stoppedBy: unknown;
  const results = await mapLimit(users, options.concurrency ?? 4, async (u): Promise<UserResult> => {
    if (stoppedBy !== undefined) return resultFor(u, 'not-attempted', 'the run stopped before this user');
    try {
      const devices = await listDevices(client, networkId, u.userId);
      return { ...resultFor(u, 'succeeded', `${devices.length} device${devices.length === 1 ? '' : 's'}`), devices: devices.map((d) => deviceView(d)) };
    } catch (err) {
      if (classifyError(err) !== 'client') stoppedBy ??= err;
      return resultFor(u, 'failed', errorText(err));
    }
  });
  return { results, ...(stoppedBy !== undefined ? { stoppedBy } : {}) };
}

/**
 * Logs out every device of each user that is not logged out already: ListDevicesForUser, then
 * BatchResetDevicesForUser with at most 50 appIds per call. With `dryRun` it only lists and
 * reports what it would reset. A user with no device to reset succeeds with nothing to do.
 */
export async function resetDevicesForUsers(
  client: WickrSender,
  networkId: string,
  users: readonly ResolvedUser[],
  options: RunOptions & { readonly dryRun?: boolean } = {},
): Promise<RunResult> {
  let stoppedBy: unknown;
  const results = await mapLimit(users, options.concurrency ?? 4, async (u): Promise<UserResult> => {
    if (stoppedBy !== undefined) return resultFor(u, 'not-attempted', 'the run stopped before this user');
    let devices: BasicDeviceObject[];
    try {
      devices = await listDevices(client, networkId, u.userId);
    } catch (err) {
      if (classifyError(err) !== 'client') stoppedBy ??= err;
      return resultFor(u, 'failed', `could not list devices: ${errorText(err)}`);
    }
    const targets = devices.filter(isResettable);
    const already = devices.filter((d) => !isResettable(d)).map((d) => deviceView(d, 'skipped', 'already reset'));
    if (targets.length === 0) {
      return { ...resultFor(u, 'succeeded', devices.length === 0 ? 'no devices' : 'no device to reset (all already reset)'), devices: already };
    }
    if (options.dryRun) {
      return { ...resultFor(u, 'planned', `would reset ${targets.length} device${targets.length === 1 ? '' : 's'}`), devices: [...targets.map((d) => deviceView(d, 'planned')), ...already] };
    }
    const deviceResults: DeviceResult[] = [];
    let userOutcome: Outcome = 'succeeded';
    const problems: string[] = [];
    for (const batch of chunk(targets)) {
      if (stoppedBy !== undefined) {
        deviceResults.push(...batch.map((d) => deviceView(d, 'not-attempted')));
        userOutcome = userOutcome === 'succeeded' ? 'not-attempted' : userOutcome;
        continue;
      }
      try {
        const response = await client.send(new BatchResetDevicesForUserCommand({ networkId, userId: u.userId, appIds: batch.map((d) => d.appId!) }));
        const ok = new Set((response.successful ?? []).map((s) => s.appId));
        const failed = new Map((response.failed ?? []).map((f) => [f.appId, [f.field, f.reason].filter(Boolean).join(': ') || 'failed']));
        for (const d of batch) {
          if (failed.has(d.appId)) {
            deviceResults.push(deviceView(d, 'failed', failed.get(d.appId)));
            problems.push(`${d.appId}: ${failed.get(d.appId)}`);
            userOutcome = 'failed';
          } else if (ok.has(d.appId)) deviceResults.push(deviceView(d, 'succeeded'));
          else {
            deviceResults.push(deviceView(d, 'unknown', 'the service reported neither success nor failure for this device'));
            if (userOutcome === 'succeeded') userOutcome = 'unknown';
          }
        }
      } catch (err) {
        const cls = classifyError(err);
        const outcome: Outcome = cls === 'service' && ambiguous(err) ? 'unknown' : 'failed';
        deviceResults.push(...batch.map((d) => deviceView(d, outcome, errorText(err))));
        problems.push(errorText(err));
        userOutcome = outcome === 'unknown' && userOutcome !== 'failed' ? 'unknown' : 'failed';
        if (cls !== 'client') stoppedBy ??= err;
      }
    }
    const resetCount = deviceResults.filter((d) => d.outcome === 'succeeded').length;
    const detail = problems.length > 0 ? problems.join('; ') : `${resetCount} device${resetCount === 1 ? '' : 's'} reset`;
    return { ...resultFor(u, userOutcome, detail), devices: [...deviceResults, ...already] };
  });
  return { results, ...(stoppedBy !== undefined ? { stoppedBy } : {}) };
}

// ---------------------------------------------------------------------------------------------

/** Maps with at most `limit` calls in flight, keeping the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Totals per outcome, for summaries. */
export function countOutcomes(results: readonly UserResult[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { succeeded: 0, failed: 0, unknown: 0, 'not-attempted': 0, planned: 0 };
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}
