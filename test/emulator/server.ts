/**
 * The HTTP front: one request goes through
 *   route (for the log) → SigV4 → decode + validate → faults `before` → idempotency token → handler
 *   → output self-check → faults `after` → response,
 * and leaves exactly one entry in the request log. Handlers are synchronous, so two requests can
 * never interleave inside one operation (the token check and the effect are atomic).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, errorForIssues, forbidden, internal, isApiError, rateLimited, UNKNOWN_OPERATION } from './errors';
import { FaultDecision, FaultEvent, Faults } from './faults';
import { OperationName, operationFacts, SERVICE_SIGNING_NAME, tokenMember } from './model';
import { HANDLERS } from './ops';
import { OpContext } from './ops/context';
import { Router } from './router';
import { Credential, verifySignature } from './sigv4';
import { EmulatorState } from './state';
import { replay, remember, fingerprint } from './tokens';
import { checkOutput, decodeInput, DecodedInput, redact } from './validate';

/** The namespace suffix AWS services put after the error name; clients must cut at the first ':'. */
export const ERROR_TYPE_SUFFIX = ':http://internal.amazon.com/coral/com.amazonaws.wickr/';
const MAX_BODY_BYTES = 1024 * 1024;

export interface RequestLogEntry {
  readonly seq: number;
  /** ISO time the request arrived (emulator clock). */
  readonly time: string;
  readonly requestId: string;
  readonly method: string;
  /** Raw path (no query string: query values can carry secrets; the redacted input has them). */
  readonly path: string;
  readonly operation?: OperationName;
  /** From the table: readonly operations are 'read', everything else 'write'. */
  readonly access?: 'read' | 'write';
  /** Region and account from the verified SigV4 credential scope. */
  readonly region?: string;
  readonly accountId?: string;
  readonly clientToken?: string;
  /** The decoded input with every sensitive member replaced by "***". */
  readonly input?: Record<string, unknown>;
  /** Status sent to the client; absent when the connection was dropped. */
  readonly status?: number;
  readonly errorName?: string;
  readonly errorMessage?: string;
  readonly dropped?: boolean;
  /** The output came from an earlier request with the same client token. */
  readonly replayed?: boolean;
  readonly faults?: readonly FaultEvent[];
  /** For an `after` fault: what the request really produced before its response was replaced or lost. */
  readonly processed?: { readonly status: number; readonly errorName?: string };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface ServerCore {
  readonly state: EmulatorState;
  readonly faults: Faults;
  readonly router: Router;
  readonly credentials: ReadonlyMap<string, Credential>;
  readonly log: RequestLogEntry[];
  readonly maxLogEntries: number;
  readonly onRequest?: (entry: RequestLogEntry) => void;
  sleep(ms: number): Promise<void>;
  nextSeq(): number;
}

interface Outcome {
  readonly status: number;
  readonly body: unknown;
  readonly errorName?: string;
  /** X-Amzn-Errortype to send (without the namespace suffix); none when undefined. */
  readonly errorType?: string;
  readonly errorMessage?: string;
}

function errorOutcome(error: unknown): Outcome {
  const api = isApiError(error) ? error : internal(`emulator failure: ${error instanceof Error ? error.message : String(error)}`);
  return { status: api.status, body: api.body(), errorName: api.errorName, errorType: api.errorType, errorMessage: api.message };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  }).then((body) => {
    if (body.length > MAX_BODY_BYTES) throw badRequest(`request body is larger than ${MAX_BODY_BYTES} bytes`);
    return body;
  });
}

function headerMap(req: IncomingMessage): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const values = map.get(name) ?? [];
    values.push(req.rawHeaders[i + 1]);
    map.set(name, values);
  }
  return map;
}

function parseQuery(rawQuery: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
    } catch {
      throw badRequest(`query parameter "${part}" is not valid percent-encoding`);
    }
    query.set(key, [...(query.get(key) ?? []), value]);
  }
  return query;
}

function faultError(terminal: NonNullable<FaultDecision['terminal']>): ApiError {
  if (terminal.kind === 'rate-limit') return rateLimited(terminal.message);
  if (terminal.kind === 'forbidden') return forbidden(terminal.message ?? 'User is not authorized to perform this action');
  return internal(terminal.message ?? 'Injected server error');
}

