import { randomUUID } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { MetadataBearer, ResponseMetadata, WickrCommand } from './command';
import { resolveEndpoint } from './endpoint';
import {
  SERVICE_ERRORS,
  ValidationError,
  WickrNetworkError,
  WickrOutcomeUnknownError,
  WickrServiceException,
  WickrTimeBudgetError,
  type WickrErrorOptions,
} from './errors';
import { NodeRequestHandler, abortError, bodyText, normalizeHeaders, type WickrHttpRequest, type WickrRequestHandler } from './http';
import { OPERATIONS, SIGNING_NAME, type OperationName } from './model/operations';
import { SHAPES } from './model/shapes';
import type { ErrorDetail } from './model/types';
import { collectSecrets, redactQuery, redactShape, scrubText, sensitiveLocationNames } from './redact';
import { RETRY_SAFETY, backoffDelay, retriesAmbiguousFailures } from './retry-policy';
import { deserializeOutput, parseErrorResponse, serializeRequest, type SerializedRequest } from './serde';

export interface WickrCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export type WickrCredentialProvider = () => Promise<WickrCredentials>;

/** Same method names as the AWS SDK's Logger; every method is optional. */
export interface WickrLogger {
  debug?(...content: unknown[]): void;
  info?(...content: unknown[]): void;
  warn?(...content: unknown[]): void;
  error?(...content: unknown[]): void;
}

export interface WickrClientConfig {
  /** Signing and endpoint region. Default: AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string | (() => Promise<string>);
  /**
   * Static credentials or a provider. Default: the standard Node credential chain
   * (`@aws-sdk/credential-provider-node`), loaded only when first needed.
   */
  credentials?: WickrCredentials | WickrCredentialProvider;
  /** Custom endpoint, e.g. 'http://127.0.0.1:4010'. Default: WICKR_ENDPOINT_URL, then the regional endpoint. */
  endpoint?: string | URL;
  /** `admin.wickr-fips.<region>...`. Cannot be combined with a custom endpoint. */
  useFipsEndpoint?: boolean;
  /** The dual-stack (`api.aws`) endpoint. Cannot be combined with a custom endpoint. */
  useDualstackEndpoint?: boolean;
  /** Total HTTP attempts per call, first one included. Default: AWS_MAX_ATTEMPTS, else 5. */
  maxAttempts?: number;
  /** Backoff base: the first retry waits a random time up to this. Default: WICKR_RETRY_BASE_DELAY_MS, else 100 ms. */
  retryBaseDelayMs?: number;
  /** Backoff cap (also caps a server's Retry-After). Default: WICKR_RETRY_MAX_DELAY_MS, else 20 000 ms. */
  retryMaxDelayMs?: number;
  /**
   * When every call must be over, in ms since the epoch (`Date.now()`), or a function giving it. No
   * attempt starts and no backoff sleeps past it, and each attempt's socket timeout is cut to what
   * is left; a call that runs out says so in its error. Default: none (attempts and backoff alone
   * bound a call).
   */
  deadline?: number | (() => number | undefined);
  /** Socket inactivity limit per attempt. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Receives redacted request/response summaries. Default: nothing is logged. */
  logger?: WickrLogger;
  /** Replaces the built-in Node http/https handler (Smithy HttpHandler shape). */
  requestHandler?: WickrRequestHandler;
  /** Appended to the User-Agent header. */
  customUserAgent?: string;
}

