import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  BadRequestError,
  BotStatus,
  CreateBotCommand,
  CreateDataRetentionBotChallengeCommand,
  CreateDataRetentionBotCommand,
  CreateNetworkCommand,
  CreateSecurityGroupCommand,
  ForbiddenError,
  GetNetworkCommand,
  GetOidcInfoCommand,
  GetSecurityGroupCommand,
  GetUserCommand,
  InternalServerError,
  ListBotsCommand,
  ListNetworksCommand,
  ListUsersCommand,
  RateLimitError,
  RegisterOidcConfigCommand,
  RegisterOpentdfConfigCommand,
  ResourceNotFoundError,
  UnauthorizedError,
  UpdateBotCommand,
  UpdateSecurityGroupCommand,
  UpdateGuestUserCommand,
  UserStatus,
  ValidationError,
  WickrClient,
  WickrNetworkError,
  WickrOutcomeUnknownError,
  WickrServiceException,
  BatchToggleUserSuspendStatusCommand,
  isAmbiguousWriteError,
  isRetryableError,
  paginateListNetworks,
  paginateListUsers,
  type WickrClientConfig,
} from '../../lambda/wickr';
import { startLoopback, type Loopback, type Responder, type SeenRequest } from './loopback';

const NETWORK = '12345678';
const CREDENTIALS = { accessKeyId: 'AKIDLOOPBACKTEST', secretAccessKey: 'loopback-secret-key' };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: Loopback;
const clients: WickrClient[] = [];

