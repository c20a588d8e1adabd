import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the loopback server saw it. */
export interface SeenRequest {
  method: string;
  /** Raw request target, path and query exactly as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Client-side port of the connection: equal ports mean a reused (keep-alive) connection. */
  remotePort?: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON, strings verbatim. */
  body?: unknown;
}

/** 'drop' destroys the connection without answering, like a load balancer reset. */
export type Responder = (request: SeenRequest, index: number) => Reply | 'drop';

export interface Loopback {
  url: string;
  requests: SeenRequest[];
  respond(responder: Responder): void;
  close(): Promise<void>;
}

/** A scripted HTTP server on 127.0.0.1 (ephemeral port) that records every request. */
export async function startLoopback(responder: Responder = () => ({ body: {} })): Promise<Loopback> {
  let current = responder;
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const parsed = new URL(url, 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: req.method ?? '',
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      };
      requests.push(seen);
      const reply = current(seen, requests.length - 1);
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'x-amzn-requestid': `req-${requests.length}`, ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
