/**
 * What every operation module gets: the caller's Region state, the network lookup with the
 * asynchronous-deletion rules, and the shared list machinery (filter, sort, paginate).
 */
import { createHash } from 'node:crypto';
import { badRequest, forbidden, invalid, notFound } from '../errors';
import { OperationName, operationFacts } from '../model';
import { EmulatorState, NetworkRecord, RegionState } from '../state';

export interface OpContext {
  readonly operation: OperationName;
  readonly accountId: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly rs: RegionState;
  readonly state: EmulatorState;
}

// Inputs are already validated against the table, so handlers may rely on required members and types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (ctx: OpContext, input: any) => object;

/**
 * The network a request names. Missing (or finished deleting) → 404. While a deletion is pending the
 * network still answers reads, but writes are refused with 400: the kit must not keep configuring a
 * network it has asked to delete. With the live `forbiddenAfterDelete` behaviour, a network whose
 * deletion was accepted answers 403 ForbiddenError to every call, as the live service does.
 */
export function network(ctx: OpContext, networkId: string): NetworkRecord {
  ctx.state.settleDeletions(ctx.rs);
  if (ctx.rs.deleted.has(networkId)) throw forbidden(`User is not authorized to access network ${networkId}`);
  const found = ctx.rs.networks.get(networkId);
  if (!found) throw notFound(`Network ${networkId} was not found in ${ctx.region}`);
  if (found.deletion && !operationFacts(ctx.operation).readonly && ctx.operation !== 'DeleteNetwork') {
    throw badRequest(`Network ${networkId} is being deleted`);
  }
  return found;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** Batch operations take at most 50 items (doc-stated; the table has no length trait for it). */
export const BATCH_LIMIT = 50;

export function checkBatchSize(field: string, items: readonly unknown[]): void {
  if (items.length < 1 || items.length > BATCH_LIMIT) {
    throw invalid([{ field, reason: `must contain between 1 and ${BATCH_LIMIT} items, got ${items.length}` }]);
  }
}

export function batchMessage(failed: number, total: number): string {
  if (failed === 0) return 'All items succeeded';
  return failed === total ? 'No items succeeded' : 'Some items failed';
}

// ---- lists -------------------------------------------------------------------------------------

export const MAX_RESULTS_DEFAULT = 10;
export const MAX_RESULTS_LIMIT = 100;

export interface ListInput {
  readonly nextToken?: string;
  readonly maxResults?: number;
  readonly sortFields?: string;
  readonly sortDirection?: 'ASC' | 'DESC';
}

export interface ListOptions<T> {
  /** Fields sortFields may name (comma-separated); the first is the default. */
  readonly sortable: readonly (keyof T & string)[];
  /** Values of the filters in force, bound into nextToken so a token cannot be replayed under other filters. */
  readonly filters?: Readonly<Record<string, unknown>>;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string' && /^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : 1;
}

/**
 * Sorts (documented default direction DESC), then returns one page. nextToken is opaque to clients:
 * it encodes the operation, the offset and the filters, and a token that does not fit → 400.
 */
export function listPage<T extends object>(ctx: OpContext, items: readonly T[], input: ListInput, options: ListOptions<T>): { page: T[]; nextToken?: string } {
  const maxResults = input.maxResults ?? MAX_RESULTS_DEFAULT;
  if (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
    throw invalid([{ field: 'maxResults', reason: `must be between 1 and ${MAX_RESULTS_LIMIT}, got ${maxResults}` }]);
  }
  const fields = input.sortFields ? input.sortFields.split(',').map((f) => f.trim()) : [options.sortable[0]];
  for (const field of fields) {
    if (!(options.sortable as readonly string[]).includes(field)) {
      throw invalid([{ field: 'sortFields', reason: `cannot sort by "${field}"; use one of ${options.sortable.join(', ')}` }]);
    }
  }
  const sign = (input.sortDirection ?? 'DESC') === 'ASC' ? 1 : -1;
  const sorted = [...items].sort((a, b) => {
    for (const field of fields) {
      const order = compareValues((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
      if (order !== 0) return sign * order;
    }
    return 0;
  });

  const binding = sha256Hex(JSON.stringify([ctx.operation, fields, input.sortDirection ?? 'DESC', options.filters ?? {}])).slice(0, 16);
  let offset = 0;
  if (input.nextToken !== undefined) {
    const decoded = decodePageToken(input.nextToken);
    if (!decoded || decoded.binding !== binding) {
      throw badRequest('nextToken is not valid for this request (it must come from the same list call with the same filters)');
    }
    offset = decoded.offset;
  }
  const page = sorted.slice(offset, offset + maxResults);
  const nextOffset = offset + page.length;
  return nextOffset < sorted.length ? { page, nextToken: encodePageToken(binding, nextOffset) } : { page };
}

function encodePageToken(binding: string, offset: number): string {
  return Buffer.from(JSON.stringify({ b: binding, o: offset }), 'utf8').toString('base64url');
}

function decodePageToken(token: string): { binding: string; offset: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { b?: unknown; o?: unknown };
    if (typeof parsed.b === 'string' && typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) {
      return { binding: parsed.b, offset: parsed.o };
    }
  } catch {
    // fall through: not a token this emulator issued
  }
  return undefined;
}

/** Case-insensitive substring match used by the list filters (undefined filter = match all). */
export function matches(value: string | undefined, filter: string | undefined): boolean {
  return filter === undefined || (value ?? '').toLowerCase().includes(filter.toLowerCase());
}

/** Drops undefined members so outputs are clean JSON. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
