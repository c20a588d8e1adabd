/**
 * A tiny HTTP server speaking the AWS JSON 1.1 protocol (POST /, `X-Amz-Target: <prefix>.<Operation>`),
 * good enough for the real AWS SDK v3 clients to talk to. Each stand-in service (Secrets Manager,
 * SSM, KMS) plugs its operations into it.
 *
 * What the server checks on every request: that it carries a SigV4 Authorization header for the
 * right signing name and a plausible Region, that the credential-scope date matches X-Amz-Date, and
 * that the headers that matter are signed. It does NOT recompute the signature: a request signed with
 * the wrong secret key is accepted. See README.md in this directory.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/** An error the service returns to the client as `{ __type, message }` with an HTTP status. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** What an operation handler receives once the request has passed the signature checks. */
export interface AwsJsonRequest {
  readonly operation: string;
  /** The Region from the SigV4 credential scope: the stand-ins keep separate state per Region. */
  readonly region: string;
  readonly accessKeyId: string;
  readonly body: Record<string, unknown>;
}

/** One request as the stand-in saw it. Secret values are redacted here (kept in state only). */
export interface RecordedRequest {
  readonly service: string;
  readonly operation: string;
  /** Empty when the request was rejected before the Region was known. */
  readonly region: string;
  readonly accessKeyId: string;
  /** True when the request carried (and signed) X-Amz-Security-Token. */
  readonly sessionToken: boolean;
  readonly body: unknown;
  readonly status: number;
  readonly errorType?: string;
  readonly response?: unknown;
}

export type OperationHandler = (request: AwsJsonRequest) => unknown;

export interface JsonServiceDefinition {
  /** SigV4 signing name, e.g. `secretsmanager`, `ssm`, `kms`. */
  readonly signingName: string;
  /** The X-Amz-Target prefix, e.g. `secretsmanager`, `AmazonSSM`, `TrentService`. */
  readonly targetPrefix: string;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /** Returns a copy of a request body safe to keep in the request log (called after the operation ran). */
  readonly redactRequest: (operation: string, body: Record<string, unknown>, region: string) => unknown;
  /** Returns a copy of a response body safe to keep in the request log. */
  readonly redactResponse: (operation: string, body: unknown) => unknown;
  /** When given, requests signed for any other Region are refused. */
  readonly regions?: readonly string[];
}

export interface RunningJsonService {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const AMZ_DATE_PATTERN = /^(\d{8})T\d{6}Z$/;

/** What the signature check learnt from the request. */
export interface SignatureScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
}

/**
 * Checks presence and scope of a SigV4 signature (not its value).
 * Throws AwsServiceError with the error type AWS itself uses for each failure.
 */
export function checkSigV4(
  headers: IncomingMessage['headers'],
  signingName: string,
  regions?: readonly string[],
): SignatureScope {
  const authorization = headers.authorization;
  if (!authorization) {
    throw new AwsServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  }
  const match = /^AWS4-HMAC-SHA256 (.*)$/.exec(authorization);
  if (!match) {
    throw new AwsServiceError('IncompleteSignatureException', 'Authorization header must use AWS4-HMAC-SHA256.', 403);
  }
  const parts = new Map<string, string>();
  for (const piece of match[1].split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  for (const required of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!parts.get(required)) {
      throw new AwsServiceError('IncompleteSignatureException', `Authorization header requires '${required}' parameter.`, 403);
    }
  }
  const scope = parts.get('Credential')!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw new AwsServiceError(
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements ending in aws4_request, got '${parts.get('Credential')}'.`,
      403,
    );
  }
  const [accessKeyId, date, region, service] = scope;
  if (service !== signingName) {
    throw new AwsServiceError('InvalidSignatureException', `Credential should be scoped to correct service: '${signingName}'.`, 403);
  }
  if (!REGION_PATTERN.test(region) || (regions && !regions.includes(region))) {
    throw new AwsServiceError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`, 403);
  }
  const amzDate = headers['x-amz-date'];
  const dateMatch = typeof amzDate === 'string' ? AMZ_DATE_PATTERN.exec(amzDate) : null;
  if (!dateMatch) {
    throw new AwsServiceError('IncompleteSignatureException', 'Authorization header requires existence of a valid X-Amz-Date header.', 403);
  }
  if (dateMatch[1] !== date) {
    throw new AwsServiceError(
      'IncompleteSignatureException',
      `Date in Credential scope does not match YYYYMMDD from X-Amz-Date: '${date}' != '${dateMatch[1]}'.`,
      403,
    );
  }
  const signedHeaders = parts.get('SignedHeaders')!.split(';');
  const mustBeSigned = ['host', 'x-amz-date', 'x-amz-target'];
  if (headers['x-amz-security-token'] !== undefined) mustBeSigned.push('x-amz-security-token');
  for (const name of mustBeSigned) {
    if (!signedHeaders.includes(name)) {
      throw new AwsServiceError('IncompleteSignatureException', `Header '${name}' must be signed.`, 403);
    }
  }
  for (const name of signedHeaders) {
    if (headers[name] === undefined) {
      throw new AwsServiceError('IncompleteSignatureException', `Signed header '${name}' is missing from the request.`, 403);
    }
  }
  if (!/^[0-9a-f]{64}$/.test(parts.get('Signature')!)) {
    throw new AwsServiceError('IncompleteSignatureException', 'Signature must be 64 lowercase hex characters.', 403);
  }
  return { accessKeyId, date, region, service, signedHeaders };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  response.writeHead(status, headers);
  response.end(text);
}

