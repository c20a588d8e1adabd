import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** A request a test server received from a program that signs its AWS calls itself. */
export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Checks that each request carries exactly the SigV4 signature `@smithy/signature-v4` computes for
 * it (POST to `/` on 127.0.0.1:`port`), over the headers it names as signed, and returns those names.
 */
export async function expectSignedAsSmithyDoes(
  requests: readonly ReceivedRequest[],
  options: { service: string; region: string; port: number; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } },
): Promise<string[][]> {
  const verifier = new SignatureV4({ service: options.service, region: options.region, credentials: options.credentials, sha256: Sha256, applyChecksum: false });
  const signedHeaders: string[][] = [];
  for (const r of requests) {
    const auth = String(r.headers.authorization);
    const date = String(r.headers['x-amz-date']);
    expect(auth).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${options.credentials.accessKeyId}/${date.slice(0, 8)}/${options.region}/${options.service}/aws4_request, `));
    const signed = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
    signedHeaders.push(signed);
    const headers: Record<string, string> = {};
    for (const name of signed) if (name !== 'x-amz-date' && name !== 'x-amz-security-token') headers[name] = String(r.headers[name]);
    const resigned = await verifier.sign(
      { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: options.port, path: '/', query: {}, headers, body: r.body },
      { signingDate: new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`) },
    );
    expect(resigned.headers.authorization).toBe(auth);
  }
  return signedHeaders;
}
