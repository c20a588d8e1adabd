/**
 * Idempotency tokens (X-Client-Token) on the nine operations that carry one. A token is remembered
 * per account, Region and operation, with a fingerprint of the rest of the input and the successful
 * output:
 *   same token + same input      → the original output again, with no second effect (logged `replayed`)
 *   same token + different input → 400 BadRequestError (our choice; AWS services commonly answer an
 *                                  "idempotent parameter mismatch" with a 400)
 * Only successes are remembered, so a request that failed can be retried with its token. Tokens live
 * until `reset()`; the emulator does not expire them.
 */
import { badRequest } from './errors';
import type { OperationName } from './model';
import type { RegionState } from './state';

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function fingerprint(input: Record<string, unknown>, tokenMember: string): string {
  const { [tokenMember]: _token, ...rest } = input;
  return stableJson(rest);
}

function key(op: OperationName, token: string): string {
  return `${op}\u0000${token}`;
}

/** The remembered output for a replay, undefined for a fresh token; throws on a mismatched reuse. */
export function replay(rs: RegionState, op: OperationName, token: string, print: string): unknown {
  const record = rs.tokens.get(key(op, token));
  if (!record) return undefined;
  if (record.fingerprint !== print) {
    throw badRequest(`The client token ${token} was already used for a ${op} request with different parameters`);
  }
  return structuredClone(record.output);
}

export function remember(rs: RegionState, op: OperationName, token: string, print: string, output: unknown): void {
  rs.tokens.set(key(op, token), { fingerprint: print, output: structuredClone(output) });
}