export interface WickrSendOptions {
  abortSignal?: AbortSignal;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_RETRY_BASE_DELAY_MS = 100;
export const DEFAULT_RETRY_MAX_DELAY_MS = 20_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Environment variables for the retry settings (AWS_MAX_ATTEMPTS is the AWS SDKs' own). */
export const RETRY_ENV_VARS = { maxAttempts: 'AWS_MAX_ATTEMPTS', baseDelayMs: 'WICKR_RETRY_BASE_DELAY_MS', maxDelayMs: 'WICKR_RETRY_MAX_DELAY_MS' } as const;

/** A whole number from the environment, or the default; a value that is not one is an error naming the variable. */
function fromEnv(name: string, fallback: number, min: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(text)}`);
  return value;
}

const USER_AGENT = 'wickr-cdk-kit/wickr-client';

/** HTTP status → error shape name, from the table (every error has its own status). */
const ERROR_BY_STATUS: ReadonlyMap<number, string> = new Map(
  Object.entries(SHAPES).flatMap(([name, shape]) =>
    shape.type === 'structure' && shape.error !== undefined && shape.httpError !== undefined ? [[shape.httpError, name] as const] : [],
  ),
);

/** What went wrong on one attempt, before it becomes an exception (its message depends on what happens next). */
interface Failure {
  status?: number;
  code: string;
  serviceMessage?: string;
  reasons?: ErrorDetail[];
  requestId?: string;
  networkCode?: string;
  requestSent: boolean;
  retryAfterMs?: number;
  cause?: unknown;
}

interface CallContext {
  operation: OperationName;
  inputShape: string;
  input: Record<string, unknown>;
  where: string;
  networkId?: string;
  secrets: Set<string>;
}

/**
 * A small AWS Wickr admin API client (restJson1 + SigV4) with the surface of
 * `@aws-sdk/client-wickr`: `new WickrClient(config).send(new XxxCommand(input))`.
 */
export class WickrClient {
  /** The configuration as given, minus the credentials (so logging the client cannot leak them). */
  readonly config: Readonly<Omit<WickrClientConfig, 'credentials'>>;
  private readonly handler: WickrRequestHandler;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly credentialProvider: WickrCredentialProvider;
  private signer?: SignatureV4;

  constructor(config: WickrClientConfig = {}) {
    const { credentials, ...rest } = config;
    this.config = rest;
    const maxAttempts = config.maxAttempts ?? fromEnv(RETRY_ENV_VARS.maxAttempts, DEFAULT_MAX_ATTEMPTS, 1);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer >= 1, got ${maxAttempts}`);
    this.maxAttempts = maxAttempts;
    this.baseDelayMs = config.retryBaseDelayMs ?? fromEnv(RETRY_ENV_VARS.baseDelayMs, DEFAULT_RETRY_BASE_DELAY_MS, 0);
    this.maxDelayMs = config.retryMaxDelayMs ?? fromEnv(RETRY_ENV_VARS.maxDelayMs, DEFAULT_RETRY_MAX_DELAY_MS, 0);
    this.handler = config.requestHandler ?? new NodeRequestHandler(config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    this.credentialProvider = credentialProviderFor(credentials);
  }

