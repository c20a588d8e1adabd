import {
  BatchCreateUserCommand,
  BatchDeleteUserCommand,
  BatchLookupUserUnameCommand,
  BatchReinviteUserCommand,
  BatchResetDevicesForUserCommand,
  BatchToggleUserSuspendStatusCommand,
  BotStatus,
  CreateBotCommand,
  CreateDataRetentionBotChallengeCommand,
  CreateDataRetentionBotCommand,
  CreateNetworkCommand,
  CreateSecurityGroupCommand,
  DeleteBotCommand,
  DeleteDataRetentionBotCommand,
  DeleteNetworkCommand,
  DeleteSecurityGroupCommand,
  GetBotCommand,
  GetBotsCountCommand,
  GetDataRetentionBotCommand,
  GetGuestUserHistoryCountCommand,
  GetNetworkCommand,
  GetNetworkSettingsCommand,
  GetOidcInfoCommand,
  GetOpentdfConfigCommand,
  GetSecurityGroupCommand,
  GetUserCommand,
  GetUsersCountCommand,
  ListBlockedGuestUsersCommand,
  ListBotsCommand,
  ListDevicesForUserCommand,
  ListGuestUsersCommand,
  ListNetworksCommand,
  ListSecurityGroupUsersCommand,
  ListSecurityGroupsCommand,
  ListUsersCommand,
  RegisterOidcConfigCommand,
  RegisterOidcConfigTestCommand,
  RegisterOpentdfConfigCommand,
  ResourceNotFoundError,
  UpdateBotCommand,
  UpdateDataRetentionCommand,
  UpdateGuestUserCommand,
  UpdateNetworkCommand,
  UpdateNetworkSettingsCommand,
  UpdateSecurityGroupCommand,
  UpdateUserCommand,
  ValidationError,
  WickrClient,
  WickrOutcomeUnknownError,
  isAmbiguousWriteError,
  paginateListNetworks,
  paginateListUsers,
} from '../../lambda/wickr';
import { OPERATIONS } from '../../lambda/wickr/model/operations';
import { startEmulator, type Emulator } from '../emulator';

/**
 * A round trip through the client against helper B's emulator for every one of the 44 operations:
 * proves the client's wire format (labels, queries, headers, bodies, SigV4) is what a model-driven
 * server accepts, and that its answers parse back.
 */
const REGION = 'ap-southeast-2';
let emulator: Emulator;
let client: WickrClient;

