/**
 * Reads a request into a typed input and checks it against the table: HTTP bindings (labels, query,
 * headers, JSON body), JSON types, required members, enums, length/range/pattern traits, unknown
 * members. The same walker checks the emulator's OWN outputs, so a response that does not fit the
 * model is an emulator bug that surfaces as a 500 instead of passing silently into a kit test.
 * Which error class each problem gets is decided in errors.ts (ISSUE_CLASSIFICATION), not here.
 */
import type { MemberFacts } from '../../lambda/wickr/model/table-types';
import { Issue, IssueKind } from './errors';
import type { ShapeLookup } from './behaviour';
import { OperationName, PRELUDE_TARGETS, inputMembers, isSensitiveTarget, operationFacts, shapeFacts } from './model';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const patternCache = new Map<string, RegExp>();
function compiledPattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

class IssueList {
  readonly items: Issue[] = [];
  add(kind: IssueKind, field: string, reason: string): void {
    this.items.push({ kind, field, reason });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Checks one value against a target shape (plus the member's own traits). Null means "not set". */
function checkValue(value: unknown, target: string, member: MemberFacts | undefined, field: string, issues: IssueList, shapes: ShapeLookup): void {
  if (PRELUDE_TARGETS.has(target)) {
    checkPrelude(value, target, field, issues);
    checkRange(value, member?.range, field, issues);
    return;
  }
  const facts = shapes(target);
  if (!facts) throw new Error(`table has no shape ${target} (referenced by ${field})`);
  switch (facts.type) {
    case 'string': {
      if (typeof value !== 'string') return void issues.add('wrong-type', field, `must be a string, got ${describeJsonType(value)}`);
      checkLength([...value].length, facts.length, field, issues);
      checkLength([...value].length, member?.length, field, issues);
      for (const pattern of [facts.pattern, member?.pattern]) {
        if (pattern && !compiledPattern(pattern).test(value)) issues.add('pattern', field, `must match ${pattern}`);
      }
      return;
    }
    case 'enum': {
      if (typeof value !== 'string') return void issues.add('wrong-type', field, `must be a string, got ${describeJsonType(value)}`);
      const allowed = Object.values(facts.values);
      if (!allowed.includes(value)) issues.add('enum', field, `must be one of ${allowed.join(', ')}`);
      return;
    }
    case 'intEnum': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return void issues.add('wrong-type', field, `must be an integer, got ${describeJsonType(value)}`);
      const allowed = Object.values(facts.values);
      if (!allowed.includes(value)) issues.add('enum', field, `must be one of ${allowed.join(', ')}`);
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return void issues.add('wrong-type', field, `must be an array, got ${describeJsonType(value)}`);
      checkLength(value.length, facts.length, field, issues);
      checkLength(value.length, member?.length, field, issues);
      value.forEach((item, index) => {
        if (item === null) issues.add('wrong-type', `${field}[${index}]`, 'must not be null');
        else checkValue(item, facts.member, undefined, `${field}[${index}]`, issues, shapes);
      });
      return;
    }
    case 'structure': {
      if (!isPlainObject(value)) return void issues.add('wrong-type', field, `must be an object, got ${describeJsonType(value)}`);
      checkStructure(value, facts.members, field, issues, shapes);
      return;
    }
  }
}

function checkStructure(value: Record<string, unknown>, members: Readonly<Record<string, MemberFacts>>, prefix: string, issues: IssueList, shapes: ShapeLookup): void {
  const path = (name: string) => (prefix ? `${prefix}.${name}` : name);
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(members, key)) issues.add('unknown-member', path(key), 'is not a member of this shape');
  }
  for (const [name, facts] of Object.entries(members)) {
    const memberValue = value[name];
    if (memberValue === undefined || memberValue === null) {
      if (facts.required) issues.add('missing-required', path(name), 'is required');
      continue;
    }
    checkValue(memberValue, facts.target, facts, path(name), issues, shapes);
  }
}

function checkPrelude(value: unknown, target: string, field: string, issues: IssueList): void {
  switch (target) {
    case 'Boolean':
      if (typeof value !== 'boolean') issues.add('wrong-type', field, `must be a boolean, got ${describeJsonType(value)}`);
      return;
    case 'Integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) issues.add('wrong-type', field, `must be an integer, got ${describeJsonType(value)}`);
      else if (value < INT32_MIN || value > INT32_MAX) issues.add('wrong-type', field, 'does not fit a 32-bit integer');
      return;
    case 'Long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) issues.add('wrong-type', field, `must be an integer, got ${describeJsonType(value)}`);
      return;
    case 'Timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) issues.add('wrong-type', field, `must be epoch seconds, got ${describeJsonType(value)}`);
      return;
    case 'String':
      if (typeof value !== 'string') issues.add('wrong-type', field, `must be a string, got ${describeJsonType(value)}`);
      return;
  }
}

function checkLength(length: number, trait: { min?: number; max?: number } | undefined, field: string, issues: IssueList): void {
  if (!trait) return;
  if (trait.min !== undefined && length < trait.min) issues.add('length', field, `length must be at least ${trait.min}`);
  if (trait.max !== undefined && length > trait.max) issues.add('length', field, `length must be at most ${trait.max}`);
}

function checkRange(value: unknown, trait: { min?: number; max?: number } | undefined, field: string, issues: IssueList): void {
  if (!trait || typeof value !== 'number') return;
  if (trait.min !== undefined && value < trait.min) issues.add('range', field, `must be at least ${trait.min}`);
  if (trait.max !== undefined && value > trait.max) issues.add('range', field, `must be at most ${trait.max}`);
}