  async send<I extends object, O extends MetadataBearer>(command: WickrCommand<I, O>, options: WickrSendOptions = {}): Promise<O> {
    const operation = command.operation;
    const facts = OPERATIONS[operation];
    if (facts === undefined) throw new TypeError(`Unknown Wickr operation ${String(operation)}`);
    const input = withIdempotencyToken(facts.input, { ...(command.input as Record<string, unknown>) });
    const ctx = callContext(operation, facts.input, input);
    const serialized = serializeRequest(operation, input);
    const region = await this.resolveRegion();
    const endpoint = resolveEndpoint({
      region,
      endpoint: this.config.endpoint,
      useFipsEndpoint: this.config.useFipsEndpoint,
      useDualstackEndpoint: this.config.useDualstackEndpoint,
      env: process.env,
    });
    this.signer ??= new SignatureV4({ service: SIGNING_NAME, region, credentials: this.credentialProvider, sha256: Sha256 });

    let attempts = 0;
    let totalRetryDelay = 0;
    for (;;) {
      const left = this.timeLeft();
      if (left !== undefined && left <= 0) {
        // Only reached before the first attempt: later ones are refused before their backoff.
        throw new WickrTimeBudgetError({
          operation,
          networkId: ctx.networkId,
          $metadata: { attempts, totalRetryDelay },
          message: `${operation} was not sent${ctx.where}: the time budget for this call had run out before it could start`,
        });
      }
      attempts += 1;
      const request = httpRequest(endpoint, serialized, this.config.customUserAgent);
      this.log('debug', {
        clientName: 'WickrClient',
        commandName: operation,
        attempt: attempts,
        request: `${request.method} ${request.path}${queryText(redactQuery(serialized.query, sensitiveLocationNames(facts.input)))}`,
        input: redactShape(input, facts.input),
      });

      let signed: WickrHttpRequest;
      try {
        signed = (await this.signer.sign(request, { signingRegion: region })) as WickrHttpRequest;
      } catch (err) {
        throw new WickrServiceException({
          name: 'WickrSigningError',
          $fault: 'client',
          operation,
          networkId: ctx.networkId,
          $metadata: { attempts, totalRetryDelay },
          message: `${operation} failed${ctx.where}: could not sign the request: ${scrubText(errorText(err), ctx.secrets)}`,
          cause: err,
        });
      }

      let failure: Failure;
      try {
        const { response } = await this.handler.handle(signed, {
          abortSignal: options.abortSignal,
          requestTimeout: left === undefined ? this.config.requestTimeoutMs : Math.max(1, Math.min(this.config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, left)),
          freshConnection: !retriesAmbiguousFailures(operation),
        });
        const headers = normalizeHeaders(response.headers);
        const text = await bodyText(response.body);
        const requestId = headers['x-amzn-requestid'] ?? headers['x-amz-request-id'];
        const metadata: ResponseMetadata = { httpStatusCode: response.statusCode, requestId, attempts, totalRetryDelay };
        if (response.statusCode >= 200 && response.statusCode < 300) {
          return this.success<O>(ctx, text, headers, metadata);
        }
        failure = serviceFailure(response.statusCode, headers, text, requestId, ctx.secrets);
      } catch (err) {
        if (err instanceof WickrServiceException || isAbort(err)) throw err;
        failure = networkFailure(err, ctx.secrets);
      }

      const transient = failure.status === 429 || (failure.status ?? 0) >= 500 || failure.status === undefined;
      // 429 is refused before any work; an unsent request never reached the service. Both are safe to repeat.
      const ambiguous = transient && failure.status !== 429 && failure.requestSent;
      const metadata: ResponseMetadata = { httpStatusCode: failure.status, requestId: failure.requestId, attempts, totalRetryDelay };
      if (!transient) throw this.fail(ctx, failure, metadata, '');
      if (ambiguous && !retriesAmbiguousFailures(operation)) throw this.outcomeUnknown(ctx, failure, metadata);
      if (attempts >= this.maxAttempts) {
        throw this.fail(ctx, failure, metadata, ` (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`);
      }

      const cap = this.maxDelayMs;
      const delay = Math.max(backoffDelay(attempts, { baseDelayMs: this.baseDelayMs, maxDelayMs: cap }), Math.min(failure.retryAfterMs ?? 0, cap));
      const leftNow = this.timeLeft();
      if (leftNow !== undefined && leftNow - delay <= 0) {
        throw this.fail(ctx, failure, metadata, ` (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: the time budget for this call ran out)`, true);
      }
      this.log('warn', {
        clientName: 'WickrClient',
        commandName: operation,
        attempt: attempts,
        retryInMs: delay,
        error: `${failure.code}${failure.status === undefined ? '' : ` (${failure.status})`}`,
      });
      await sleep(delay, options.abortSignal);
      totalRetryDelay += delay;
    }
  }

  /** Closes pooled connections. The client must not be used afterwards. */
  destroy(): void {
    this.handler.destroy?.();
  }

  private success<O>(ctx: CallContext, text: string, headers: Record<string, string>, metadata: ResponseMetadata): O {
    let output: Record<string, unknown>;
    try {
      output = deserializeOutput(ctx.operation, text, headers);
    } catch (err) {
      // The call succeeded on the service side; only its answer is unreadable. Never retried.
      throw new WickrServiceException({
        name: 'WickrResponseParseError',
        $fault: 'server',
        operation: ctx.operation,
        networkId: ctx.networkId,
        $metadata: metadata,
        ambiguousWrite: RETRY_SAFETY[ctx.operation] !== 'read',
        message: `${ctx.operation} failed${ctx.where}: HTTP ${metadata.httpStatusCode} with an unreadable body (${scrubText(errorText(err), ctx.secrets)})`,
        cause: err,
      });
    }
    const outputShape = OPERATIONS[ctx.operation].output;
    this.log('info', {
      clientName: 'WickrClient',
      commandName: ctx.operation,
      input: redactShape(ctx.input, ctx.inputShape),
      output: redactShape(output, outputShape),
      metadata,
    });
    return { ...output, $metadata: metadata } as O;
  }

