/**
 * Raw HTTP helpers for the emulator's own tests: unsigned requests, requests signed by the
 * independent test signer, and `invoke`, a small table-driven serializer (written here, separately
 * from the emulator) so behaviour tests can name an operation instead of spelling out its URI.
 */
import { request as httpRequest } from 'node:http';
import { OPERATIONS } from '../../../lambda/wickr/model/operations';
import { SHAPES } from '../../../lambda/wickr/model/shapes';
import type { Emulator } from '../../emulator';
import { signRequest, SigningCredentials } from './signer';

export const REGION = 'ap-southeast-2';

/** Anything with an emulator's address and credentials (a started emulator, or the CLI's printout). */
export type Target = Pick<Emulator, 'url' | 'credentials'>;

export interface HttpResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
  /** X-Amzn-Errortype cut at the first ':' (as a client must read it). */
  readonly errorType?: string;
}

export interface RawRequest {
  readonly method: string;
  /** Wire path, labels already encoded. */
  readonly path: string;
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

function wireQuery(query: RawRequest['query']): string {
  if (!query || query.length === 0) return '';
  return '?' + query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** Sends exactly what it is given (no signing). */
export function send(url: string, req: RawRequest): Promise<HttpResult> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: req.path + wireQuery(req.query),
        headers: { ...req.headers, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          const type = res.headers['x-amzn-errortype'];
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            errorType: typeof type === 'string' ? type.split(':')[0] : undefined,
          });
        });
      },
    );
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

export interface SignOptions {
  readonly region?: string;
  readonly service?: string;
  readonly credentials?: SigningCredentials;
  readonly date?: Date;
}

/** Signs with the independent test signer and sends. */
export function signedSend(emu: Target, req: RawRequest, options: SignOptions = {}): Promise<HttpResult> {
  const host = new URL(emu.url).host;
  const headers = signRequest({
    method: req.method,
    path: req.path,
    query: req.query,
    headers: req.headers,
    body: req.body,
    host,
    region: options.region ?? REGION,
    service: options.service ?? 'wickr',
    credentials: options.credentials ?? emu.credentials,
    date: options.date,
  });
  return send(emu.url, { ...req, headers });
}

type Members = Record<string, { target: string; location?: string; locationName?: string }>;

/** Serializes `input` for `operation` from the table (restJson1) — the test's own, minimal client. */
export function serialize(operation: keyof typeof OPERATIONS, input: Record<string, unknown>): RawRequest {
  const op = OPERATIONS[operation];
  const shape = SHAPES[op.input];
  if (shape.type !== 'structure') throw new Error(`${op.input} is not a structure`);
  const members = shape.members as Members;
  let path: string = op.uri;
  const query: Array<[string, string]> = [];
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const m = members[name];
    if (!m) {
      body[name] = value; // unknown members go in the body, so tests can send junk on purpose
      continue;
    }
    if (value === undefined) continue;
    if (m.location === 'label') path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
    else if (m.location === 'query') query.push([m.locationName ?? name, String(value)]);
    else if (m.location === 'header') headers[m.locationName ?? name] = String(value);
    else body[name] = value;
  }
  const hasBody = Object.keys(body).length > 0;
  if (hasBody) headers['content-type'] = 'application/json';
  return { method: op.method, path, query, headers, body: hasBody ? JSON.stringify(body) : undefined };
}

export function invoke(
  emu: Target,
  operation: keyof typeof OPERATIONS,
  input: Record<string, unknown> = {},
  options: SignOptions = {},
): Promise<HttpResult> {
  return signedSend(emu, serialize(operation, input), options);
}

/** invoke, and fail the test with the error body unless it answered 200. */
export async function ok(
  emu: Target,
  operation: keyof typeof OPERATIONS,
  input: Record<string, unknown> = {},
  options: SignOptions = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const res = await invoke(emu, operation, input, options);
  if (res.status !== 200) throw new Error(`${operation} answered ${res.status} ${res.errorType}: ${res.text}`);
  return res.json;
}

/** Creates a network and returns its id and default group id. */
export async function createNetwork(
  emu: Target,
  options: { name?: string; accessLevel?: 'STANDARD' | 'PREMIUM'; region?: string } = {},
): Promise<{ networkId: string; defaultGroupId: string }> {
  const region = options.region ?? REGION;
  const created = await ok(emu, 'CreateNetwork', { networkName: options.name ?? 'test-net', accessLevel: options.accessLevel ?? 'PREMIUM' }, { region });
  const groups = await ok(emu, 'ListSecurityGroups', { networkId: created.networkId }, { region });
  const def = groups.securityGroups.find((g: { isDefault: boolean }) => g.isDefault);
  return { networkId: created.networkId, defaultGroupId: def.id };
}