beforeAll(async () => {
  server = await startLoopback();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.respond(() => ({ body: {} }));
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

function client(config: WickrClientConfig = {}): WickrClient {
  const c = new WickrClient({
    region: 'ap-southeast-2',
    endpoint: server.url,
    credentials: CREDENTIALS,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    ...config,
  });
  clients.push(c);
  return c;
}

function script(...replies: ReturnType<Responder>[]): void {
  server.respond((_req, i) => replies[Math.min(i, replies.length - 1)]!);
}

async function caught(promise: Promise<unknown>): Promise<WickrServiceException> {
  try {
    await promise;
  } catch (err) {
    return err as WickrServiceException;
  }
  throw new Error('expected the call to fail');
}

const only = (): SeenRequest => {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
};

describe('request serialization', () => {
  it('percent-encodes URI labels', async () => {
    await client().send(new UpdateGuestUserCommand({ networkId: NETWORK, usernameHash: "a b/c+d!'", block: true }));
    const req = only();
    expect(req.method).toBe('PATCH');
    expect(req.url).toBe('/networks/12345678/guest-users/a%20b%2Fc%2Bd%21%27');
    expect(JSON.parse(req.body)).toEqual({ block: true });
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('puts labels only in the path for GETs and sends no body', async () => {
    await client().send(new GetSecurityGroupCommand({ networkId: NETWORK, groupId: 'BCTY8Qhe' }));
    const req = only();
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/networks/12345678/security-groups/BCTY8Qhe');
    expect(req.body).toBe('');
    expect(req.headers['content-type']).toBeUndefined();
  });

  it('writes query booleans as true/false next to a JSON body', async () => {
    await client().send(new BatchToggleUserSuspendStatusCommand({ networkId: NETWORK, suspend: true, userIds: ['1', '2'] }));
    const req = only();
    expect(req.path).toBe('/networks/12345678/users/toggleSuspend');
    expect(req.query.get('suspend')).toBe('true');
    expect(JSON.parse(req.body)).toEqual({ userIds: ['1', '2'] });

    server.requests.length = 0;
    await client().send(
      new RegisterOpentdfConfigCommand({ networkId: NETWORK, clientId: 'c', clientSecret: 's3cr3t', domain: 'd', provider: 'virtru', dryRun: false }),
    );
    expect(only().query.get('dryRun')).toBe('false');
    expect(JSON.parse(only().body)).toEqual({ clientId: 'c', clientSecret: 's3cr3t', domain: 'd', provider: 'virtru' });
  });

  it('writes intEnums as numbers and leaves unset query members out', async () => {
    await client().send(new ListBotsCommand({ networkId: NETWORK, status: BotStatus.ACTIVE, maxResults: 25 }));
    expect(only().url).toBe('/networks/12345678/bots?maxResults=25&status=2');

    server.requests.length = 0;
    await client().send(new ListUsersCommand({ networkId: NETWORK, status: UserStatus.PENDING, sortDirection: 'ASC' }));
    expect(Object.fromEntries(only().query)).toEqual({ sortDirection: 'ASC', status: '1' });
  });

  it('writes epoch-seconds timestamps in the query', async () => {
    await client().send(
      new GetUserCommand({ networkId: NETWORK, userId: '42', startTime: new Date('2024-01-02T03:04:05Z'), endTime: new Date(1_704_200_000_500) }),
    );
    const req = only();
    expect(req.path).toBe('/networks/12345678/users/42');
    expect(req.query.get('startTime')).toBe('1704164645');
    expect(req.query.get('endTime')).toBe('1704200000.5');
  });

  it('sends header members and nested JSON structures', async () => {
    await client().send(
      new CreateSecurityGroupCommand({
        networkId: NETWORK,
        clientToken: 'caller-token-1',
        name: 'ops',
        securityGroupSettings: {
          federationMode: 2,
          permittedNetworks: ['87654321'],
          permittedWickrAwsNetworks: [{ region: 'eu-west-2', networkId: '11112222' }],
        },
      }),
    );
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.headers['x-client-token']).toBe('caller-token-1');
    expect(JSON.parse(req.body)).toEqual({
      name: 'ops',
      securityGroupSettings: {
        federationMode: 2,
        permittedNetworks: ['87654321'],
        permittedWickrAwsNetworks: [{ region: 'eu-west-2', networkId: '11112222' }],
      },
    });
  });

  it('drops members the table does not know and undefined values from the body', async () => {
    const input = { networkName: 'Ops', accessLevel: 'PREMIUM', encryptionKeyArn: undefined, bogus: 1 } as unknown as ConstructorParameters<
      typeof CreateNetworkCommand
    >[0];
    await client().send(new CreateNetworkCommand(input));
    expect(JSON.parse(only().body)).toEqual({ networkName: 'Ops', accessLevel: 'PREMIUM' });
  });

  it('sends members the model lacks inside nested structures (a read-modify-write sends back what it read)', async () => {
    const securityGroupSettings = {
      passwordRequirements: { minLength: 14, regex: '^.{14,}$' },
      shredder: { intensity: 60, canProcessInBackground: false },
    } as ConstructorParameters<typeof UpdateSecurityGroupCommand>[0]['securityGroupSettings'];
    await client().send(new UpdateSecurityGroupCommand({ networkId: NETWORK, groupId: 'g1', securityGroupSettings }));
    expect(JSON.parse(only().body)).toEqual({ securityGroupSettings });
  });

  it('sends no body and no Content-Type for label-only POSTs', async () => {
    await client().send(new CreateDataRetentionBotCommand({ networkId: NETWORK }));
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/networks/12345678/data-retention-bots');
    expect(req.body).toBe('');
    expect(req.headers['content-type']).toBeUndefined();
  });

  it('sends {} when an operation with body members has none set', async () => {
    await client().send(new UpdateBotCommand({ networkId: NETWORK, botId: '7' }));
    expect(only().body).toBe('{}');
    expect(only().headers['content-type']).toBe('application/json');
  });

  it('rejects a missing or empty URI label before sending anything', async () => {
    await expect(client().send(new GetNetworkCommand({ networkId: undefined }))).rejects.toThrow('GetNetwork: the URI label networkId has no value');
    await expect(client().send(new GetNetworkCommand({ networkId: '' }))).rejects.toThrow('GetNetwork: the URI label networkId is empty');
    expect(server.requests).toHaveLength(0);
  });
});

describe('responses', () => {
  it('returns the output members plus $metadata, keeping members the model lacks and dropping nulls', async () => {
    script({
      body: { networkId: NETWORK, networkName: 'Ops', accessLevel: 'PREMIUM', awsAccountId: '123456789012', networkArn: 'arn', standing: null, surprise: true },
      headers: { 'x-amzn-requestid': 'rid-1' },
    });
    const out = await client().send(new GetNetworkCommand({ networkId: NETWORK }));
    expect(out).toEqual({
      networkId: NETWORK,
      networkName: 'Ops',
      accessLevel: 'PREMIUM',
      awsAccountId: '123456789012',
      networkArn: 'arn',
      surprise: true,
      $metadata: { httpStatusCode: 200, requestId: 'rid-1', attempts: 1, totalRetryDelay: 0 },
    });
  });

  it('keeps nested members the model lacks, as the live service sends them (CALLING, regex, canProcessInBackground)', async () => {
    const settings = {
      CALLING: { canStart11Call: true, canVideoCall: false, forceTcpCall: false, canAddtoCall: true, canStartGroupCall: true, canStartRoomCall: false, canStartScreenShare: true },
      passwordRequirements: { minLength: 12, regex: '^.{12,}$' },
      shredder: { intensity: 60, canProcessManually: true, canProcessInBackground: false },
      maxTtl: 86400,
    };
    script({ body: { securityGroup: { id: 'g1', name: 'Ops', isDefault: false, activeMembers: 0, botMembers: 0, modified: 1, securityGroupSettings: settings } } });
    const out = await client().send(new GetSecurityGroupCommand({ networkId: NETWORK, groupId: 'g1' }));
    expect(out.securityGroup?.securityGroupSettings).toEqual(settings);
  });

  it('accepts an empty 200 body', async () => {
    script({ body: '' });
    const out = await client().send(new CreateDataRetentionBotCommand({ networkId: NETWORK }));
    expect(out.message).toBeUndefined();
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it('fails when a 200 body is not JSON, without retrying', async () => {
    script({ body: '<html>' });
    const err = await caught(client().send(new GetNetworkCommand({ networkId: NETWORK })));
    expect(err.name).toBe('WickrResponseParseError');
    expect(err.message).toMatch(/^GetNetwork failed for network 12345678: HTTP 200 with an unreadable body/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('idempotency tokens', () => {
  it('auto-fills one UUIDv4 per send and reuses it on every retry', async () => {
    script({ status: 500, body: { message: 'blip' } }, 'drop', { body: { securityGroup: { id: 'g1' } } });
    const c = client();
    const out = await c.send(new CreateSecurityGroupCommand({ networkId: NETWORK, name: 'g', securityGroupSettings: {} }));
    expect(out.$metadata.attempts).toBe(3);
    const tokens = server.requests.map((r) => r.headers['x-client-token']);
    expect(tokens).toHaveLength(3);
    expect(tokens[0]).toMatch(UUID_V4);
    expect(new Set(tokens).size).toBe(1);

    server.requests.length = 0;
    script({ body: {} });
    await c.send(new CreateSecurityGroupCommand({ networkId: NETWORK, name: 'g', securityGroupSettings: {} }));
    expect(only().headers['x-client-token']).toMatch(UUID_V4);
    expect(only().headers['x-client-token']).not.toBe(tokens[0]);
  });

  it('does not change the caller\'s command input', async () => {
    const command = new CreateSecurityGroupCommand({ networkId: NETWORK, name: 'g', securityGroupSettings: {} });
    await client().send(command);
    expect(command.input.clientToken).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries 429 until it succeeds', async () => {
    script({ status: 429, body: { message: 'Too many requests sent' } }, { status: 429 }, { body: { networks: [] } });
    const out = await client().send(new ListNetworksCommand({}));
    expect(server.requests).toHaveLength(3);
    expect(out.$metadata.attempts).toBe(3);
  });

  it('retries a 500 on a read', async () => {
    script({ status: 500, body: { message: 'boom' } }, { body: { networkId: NETWORK } });
    const out = await client().send(new GetNetworkCommand({ networkId: NETWORK }));
    expect(out.networkId).toBe(NETWORK);
    expect(out.$metadata.attempts).toBe(2);
  });

  it('retries a dropped connection on a read', async () => {
    script('drop', { body: { networks: [{ networkId: NETWORK }] } });
    const out = await client().send(new ListNetworksCommand());
    expect(out.networks).toEqual([{ networkId: NETWORK }]);
    expect(server.requests).toHaveLength(2);
  });

  it('retries 5xx statuses the model does not name (502, 503)', async () => {
    script({ status: 502, body: 'Bad Gateway' }, { status: 503, body: '' }, { body: {} });
    const out = await client().send(new GetNetworkCommand({ networkId: NETWORK }));
    expect(out.$metadata.attempts).toBe(3);
  });

  it('retries a 500 on an idempotent update without a token', async () => {
    script({ status: 500, body: { message: 'x' } }, { body: { message: 'ok' } });
    const out = await client().send(new UpdateBotCommand({ networkId: NETWORK, botId: '9', displayName: 'x' }));
    expect(out.message).toBe('ok');
  });

  it.each([
    [400, BadRequestError, 'BadRequestError'],
    [401, UnauthorizedError, 'UnauthorizedError'],
    [403, ForbiddenError, 'ForbiddenError'],
    [404, ResourceNotFoundError, 'ResourceNotFoundError'],
    [422, ValidationError, 'ValidationError'],
  ])('rejects %i at once without retrying', async (status, type, name) => {
    script({ status, body: { message: 'nope' } });
    const err = await caught(client().send(new GetNetworkCommand({ networkId: NETWORK })));
    expect(err).toBeInstanceOf(type);
    expect(err.name).toBe(name);
    expect(err.message).toBe(`GetNetwork failed for network 12345678: ${name} (${status}): nope`);
    expect(err.$metadata).toEqual({ httpStatusCode: status, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 });
    expect(server.requests).toHaveLength(1);
    expect(isRetryableError(err)).toBe(false);
  });

  it('fails with a clear message once retries are spent', async () => {
    script({ status: 500, body: { message: 'boom' } });
    const err = await caught(client({ maxAttempts: 3 }).send(new GetNetworkCommand({ networkId: NETWORK })));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.message).toBe('GetNetwork failed for network 12345678: InternalServerError (500): boom (gave up after 3 attempts)');
    expect(err.operation).toBe('GetNetwork');
    expect(err.networkId).toBe(NETWORK);
    expect(err.$fault).toBe('server');
    expect(err.$metadata.attempts).toBe(3);
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(server.requests).toHaveLength(3);
    expect(isRetryableError(err)).toBe(true);
    // A read never leaves a write half-done.
    expect(isAmbiguousWriteError(err)).toBe(false);
  });

  it('fails when throttling outlasts the attempts, naming the status', async () => {
    script({ status: 429, body: { message: 'Too many requests sent' } });
    const err = await caught(client({ maxAttempts: 2 }).send(new CreateNetworkCommand({ networkName: 'n', accessLevel: 'STANDARD' })));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.message).toBe('CreateNetwork failed: RateLimitError (429): Too many requests sent (gave up after 2 attempts)');
    expect(isAmbiguousWriteError(err)).toBe(false);
  });

  it('marks a token write whose retries are spent on 5xx as ambiguous', async () => {
    script({ status: 500, body: { message: 'boom' } });
    const err = await caught(client({ maxAttempts: 2 }).send(new CreateSecurityGroupCommand({ networkId: NETWORK, name: 'g', securityGroupSettings: {} })));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(isAmbiguousWriteError(err)).toBe(true);
  });

  it('honours Retry-After up to the backoff cap', async () => {
    script({ status: 429, headers: { 'retry-after': '1' } }, { body: {} });
    const out = await client({ retryMaxDelayMs: 7 }).send(new ListNetworksCommand());
    expect(out.$metadata.totalRetryDelay).toBe(7);
  });

  it('stops retrying when the caller aborts', async () => {
    script({ status: 500 });
    const controller = new AbortController();
    const c = client({ retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000 });
    const pending = c.send(new GetNetworkCommand({ networkId: NETWORK }), { abortSignal: controller.signal });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('writes that are not safe to repeat', () => {
  it('does not retry a 500 on CreateNetwork and says the outcome is unknown', async () => {
    script({ status: 500, body: { message: 'boom' } }, { body: { networkId: NETWORK } });
    const err = await caught(client().send(new CreateNetworkCommand({ networkName: 'Ops', accessLevel: 'PREMIUM' })));
    expect(err).toBeInstanceOf(WickrOutcomeUnknownError);
    expect(err.message).toBe(
      'CreateNetwork failed with an unknown outcome: InternalServerError (500): boom. The request may have been applied, and ' +
        'CreateNetwork is not safe to repeat blindly, so it was not retried; read the current state back before calling it again.',
    );
    expect(err.cause).toBeUndefined();
    expect(isAmbiguousWriteError(err)).toBe(true);
    expect(isRetryableError(err)).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a dropped connection on CreateBot', async () => {
    script('drop', { body: { botId: '1' } });
    const err = await caught(client().send(new CreateBotCommand({ networkId: NETWORK, username: 'abot', groupId: 'g', challenge: 'pw-123456789' })));
    expect(err).toBeInstanceOf(WickrOutcomeUnknownError);
    expect(err.message).toMatch(/^CreateBot failed for network 12345678 with an unknown outcome: network error ECONNRESET: /);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['CreateDataRetentionBotChallenge', () => new CreateDataRetentionBotChallengeCommand({ networkId: NETWORK })],
    ['RegisterOidcConfig', () => new RegisterOidcConfigCommand({ networkId: NETWORK, companyId: 'c', issuer: 'https://i', scopes: 'openid' })],
    ['UpdateGuestUser', () => new UpdateGuestUserCommand({ networkId: NETWORK, usernameHash: 'h', block: true })],
  ])('does not retry a 503 on %s', async (name, make) => {
    script({ status: 503 }, { body: {} });
    const err = await caught(client().send(make() as CreateDataRetentionBotChallengeCommand));
    expect(err.name).toBe('WickrOutcomeUnknownError');
    expect(err.operation).toBe(name);
    expect(server.requests).toHaveLength(1);
  });

  it('still retries 429 on CreateNetwork: throttled requests were never processed', async () => {
    script({ status: 429 }, { body: { networkId: NETWORK, networkName: 'Ops' } });
    const out = await client().send(new CreateNetworkCommand({ networkName: 'Ops', accessLevel: 'PREMIUM' }));
    expect(out.networkId).toBe(NETWORK);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a refused connection even on CreateNetwork (nothing was sent), then fails with a network error', async () => {
    const closed = await startLoopback();
    const url = closed.url;
    await closed.close();
    const err = await caught(client({ endpoint: url, maxAttempts: 3 }).send(new CreateNetworkCommand({ networkName: 'n', accessLevel: 'STANDARD' })));
    expect(err).toBeInstanceOf(WickrNetworkError);
    expect((err as WickrNetworkError).code).toBe('ECONNREFUSED');
    expect((err as WickrNetworkError).requestSent).toBe(false);
    expect(err.$metadata.attempts).toBe(3);
    expect(err.message).toMatch(/^CreateNetwork failed: network error ECONNREFUSED: .* \(the request was not sent\) \(gave up after 3 attempts\)$/);
    expect(isAmbiguousWriteError(err)).toBe(false);
  });
});

describe('error classification', () => {
  it('takes the code from X-Amzn-Errortype first, cut at the colon', async () => {
    script({ status: 400, headers: { 'x-amzn-errortype': 'ResourceNotFoundError:http://internal.example/' }, body: { code: 'BadRequestError', message: 'gone' } });
    const err = await caught(client().send(new GetNetworkCommand({ networkId: NETWORK })));
    expect(err).toBeInstanceOf(ResourceNotFoundError);
    expect(err.message).toBe('GetNetwork failed for network 12345678: ResourceNotFoundError (400): gone');
  });

  it('falls back to the body code, then __type', async () => {
    script({ status: 400, body: { code: 'ForbiddenError', message: 'no' } });
    expect(await caught(client().send(new GetNetworkCommand({ networkId: NETWORK })))).toBeInstanceOf(ForbiddenError);
    script({ status: 400, body: { __type: 'com.amazonaws.wickr#UnauthorizedError', message: 'no' } });
    expect(await caught(client().send(new GetNetworkCommand({ networkId: NETWORK })))).toBeInstanceOf(UnauthorizedError);
  });

  it('falls back to the status when nothing names the error', async () => {
    script({ status: 422, body: 'not json at all' });
    const err = await caught(client().send(new GetNetworkCommand({ networkId: NETWORK })));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe('GetNetwork failed for network 12345678: ValidationError (422): not json at all');
  });

  it('keeps unknown codes and statuses as WickrServiceException', async () => {
    script({ status: 403, headers: { 'x-amzn-errortype': 'InvalidSignatureException' }, body: { message: 'sig' } });
    let err = await caught(client().send(new GetNetworkCommand({ networkId: NETWORK })));
    expect(err.constructor).toBe(WickrServiceException);
    expect(err.name).toBe('InvalidSignatureException');
    expect(err.$fault).toBe('client');
    expect(err.message).toBe('GetNetwork failed for network 12345678: InvalidSignatureException (403): sig');

    script({ status: 418, body: '' });
    err = await caught(client().send(new GetNetworkCommand({ networkId: NETWORK })));
    expect(err.constructor).toBe(WickrServiceException);
    expect(err.name).toBe('UnknownError');
    expect(err.$metadata.httpStatusCode).toBe(418);
    expect(err.message).toBe('GetNetwork failed for network 12345678: UnknownError (418)');
  });

  it('rejects a ValidationError with its reasons in the message, as CloudFormation will show it', async () => {
    script({ status: 422, body: { message: 'Invalid input', reasons: [{ field: 'name', reason: 'too long' }, { field: 'lockoutThreshold', reason: 'must be > 0' }] } });
    const err = await caught(client().send(new CreateSecurityGroupCommand({ networkId: NETWORK, name: 'x'.repeat(300), securityGroupSettings: {} })));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).reasons).toEqual([
      { field: 'name', reason: 'too long' },
      { field: 'lockoutThreshold', reason: 'must be > 0' },
    ]);
    expect(err.message).toBe(
      'CreateSecurityGroup failed for network 12345678: ValidationError (422): Invalid input [name: too long; lockoutThreshold: must be > 0]',
    );
    expect(err.serviceMessage).toBe('Invalid input');
  });

  it('names other labels next to the network', async () => {
    script({ status: 404, body: { message: 'no such group' } });
    const err = await caught(client().send(new GetSecurityGroupCommand({ networkId: NETWORK, groupId: 'BCTY8Qhe' })));
    expect(err.message).toBe('GetSecurityGroup failed for network 12345678 (groupId BCTY8Qhe): ResourceNotFoundError (404): no such group');
  });
});

describe('redaction', () => {
  function capture(): { config: WickrClientConfig; text: () => string; count: () => number } {
    const lines: unknown[] = [];
    const sink = (...args: unknown[]): void => {
      lines.push(args);
    };
    return {
      config: { logger: { debug: sink, info: sink, warn: sink, error: sink } },
      text: () => JSON.stringify(lines),
      count: () => lines.length,
    };
  }

  it('logs nothing when no logger is configured', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
    script({ status: 500 }, { body: {} });
    await client().send(new GetNetworkCommand({ networkId: NETWORK }));
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('never passes a sensitive request value to the logger or into error messages', async () => {
    const log = capture();
    const challenge = 'Hunter2-Bot-Password';
    script({ status: 500, body: { message: `bad challenge ${challenge}` } }, { status: 400, body: { message: `rejected "${challenge}"`, reasons: [{ field: 'challenge', reason: challenge }] } });
    const err = await caught(client(log.config).send(new UpdateBotCommand({ networkId: NETWORK, botId: '5', challenge, displayName: 'Visible Bot' })));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toBe('UpdateBot failed for network 12345678 (botId 5): BadRequestError (400): rejected "***" [challenge: ***]');
    expect(log.count()).toBeGreaterThan(0);
    expect(log.text()).not.toContain(challenge);
    // The summaries are still useful: non-secret members are there.
    expect(log.text()).toContain('Visible Bot');
    // The secret did reach the service: redaction is for logs, not the wire.
    expect(JSON.parse(server.requests[0]!.body).challenge).toBe(challenge);
  });

  it('redacts sensitive query parameters (clientSecret, personal names) and OIDC tokens in responses', async () => {
    const log = capture();
    script({
      body: {
        openidConnectInfo: { companyId: 'c', scopes: 's', issuer: 'i', clientSecret: 'oidc-client-secret-value', secret: 'oidc-secret-value' },
        tokenInfo: { accessToken: 'access-token-value', idToken: 'id-token-value', refreshToken: 'refresh-token-value', tokenType: 'Bearer' },
      },
    });
    const out = await client(log.config).send(
      new GetOidcInfoCommand({ networkId: NETWORK, clientId: 'cid', clientSecret: 'query-secret-value', code: 'auth-code-value', grantType: 'authorization_code' }),
    );
    expect(out.tokenInfo?.accessToken).toBe('access-token-value');
    expect(only().query.get('clientSecret')).toBe('query-secret-value');
    for (const secret of ['query-secret-value', 'auth-code-value', 'oidc-client-secret-value', 'oidc-secret-value', 'access-token-value', 'id-token-value', 'refresh-token-value']) {
      expect(log.text()).not.toContain(secret);
    }
    expect(log.text()).toContain('clientSecret=***');
    expect(log.text()).toContain('Bearer');

    server.requests.length = 0;
    script({ body: { users: [{ userId: '1', firstName: 'Alice-Secretname', lastName: 'Doe-Secretname', username: 'alice' }] } });
    await client(log.config).send(new ListUsersCommand({ networkId: NETWORK, firstName: 'Alice-Secretname' }));
    expect(log.text()).not.toContain('Secretname');
    expect(log.text()).toContain('alice');
  });

  it('redacts secrets in responses (RegisterOidcConfig clientSecret)', async () => {
    const log = capture();
    script({ body: { companyId: 'c', scopes: 's', issuer: 'i', clientSecret: 'returned-client-secret', secret: 'returned-secret' } });
    const out = await client(log.config).send(
      new RegisterOidcConfigCommand({ networkId: NETWORK, companyId: 'c', issuer: 'https://i', scopes: 'openid', secret: 'sent-secret-value' }),
    );
    expect(out.clientSecret).toBe('returned-client-secret');
    expect(log.text()).not.toMatch(/returned-client-secret|returned-secret|sent-secret-value/);
  });
});

describe('SigV4', () => {
  it('signs with the wickr scope, the region, x-amz-date and the payload hash, verifiably', async () => {
    await client({ region: 'eu-west-2' }).send(new CreateNetworkCommand({ networkName: 'Ops', accessLevel: 'PREMIUM' }));
    const req = only();
    const auth = String(req.headers.authorization);
    const date = String(req.headers['x-amz-date']);
    expect(date).toMatch(/^\d{8}T\d{6}Z$/);
    expect(auth).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDLOOPBACKTEST/${date.slice(0, 8)}/eu-west-2/wickr/aws4_request, SignedHeaders=([a-z0-9-;]+), Signature=[0-9a-f]{64}$`),
    );
    expect(req.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(req.body).digest('hex'));
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
    expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-content-sha256', 'content-type']));

    // Re-sign what the server received with the same key and time: the signatures must agree.
    const verifier = new SignatureV4({ service: 'wickr', region: 'eu-west-2', credentials: CREDENTIALS, sha256: Sha256 });
    const [host, port] = String(req.headers.host).split(':');
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) if (name !== 'x-amz-date' && name !== 'authorization') headers[name] = String(req.headers[name]);
    const resigned = await verifier.sign(
      { method: req.method, protocol: 'http:', hostname: host!, port: Number(port), path: req.path, query: Object.fromEntries(req.query), headers, body: req.body },
      { signingDate: new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`) },
    );
    expect(resigned.headers.authorization).toBe(auth);
  });

  it('fails verification when the body was tampered with (the check can fail)', async () => {
    await client().send(new CreateNetworkCommand({ networkName: 'Ops', accessLevel: 'PREMIUM' }));
    const req = only();
    const auth = String(req.headers.authorization);
    const date = String(req.headers['x-amz-date']);
    const verifier = new SignatureV4({ service: 'wickr', region: 'ap-southeast-2', credentials: CREDENTIALS, sha256: Sha256 });
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) if (name !== 'x-amz-date') headers[name] = String(req.headers[name]);
    headers['x-amz-content-sha256'] = createHash('sha256').update('{"networkName":"Evil"}').digest('hex');
    const [host, port] = String(req.headers.host).split(':');
    const resigned = await verifier.sign(
      { method: req.method, protocol: 'http:', hostname: host!, port: Number(port), path: req.path, query: {}, headers, body: '{"networkName":"Evil"}' },
      { signingDate: new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`) },
    );
    expect(resigned.headers.authorization).not.toBe(auth);
  });

  it('sends the session token and signs the query', async () => {
    await client({ credentials: { ...CREDENTIALS, sessionToken: 'session-token-xyz' } }).send(new ListNetworksCommand({ maxResults: 5, sortDirection: 'DESC' }));
    const req = only();
    expect(req.headers['x-amz-security-token']).toBe('session-token-xyz');
    expect(String(req.headers.authorization)).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
    expect(req.url).toBe('/networks?maxResults=5&sortDirection=DESC');
  });

  it('uses the standard credential chain when no credentials are passed (env in tests)', async () => {
    await client({ credentials: undefined }).send(new ListNetworksCommand());
    expect(String(only().headers.authorization)).toContain(`Credential=${process.env.AWS_ACCESS_KEY_ID}/`);
  });

  it('accepts a credential provider function', async () => {
    const provider = jest.fn(async () => ({ accessKeyId: 'AKIDFROMPROVIDER', secretAccessKey: 'x' }));
    await client({ credentials: provider }).send(new ListNetworksCommand());
    expect(provider).toHaveBeenCalled();
    expect(String(only().headers.authorization)).toContain('Credential=AKIDFROMPROVIDER/');
  });

  it('fails with the operation named when credentials cannot be loaded', async () => {
    const err = await caught(
      client({ credentials: async () => Promise.reject(new Error('no credentials here')) }).send(new GetNetworkCommand({ networkId: NETWORK })),
    );
    expect(err.name).toBe('WickrSigningError');
    expect(err.message).toBe('GetNetwork failed for network 12345678: could not sign the request: no credentials here');
    expect(server.requests).toHaveLength(0);
  });
});

describe('endpoint', () => {
  const saved = process.env.WICKR_ENDPOINT_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.WICKR_ENDPOINT_URL;
    else process.env.WICKR_ENDPOINT_URL = saved;
  });

  it('goes to WICKR_ENDPOINT_URL when no endpoint is configured', async () => {
    process.env.WICKR_ENDPOINT_URL = server.url;
    await client({ endpoint: undefined }).send(new GetNetworkCommand({ networkId: NETWORK }));
    expect(only().path).toBe('/networks/12345678');
  });

  it('prefers the configured endpoint over WICKR_ENDPOINT_URL', async () => {
    const other = await startLoopback();
    try {
      process.env.WICKR_ENDPOINT_URL = other.url;
      await client().send(new GetNetworkCommand({ networkId: NETWORK }));
      expect(server.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('keeps a base path of a custom endpoint', async () => {
    await client({ endpoint: `${server.url}/prefix/` }).send(new GetNetworkCommand({ networkId: NETWORK }));
    expect(only().path).toBe('/prefix/networks/12345678');
  });
});

describe('pagination helpers', () => {
  it('walk nextToken until it is absent, sending the page size', async () => {
    server.respond((req) => {
      const token = req.query.get('nextToken');
      const next = token === null ? 't1' : token === 't1' ? 't2' : undefined;
      return { body: { networks: [{ networkId: `${token ?? 't0'}` }], nextToken: next } };
    });
    const seen: string[] = [];
    for await (const page of paginateListNetworks({ client: client(), pageSize: 100 }, { sortDirection: 'ASC' })) {
      seen.push(...(page.networks ?? []).map((n) => n.networkId!));
      expect(page.$metadata.httpStatusCode).toBe(200);
    }
    expect(seen).toEqual(['t0', 't1', 't2']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/networks?maxResults=100&sortDirection=ASC',
      '/networks?maxResults=100&sortDirection=ASC&nextToken=t1',
      '/networks?maxResults=100&sortDirection=ASC&nextToken=t2',
    ]);
  });

  it('start from startingToken and stop on an empty or repeated token', async () => {
    server.respond(() => ({ body: { users: [], nextToken: 'same' } }));
    let pages = 0;
    for await (const _page of paginateListUsers({ client: client(), startingToken: 'same' }, { networkId: NETWORK })) pages += 1;
    expect(pages).toBe(1);
    expect(only().query.get('nextToken')).toBe('same');

    server.requests.length = 0;
    server.respond(() => ({ body: { users: [], nextToken: '' } }));
    pages = 0;
    for await (const _page of paginateListUsers({ client: client() }, { networkId: NETWORK })) pages += 1;
    expect(pages).toBe(1);
  });
});

describe('connections and custom handlers', () => {
  it('reuses pooled connections for safe calls but opens a fresh one for each unsafe write', async () => {
    const c = client();
    await c.send(new GetNetworkCommand({ networkId: NETWORK }));
    await c.send(new GetNetworkCommand({ networkId: NETWORK }));
    await c.send(new CreateNetworkCommand({ networkName: 'a', accessLevel: 'STANDARD' }));
    await c.send(new CreateNetworkCommand({ networkName: 'b', accessLevel: 'STANDARD' }));
    const ports = server.requests.map((r) => r.remotePort);
    expect(ports[0]).toBe(ports[1]);
    expect(new Set([ports[1], ports[2], ports[3]]).size).toBe(3);
  });

  it('accepts a Smithy-style requestHandler that answers with a byte stream', async () => {
    const { Readable } = await import('node:stream');
    const seen: Array<{ path: string; fresh?: boolean }> = [];
    const c = client({
      requestHandler: {
        handle: async (request, options) => {
          seen.push({ path: request.path, fresh: options?.freshConnection });
          return { response: { statusCode: 200, headers: { 'X-Amzn-RequestId': 'custom-1' }, body: Readable.from([Buffer.from('{"networkId":'), Buffer.from('"12345678"}')]) } };
        },
      },
    });
    const out = await c.send(new GetNetworkCommand({ networkId: NETWORK }));
    expect(out.networkId).toBe(NETWORK);
    expect(out.$metadata.requestId).toBe('custom-1');
    expect(seen).toEqual([{ path: '/networks/12345678', fresh: false }]);
    expect(server.requests).toHaveLength(0);
  });

  it('does not keep the credentials on the public config', () => {
    const c = client();
    expect(JSON.stringify(c.config)).not.toContain(CREDENTIALS.secretAccessKey);
    expect(c.config.region).toBe('ap-southeast-2');
  });

  it('rejects a maxAttempts below 1', () => {
    expect(() => new WickrClient({ maxAttempts: 0 })).toThrow('maxAttempts must be an integer >= 1, got 0');
  });
});