/** Starts the service on 127.0.0.1 with an ephemeral port. */
export async function startJsonService(definition: JsonServiceDefinition): Promise<RunningJsonService> {
  const requests: RecordedRequest[] = [];

  const server = createServer((request, response) => {
    void (async () => {
      const raw = await readBody(request);
      let operation = '';
      let region = '';
      let accessKeyId = '';
      let body: Record<string, unknown> = {};
      const sessionToken = request.headers['x-amz-security-token'] !== undefined;
      const record = (status: number, extra: { errorType?: string; response?: unknown }): void => {
        requests.push({
          service: definition.signingName,
          operation,
          region,
          accessKeyId,
          sessionToken,
          body: operation ? definition.redactRequest(operation, body, region) : undefined,
          status,
          ...extra,
        });
      };
      try {
        if (request.method !== 'POST' || (request.url ?? '/') !== '/') {
          throw new AwsServiceError('UnknownOperationException', `Only POST / is served, got ${request.method} ${request.url}.`);
        }
        const target = request.headers['x-amz-target'];
        const prefix = `${definition.targetPrefix}.`;
        if (typeof target !== 'string' || !target.startsWith(prefix)) {
          throw new AwsServiceError('UnknownOperationException', `X-Amz-Target must start with '${prefix}', got '${String(target)}'.`);
        }
        operation = target.slice(prefix.length);
        const contentType = request.headers['content-type'] ?? '';
        if (!contentType.startsWith('application/x-amz-json-1.1')) {
          throw new AwsServiceError('SerializationException', `Content-Type must be application/x-amz-json-1.1, got '${contentType}'.`);
        }
        const scope = checkSigV4(request.headers, definition.signingName, definition.regions);
        region = scope.region;
        accessKeyId = scope.accessKeyId;
        try {
          const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
          body = parsed as Record<string, unknown>;
        } catch {
          throw new AwsServiceError('SerializationException', 'The request body is not a JSON object.');
        }
        const handler = Object.prototype.hasOwnProperty.call(definition.operations, operation)
          ? definition.operations[operation]
          : undefined;
        if (!handler) {
          throw new AwsServiceError('UnknownOperationException', `The ${definition.signingName} stand-in does not implement ${operation}.`);
        }
        const result = handler({ operation, region, accessKeyId, body }) ?? {};
        record(200, { response: definition.redactResponse(operation, result) });
        send(response, 200, result);
      } catch (error) {
        if (error instanceof AwsServiceError) {
          record(error.status, { errorType: error.type });
          send(response, error.status, { __type: error.type, message: error.message }, error.type);
        } else {
          // A bug in the stand-in itself: answer 500 so it is loud, and keep the message.
          const message = error instanceof Error ? error.message : String(error);
          record(500, { errorType: 'InternalFailure' });
          send(response, 500, { __type: 'InternalFailure', message: `stand-in bug: ${message}` }, 'InternalFailure');
        }
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

/** Reads a required string member, failing the way AWS does for a missing or mistyped one. */
export function requiredString(body: Record<string, unknown>, member: string): string {
  const value = body[member];
  if (typeof value !== 'string' || value === '') {
    throw new AwsServiceError('ValidationException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function optionalString(body: Record<string, unknown>, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new AwsServiceError('SerializationException', `Member '${member}' must be a string.`);
  }
  return value;
}

/** Seconds since the epoch, the JSON 1.1 wire form of a timestamp. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
