/**
 * Stand-ins for what the scheduled drift check publishes to, on one HTTP server on 127.0.0.1, so
 * the real AWS SDK v3 clients run unchanged against them:
 * - SNS `Publish` (AWS query protocol: a form body, an XML answer);
 * - CloudWatch `PutMetricData` (AWS JSON 1.0, `X-Amz-Target: GraniteServiceVersion20100801.*`);
 * - Security Hub `BatchImportFindings` and `GetFindings` (REST JSON, `POST /findings/import` and
 *   `POST /findings`), keeping findings by id as Security Hub does, with the filters the check uses
 *   (EQUALS on ProductArn, GeneratorId and RecordState).
 *
 * Like the other stand-ins (test/lifecycle/stand-ins/README.md), each request must carry a SigV4
 * Authorization header whose credential scope names the service; the signature itself is not
 * recomputed. The service is told apart by that scope's signing name.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface PublishedRequest {
  readonly service: 'sns' | 'monitoring' | 'securityhub';
  readonly operation: string;
  readonly region: string;
  readonly body: Record<string, unknown>;
}

export interface PublishStandIns {
  readonly url: string;
  readonly requests: PublishedRequest[];
  /** SNS messages, in order. */
  readonly messages: { topicArn: string; subject?: string; message: string }[];
  /** Metric data points, in order (CloudWatch's JSON form). */
  readonly metrics: { namespace: string; data: Record<string, unknown>[] }[];
  /** Security Hub findings by id, as last imported. */
  readonly findings: Map<string, Record<string, unknown>>;
  clear(): void;
  close(): Promise<void>;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** SNS query parameters (`Message`, `Subject`, `TopicArn`; nested attributes are not used by the check). */
function formBody(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

function matches(finding: Record<string, unknown>, filters: Record<string, { Value: string; Comparison: string }[] | undefined>): boolean {
  for (const [field, conditions] of Object.entries(filters)) {
    for (const c of conditions ?? []) {
      if (c.Comparison !== 'EQUALS') throw new Error(`stand-in: filter comparison ${c.Comparison} is not modelled`);
      if (finding[field] !== c.Value) return false;
    }
  }
  return true;
}

export async function startPublishStandIns(): Promise<PublishStandIns> {
  const requests: PublishedRequest[] = [];
  const messages: PublishStandIns['messages'] = [];
  const metrics: PublishStandIns['metrics'] = [];
  const findings = new Map<string, Record<string, unknown>>();
  const server = createServer((req, res) => {
    void (async () => {
      const text = await read(req);
      const scope = SCOPE.exec(String(req.headers.authorization ?? ''));
      if (!scope) {
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Missing Authentication Token' }));
        return;
      }
      const [, region, service] = scope;
      if (service === 'sns') {
        const body = formBody(text);
        requests.push({ service, operation: body.Action, region, body });
        if (body.Action !== 'Publish') {
          res.writeHead(400, { 'content-type': 'text/xml' }).end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${body.Action} is not modelled</Message></Error></ErrorResponse>`);
          return;
        }
        messages.push({ topicArn: body.TopicArn, subject: body.Subject, message: body.Message });
        res
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(
            `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
          );
        return;
      }
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      if (service === 'monitoring') {
        const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
        requests.push({ service, operation, region, body });
        if (operation !== 'PutMetricData') {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'UnknownOperationException', message: operation }));
          return;
        }
        metrics.push({ namespace: String(body.Namespace), data: body.MetricData as Record<string, unknown>[] });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
        return;
      }
      if (service === 'securityhub') {
        const operation = req.url === '/findings/import' ? 'BatchImportFindings' : req.url === '/findings' ? 'GetFindings' : `unknown ${req.url}`;
        requests.push({ service, operation, region, body });
        if (operation === 'BatchImportFindings') {
          const batch = body.Findings as Record<string, unknown>[];
          for (const f of batch) findings.set(String(f.Id), f);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ FailedCount: 0, SuccessCount: batch.length, FailedFindings: [] }));
          return;
        }
        if (operation === 'GetFindings') {
          const found = [...findings.values()].filter((f) => matches(f, (body.Filters ?? {}) as never));
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Findings: found }));
          return;
        }
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `stand-in: ${service} ${req.url} is not modelled` }));
    })().catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messages,
    metrics,
    findings,
    clear() {
      requests.length = 0;
      messages.length = 0;
      metrics.length = 0;
      findings.clear();
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
