/**
 * A minimal SigV4-signed AWS JSON 1.1 client, for services whose SDK package the repo does not
 * install (KMS) and for tests that need to send deliberately odd requests. It signs with the same
 * @smithy/signature-v4 the SDK uses.
 */
import { request as httpRequest } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignedJsonRequest {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** SigV4 signing name, e.g. `kms`. */
  readonly signingName: string;
  readonly region: string;
  /** Full X-Amz-Target, e.g. `TrentService.DescribeKey`. */
  readonly target: string;
  readonly body: unknown;
  /** Default: the process's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN. */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Sends the request without an Authorization header, to test the refusal. */
  readonly unsigned?: boolean;
}

export interface SignedJsonResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function sendSignedJson(input: SignedJsonRequest): Promise<SignedJsonResponse> {
  const url = new URL(input.url);
  const text = JSON.stringify(input.body);
  const unsignedRequest = new HttpRequest({
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    method: 'POST',
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': input.target,
    },
    body: text,
  });
  const credentials = input.credentials ?? {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
    sessionToken: process.env.AWS_SESSION_TOKEN,
  };
  const signed = input.unsigned
    ? unsignedRequest
    : await new SignatureV4({ service: input.signingName, region: input.region, credentials, sha256: Sha256 }).sign(unsignedRequest);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: Number(url.port), method: 'POST', path: '/', headers: signed.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}
