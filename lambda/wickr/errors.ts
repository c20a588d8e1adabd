import type { ResponseMetadata } from './command';
import type { ErrorDetail } from './model/types';

/**
 * Exceptions thrown by the Wickr client. The seven service errors carry the model's error shape
 * names, so `err.name === 'ResourceNotFoundError'` and `instanceof` checks read the same as with
 * `@aws-sdk/client-wickr`. Messages differ on purpose: they name the operation, the network and the
 * HTTP status, because they end up verbatim in CloudFormation events where nothing else is shown.
 */

export type WickrFault = 'client' | 'server';

export interface WickrServiceExceptionOptions {
  name: string;
  $fault: WickrFault;
  message: string;
  operation: string;
  $metadata: ResponseMetadata;
  networkId?: string;
  /** The service's own message, already redacted. */
  serviceMessage?: string;
  /** True when a write may or may not have been applied (see isAmbiguousWriteError). */
  ambiguousWrite?: boolean;
  /** True when the call stopped because its time budget (the client's deadline) ran out. */
  budgetSpent?: boolean;
  cause?: unknown;
}

/** Options of the concrete subclasses: name and fault are fixed by the class. */
export type WickrErrorOptions = Omit<WickrServiceExceptionOptions, 'name' | '$fault'>;

export class WickrServiceException extends Error {
  readonly $fault: WickrFault;
  readonly $metadata: ResponseMetadata;
  /** Operation name as in the model, e.g. 'CreateNetwork'. */
  readonly operation: string;
  readonly networkId?: string;
  readonly serviceMessage?: string;
  readonly $ambiguousWrite: boolean;
  /** The call stopped because its time budget ran out (with a retryable failure, or before it started). */
  readonly $budgetSpent: boolean;

  constructor(options: WickrServiceExceptionOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name;
    this.$fault = options.$fault;
    this.$metadata = options.$metadata;
    this.operation = options.operation;
    this.networkId = options.networkId;
    this.serviceMessage = options.serviceMessage;
    this.$ambiguousWrite = options.ambiguousWrite ?? false;
    this.$budgetSpent = options.budgetSpent ?? false;
  }
}

export class BadRequestError extends WickrServiceException {
  static readonly httpStatus = 400;
  constructor(options: WickrErrorOptions) {
    super({ ...options, name: 'BadRequestError', $fault: 'client' });
  }
}

export class UnauthorizedError extends WickrServiceException {
  static readonly httpStatus = 401;
  constructor(options: WickrErrorOptions) {
    super({ ...options, name: 'UnauthorizedError', $fault: 'client' });
  }
}

export class ForbiddenError extends WickrServiceException {
  static readonly httpStatus = 403;
  constructor(options: WickrErrorOptions) {
    super({ ...options, name: 'ForbiddenError', $fault: 'client' });
  }
}

export class ResourceNotFoundError extends WickrServiceException {
  static readonly httpStatus = 404;
  constructor(options: WickrErrorOptions) {
    super({ ...options, name: 'ResourceNotFoundError', $fault: 'client' });
  }
}

export class ValidationError extends WickrServiceException {
  static readonly httpStatus = 422;
  /** Per-field reasons the service gave (redacted like the message). */
  readonly reasons?: ErrorDetail[];
  constructor(options: WickrErrorOptions & { reasons?: ErrorDetail[] }) {
    super({ ...options, name: 'ValidationError', $fault: 'client' });
    this.reasons = options.reasons;
  }
}

export class RateLimitError extends WickrServiceException {
  static readonly httpStatus = 429;
  constructor(options: WickrErrorOptions) {
    super({ ...options, name: 'RateLimitError', $fault: 'client' });
  }
}

export class InternalServerError extends WickrServiceException {
  static readonly httpStatus = 500;
  constructor(options: WickrErrorOptions) {
    super({ ...options, name: 'InternalServerError', $fault: 'server' });
  }
}

/**
 * No HTTP response arrived: refused or reset connection, DNS failure, timeout. `code` is Node's
 * error code (ECONNRESET, ETIMEDOUT, ...). `requestSent` is false only when the client knows the
 * request never fully left this process, which makes a retry safe even for unsafe writes.
 */
