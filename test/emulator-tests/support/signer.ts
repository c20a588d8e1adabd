/**
 * A deliberately independent, minimal SigV4 signer (node:crypto only), written from the published
 * algorithm and sharing no code with the emulator's verifier or with @smithy/signature-v4. If the
 * emulator accepts what this signs AND what @smithy/signature-v4 signs, its verifier follows the
 * standard rather than one implementation's quirks.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface RequestToSign {
  readonly method: string;
  /** Path as it goes on the wire (labels already percent-encoded). */
  readonly path: string;
  /** Decoded query pairs, in any order. */
  readonly query?: ReadonlyArray<readonly [string, string]>;
  /** Headers to send and sign (host is added). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly host: string;
  readonly region: string;
  readonly service: string;
  readonly credentials: SigningCredentials;
  readonly date?: Date;
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const mac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Returns the full header set to send: the given headers plus host, x-amz-date, hash and Authorization. */
export function signRequest(req: RequestToSign): Record<string, string> {
  const when = (req.date ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = when.slice(0, 8);
  const body = req.body ?? '';
  const payloadHash = hex(body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  headers['host'] = req.host;
  headers['x-amz-date'] = when;
  headers['x-amz-content-sha256'] = payloadHash;
  if (req.credentials.sessionToken) headers['x-amz-security-token'] = req.credentials.sessionToken;

  const names = Object.keys(headers).sort();
  const canonical = [
    req.method.toUpperCase(),
    req.path.split('/').map(rfc3986).join('/'),
    (req.query ?? [])
      .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
      .sort()
      .join('&'),
    names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, ' ')}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${req.region}/${req.service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${when}\n${scope}\n${hex(canonical)}`;
  let key = mac('AWS4' + req.credentials.secretAccessKey, day);
  for (const part of [req.region, req.service, 'aws4_request']) key = mac(key, part);
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${req.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
