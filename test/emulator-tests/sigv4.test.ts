import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Emulator, startEmulator } from '../emulator';
import { REGION, send, serialize, signedSend } from './support/http';
import { signRequest } from './support/signer';

describe('emulator SigV4 verification', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  const listNetworks = { method: 'GET', path: '/networks' };

  it('accepts a correct signed request made by an independent minimal SigV4 signer', async () => {
    const res = await signedSend(emu, listNetworks);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ networks: [] });
    expect(emu.requests[0]).toMatchObject({ operation: 'ListNetworks', region: REGION, accountId: '123456789012', status: 200, access: 'read' });
  });

  it('accepts a request with a body, query and percent-encoded label from the independent signer', async () => {
    const created = await signedSend(emu, serialize('CreateNetwork', { networkName: 'sig test', accessLevel: 'STANDARD' }));
    expect(created.status).toBe(200);
    const id = created.json.networkId as string;
    const listed = await signedSend(emu, { method: 'GET', path: `/networks/${id}/security-groups`, query: [['sortDirection', 'ASC'], ['maxResults', '5']] });
    expect(listed.status).toBe(200);
    // A label needing encoding ("a b/c") still verifies: the signer double-encodes the wire path.
    const odd = await signedSend(emu, { method: 'GET', path: `/networks/${id}/security-groups/${encodeURIComponent('a b/c')}` });
    expect(odd.status).toBe(404);
    expect(odd.errorType).toBe('ResourceNotFoundError');
  });

  it('accepts a request signed by @smithy/signature-v4 (the signer the AWS SDK uses)', async () => {
    const signer = new SignatureV4({ service: 'wickr', region: 'eu-west-2', credentials: emu.credentials, sha256: Sha256 });
    const host = new URL(emu.url).host;
    const body = JSON.stringify({ networkName: 'smithy', accessLevel: 'PREMIUM' });
    const signed = await signer.sign(
      new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: emu.port, path: '/networks', headers: { host, 'content-type': 'application/json' }, body }),
    );
    const res = await send(emu.url, { method: 'POST', path: '/networks', headers: signed.headers as Record<string, string>, body });
    expect(res.status).toBe(200);
    expect(emu.state.snapshot()['eu-west-2'][res.json.networkId].network.networkArn).toBe(
      `arn:aws:wickr:eu-west-2:123456789012:network/${res.json.networkId}`,
    );
  });

  it('accepts @smithy/signature-v4 signatures over a query string and a percent-encoded label', async () => {
    const signer = new SignatureV4({ service: 'wickr', region: REGION, credentials: emu.credentials, sha256: Sha256 });
    const host = new URL(emu.url).host;
    const created = await signedSend(emu, serialize('CreateNetwork', { networkName: 'q', accessLevel: 'PREMIUM' }));
    const hash = emu.addGuestUser(REGION, created.json.networkId, { username: 'g@x.example' });
    const path = `/networks/${created.json.networkId}/guest-users/${encodeURIComponent(`${hash} /+`)}`;
    const body = JSON.stringify({ block: true });
    const signed = await signer.sign(
      new HttpRequest({ method: 'PATCH', protocol: 'http:', hostname: '127.0.0.1', port: emu.port, path, headers: { host, 'content-type': 'application/json' }, body }),
    );
    const patched = await send(emu.url, { method: 'PATCH', path, headers: signed.headers as Record<string, string>, body });
    expect(patched.status).toBe(404); // verified and routed; the odd hash simply does not exist
    expect(patched.json.message).toBe(`No guest user with usernameHash ${hash} /+ in network ${created.json.networkId}`);

    const query = { maxResults: '5', sortDirection: 'ASC', sortFields: 'networkId,networkName' };
    const listed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: emu.port, path: '/networks', query, headers: { host } }));
    const res = await send(emu.url, { method: 'GET', path: '/networks', query: Object.entries(query), headers: listed.headers as Record<string, string> });
    expect(res.status).toBe(200);
    expect(res.json.networks).toHaveLength(1);
  });

  it('rejects a request without an Authorization header with 401 UnauthorizedError', async () => {
    const res = await send(emu.url, listNetworks);
    expect(res.status).toBe(401);
    expect(res.errorType).toBe('UnauthorizedError');
    expect(res.json.message).toMatch(/Authorization header is missing/);
  });

  it('rejects a bad signature with 403 ForbiddenError and says what it signed', async () => {
    const headers = signRequest({ method: 'GET', path: '/networks', host: new URL(emu.url).host, region: REGION, service: 'wickr', credentials: emu.credentials });
    headers.authorization = headers.authorization.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
    const res = await send(emu.url, { ...listNetworks, headers });
    expect(res.status).toBe(403);
    expect(res.errorType).toBe('ForbiddenError');
    expect(res.json).toEqual({ message: expect.stringContaining('signature does not match') });
    expect(res.json.message).toContain('GET\n/networks\n');
  });

  it('rejects a request signed with the wrong secret', async () => {
    const res = await signedSend(emu, listNetworks, { credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'wrong' } });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/signature does not match/);
  });

  it('rejects a body changed after signing', async () => {
    const req = serialize('CreateNetwork', { networkName: 'a', accessLevel: 'STANDARD' });
    const headers = signRequest({ ...req, host: new URL(emu.url).host, region: REGION, service: 'wickr', credentials: emu.credentials });
    const res = await send(emu.url, { ...req, headers, body: req.body!.replace('"a"', '"b"') });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/X-Amz-Content-Sha256 does not match/);
    expect(emu.state.snapshot()).toEqual({});
  });

  it('rejects an unknown access key', async () => {
    const res = await signedSend(emu, listNetworks, { credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/access key id "AKIDUNKNOWN" is not known/);
  });

  it('rejects a request signed for the endpoint prefix admin.wickr instead of the signing name wickr', async () => {
    const res = await signedSend(emu, listNetworks, { service: 'admin.wickr' });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/must be signed for "wickr"/);
  });

  it('rejects a stale X-Amz-Date (more than 15 minutes old)', async () => {
    const res = await signedSend(emu, listNetworks, { date: new Date(Date.now() - 16 * 60 * 1000) });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/signature expired/);
  });

  it('accepts a signature 14 minutes old (inside the allowed skew)', async () => {
    const res = await signedSend(emu, listNetworks, { date: new Date(Date.now() - 14 * 60 * 1000) });
    expect(res.status).toBe(200);
  });

  it('rejects a malformed Authorization header', async () => {
    const res = await send(emu.url, { ...listNetworks, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' } });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/malformed/);
  });

  it('partitions state by the Region in the credential scope', async () => {
    await signedSend(emu, serialize('CreateNetwork', { networkName: 'syd', accessLevel: 'STANDARD' }), { region: 'ap-southeast-2' });
    await signedSend(emu, serialize('CreateNetwork', { networkName: 'tokyo', accessLevel: 'STANDARD' }), { region: 'ap-northeast-1' });
    const sydney = await signedSend(emu, listNetworks, { region: 'ap-southeast-2' });
    const tokyo = await signedSend(emu, listNetworks, { region: 'ap-northeast-1' });
    expect(sydney.json.networks.map((n: { networkName: string }) => n.networkName)).toEqual(['syd']);
    expect(tokyo.json.networks.map((n: { networkName: string }) => n.networkName)).toEqual(['tokyo']);
    expect(emu.state.regions().sort()).toEqual(['ap-northeast-1', 'ap-southeast-2']);
  });
});

