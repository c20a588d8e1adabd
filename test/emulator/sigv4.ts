/**
 * Verifies AWS Signature Version 4 on every request by recomputing it (node:crypto only) from what
 * actually arrived: method, raw path, query, the signed headers and the SHA-256 of the real body.
 *
 * Status choice (documented in README): a request with NO Authorization header is unauthenticated →
 * 401 UnauthorizedError; every other failure (malformed header, unknown access key, wrong signing
 * service, wrong or missing session token, stale date, body hash mismatch, signature mismatch) →
 * 403 ForbiddenError, which is what AWS front doors answer for a signature they reject.
 * Query-string (presigned) authentication is not supported: the admin API is called with headers.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors';

export interface Credential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The account whose state this key reaches. */
  readonly accountId: string;
  /** When set, requests must carry exactly this X-Amz-Security-Token. */
  readonly sessionToken?: string;
}

export interface SignedRequest {
  readonly method: string;
  /** Path exactly as received (still percent-encoded). */
  readonly rawPath: string;
  /** Query string exactly as received, without '?'. */
  readonly rawQuery: string;
  /** Lower-cased header name → every value received for it, in order. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Buffer;
}

export interface Caller {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly region: string;
  readonly service: string;
}

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function forbidden(message: string): ApiError {
  return new ApiError('ForbiddenError', message);
}

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function headerValue(headers: ReadonlyMap<string, readonly string[]>, name: string): string | undefined {
  const values = headers.get(name);
  return values && values.length > 0 ? values.join(',') : undefined;
}

/** Non-S3 services encode the already-encoded path once more, segment by segment. */
export function canonicalPath(rawPath: string): string {
  return rawPath.split('/').map(uriEncode).join('/') || '/';
}

export function canonicalQuery(rawQuery: string): string {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      pairs.push([uriEncode(decodeURIComponent(key)), uriEncode(decodeURIComponent(value))]);
    } catch {
      throw forbidden(`query parameter "${key}" is not valid percent-encoding`);
    }
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization {
  if (!header.startsWith(`${ALGORITHM} `)) throw forbidden(`Authorization must use ${ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw forbidden('Authorization header is malformed: it needs Credential, SignedHeaders and Signature');
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw forbidden('Credential must be <access key>/<yyyymmdd>/<region>/<service>/aws4_request');
  }
  const [accessKeyId, date, region, service] = scope;
  if (!/^\d{8}$/.test(date)) throw forbidden(`credential scope date "${date}" is not yyyymmdd`);
  if (!REGION_PATTERN.test(region)) throw forbidden(`credential scope region "${region}" is not a Region name`);
  if (!/^[0-9a-f]{64}$/.test(signature)) throw forbidden('Signature must be 64 lower-case hex characters');
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** Parses yyyymmddThhmmssZ. */
function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Returns who is calling (access key, account, Region from the credential scope), or throws the
 * 401/403 ApiError described at the top of this file.
 */
export function verifySignature(
  request: SignedRequest,
  findCredential: (accessKeyId: string) => Credential | undefined,
  nowMs: number,
  expectedService: string,
): Caller {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) throw new ApiError('UnauthorizedError', 'Request is not signed: the Authorization header is missing');
  const auth = parseAuthorization(authorization);

  if (auth.service !== expectedService) {
    throw forbidden(`credential scope names service "${auth.service}"; requests to this API must be signed for "${expectedService}"`);
  }
  const credential = findCredential(auth.accessKeyId);
  if (!credential) throw forbidden(`the access key id "${auth.accessKeyId}" is not known`);

  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate) throw forbidden('X-Amz-Date header is required');
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) throw forbidden(`X-Amz-Date "${amzDate}" is not yyyymmddThhmmssZ`);
  if (amzDate.slice(0, 8) !== auth.date) throw forbidden('credential scope date does not match X-Amz-Date');
  if (Math.abs(nowMs - signedAt) > MAX_CLOCK_SKEW_MS) {
    throw forbidden(`signature expired: X-Amz-Date ${amzDate} is more than 15 minutes from the server time ${new Date(nowMs).toISOString()}`);
  }

  const signed = auth.signedHeaders;
  const sortedUnique = [...new Set(signed)].sort();
  if (signed.join(';') !== sortedUnique.join(';') || signed.some((h) => h !== h.toLowerCase())) {
    throw forbidden('SignedHeaders must be lower-case, sorted and unique');
  }
  for (const required of ['host', 'x-amz-date']) {
    if (!signed.includes(required)) throw forbidden(`SignedHeaders must include ${required}`);
  }
  for (const name of signed) {
    if (!request.headers.has(name)) throw forbidden(`signed header ${name} is not present in the request`);
  }

  const sessionToken = headerValue(request.headers, 'x-amz-security-token');
  if (credential.sessionToken !== undefined && sessionToken !== credential.sessionToken) {
    throw forbidden('the security token included in the request is missing or invalid');
  }

  const payloadHash = sha256Hex(request.body);
  const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== payloadHash) {
    throw forbidden('X-Amz-Content-Sha256 does not match the SHA-256 of the body received');
  }

  const canonicalRequest = [
    request.method,
    canonicalPath(request.rawPath),
    canonicalQuery(request.rawQuery),
    ...signed.map((name) => `${name}:${canonicalHeaderValue(request.headers.get(name) ?? [])}`),
    '',
    signed.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const dateKey = hmac(`AWS4${credential.secretAccessKey}`, auth.date);
  const key = hmac(hmac(hmac(dateKey, auth.region), auth.service), 'aws4_request');
  const expected = hmac(key, stringToSign);
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    // Like AWS, say what was signed so a client author can diff it against their own canonical request.
    throw forbidden(
      `The request signature does not match. Canonical request:\n${canonicalRequest}\nString to sign:\n${stringToSign}`,
    );
  }
  return { accessKeyId: auth.accessKeyId, accountId: credential.accountId, region: auth.region, service: auth.service };
}
