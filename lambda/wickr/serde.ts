import { OPERATIONS, type OperationName } from './model/operations';
import { SHAPES } from './model/shapes';
import type { MemberFacts } from './model/table-types';

/**
 * restJson1 (de)serialization, driven entirely by the generated table: nothing here knows any
 * particular operation. Labels go into the URI template, query and header members where the table
 * binds them, and every other member into one JSON object.
 */

export interface SerializedRequest {
  method: string;
  /** Path with labels already percent-encoded. */
  path: string;
  /** Decoded query values; repeated parameters as arrays. */
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string;
}

type Kind = 'boolean' | 'number' | 'timestamp' | 'string' | 'enum' | 'intEnum' | 'list' | 'structure' | 'other';

function kindOf(target: string): Kind {
  switch (target) {
    case 'Boolean':
    case 'PrimitiveBoolean':
      return 'boolean';
    case 'Integer':
    case 'Long':
    case 'Short':
    case 'Byte':
    case 'Float':
    case 'Double':
    case 'PrimitiveInteger':
    case 'PrimitiveLong':
      return 'number';
    case 'Timestamp':
      return 'timestamp';
    case 'String':
      return 'string';
  }
  const shape = SHAPES[target];
  return shape === undefined ? 'other' : shape.type;
}

/** RFC 3986 percent-encoding: encodeURIComponent leaves !'()* alone, SigV4 and restJson1 do not. */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  // Numbers are taken as epoch seconds, the only timestamp format this API uses.
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') return new Date(/^-?\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : value);
  throw new TypeError(`expected a Date, got ${typeof value}`);
}

function formatTimestamp(value: unknown, format: string): string | number {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) throw new TypeError('invalid timestamp');
  switch (format) {
    case 'epoch-seconds':
      return date.getTime() / 1000;
    case 'http-date':
      return date.toUTCString();
    default:
      return date.toISOString().replace('.000Z', 'Z');
  }
}

/** A scalar as text, for labels, query values and headers. */
function scalarText(value: unknown, facts: MemberFacts, defaultTimestampFormat: string): string {
  const kind = kindOf(facts.target);
  if (kind === 'timestamp') return String(formatTimestamp(value, facts.timestampFormat ?? defaultTimestampFormat));
  if (kind === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

function listMemberFacts(facts: MemberFacts): MemberFacts {
  const shape = SHAPES[facts.target];
  return shape?.type === 'list' ? { target: shape.member } : facts;
}

/**
 * A body value, recursively: timestamps as epoch seconds. Inside a structure, members the table does
 * not know are sent as given: the live service requires some that the model lacks (a security group's
 * `passwordRequirements.regex` and `shredder.canProcessInBackground`, see `live-members.ts`), and a
 * read-modify-write of a nested object must send back what it read. Only the request's top-level
 * members are limited to the table, because they decide the HTTP binding.
 */
function bodyValue(value: unknown, target: string, timestampFormat?: string): unknown {
  const shape = SHAPES[target];
  switch (kindOf(target)) {
    case 'timestamp':
      return formatTimestamp(value, timestampFormat ?? 'epoch-seconds');
    case 'list':
      return Array.isArray(value) && shape?.type === 'list' ? value.map((item) => bodyValue(item, shape.member)) : value;
    case 'structure': {
      if (shape?.type !== 'structure' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === undefined || item === null) continue;
        const facts = shape.members[name];
        out[name] = facts === undefined ? item : bodyValue(item, facts.target, facts.timestampFormat);
      }
      return out;
    }
    default:
      return value;
  }
}

export function serializeRequest(operation: OperationName, input: Readonly<Record<string, unknown>>): SerializedRequest {
  const op = OPERATIONS[operation];
  const shape = SHAPES[op.input];
  const members = shape?.type === 'structure' ? shape.members : {};
  const [template, literalQuery] = op.uri.split('?', 2) as [string, string | undefined];

  const query: Record<string, string | string[]> = {};
  for (const pair of literalQuery ? literalQuery.split('&') : []) {
    const [k, v = ''] = pair.split('=', 2) as [string, string | undefined];
    query[decodeURIComponent(k)] = decodeURIComponent(v);
  }

  const path = template.replace(/\{([^}+]+)(\+?)\}/g, (_match, name: string, greedy: string) => {
    const value = input[name];
    const facts = members[name];
    if (value === undefined || value === null || facts === undefined) {
      throw new TypeError(`${operation}: the URI label ${name} has no value`);
    }
    const text = scalarText(value, facts, 'date-time');
    if (text === '') throw new TypeError(`${operation}: the URI label ${name} is empty`);
    return greedy ? text.split('/').map(escapeUri).join('/') : escapeUri(text);
  });

  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  let hasBodyMembers = false;
  for (const [name, facts] of Object.entries(members)) {
    if (facts.location === 'label') continue;
    if (facts.location === undefined) hasBodyMembers = true;
    const value = input[name];
    if (value === undefined || value === null) continue;
    if (facts.location === 'query') {
      const key = facts.locationName ?? name;
      query[key] = Array.isArray(value)
        ? value.map((item) => scalarText(item, listMemberFacts(facts), 'date-time'))
        : scalarText(value, facts, 'date-time');
    } else if (facts.location === 'header') {
      const key = (facts.locationName ?? name).toLowerCase();
      headers[key] = Array.isArray(value)
        ? value.map((item) => scalarText(item, listMemberFacts(facts), 'http-date')).join(', ')
        : scalarText(value, facts, 'http-date');
    } else {
      body[name] = bodyValue(value, facts.target, facts.timestampFormat);
    }
  }

  const request: SerializedRequest = { method: op.method, path, query, headers };
  // Operations whose every input is a label, query or header send no body at all (and so no
  // Content-Type); the others always send a JSON object, `{}` when every body member is unset.
  if (hasBodyMembers) {
    request.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  return request;
}

/** A response value, recursively: nulls dropped, timestamps as Dates, members the table does not know kept as sent. */
function readValue(value: unknown, target: string): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = SHAPES[target];
  switch (kindOf(target)) {
    case 'timestamp':
      return typeof value === 'number' || typeof value === 'string' ? toDate(value) : value;
    case 'list':
      return Array.isArray(value) && shape?.type === 'list'
        ? value.filter((item) => item !== null).map((item) => readValue(item, shape.member))
        : value;
    case 'structure':
      return shape?.type === 'structure' && typeof value === 'object' ? readStructure(value as Record<string, unknown>, target, {}) : value;
    default:
      return value;
  }
}

