/**
 * Errors the emulator answers with, and THE one place that decides which error class each kind of
 * request problem gets. Every answer uses a modelled error shape (status from the table) except
 * UnknownOperationException, which stands for "no operation has this method and path" exactly as an
 * AWS front door does; it is deliberately not ResourceNotFoundError so a client with a wrong URL
 * cannot mistake its own bug for "already deleted".
 */
import { errorStatus, memberDefault } from './model';

export interface ErrorReason {
  readonly field: string;
  readonly reason: string;
}

export type ModelledErrorName =
  | 'BadRequestError'
  | 'UnauthorizedError'
  | 'ForbiddenError'
  | 'ResourceNotFoundError'
  | 'ValidationError'
  | 'RateLimitError'
  | 'InternalServerError';

export const UNKNOWN_OPERATION = 'UnknownOperationException';
/**
 * The live service's plan-tier refusal: HTTP 402, which no model error shape has. The emulator sends
 * no X-Amzn-Errortype for it (nothing records one), so a client must go by status and message.
 */
export const PLAN_TIER_ERROR = 'PlanTierError';

export interface ApiErrorOptions {
  /** A status other than the shape's own, where the live service answers so (ValidationError as 400). */
  readonly status?: number;
}

export class ApiError extends Error {
  readonly status: number;
  /** The X-Amzn-Errortype to send; undefined sends none. */
  readonly errorType: string | undefined;

  constructor(
    readonly errorName: ModelledErrorName | typeof UNKNOWN_OPERATION | typeof PLAN_TIER_ERROR,
    message: string,
    readonly reasons?: readonly ErrorReason[],
    options: ApiErrorOptions = {},
  ) {
    super(message);
    this.name = errorName;
    this.errorType = errorName === PLAN_TIER_ERROR ? undefined : errorName;
    this.status = options.status ?? (errorName === UNKNOWN_OPERATION ? 404 : errorName === PLAN_TIER_ERROR ? 402 : statusOf(errorName));
  }

  /** restJson1 error body: `message`, plus `reasons` for ValidationError. */
  body(): Record<string, unknown> {
    return this.reasons ? { message: this.message, reasons: this.reasons } : { message: this.message };
  }
}

function statusOf(name: ModelledErrorName): number {
  const status = errorStatus(name);
  if (status === undefined) throw new Error(`error shape ${name} has no httpError in the table`);
  return status;
}

/**
 * Kinds of problem found while reading a request, and the error class each one gets.
 *
 * The rule: if the request cannot be turned into a well-typed input at all, it is a 400
 * BadRequestError (what a restJson1 deserializer does with malformed input); if it is well-typed but
 * breaks a constraint (required, enum, length, range, pattern, or a rule the docs state), it is a 422
 * ValidationError carrying `reasons: [{field, reason}]`, which matches the model's own example of a
 * missing security-group name.
 *
 * Unknown members count as "cannot be deserialized": the emulator is STRICT (body members and query
 * parameters alike), so a client that sends a misspelt or invented member hears about it instead of
 * having it silently dropped.
 */
export const ISSUE_CLASSIFICATION = {
  'malformed-body': 'BadRequestError', // not JSON, or JSON that is not an object
  'unsupported-media-type': 'BadRequestError', // non-empty body without Content-Type application/json
  'unexpected-body': 'BadRequestError', // a body sent to an operation that takes none
  'wrong-type': 'BadRequestError', // JSON type does not match the member's type
  'unparseable-value': 'BadRequestError', // label/query/header text that is not a valid value of its type
  'unknown-member': 'BadRequestError', // body member or query parameter the operation does not have
  'missing-required': 'ValidationError',
  'enum': 'ValidationError', // value outside an enum / intEnum
  'length': 'ValidationError',
  'range': 'ValidationError',
  'pattern': 'ValidationError',
  'constraint': 'ValidationError', // documented semantic rule (batch limit, shredder intensity, ...)
} as const satisfies Record<string, ModelledErrorName>;

export type IssueKind = keyof typeof ISSUE_CLASSIFICATION;

export interface Issue extends ErrorReason {
  readonly kind: IssueKind;
}

/** Turns the problems found in a request into the single error the emulator answers with. */
export function errorForIssues(issues: readonly Issue[]): ApiError | undefined {
  if (issues.length === 0) return undefined;
  const badRequest = issues.find((issue) => ISSUE_CLASSIFICATION[issue.kind] === 'BadRequestError');
  if (badRequest) return new ApiError('BadRequestError', `${badRequest.field}: ${badRequest.reason}`);
  const reasons = issues.map(({ field, reason }) => ({ field, reason }));
  return new ApiError('ValidationError', `Invalid input: ${reasons.map((r) => `${r.field} ${r.reason}`).join('; ')}`, reasons);
}

// Helpers the operation modules use, so each decision reads as one word at the call site.

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequestError', message);
}

export function notFound(message: string): ApiError {
  return new ApiError('ResourceNotFoundError', message);
}

export function invalid(reasons: readonly ErrorReason[]): ApiError {
  return errorForIssues(reasons.map((reason) => ({ ...reason, kind: 'constraint' as const })))!;
}

export function rateLimited(message?: string): ApiError {
  return new ApiError('RateLimitError', message ?? String(memberDefault('RateLimitError', 'message') ?? 'Too many requests'));
}

export function internal(message: string): ApiError {
  return new ApiError('InternalServerError', message);
}

export function forbidden(message: string): ApiError {
  return new ApiError('ForbiddenError', message);
}

/** HTTP 402, as the live service answers a STANDARD network asked for a PREMIUM-only member. */
export function planTier(message: string): ApiError {
  return new ApiError(PLAN_TIER_ERROR, message);
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