  /** Milliseconds until the deadline, or undefined without one. */
  private timeLeft(): number | undefined {
    const d = typeof this.config.deadline === 'function' ? this.config.deadline() : this.config.deadline;
    return d === undefined ? undefined : d - Date.now();
  }

  private fail(ctx: CallContext, failure: Failure, metadata: ResponseMetadata, suffix: string, budgetSpent = false): WickrServiceException {
    const options: WickrErrorOptions & { budgetSpent?: boolean } = {
      budgetSpent,
      operation: ctx.operation,
      networkId: ctx.networkId,
      $metadata: metadata,
      serviceMessage: failure.serviceMessage,
      ambiguousWrite: failure.requestSent && failure.status !== 429 && (failure.status === undefined || failure.status >= 500) && RETRY_SAFETY[ctx.operation] !== 'read',
      message: `${ctx.operation} failed${ctx.where}: ${describe(failure)}${suffix}`,
      cause: failure.cause,
    };
    let error: WickrServiceException;
    if (failure.status === undefined) {
      error = new WickrNetworkError({ ...options, code: failure.networkCode, requestSent: failure.requestSent });
    } else if (failure.code === 'ValidationError') {
      error = new ValidationError({ ...options, reasons: failure.reasons });
    } else if (Object.hasOwn(SERVICE_ERRORS, failure.code)) {
      error = new SERVICE_ERRORS[failure.code as keyof typeof SERVICE_ERRORS](options);
    } else {
      error = new WickrServiceException({ ...options, name: failure.code, $fault: failure.status >= 500 ? 'server' : 'client' });
    }
    this.log('error', { clientName: 'WickrClient', commandName: ctx.operation, input: redactShape(ctx.input, ctx.inputShape), error: { name: error.name, message: error.message }, metadata });
    return error;
  }

  private outcomeUnknown(ctx: CallContext, failure: Failure, metadata: ResponseMetadata): WickrOutcomeUnknownError {
    const error = new WickrOutcomeUnknownError({
      operation: ctx.operation,
      networkId: ctx.networkId,
      $metadata: metadata,
      serviceMessage: failure.serviceMessage,
      message:
        `${ctx.operation} failed${ctx.where} with an unknown outcome: ${describe(failure)}. ` +
        `The request may have been applied, and ${ctx.operation} is not safe to repeat blindly, so it was not retried; ` +
        'read the current state back before calling it again.',
      cause: failure.cause,
    });
    this.log('error', { clientName: 'WickrClient', commandName: ctx.operation, input: redactShape(ctx.input, ctx.inputShape), error: { name: error.name, message: error.message }, metadata });
    return error;
  }

  private async resolveRegion(): Promise<string> {
    const configured = this.config.region;
    const region = typeof configured === 'function' ? await configured() : configured ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('WickrClient: no region configured (set the region option or AWS_REGION)');
    return region;
  }

  private log(level: keyof WickrLogger, entry: Record<string, unknown>): void {
    const logger = this.config.logger;
    if (!logger) return;
    try {
      logger[level]?.(entry);
    } catch {
      // A broken logger must not fail the call it describes.
    }
  }
}

function credentialProviderFor(credentials: WickrClientConfig['credentials']): WickrCredentialProvider {
  if (typeof credentials === 'function') return credentials;
  if (credentials !== undefined) {
    const fixed = credentials;
    return async () => fixed;
  }
  let chain: WickrCredentialProvider | undefined;
  return async () => {
    // Loaded on first use only: the Lambda runtime ships it, and a caller with explicit credentials never pays for it.
    if (chain === undefined) {
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      chain = defaultProvider() as WickrCredentialProvider;
    }
    return chain();
  };
}

/** Fills an unset idempotency token once per send, so every retry of this call reuses it. */
function withIdempotencyToken(inputShape: string, input: Record<string, unknown>): Record<string, unknown> {
  const shape = SHAPES[inputShape];
  if (shape?.type !== 'structure') return input;
  for (const [name, facts] of Object.entries(shape.members)) {
    if (facts.idempotencyToken && (input[name] === undefined || input[name] === null)) input[name] = randomUUID();
  }
  return input;
}