/** Converts label/query/header text to the member's type (restJson1 rules). */
function fromText(text: string, target: string, field: string, issues: IssueList): unknown {
  const facts = shapeFacts(target);
  const kind = PRELUDE_TARGETS.has(target) ? target : facts?.type;
  switch (kind) {
    case 'Boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      issues.add('unparseable-value', field, `must be true or false, got "${text}"`);
      return undefined;
    case 'Integer':
    case 'Long':
    case 'intEnum':
      if (/^-?\d+$/.test(text)) return Number(text);
      issues.add('unparseable-value', field, `must be an integer, got "${text}"`);
      return undefined;
    case 'Timestamp':
      // epoch-seconds is the only timestampFormat the table uses on the wire
      if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
      issues.add('unparseable-value', field, `must be epoch seconds, got "${text}"`);
      return undefined;
    default:
      return text;
  }
}

export interface HttpParts {
  readonly labels: Readonly<Record<string, string>>;
  /** Decoded query parameters; a repeated key keeps every value in order. */
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** Lower-cased header name → value. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

export interface DecodedInput {
  readonly input: Record<string, unknown>;
  readonly issues: readonly Issue[];
}

/**
 * Builds the operation's input from the HTTP request and validates it. Never throws on bad input.
 * `shapes` is the table as this emulator's behaviour reads requests (live members included).
 */
export function decodeInput(op: OperationName, http: HttpParts, shapes: ShapeLookup = shapeFacts): DecodedInput {
  const members = inputMembers(op);
  const issues = new IssueList();
  const input: Record<string, unknown> = {};
  const knownQuery = new Set<string>();

  for (const [name, facts] of Object.entries(members)) {
    if (facts.location === 'label') {
      const text = http.labels[name];
      if (text !== undefined) input[name] = fromText(text, facts.target, name, issues);
    } else if (facts.location === 'query') {
      const key = facts.locationName ?? name;
      knownQuery.add(key);
      const values = http.query.get(key);
      if (!values) continue;
      const list = shapeFacts(facts.target);
      if (list?.type === 'list') input[name] = values.map((text, i) => fromText(text, list.member, `${key}[${i}]`, issues));
      else if (values.length > 1) issues.add('unparseable-value', key, 'was given more than once');
      else input[name] = fromText(values[0], facts.target, key, issues);
    } else if (facts.location === 'header') {
      const text = http.headers[(facts.locationName ?? name).toLowerCase()];
      if (text !== undefined) input[name] = fromText(text, facts.target, name, issues);
    }
  }
  for (const key of http.query.keys()) {
    if (!knownQuery.has(key)) issues.add('unknown-member', key, 'is not a query parameter of this operation');
  }

  const bodyMembers = Object.entries(members).filter(([, facts]) => !facts.location);
  const text = http.body.toString('utf8').trim();
  if (bodyMembers.length === 0) {
    // Operations with no body members: nothing, or an empty object, is accepted.
    if (text !== '' && text !== '{}') issues.add('unexpected-body', 'body', 'this operation takes no request body');
  } else if (text !== '') {
    const contentType = http.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      issues.add('unsupported-media-type', 'Content-Type', `must be application/json, got "${contentType}"`);
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        issues.add('malformed-body', 'body', 'is not valid JSON');
      }
      if (parsed !== undefined && !isPlainObject(parsed)) issues.add('malformed-body', 'body', 'must be a JSON object');
      else if (parsed !== undefined) {
        const bodyNames = new Set(bodyMembers.map(([name]) => name));
        for (const [key, value] of Object.entries(parsed)) {
          if (bodyNames.has(key)) input[key] = value;
          else issues.add('unknown-member', key, 'is not a member of this operation');
        }
      }
    }
  }

  // Only the decoded members are checked here; unknown members were reported above.
  const known = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  checkStructure(known, members, '', issues, shapes);
  return { input: stripNulls(known) as Record<string, unknown>, issues: issues.items };
}

/** Problems in an emulator-produced output (an emulator bug if any), against the table as this emulator's behaviour writes it. */
export function checkOutput(op: OperationName, output: unknown, shapes: ShapeLookup = shapeFacts): readonly Issue[] {
  const issues = new IssueList();
  checkValue(output, operationFacts(op).output, undefined, '', issues, shapes);
  return issues.items;
}

/** restJson1 treats a JSON null member as "not set"; drop them so handlers see only real values. */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, stripNulls(v)]));
  }
  return value;
}

export const REDACTED = '***';

/**
 * Members that carry secrets but are not marked sensitive in the model (the OAuth authorisation code
 * and PKCE verifier GetOidcInfo takes on its query string). Sensitive-marked members are found from
 * the table.
 */
const UNMARKED_SECRETS: Readonly<Record<string, readonly string[]>> = {
  GetOidcInfoRequest: ['code', 'codeVerifier'],
};

/** A copy of `value` (of shape `shape`) with every sensitive member replaced by "***". */
export function redact(shape: string, value: unknown): unknown {
  const facts = shapeFacts(shape);
  if (!facts || value === undefined || value === null) return value;
  if (facts.type === 'list' && Array.isArray(value)) return value.map((item) => redact(facts.member, item));
  if (facts.type !== 'structure' || !isPlainObject(value)) return value;
  const secrets = UNMARKED_SECRETS[shape] ?? [];
  const out: Record<string, unknown> = {};
  for (const [key, memberValue] of Object.entries(value)) {
    const member = facts.members[key];
    if (member && (isSensitiveTarget(member.target) || secrets.includes(key))) out[key] = REDACTED;
    else out[key] = member ? redact(member.target, memberValue) : memberValue;
  }
  return out;
}