describe('emulator credentials', () => {
  it('partitions state by account and enforces a configured session token', async () => {
    const emu = await startEmulator({
      sessionToken: 'session-1',
      extraCredentials: [{ accessKeyId: 'AKIDSECOND', secretAccessKey: 'second-secret', accountId: '210987654321' }],
    });
    try {
      const noToken = await signedSend(emu, { method: 'GET', path: '/networks' }, { credentials: { ...emu.credentials, sessionToken: undefined } });
      expect(noToken.status).toBe(403);
      expect(noToken.json.message).toMatch(/security token/);
      const first = await signedSend(emu, serialize('CreateNetwork', { networkName: 'one', accessLevel: 'STANDARD' }));
      expect(first.status).toBe(200);
      const second = await signedSend(emu, { method: 'GET', path: '/networks' }, { credentials: { accessKeyId: 'AKIDSECOND', secretAccessKey: 'second-secret' } });
      expect(second.json.networks).toEqual([]);
      expect(emu.state.snapshot('210987654321')).toEqual({ [REGION]: {} });
    } finally {
      await emu.close();
    }
  });

  it('takes its credentials from WICKR_EMULATOR_* when not given', async () => {
    process.env.WICKR_EMULATOR_ACCESS_KEY_ID = 'AKIDFROMENV';
    process.env.WICKR_EMULATOR_SECRET_ACCESS_KEY = 'env-secret';
    const emu = await startEmulator();
    try {
      expect(emu.credentials).toEqual({ accessKeyId: 'AKIDFROMENV', secretAccessKey: 'env-secret' });
      expect((await signedSend(emu, { method: 'GET', path: '/networks' })).status).toBe(200);
    } finally {
      delete process.env.WICKR_EMULATOR_ACCESS_KEY_ID;
      delete process.env.WICKR_EMULATOR_SECRET_ACCESS_KEY;
      await emu.close();
    }
  });
});