export class WickrNetworkError extends WickrServiceException {
  readonly code?: string;
  readonly requestSent: boolean;
  constructor(options: WickrErrorOptions & { code?: string; requestSent: boolean }) {
    super({ ...options, name: 'WickrNetworkError', $fault: 'server' });
    this.code = options.code;
    this.requestSent = options.requestSent;
  }
}

/**
 * A write that is not safe to repeat (see retry-policy.ts) failed in a way that leaves its outcome
 * unknown (5xx or a connection lost after the request was sent). It was NOT retried. `cause` holds
 * the underlying error. Read the state back before deciding to call again.
 */
export class WickrOutcomeUnknownError extends WickrServiceException {
  constructor(options: WickrErrorOptions) {
    super({ ...options, name: 'WickrOutcomeUnknownError', $fault: 'server', ambiguousWrite: true });
  }
}

/**
 * The call was not sent because the client's deadline had passed (see `WickrClientConfig.deadline`).
 * Nothing happened on the service's side. Calls that ran out between attempts throw the last
 * attempt's error instead, with `$budgetSpent` set.
 */
export class WickrTimeBudgetError extends WickrServiceException {
  constructor(options: WickrErrorOptions) {
    super({ ...options, name: 'WickrTimeBudgetError', $fault: 'client', budgetSpent: true });
  }
}

/** The service errors by model shape name; the client picks the class from the error code. */
export const SERVICE_ERRORS = {
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  ResourceNotFoundError,
  ValidationError,
  RateLimitError,
  InternalServerError,
} as const;

/** Node error codes of a lost or failed connection, all worth another attempt. */
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $ambiguousWrite?: unknown;
}

function asErrorLike(err: unknown): ErrorLike | undefined {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : undefined;
}

/**
 * Is this a transient failure that another attempt could fix: throttling (429), a 5xx, or a lost
 * connection? Works on this client's errors and, by duck typing, on `@aws-sdk/client-wickr` and raw
 * Node errors, so handlers keep working if the official client replaces this one.
 * An outcome-unknown error is NOT retryable: the caller must read back first.
 */
export function isRetryableError(err: unknown): boolean {
  const e = asErrorLike(err);
  if (!e) return false;
  if (e.name === 'WickrOutcomeUnknownError' || e.name === 'AbortError') return false;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status === 429 || (status >= 500 && status <= 599);
  if (e.name === 'RateLimitError' || e.name === 'InternalServerError' || e.name === 'WickrNetworkError') return true;
  if (e.name === 'TimeoutError') return true;
  if (typeof e.code === 'string' && RETRYABLE_NETWORK_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && /socket hang up/i.test(e.message);
}

/**
 * Did a write end in a state where it may or may not have been applied? True for
 * WickrOutcomeUnknownError and for 5xx/connection failures of any non-readonly operation (also
 * after retries were spent). Handlers should read back before they report success or failure.
 */
export function isAmbiguousWriteError(err: unknown): boolean {
  const e = asErrorLike(err);
  return e !== undefined && (e.name === 'WickrOutcomeUnknownError' || e.$ambiguousWrite === true);
}

/**
 * Did the service refuse a member or action because of the network's plan (access level)? The live
 * service answers HTTP 402 "this feature requires a different level plan" for PREMIUM-only
 * security-group members on STANDARD, and "Action not permitted with current access level" for data
 * retention (the live-tested fork `SMonaghan/terraform-provider-aws`, security_group.go @f4fe7142,
 * data_retention_bot_test.go @a1169838). No model error has status 402, so this goes by status and message.
 */
export function isPlanTierError(err: unknown): boolean {
  const e = asErrorLike(err);
  if (!e) return false;
  if (e.$metadata?.httpStatusCode === 402) return true;
  const text = [e.message, (e as { serviceMessage?: unknown }).serviceMessage].filter((t): t is string => typeof t === 'string').join(' ');
  return /different level plan|current access level/i.test(text);
}
