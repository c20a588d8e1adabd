import * as http from 'node:http';
import * as https from 'node:https';
import { escapeUri } from './serde';

/**
 * The HTTP request as signed and sent. Same shape as Smithy's HttpRequest, so an
 * `@smithy/node-http-handler` NodeHttpHandler can be passed as `requestHandler` instead of ours
 * (e.g. to go through a proxy agent).
 */
export interface WickrHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: string;
}

export interface WickrHttpResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** A string, bytes, or a readable stream of bytes (Node's IncomingMessage). */
  body?: unknown;
}

export interface WickrHandlerOptions {
  abortSignal?: AbortSignal;
  requestTimeout?: number;
  /**
   * Open a new connection instead of reusing a pooled one. The client asks for this on writes that
   * are unsafe to repeat: a pooled socket the server closed while Lambda was frozen fails only
   * after the request was written, which would leave such a write's outcome unknown for nothing.
   * Handlers that do not know this option simply ignore it.
   */
  freshConnection?: boolean;
}

export interface WickrRequestHandler {
  handle(request: WickrHttpRequest, options?: WickrHandlerOptions): Promise<{ response: WickrHttpResponse }>;
  destroy?(): void;
}

export function buildQueryString(query: WickrHttpRequest['query']): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === null) parts.push(escapeUri(key));
    else for (const item of Array.isArray(value) ? value : [value]) parts.push(`${escapeUri(key)}=${escapeUri(item)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * Marks an error with whether the request had been fully handed to the OS. If it had not, the
 * service cannot have acted on it and a retry is safe for every operation.
 */
export function markRequestSent(err: unknown, sent: boolean): Error {
  // Duck-typed, not instanceof: errors from another realm (Node internals under a test VM) are still errors.
  const error = typeof err === 'object' && err !== null ? (err as Error) : new Error(String(err));
  (error as Error & { $requestSent?: boolean }).$requestSent = sent;
  return error;
}

/**
 * Node's http/https with keep-alive agents owned by the client (closed by `destroy()`), a socket
 * inactivity timeout and abort support. Plain http is allowed so the loopback emulator works.
 */
export class NodeRequestHandler implements WickrRequestHandler {
  private httpAgent?: http.Agent;
  private httpsAgent?: https.Agent;

  constructor(private readonly defaultTimeoutMs: number) {}

  handle(request: WickrHttpRequest, options: WickrHandlerOptions = {}): Promise<{ response: WickrHttpResponse }> {
    const isHttp = request.protocol === 'http:';
    // `false` gives this one request its own short-lived connection.
    const agent = options.freshConnection
      ? false
      : isHttp
        ? (this.httpAgent ??= new http.Agent({ keepAlive: true }))
        : (this.httpsAgent ??= new https.Agent({ keepAlive: true }));
    const timeout = options.requestTimeout ?? this.defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      let sent = false;
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        reject(markRequestSent(err, sent));
      };
      if (options.abortSignal?.aborted) {
        fail(abortError());
        return;
      }
      const req = (isHttp ? http : https).request({
        method: request.method,
        // URL keeps IPv6 hosts in brackets; the socket wants them bare.
        hostname: request.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: request.port,
        path: request.path + buildQueryString(request.query),
        headers: request.headers,
        agent,
        timeout,
      });
      const onAbort = (): void => {
        req.destroy(abortError());
      };
      options.abortSignal?.addEventListener('abort', onAbort, { once: true });
      req.on('finish', () => {
        sent = true;
      });
      req.on('timeout', () => {
        req.destroy(Object.assign(new Error(`no response within ${timeout} ms`), { code: 'ETIMEDOUT' }));
      });
      req.on('error', (err) => {
        options.abortSignal?.removeEventListener('abort', onAbort);
        fail(err);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          options.abortSignal?.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          resolve({
            response: { statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') },
          });
        });
      });
      req.end(request.body);
    });
  }

  destroy(): void {
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
    this.httpAgent = undefined;
    this.httpsAgent = undefined;
  }
}

export function abortError(): Error {
  const err = new Error('The request was aborted');
  err.name = 'AbortError';
  return err;
}

/** Reads a response body of any of the shapes a handler may return into text. */
export async function bodyText(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<unknown>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  throw new TypeError('unsupported response body type');
}

/** Lower-cased single-valued headers. */
export function normalizeHeaders(headers: WickrHttpResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