beforeAll(async () => {
  // Every operation's model shapes round trip; the live service's differences: test/emulator-tests/live-behaviour.test.ts.
  emulator = await startEmulator({ behaviour: 'model' });
  client = new WickrClient({ region: REGION, endpoint: emulator.url, credentials: emulator.credentials, retryBaseDelayMs: 1, retryMaxDelayMs: 5 });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

async function newNetwork(name: string): Promise<string> {
  const out = await client.send(new CreateNetworkCommand({ networkName: name, accessLevel: 'PREMIUM' }));
  expect(out.networkId).toMatch(/^\d{8}$/);
  return out.networkId!;
}

async function defaultGroupId(networkId: string): Promise<string> {
  const out = await client.send(new ListSecurityGroupsCommand({ networkId }));
  const group = out.securityGroups?.find((g) => g.isDefault);
  expect(group).toBeDefined();
  return group!.id!;
}

describe('every operation through the client against the emulator', () => {
  it('networks and network settings', async () => {
    const networkId = await newNetwork('Round trip');
    const got = await client.send(new GetNetworkCommand({ networkId }));
    expect(got).toMatchObject({ networkId, networkName: 'Round trip', accessLevel: 'PREMIUM' });
    expect(got.networkArn).toContain(`network/${networkId}`);

    const names: string[] = [];
    for await (const page of paginateListNetworks({ client, pageSize: 1 }, { sortFields: 'networkName', sortDirection: 'ASC' })) {
      names.push(...(page.networks ?? []).map((n) => n.networkName!));
    }
    expect(names).toContain('Round trip');
    expect((await client.send(new ListNetworksCommand({ maxResults: 100 }))).networks?.some((n) => n.networkId === networkId)).toBe(true);

    await client.send(new UpdateNetworkCommand({ networkId, networkName: 'Renamed' }));
    expect((await client.send(new GetNetworkCommand({ networkId }))).networkName).toBe('Renamed');

    const updated = await client.send(new UpdateNetworkSettingsCommand({ networkId, settings: { enableClientMetrics: true, readReceiptConfig: { status: 'ENABLED' } } }));
    expect(updated.settings).toEqual(expect.arrayContaining([expect.objectContaining({ optionName: 'enableClientMetrics', value: 'true' })]));
    const settings = await client.send(new GetNetworkSettingsCommand({ networkId }));
    expect(settings.settings).toEqual(expect.arrayContaining([expect.objectContaining({ optionName: 'enableClientMetrics', value: 'true' })]));

    await client.send(new DeleteNetworkCommand({ networkId }));
    // Deletion is asynchronous: poll until the network is gone.
    let gone = false;
    for (let i = 0; i < 10 && !gone; i += 1) {
      try {
        await client.send(new GetNetworkCommand({ networkId }));
      } catch (err) {
        expect(err).toBeInstanceOf(ResourceNotFoundError);
        gone = true;
      }
    }
    expect(gone).toBe(true);
  });

  it('security groups', async () => {
    const networkId = await newNetwork('Groups');
    expect(await defaultGroupId(networkId)).toBeTruthy();
    const created = await client.send(
      new CreateSecurityGroupCommand({ networkId, name: 'Federated', securityGroupSettings: { federationMode: 2, permittedNetworks: ['87654321'], lockoutThreshold: 5 } }),
    );
    const groupId = created.securityGroup!.id!;
    expect(created.securityGroup).toMatchObject({ name: 'Federated', isDefault: false });

    const updated = await client.send(
      new UpdateSecurityGroupCommand({ networkId, groupId, name: 'Federated 2', securityGroupSettings: { calling: { canStart11Call: true }, maxTtl: 86400 } }),
    );
    expect(updated.securityGroup?.name).toBe('Federated 2');
    const got = await client.send(new GetSecurityGroupCommand({ networkId, groupId }));
    expect(got.securityGroup?.securityGroupSettings).toMatchObject({ federationMode: 2, maxTtl: 86400, calling: { canStart11Call: true } });
    expect((await client.send(new ListSecurityGroupUsersCommand({ networkId, groupId }))).users ?? []).toEqual([]);

    const deleted = await client.send(new DeleteSecurityGroupCommand({ networkId, groupId }));
    expect(deleted).toMatchObject({ networkId, groupId });
    await expect(client.send(new GetSecurityGroupCommand({ networkId, groupId }))).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it('users and devices', async () => {
    const networkId = await newNetwork('Users');
    const groupId = await defaultGroupId(networkId);
    const created = await client.send(
      new BatchCreateUserCommand({
        networkId,
        users: [
          { username: 'alice@example.gov', firstName: 'Alice', lastName: 'Ng', securityGroupIds: [groupId] },
          { username: 'bob@example.gov', securityGroupIds: [groupId] },
        ],
      }),
    );
    expect(created.failed ?? []).toEqual([]);
    const alice = created.successful!.find((u) => u.username === 'alice@example.gov')!;
    const bob = created.successful!.find((u) => u.username === 'bob@example.gov')!;

    const listed: string[] = [];
    for await (const page of paginateListUsers({ client, pageSize: 1 }, { networkId, sortDirection: 'ASC' })) listed.push(...(page.users ?? []).map((u) => u.username!));
    expect(listed.sort()).toEqual(['alice@example.gov', 'bob@example.gov']);
    expect((await client.send(new ListSecurityGroupUsersCommand({ networkId, groupId }))).users?.length).toBe(2);

    const got = await client.send(new GetUserCommand({ networkId, userId: alice.userId!, startTime: new Date(Date.now() - 86_400_000), endTime: new Date() }));
    expect(got).toMatchObject({ userId: alice.userId, firstName: 'Alice', username: 'alice@example.gov' });
    expect(await client.send(new GetUsersCountCommand({ networkId }))).toMatchObject({ pending: 2, total: 2 });

    const renamed = await client.send(new UpdateUserCommand({ networkId, userId: bob.userId!, userDetails: { firstName: 'Robert' } }));
    expect(renamed.firstName).toBe('Robert');
    expect((await client.send(new BatchReinviteUserCommand({ networkId, userIds: [bob.userId!] }))).failed ?? []).toEqual([]);

    emulator.activateUser(REGION, networkId, alice.userId!);
    const appId = emulator.addDevice(REGION, networkId, alice.userId!);
    const devices = await client.send(new ListDevicesForUserCommand({ networkId, userId: alice.userId! }));
    expect(devices.devices?.map((d) => d.appId)).toEqual([appId]);
    const reset = await client.send(new BatchResetDevicesForUserCommand({ networkId, userId: alice.userId!, appIds: [appId] }));
    expect(reset.failed ?? []).toEqual([]);

    const suspended = await client.send(new BatchToggleUserSuspendStatusCommand({ networkId, suspend: true, userIds: [bob.userId!] }));
    expect(suspended.failed ?? []).toEqual([]);
    expect((await client.send(new GetUserCommand({ networkId, userId: bob.userId! }))).suspended).toBe(true);

    const unames = (await client.send(new ListUsersCommand({ networkId }))).users!.map((u) => u.uname!).filter(Boolean);
    expect(unames.length).toBeGreaterThan(0);
    const lookup = await client.send(new BatchLookupUserUnameCommand({ networkId, unames }));
    expect(lookup.successful?.length).toBe(unames.length);

    const deleted = await client.send(new BatchDeleteUserCommand({ networkId, userIds: [alice.userId!, bob.userId!] }));
    expect(deleted.failed ?? []).toEqual([]);
    expect((await client.send(new ListUsersCommand({ networkId }))).users ?? []).toEqual([]);
  });

  it('bots', async () => {
    const networkId = await newNetwork('Bots');
    const groupId = await defaultGroupId(networkId);
    const created = await client.send(new CreateBotCommand({ networkId, username: 'alertbot', displayName: 'Alerts', groupId, challenge: 'initial-password-1' }));
    const botId = created.botId!;
    expect(await client.send(new GetBotCommand({ networkId, botId }))).toMatchObject({ botId, username: 'alertbot', displayName: 'Alerts' });
    expect((await client.send(new ListBotsCommand({ networkId, status: BotStatus.PENDING }))).bots?.map((b) => b.botId)).toEqual([botId]);
    await client.send(new UpdateBotCommand({ networkId, botId, displayName: 'Alerts 2', suspend: false }));
    expect((await client.send(new GetBotCommand({ networkId, botId }))).displayName).toBe('Alerts 2');
    expect(await client.send(new GetBotsCountCommand({ networkId }))).toMatchObject({ pending: 1, total: 1 });
    await client.send(new DeleteBotCommand({ networkId, botId }));
    await expect(client.send(new GetBotCommand({ networkId, botId }))).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it('guest users', async () => {
    const networkId = await newNetwork('Guests');
    const usernameHash = emulator.addGuestUser(REGION, networkId, { username: 'guest@partner.example' });
    expect((await client.send(new ListGuestUsersCommand({ networkId }))).guestlist?.map((g) => g.usernameHash)).toEqual([usernameHash]);
    await client.send(new UpdateGuestUserCommand({ networkId, usernameHash, block: true }));
    expect((await client.send(new ListBlockedGuestUsersCommand({ networkId }))).blocklist?.map((g) => g.usernameHash)).toEqual([usernameHash]);
    expect((await client.send(new GetGuestUserHistoryCountCommand({ networkId }))).history).toBeDefined();
  });

  it('data retention', async () => {
    const networkId = await newNetwork('Retention');
    await client.send(new CreateDataRetentionBotCommand({ networkId }));
    const challenge = await client.send(new CreateDataRetentionBotChallengeCommand({ networkId }));
    expect(challenge.challenge).toEqual(expect.any(String));
    emulator.simulateDataRetentionBotRegistration(REGION, networkId);
    expect(await client.send(new GetDataRetentionBotCommand({ networkId }))).toMatchObject({ botExists: true, isDataRetentionBotRegistered: true });
    await client.send(new UpdateDataRetentionCommand({ networkId, actionType: 'ENABLE' }));
    expect((await client.send(new GetDataRetentionBotCommand({ networkId }))).isDataRetentionServiceEnabled).toBe(true);
    await client.send(new DeleteDataRetentionBotCommand({ networkId }));
    expect((await client.send(new GetDataRetentionBotCommand({ networkId }))).botExists).toBeFalsy();
  });

  it('SSO (OIDC) and OpenTDF', async () => {
    const networkId = await newNetwork('Identity');
    const discovered = await client.send(new RegisterOidcConfigTestCommand({ networkId, issuer: 'https://idp.example.gov/realms/wickr', scopes: 'openid profile email' }));
    expect(discovered.tokenEndpoint).toEqual(expect.any(String));
    const registered = await client.send(
      new RegisterOidcConfigCommand({ networkId, companyId: 'ap-southeast-2-agency', issuer: 'https://idp.example.gov/realms/wickr', scopes: 'openid profile', userId: 'wickr-client', secret: 'idp-client-secret' }),
    );
    expect(registered.companyId).toBe('ap-southeast-2-agency');
    const info = await client.send(new GetOidcInfoCommand({ networkId }));
    expect(info.openidConnectInfo).toMatchObject({ companyId: 'ap-southeast-2-agency', issuer: 'https://idp.example.gov/realms/wickr' });

    const dry = await client.send(new RegisterOpentdfConfigCommand({ networkId, clientId: 'tdf-client', clientSecret: 'tdf-secret', domain: 'tdf.example.gov', provider: 'virtru', dryRun: true }));
    expect(dry.provider).toBe('virtru');
    await client.send(new RegisterOpentdfConfigCommand({ networkId, clientId: 'tdf-client', clientSecret: 'tdf-secret', domain: 'tdf.example.gov', provider: 'virtru' }));
    expect(await client.send(new GetOpentdfConfigCommand({ networkId }))).toMatchObject({ clientId: 'tdf-client', domain: 'tdf.example.gov', provider: 'virtru' });
  });

  it('covered all 44 operations with a successful call', () => {
    const succeeded = new Set(emulator.requests.filter((r) => r.status === 200).map((r) => r.operation));
    const missing = Object.keys(OPERATIONS).filter((name) => !succeeded.has(name as keyof typeof OPERATIONS));
    expect(missing).toEqual([]);
  });
});

describe('retry behaviour against emulator faults', () => {
  beforeEach(() => emulator.faults.clear());

  it('does not duplicate a token-carrying create whose first response was lost', async () => {
    const networkId = await newNetwork('Faults');
    emulator.faults.next('CreateSecurityGroup', 1, 'drop', { phase: 'after' });
    const out = await client.send(new CreateSecurityGroupCommand({ networkId, name: 'Once', securityGroupSettings: {} }));
    expect(out.$metadata.attempts).toBe(2);
    const groups = (await client.send(new ListSecurityGroupsCommand({ networkId }))).securityGroups ?? [];
    expect(groups.filter((g) => g.name === 'Once')).toHaveLength(1);
  });

  it('reports an unknown outcome for CreateNetwork after a processed-then-failed request, and the network exists', async () => {
    emulator.faults.next('CreateNetwork', 1, 'server-error', { phase: 'after' });
    const err = await client.send(new CreateNetworkCommand({ networkName: 'Maybe', accessLevel: 'STANDARD' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WickrOutcomeUnknownError);
    expect(isAmbiguousWriteError(err)).toBe(true);
    const named = ((await client.send(new ListNetworksCommand({ maxResults: 100 }))).networks ?? []).filter((n) => n.networkName === 'Maybe');
    expect(named).toHaveLength(1);
  });

  it('retries throttling on any operation and succeeds', async () => {
    emulator.faults.next('CreateNetwork', 2, 'rate-limit');
    const out = await client.send(new CreateNetworkCommand({ networkName: 'Throttled', accessLevel: 'STANDARD' }));
    expect(out.$metadata.attempts).toBe(3);
  });

  it('rejects a model-invalid request with the emulator\'s reasons in the message', async () => {
    const err = await client.send(new CreateNetworkCommand({ networkName: 'x'.repeat(40), accessLevel: 'STANDARD' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/^CreateNetwork failed: ValidationError \(422\): .*\[networkName: /);
  });
});
