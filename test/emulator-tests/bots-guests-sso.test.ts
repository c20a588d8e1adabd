import { Emulator, startEmulator } from '../emulator';
import { createNetwork, invoke, ok, REGION } from './support/http';

describe('emulator bots, guests, SSO and OpenTDF', () => {
  let emu: Emulator;
  let networkId: string;
  let groupId: string;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId, defaultGroupId: groupId } = await createNetwork(emu));
  });

  describe('bots', () => {
    it('creates, activates, updates, counts and deletes a bot', async () => {
      const created = await ok(emu, 'CreateBot', { networkId, username: 'alertsbot', displayName: 'Alerts', groupId, challenge: 'correct-horse-battery' });
      expect(created).toEqual({ message: `Bot ${created.botId} created`, botId: expect.stringMatching(/^\d+$/), networkId, username: 'alertsbot', displayName: 'Alerts', groupId });
      expect(await ok(emu, 'GetBotsCount', { networkId })).toEqual({ pending: 1, active: 0, total: 1 });
      emu.activateBot(REGION, networkId, created.botId);
      const got = await ok(emu, 'GetBot', { networkId, botId: created.botId });
      expect(got).toMatchObject({ botId: created.botId, status: 2, hasChallenge: true, suspended: false, groupId });
      expect(got).not.toHaveProperty('challenge');
      await ok(emu, 'UpdateBot', { networkId, botId: created.botId, suspend: true, displayName: 'Paused' });
      expect((await ok(emu, 'ListBots', { networkId, status: 2 })).bots.map((b: { displayName: string }) => b.displayName)).toEqual(['Paused']);
      expect((await ok(emu, 'GetSecurityGroup', { networkId, groupId })).securityGroup.botMembers).toBe(1);
      await ok(emu, 'DeleteBot', { networkId, botId: created.botId });
      expect((await invoke(emu, 'GetBot', { networkId, botId: created.botId })).status).toBe(404);
    });

    it("rejects a bot username that does not end in 'bot' (422), a taken username and an unknown group (400)", async () => {
      const notBot = await invoke(emu, 'CreateBot', { networkId, username: 'alerts', groupId, challenge: 'x' });
      expect(notBot.status).toBe(422);
      expect(notBot.json.reasons).toEqual([{ field: 'username', reason: "a bot's username must end in 'bot'" }]);
      await ok(emu, 'CreateBot', { networkId, username: 'onebot', groupId, challenge: 'x' });
      const taken = await invoke(emu, 'CreateBot', { networkId, username: 'onebot', groupId, challenge: 'x' });
      expect(taken.status).toBe(400);
      const noGroup = await invoke(emu, 'CreateBot', { networkId, username: 'twobot', groupId: 'Missing1', challenge: 'x' });
      expect(noGroup.status).toBe(400);
      expect(noGroup.json.message).toBe(`Security group Missing1 does not exist in network ${networkId}`);
      const missingChallenge = await invoke(emu, 'CreateBot', { networkId, username: 'threebot', groupId });
      expect(missingChallenge.json.reasons).toEqual([{ field: 'challenge', reason: 'is required' }]);
    });
  });

  describe('guest users', () => {
    it('lists guests, blocks once (a second block is 400), unblocks, and counts history by month', async () => {
      const month = new Date().toISOString().slice(0, 7);
      const hash = emu.addGuestUser(REGION, networkId, { username: 'guest@partner.example' });
      emu.addGuestUser(REGION, networkId, { username: 'other@partner.example' });
      const listed = await ok(emu, 'ListGuestUsers', { networkId, username: 'guest@' });
      expect(listed.guestlist).toEqual([{ username: 'guest@partner.example', usernameHash: hash, billingPeriod: month }]);

      await ok(emu, 'UpdateGuestUser', { networkId, usernameHash: hash, block: true });
      const twice = await invoke(emu, 'UpdateGuestUser', { networkId, usernameHash: hash, block: true });
      expect(twice.status).toBe(400);
      expect(twice.json.message).toBe('This guest user is already blocked in the network');
      const blocked = await ok(emu, 'ListBlockedGuestUsers', { networkId });
      expect(blocked.blocklist).toEqual([
        { username: 'guest@partner.example', usernameHash: hash, admin: emu.credentials.accessKeyId, modified: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) },
      ]);
      await ok(emu, 'UpdateGuestUser', { networkId, usernameHash: hash, block: false });
      expect((await invoke(emu, 'UpdateGuestUser', { networkId, usernameHash: hash, block: false })).status).toBe(400);
      expect((await invoke(emu, 'UpdateGuestUser', { networkId, usernameHash: 'f'.repeat(64), block: true })).status).toBe(404);

      const history = await ok(emu, 'GetGuestUserHistoryCount', { networkId });
      expect(history).toEqual({ history: [{ month: month.replace('-', '_'), count: '2' }] });
    });
  });

  describe('SSO (OIDC)', () => {
    it('answers empty strings before SSO is configured', async () => {
      expect(await ok(emu, 'GetOidcInfo', { networkId })).toEqual({ openidConnectInfo: { companyId: '', scopes: '', issuer: '' } });
    });

    it('registers, tests and reads back the OIDC configuration', async () => {
      const tested = await ok(emu, 'RegisterOidcConfigTest', { networkId, issuer: 'https://idp.example.com/', scopes: 'openid email' });
      expect(tested).toMatchObject({ issuer: 'https://idp.example.com/', tokenEndpoint: 'https://idp.example.com/token', scopesSupported: ['openid', 'email'] });
      const saved = await ok(emu, 'RegisterOidcConfig', {
        networkId,
        companyId: `${REGION}-agency`,
        issuer: 'https://idp.example.com',
        scopes: 'openid profile email',
        userId: 'client-123',
        secret: 'idp-client-secret',
        ssoTokenBufferMinutes: 5,
      });
      expect(saved).toMatchObject({ companyId: `${REGION}-agency`, clientId: 'client-123', userId: 'client-123', secret: 'idp-client-secret', applicationId: 1 });
      const info = await ok(emu, 'GetOidcInfo', { networkId });
      expect(info.openidConnectInfo).toMatchObject({ issuer: 'https://idp.example.com', scopes: 'openid profile email', clientSecret: 'idp-client-secret' });
      expect(info).not.toHaveProperty('tokenInfo');
      expect(JSON.stringify(emu.requests)).not.toContain('idp-client-secret');
      expect(emu.state.network(REGION, networkId)!.oidc).toMatchObject({ secret: '***', clientId: 'client-123' });
    });

    it('rejects an empty companyId with 400 (as the model example does) and a non-URL issuer with 422', async () => {
      const empty = await invoke(emu, 'RegisterOidcConfig', { networkId, companyId: '', issuer: 'https://idp.example.com', scopes: 'openid' });
      expect(empty.status).toBe(400);
      expect(empty.json.message).toBe('companyId must not be empty');
      const badIssuer = await invoke(emu, 'RegisterOidcConfig', { networkId, companyId: 'c', issuer: 'idp', scopes: 'email' });
      expect(badIssuer.status).toBe(422);
      expect(badIssuer.json.reasons).toEqual([
        { field: 'issuer', reason: 'must be an http(s) URL' },
        { field: 'scopes', reason: 'must be space-separated and include "openid"' },
      ]);
    });
  });

  describe('OpenTDF', () => {
    it('answers empty strings when unset, honours dryRun, then saves', async () => {
      expect(await ok(emu, 'GetOpentdfConfig', { networkId })).toEqual({ clientId: '', clientSecret: '', domain: '', provider: '' });
      const config = { clientId: 'tdf-client', clientSecret: 'tdf-secret', domain: 'agency.virtru.com', provider: 'virtru' };
      expect(await ok(emu, 'RegisterOpentdfConfig', { networkId, ...config, dryRun: true })).toEqual(config);
      expect((await ok(emu, 'GetOpentdfConfig', { networkId })).clientId).toBe('');
      await ok(emu, 'RegisterOpentdfConfig', { networkId, ...config });
      expect(await ok(emu, 'GetOpentdfConfig', { networkId })).toEqual(config);
      expect(emu.state.network(REGION, networkId)!.tdf).toEqual({ ...config, clientSecret: '***' });
    });

    it('rejects a provider other than Virtru and a bad domain (422)', async () => {
      const res = await invoke(emu, 'RegisterOpentdfConfig', { networkId, clientId: 'c', clientSecret: 's', domain: 'not a domain', provider: 'other' });
      expect(res.status).toBe(422);
      expect(res.json.reasons).toEqual([
        { field: 'provider', reason: 'must be one of virtru' },
        { field: 'domain', reason: 'must be a DNS domain name' },
      ]);
    });
  });
});