function execute(op: OperationName, decoded: DecodedInput, ctx: OpContext, entry: Mutable<RequestLogEntry>): Outcome {
  const problem = errorForIssues(decoded.issues);
  if (problem) throw problem;
  const member = tokenMember(op);
  const token = member ? (decoded.input[member] as string | undefined) : undefined;
  const print = member && token ? fingerprint(decoded.input, member) : '';
  if (token) {
    const previous = replay(ctx.rs, op, token, print);
    if (previous !== undefined) {
      entry.replayed = true;
      return { status: 200, body: previous };
    }
  }
  const output = HANDLERS[op](ctx, decoded.input);
  const issues = checkOutput(op, output, ctx.state.outputShapes);
  if (issues.length > 0) {
    throw internal(`emulator bug: the ${op} output does not fit the model: ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`);
  }
  if (token) remember(ctx.rs, op, token, print, output);
  return { status: 200, body: output };
}

function send(res: ServerResponse, requestId: string, outcome: Outcome): void {
  if (res.destroyed || res.socket?.destroyed) return;
  const payload = Buffer.from(JSON.stringify(outcome.body ?? {}), 'utf8');
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': payload.length,
    'x-amzn-requestid': requestId,
  };
  if (outcome.errorType) headers['x-amzn-errortype'] = `${outcome.errorType}${ERROR_TYPE_SUFFIX}`;
  res.writeHead(outcome.status, headers);
  res.end(payload);
}

function drop(req: IncomingMessage, res: ServerResponse): void {
  res.destroy();
  req.socket.destroy();
}

export async function handle(core: ServerCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const entry: Mutable<RequestLogEntry> = {
    seq: core.nextSeq(),
    time: new Date(core.state.now()).toISOString(),
    requestId: randomUUID(),
    method,
    path: rawPath,
  };
  let outcome: Outcome;
  let decision: FaultDecision | undefined;
  let dropped = false;
  try {
    const body = await readBody(req);
    const headers = headerMap(req);
    let route: ReturnType<Router['match']>;
    let routeError: unknown;
    try {
      route = core.router.match(method, rawPath);
    } catch (error) {
      routeError = error;
    }
    if (route) {
      entry.operation = route.operation;
      entry.access = operationFacts(route.operation).readonly ? 'read' : 'write';
    }
    const caller = verifySignature({ method, rawPath, rawQuery, headers, body }, (id) => core.credentials.get(id), core.state.now(), SERVICE_SIGNING_NAME);
    entry.region = caller.region;
    entry.accountId = caller.accountId;
    if (routeError) throw routeError;
    if (!route) throw new ApiError(UNKNOWN_OPERATION, `No operation of this API matches ${method} ${rawPath}`);

    const op = route.operation;
    const flatHeaders = Object.fromEntries([...headers].map(([name, values]) => [name, values.join(',')]));
    const decoded = decodeInput(op, { labels: route.labels, query: parseQuery(rawQuery), headers: flatHeaders, body }, core.state.inputShapes);
    entry.input = redact(operationFacts(op).input, decoded.input) as Record<string, unknown>;
    const member = tokenMember(op);
    if (member && typeof decoded.input[member] === 'string') entry.clientToken = decoded.input[member] as string;

    decision = core.faults.decide(op, caller.region);
    if (decision.events.length > 0) entry.faults = decision.events;
    if (decision.latencyBeforeMs > 0) await core.sleep(decision.latencyBeforeMs);
    if (decision.terminal?.phase === 'before') {
      if (decision.terminal.kind === 'drop') {
        dropped = true;
        outcome = { status: 0, body: undefined };
      } else {
        throw faultError(decision.terminal);
      }
    } else {
      const ctx: OpContext = {
        operation: op,
        accountId: caller.accountId,
        region: caller.region,
        accessKeyId: caller.accessKeyId,
        rs: core.state.region(caller.accountId, caller.region),
        state: core.state,
      };
      outcome = execute(op, decoded, ctx, entry);
    }
  } catch (error) {
    outcome = errorOutcome(error);
  }

  if (decision && decision.terminal?.phase === 'after') {
    entry.processed = outcome.errorName ? { status: outcome.status, errorName: outcome.errorName } : { status: outcome.status };
    if (decision.latencyAfterMs > 0) await core.sleep(decision.latencyAfterMs);
    if (decision.terminal.kind === 'drop') dropped = true;
    else outcome = errorOutcome(faultError(decision.terminal));
  } else if (decision && decision.latencyAfterMs > 0) {
    await core.sleep(decision.latencyAfterMs);
  }

  if (dropped) {
    entry.dropped = true;
    drop(req, res);
  } else {
    entry.status = outcome.status;
    if (outcome.errorName) {
      entry.errorName = outcome.errorName;
      entry.errorMessage = outcome.errorMessage;
    }
    send(res, entry.requestId, outcome);
  }
  core.log.push(entry);
  if (core.log.length > core.maxLogEntries) core.log.splice(0, core.log.length - core.maxLogEntries);
  core.onRequest?.(entry);
}