function callContext(operation: OperationName, inputShape: string, input: Record<string, unknown>): CallContext {
  const shape = SHAPES[inputShape];
  const labels = shape?.type === 'structure' ? Object.entries(shape.members).filter(([, f]) => f.location === 'label').map(([n]) => n) : [];
  const networkId = typeof input.networkId === 'string' ? input.networkId : undefined;
  const others = labels.filter((n) => n !== 'networkId' && input[n] !== undefined).map((n) => `${n} ${String(input[n])}`);
  let where = networkId !== undefined ? ` for network ${networkId}` : '';
  if (others.length > 0) where += ` (${others.join(', ')})`;
  return { operation, inputShape, input, where, networkId, secrets: collectSecrets(input, inputShape, new Set()) };
}

function httpRequest(endpoint: URL, serialized: SerializedRequest, customUserAgent: string | undefined): WickrHttpRequest {
  const basePath = endpoint.pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = {
    ...serialized.headers,
    host: endpoint.host,
    'user-agent': customUserAgent ? `${USER_AGENT} ${customUserAgent}` : USER_AGENT,
  };
  if (serialized.body !== undefined) headers['content-length'] = String(Buffer.byteLength(serialized.body));
  return {
    method: serialized.method,
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port === '' ? undefined : Number(endpoint.port),
    path: basePath + serialized.path,
    query: { ...serialized.query },
    headers,
    body: serialized.body,
  };
}

function serviceFailure(status: number, headers: Record<string, string>, text: string, requestId: string | undefined, secrets: Set<string>): Failure {
  const parsed = parseErrorResponse(headers, text);
  const code = parsed.code ?? ERROR_BY_STATUS.get(status) ?? 'UnknownError';
  const reasons = Array.isArray(parsed.body?.reasons)
    ? (parsed.body.reasons as unknown[]).filter(isObject).map((r) => ({
        field: typeof r.field === 'string' ? scrubText(r.field, secrets) : undefined,
        reason: typeof r.reason === 'string' ? scrubText(r.reason, secrets) : undefined,
      }))
    : undefined;
  const retryAfter = Number(headers['retry-after']);
  return {
    status,
    code,
    serviceMessage: parsed.message === undefined ? undefined : scrubText(parsed.message, secrets),
    reasons,
    requestId,
    requestSent: true,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  };
}

function networkFailure(err: unknown, secrets: Set<string>): Failure {
  const e = err as { code?: unknown; message?: unknown; $requestSent?: unknown };
  const networkCode = typeof e.code === 'string' ? e.code : undefined;
  // A custom handler cannot tell us whether it sent the request; only a refused or unresolved
  // connection proves it did not.
  const requestSent =
    typeof e.$requestSent === 'boolean' ? e.$requestSent : !(networkCode === 'ECONNREFUSED' || networkCode === 'ENOTFOUND' || networkCode === 'EAI_AGAIN');
  return {
    code: 'WickrNetworkError',
    serviceMessage: scrubText(errorText(err), secrets),
    networkCode,
    requestSent,
    cause: err,
  };
}

function describe(failure: Failure): string {
  if (failure.status === undefined) {
    return `network error${failure.networkCode ? ` ${failure.networkCode}` : ''}: ${failure.serviceMessage ?? 'no response'}` +
      (failure.requestSent ? '' : ' (the request was not sent)');
  }
  let text = `${failure.code} (${failure.status})`;
  if (failure.serviceMessage) text += `: ${failure.serviceMessage}`;
  const reasons = (failure.reasons ?? []).map((r) => [r.field, r.reason].filter(Boolean).join(': ')).filter(Boolean);
  if (reasons.length > 0) text += ` [${reasons.join('; ')}]`;
  return text;
}

function queryText(query: Record<string, string | string[]>): string {
  const parts = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `${k}=${item}`));
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function errorText(err: unknown): string {
  const message = isObject(err) ? err.message : undefined;
  return typeof message === 'string' ? message : String(err);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isAbort(err: unknown): boolean {
  return isObject(err) && err.name === 'AbortError';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
