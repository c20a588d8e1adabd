import { SHAPES } from './model/shapes';

/**
 * Keeps secrets out of logs and error messages. Driven by the generated table: any member whose
 * target shape is `sensitive` is replaced, wherever it sits in a request or response. Two safety
 * nets cover what the model does not mark:
 *
 * - EXTRA_SENSITIVE_MEMBERS: OIDC token material the model leaves unmarked (access/ID/refresh
 *   tokens, and the OAuth code and PKCE verifier that can be exchanged for them);
 * - SENSITIVE_NAMES: member and query-parameter names that hold secrets wherever they appear, so
 *   an unknown response member or a raw query string is still caught.
 *
 * Free text (the service's error messages, unparseable bodies) cannot be walked by shape, so every
 * secret value seen in the request or response is also scrubbed out of it verbatim.
 */
export const REDACTED = '***';

const EXTRA_SENSITIVE_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  OidcTokenInfo: ['accessToken', 'idToken', 'refreshToken', 'codeVerifier'],
  GetOidcInfoRequest: ['clientSecret', 'code', 'codeVerifier'],
};

const SENSITIVE_NAMES: ReadonlySet<string> = new Set([
  'clientSecret',
  'secret',
  'challenge',
  'password',
  'accessToken',
  'idToken',
  'refreshToken',
  'codeVerifier',
]);

/** Secret values shorter than this are not scrubbed from free text: they would mangle it and reveal nothing. */
const MIN_SCRUB_LENGTH = 3;

function isSensitiveTarget(target: string): boolean {
  const shape = SHAPES[target];
  return shape !== undefined && shape.type === 'string' && shape.sensitive === true;
}

/** Is this member of this structure a secret (or personal data the model marks sensitive)? */
export function isSensitiveMember(structure: string, member: string): boolean {
  if (SENSITIVE_NAMES.has(member)) return true;
  if (EXTRA_SENSITIVE_MEMBERS[structure]?.includes(member)) return true;
  const shape = SHAPES[structure];
  if (shape?.type !== 'structure') return false;
  const facts = shape.members[member];
  return facts !== undefined && isSensitiveTarget(facts.target);
}

/** Query parameter or header names whose values must not be shown, for a given input structure. */
export function sensitiveLocationNames(structure: string): Set<string> {
  const names = new Set(SENSITIVE_NAMES);
  const shape = SHAPES[structure];
  if (shape?.type === 'structure') {
    for (const [name, facts] of Object.entries(shape.members)) {
      if (facts.location && isSensitiveMember(structure, name)) names.add(facts.locationName ?? name);
    }
  }
  return names;
}

/**
 * A copy of `value` (an instance of shape `shapeName`) with every sensitive member replaced by
 * REDACTED. Members the table does not know are kept unless their name is a known secret name.
 */
export function redactShape(value: unknown, shapeName: string | undefined): unknown {
  if (value === null || value === undefined) return value;
  const shape = shapeName === undefined ? undefined : SHAPES[shapeName];
  if (Array.isArray(value)) {
    const member = shape?.type === 'list' ? shape.member : undefined;
    return value.map((item) => redactShape(item, member));
  }
  if (shapeName !== undefined && isSensitiveTarget(shapeName)) return REDACTED;
  if (typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (shapeName !== undefined ? isSensitiveMember(shapeName, key) : SENSITIVE_NAMES.has(key)) {
      out[key] = item === undefined ? undefined : REDACTED;
      continue;
    }
    const facts = shape?.type === 'structure' ? shape.members[key] : undefined;
    out[key] = redactShape(item, facts?.target);
  }
  return out;
}

/** Adds every string found at a sensitive position of `value` (shape `shapeName`) to `into`. */
export function collectSecrets(value: unknown, shapeName: string | undefined, into: Set<string>): Set<string> {
  const redacted = redactShape(value, shapeName);
  walkPair(value, redacted, into);
  return into;
}

// Compares the original with its redacted copy: wherever the copy says REDACTED, the original holds a secret.
function walkPair(original: unknown, redacted: unknown, into: Set<string>): void {
  if (redacted === REDACTED && original !== REDACTED) {
    collectStrings(original, into);
    return;
  }
  if (Array.isArray(original) && Array.isArray(redacted)) {
    original.forEach((item, i) => walkPair(item, redacted[i], into));
  } else if (isPlainObject(original) && isPlainObject(redacted)) {
    for (const key of Object.keys(original)) walkPair(original[key], redacted[key], into);
  }
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (text.length >= MIN_SCRUB_LENGTH) into.add(text);
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into);
  } else if (isPlainObject(value)) {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Replaces every occurrence of each secret (and its URL-encoded and JSON-escaped forms) in free text. */
export function scrubText(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      if (form.length >= MIN_SCRUB_LENGTH) out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** A query map with the values of sensitive parameters replaced. */
export function redactQuery(
  query: Readonly<Record<string, string | string[]>>,
  sensitiveNames: ReadonlySet<string>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(query)) out[name] = sensitiveNames.has(name) ? REDACTED : value;
  return out;
}