function readStructure(body: Record<string, unknown>, structure: string, headers: Readonly<Record<string, string>>): Record<string, unknown> {
  const shape = SHAPES[structure];
  const out: Record<string, unknown> = {};
  if (shape?.type !== 'structure') return out;
  for (const [name, facts] of Object.entries(shape.members)) {
    let value: unknown;
    if (facts.location === 'header') {
      const text = headers[(facts.locationName ?? name).toLowerCase()];
      if (text === undefined) continue;
      const kind = kindOf(facts.target);
      value = kind === 'boolean' ? text === 'true' : kind === 'number' || kind === 'intEnum' ? Number(text) : kind === 'timestamp' ? toDate(text) : text;
    } else {
      value = readValue(body[name], facts.target);
    }
    if (value !== undefined) out[name] = value;
  }
  // Members the model lacks but the live service sends (see live-members.ts) are kept verbatim, so
  // a handler can compare them, report them and send them back on a read-modify-write.
  for (const [name, value] of Object.entries(body)) {
    if (!Object.hasOwn(shape.members, name) && value !== null && value !== undefined) out[name] = value;
  }
  return out;
}

/** Parses a 2xx response into the operation's output shape. */
export function deserializeOutput(
  operation: OperationName,
  bodyText: string,
  headers: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const parsed: unknown = bodyText.trim() === '' ? {} : JSON.parse(bodyText);
  const body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return readStructure(body, OPERATIONS[operation].output, headers);
}

export interface ParsedError {
  /** Error code, e.g. 'ValidationError'; undefined when neither header nor body names one. */
  code?: string;
  message?: string;
  /** The parsed JSON body, when it was JSON. */
  body?: Record<string, unknown>;
}

/** Reads the error code and message of a non-2xx response (code: header, then body `code`/`__type`). */
export function parseErrorResponse(headers: Readonly<Record<string, string>>, bodyText: string): ParsedError {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const clean = (raw: unknown): string | undefined => {
    if (typeof raw !== 'string') return undefined;
    // 'aws.protocoltests#FooError:http://...' → 'FooError'
    const code = raw.split(':')[0]!.split('#').pop()!.trim();
    return code === '' ? undefined : code;
  };
  const code = clean(headers['x-amzn-errortype']) ?? clean(body?.code) ?? clean(body?.__type);
  const rawMessage = body?.message ?? body?.Message ?? body?.errorMessage;
  const message = typeof rawMessage === 'string' ? rawMessage : body === undefined && bodyText.trim() !== '' ? bodyText.trim().slice(0, 500) : undefined;
  return { code, message, body };
}
