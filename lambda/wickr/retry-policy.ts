import type { OperationName } from './model/operations';

/**
 * How safe it is to send an operation again when the first attempt's outcome is unknown.
 *
 * Two kinds of failure are retried, and they differ in what they tell us:
 * - 429 RateLimitError: the service turned the request away before doing anything, so a retry is
 *   always safe, whatever the operation.
 * - 5xx and lost connections are AMBIGUOUS: the write may have been applied before the failure.
 *   Sending it again is only harmless when the second copy cannot change the outcome.
 *
 * The model cannot settle this on its own: no error is marked retryable, and `CreateNetwork`
 * carries the `idempotent` trait although it has no token and nothing stops a second network with
 * the same name. So the classification lives here, one row per operation, reviewed by hand:
 *
 *   read        `readonly`: repeating changes nothing.
 *   token       carries an idempotency token (X-Client-Token); the client fills it ONCE per send, so
 *               every retry presents the same token and the service can discard the duplicate.
 *   idempotent  no token, but a repeat leaves the same state: PATCHes that set fixed values and
 *               DELETEs (a repeated delete may answer 404, which callers treat as "already gone").
 *   unsafe      a repeat may create a second resource, mint a new secret, or fail where the first
 *               call succeeded. Ambiguous failures are NOT retried: the client throws
 *               WickrOutcomeUnknownError and the caller reads back first.
 *
 * test/wickr/retry-policy.test.ts keeps this table honest against the model (every readonly
 * operation is `read`, every operation with a token member is `token`, and so on).
 */
export type RetrySafety = 'read' | 'token' | 'idempotent' | 'unsafe';

export const RETRY_SAFETY: Readonly<Record<OperationName, RetrySafety>> = {
  BatchCreateUser: 'token',
  BatchDeleteUser: 'token',
  BatchLookupUserUname: 'token',
  BatchReinviteUser: 'token',
  BatchResetDevicesForUser: 'token',
  BatchToggleUserSuspendStatus: 'token',
  // A second call would create a second bot (or fail on the taken username after the first won).
  CreateBot: 'unsafe',
  // The model's example answers 400 when the bot already exists: a blind retry turns success into failure.
  CreateDataRetentionBot: 'unsafe',
  // Every call mints a new password; a lost response means a password nobody holds.
  CreateDataRetentionBotChallenge: 'unsafe',
  // `idempotent` in the model, yet tokenless and names are not unique: a retry can make a duplicate.
  CreateNetwork: 'unsafe',
  CreateSecurityGroup: 'token',
  DeleteBot: 'idempotent',
  DeleteDataRetentionBot: 'idempotent',
  DeleteNetwork: 'token',
  DeleteSecurityGroup: 'idempotent',
  GetBot: 'read',
  GetBotsCount: 'read',
  GetDataRetentionBot: 'read',
  GetGuestUserHistoryCount: 'read',
  GetNetwork: 'read',
  GetNetworkSettings: 'read',
  GetOidcInfo: 'read',
  GetOpentdfConfig: 'read',
  GetSecurityGroup: 'read',
  GetUser: 'read',
  GetUsersCount: 'read',
  ListBlockedGuestUsers: 'read',
  ListBots: 'read',
  ListDevicesForUser: 'read',
  ListGuestUsers: 'read',
  ListNetworks: 'read',
  ListSecurityGroups: 'read',
  ListSecurityGroupUsers: 'read',
  ListUsers: 'read',
  // Registration saves a configuration and may return generated values; not declared idempotent.
  RegisterOidcConfig: 'unsafe',
  // Not a stored change, but not declared idempotent either, and it calls out to the IdP.
  RegisterOidcConfigTest: 'unsafe',
  RegisterOpentdfConfig: 'unsafe',
  UpdateBot: 'idempotent',
  UpdateDataRetention: 'idempotent',
  // Blocking an already-blocked guest answers 400, so a retry can report failure after success.
  UpdateGuestUser: 'unsafe',
  UpdateNetwork: 'token',
  UpdateNetworkSettings: 'idempotent',
  UpdateSecurityGroup: 'idempotent',
  UpdateUser: 'idempotent',
};

/** May an ambiguous failure (5xx, connection lost after sending) of this operation be retried? */
export function retriesAmbiguousFailures(operation: OperationName): boolean {
  return RETRY_SAFETY[operation] !== 'unsafe';
}

export interface BackoffOptions {
  /** First retry waits up to this many ms. */
  readonly baseDelayMs: number;
  /** No wait exceeds this many ms. */
  readonly maxDelayMs: number;
}

/**
 * "Full jitter" exponential backoff: a uniform draw in [0, min(cap, base * 2^(retry-1))]. Spreading
 * the whole interval (rather than adding jitter to a fixed delay) keeps many Lambda invocations
 * that were throttled together from coming back together.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
