import { OPERATIONS } from '../../lambda/wickr/model/operations';
import { Emulator, startEmulator } from '../emulator';
import { ISSUE_CLASSIFICATION } from '../emulator/errors';
import { HANDLERS } from '../emulator/ops';
import { createNetwork, invoke, ok, REGION, serialize, signedSend } from './support/http';

describe('emulator protocol: routing, validation and error shapes', () => {
  let emu: Emulator;
  let networkId: string;
  let defaultGroupId: string;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId, defaultGroupId } = await createNetwork(emu));
    emu.clearRequests();
  });

  it('has a handler for every one of the 44 operations in the table, and no others', () => {
    expect(Object.keys(OPERATIONS)).toHaveLength(44);
    expect(Object.keys(HANDLERS).sort()).toEqual(Object.keys(OPERATIONS).sort());
  });

  it('routes literal segments before labels (users/count is GetUsersCount, not GetUser)', async () => {
    const count = await signedSend(emu, { method: 'GET', path: `/networks/${networkId}/users/count` });
    expect(count.status).toBe(200);
    expect(count.json).toEqual({ pending: 0, active: 0, rejected: 0, remaining: 0, total: 0 });
    const bots = await signedSend(emu, { method: 'GET', path: `/networks/${networkId}/bots/count` });
    expect(bots.json).toEqual({ pending: 0, active: 0, total: 0 });
    expect(emu.requests.map((r) => r.operation)).toEqual(['GetUsersCount', 'GetBotsCount']);
  });

  it('rejects a method and path no operation has with 404 UnknownOperationException (not ResourceNotFoundError)', async () => {
    const res = await signedSend(emu, { method: 'PUT', path: `/networks/${networkId}` });
    expect(res.status).toBe(404);
    expect(res.errorType).toBe('UnknownOperationException');
    expect(res.json.message).toBe(`No operation of this API matches PUT /networks/${networkId}`);
  });

  it('sends X-Amzn-Errortype with a namespace suffix that clients must cut at the first colon', async () => {
    const res = await invoke(emu, 'GetNetwork', { networkId: '99999999' });
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toMatch(/^ResourceNotFoundError:/);
    expect(res.json).toEqual({ message: `Network 99999999 was not found in ${REGION}` });
  });

  it('rejects a missing required member with 422 ValidationError and reasons', async () => {
    const res = await invoke(emu, 'CreateNetwork', { networkName: 'x' });
    expect(res.status).toBe(422);
    expect(res.errorType).toBe('ValidationError');
    expect(res.json).toEqual({ message: 'Invalid input: accessLevel is required', reasons: [{ field: 'accessLevel', reason: 'is required' }] });
  });

  it('rejects a missing required query member (BatchToggleUserSuspendStatus suspend)', async () => {
    const res = await signedSend(emu, {
      method: 'PATCH',
      path: `/networks/${networkId}/users/toggleSuspend`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userIds: ['1'] }),
    });
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([{ field: 'suspend', reason: 'is required' }]);
  });

  it('rejects a bad enum value with 422 ValidationError', async () => {
    const res = await invoke(emu, 'CreateNetwork', { networkName: 'x', accessLevel: 'GOLD' });
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([{ field: 'accessLevel', reason: 'must be one of STANDARD, PREMIUM' }]);
  });

  it('rejects a bad intEnum value on the query string', async () => {
    const res = await invoke(emu, 'ListUsers', { networkId, status: 7 });
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([{ field: 'status', reason: 'must be one of 1, 2' }]);
  });

  it('rejects an unknown body member with 400 BadRequestError (the emulator is strict)', async () => {
    const res = await invoke(emu, 'CreateNetwork', { networkName: 'x', accessLevel: 'STANDARD', tags: { a: 'b' } });
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('BadRequestError');
    expect(res.json).toEqual({ message: 'tags: is not a member of this operation' });
    expect(emu.state.snapshot()[REGION][networkId]).toBeDefined();
    expect(Object.keys(emu.state.snapshot()[REGION])).toHaveLength(1);
  });

  it('rejects an unknown nested member: CreateSecurityGroup takes only the settings subset', async () => {
    const res = await invoke(emu, 'CreateSecurityGroup', { networkId, name: 'eng', securityGroupSettings: { lockoutThreshold: 5, filesEnabled: false } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('securityGroupSettings.filesEnabled: is not a member of this shape');
  });

  it('rejects an unknown query parameter', async () => {
    const res = await signedSend(emu, { method: 'GET', path: '/networks', query: [['maxresults', '5']] });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('maxresults: is not a query parameter of this operation');
  });

  it('rejects a wrong JSON type with 400 BadRequestError', async () => {
    const res = await invoke(emu, 'UpdateNetworkSettings', { networkId, settings: { dataRetention: 'yes' } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('settings.dataRetention: must be a boolean, got string');
  });

  it('rejects an unparseable query boolean and integer', async () => {
    const bool = await signedSend(emu, {
      method: 'PATCH',
      path: `/networks/${networkId}/users/toggleSuspend`,
      query: [['suspend', 'yes']],
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userIds: ['1'] }),
    });
    expect(bool.status).toBe(400);
    expect(bool.json.message).toBe('suspend: must be true or false, got "yes"');
    const int = await signedSend(emu, { method: 'GET', path: '/networks', query: [['maxResults', 'ten']] });
    expect(int.json.message).toBe('maxResults: must be an integer, got "ten"');
  });

  it('parses epoch-seconds timestamps on the query string', async () => {
    const bad = await signedSend(emu, { method: 'GET', path: `/networks/${networkId}/users/1001`, query: [['startTime', 'yesterday']] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('startTime: must be epoch seconds, got "yesterday"');
    const reversed = await signedSend(emu, { method: 'GET', path: `/networks/${networkId}/users/1001`, query: [['startTime', '200'], ['endTime', '100.5']] });
    expect(reversed.status).toBe(422);
    expect(reversed.json.reasons).toEqual([{ field: 'startTime', reason: 'must not be after endTime' }]);
  });

  it('rejects malformed JSON and a non-object body with 400', async () => {
    const req = serialize('CreateNetwork', { networkName: 'x', accessLevel: 'STANDARD' });
    const malformed = await signedSend(emu, { ...req, body: '{"networkName":' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.message).toBe('body: is not valid JSON');
    const array = await signedSend(emu, { ...req, body: '[1]' });
    expect(array.json.message).toBe('body: must be a JSON object');
  });

  it('rejects a JSON body without Content-Type application/json', async () => {
    const req = serialize('CreateNetwork', { networkName: 'x', accessLevel: 'STANDARD' });
    const res = await signedSend(emu, { ...req, headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('Content-Type: must be application/json, got "text/plain"');
  });

  it('rejects a body on an operation that takes none, and accepts none or {}', async () => {
    const path = `/networks/${networkId}/data-retention-bots`;
    const junk = await signedSend(emu, { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: '{"x":1}' });
    expect(junk.status).toBe(400);
    expect(junk.json.message).toBe('body: this operation takes no request body');
    expect((await signedSend(emu, { method: 'POST', path })).status).toBe(200);
  });

  it('rejects pattern and length violations on labels and the client token with 422', async () => {
    const shortId = await invoke(emu, 'GetNetwork', { networkId: '1234' });
    expect(shortId.status).toBe(422);
    expect(shortId.json.reasons).toEqual([
      { field: 'networkId', reason: 'length must be at least 8' },
      { field: 'networkId', reason: 'must match ^[0-9]{8}$' },
    ]);
    const badToken = await invoke(emu, 'DeleteNetwork', { networkId, clientToken: 'has space' });
    expect(badToken.status).toBe(422);
    expect(badToken.json.reasons).toEqual([{ field: 'clientToken', reason: 'must match ^[a-zA-Z0-9-_:]+$' }]);
  });

  it('rejects a label that is not valid percent-encoding with 400', async () => {
    const res = await signedSend(emu, { method: 'GET', path: `/networks/${networkId}/security-groups/%E0%A4%A` });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('groupId: "%E0%A4%A" is not valid percent-encoding');
  });

  it('percent-decodes labels', async () => {
    const res = await signedSend(emu, { method: 'GET', path: `/networks/${networkId}/security-groups/${encodeURIComponent(defaultGroupId)}` });
    expect(res.status).toBe(200);
    expect(res.json.securityGroup.id).toBe(defaultGroupId);
  });

  it('treats JSON null members as unset', async () => {
    const res = await invoke(emu, 'UpdateNetwork', { networkId, networkName: 'renamed', encryptionKeyArn: null });
    expect(res.status).toBe(200);
    expect(emu.state.network(REGION, networkId)!.network).not.toHaveProperty('encryptionKeyArn');
  });

  it('keeps the error-class decision table in one place: shape problems 400, constraint problems 422', () => {
    expect(ISSUE_CLASSIFICATION).toEqual({
      'malformed-body': 'BadRequestError',
      'unsupported-media-type': 'BadRequestError',
      'unexpected-body': 'BadRequestError',
      'wrong-type': 'BadRequestError',
      'unparseable-value': 'BadRequestError',
      'unknown-member': 'BadRequestError',
      'missing-required': 'ValidationError',
      enum: 'ValidationError',
      length: 'ValidationError',
      range: 'ValidationError',
      pattern: 'ValidationError',
      constraint: 'ValidationError',
    });
  });

  it('logs every request with redacted sensitive members and the read/write flag', async () => {
    await ok(emu, 'CreateBot', { networkId, username: 'helperbot', groupId: defaultGroupId, challenge: 'hunter2-hunter2' });
    await ok(emu, 'RegisterOpentdfConfig', { networkId, clientId: 'cid', clientSecret: 'tdf-secret', domain: 'example.virtru.com', provider: 'virtru' });
    await ok(emu, 'GetOidcInfo', { networkId, clientSecret: 'oidc-secret', code: 'auth-code', codeVerifier: 'pkce' });
    const logged = JSON.stringify(emu.requests);
    for (const secret of ['hunter2-hunter2', 'tdf-secret', 'oidc-secret', 'auth-code', 'pkce']) expect(logged).not.toContain(secret);
    expect(emu.requests[0]).toMatchObject({ operation: 'CreateBot', access: 'write', input: { challenge: '***', username: 'helperbot' } });
    expect(emu.requests[2]).toMatchObject({ operation: 'GetOidcInfo', access: 'read', path: `/networks/${networkId}/oidc` });
    expect(emu.requests[2].input).toMatchObject({ clientSecret: '***', code: '***', codeVerifier: '***' });
  });
});
