/**
 * The emulator's default behaviour: the live service as the live-tested Terraform fork recorded it
 * (behaviour.ts cites each source). Model behaviour is covered by the other suites in this folder.
 */
import { Emulator, LIVE_BEHAVIOUR, startEmulator } from '../emulator';
import { createNetwork, invoke, ok, REGION } from './support/http';

const KEY = `arn:aws:kms:${REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe('emulator live behaviour (the default)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('is the default', () => {
    expect(emu.behaviour).toEqual(LIVE_BEHAVIOUR);
  });

  describe('network key', () => {
    it('accepts encryptionKeyArn on CreateNetwork and UpdateNetwork but never stores or returns it', async () => {
      const created = await ok(emu, 'CreateNetwork', { networkName: 'Keyed', accessLevel: 'PREMIUM', encryptionKeyArn: KEY });
      expect(created).toEqual({ networkId: expect.stringMatching(/^\d{8}$/), networkName: 'Keyed' });
      expect((await ok(emu, 'GetNetwork', { networkId: created.networkId })).encryptionKeyArn).toBeUndefined();
      await ok(emu, 'UpdateNetwork', { networkId: created.networkId, networkName: 'Keyed', encryptionKeyArn: KEY });
      expect((await ok(emu, 'GetNetwork', { networkId: created.networkId })).encryptionKeyArn).toBeUndefined();
      const listed = await ok(emu, 'ListNetworks', {});
      expect(listed.networks[0].encryptionKeyArn).toBeUndefined();
    });

    it('still refuses a key that is not a KMS key ARN of the Region', async () => {
      const res = await invoke(emu, 'CreateNetwork', { networkName: 'k', accessLevel: 'STANDARD', encryptionKeyArn: 'arn:aws:kms:ap-southeast-2:123456789012:alias/x' });
      expect(res.status).toBe(422);
    });
  });

  describe('asynchronous delete', () => {
    it('answers "Network deletion initiated successfully", drops the network from ListNetworks at once, then answers 403 everywhere', async () => {
      const { networkId, defaultGroupId } = await createNetwork(emu);
      const other = await createNetwork(emu, { name: 'other' });
      const deleted = await ok(emu, 'DeleteNetwork', { networkId });
      expect(deleted.message).toBe('Network deletion initiated successfully');
      expect((await ok(emu, 'ListNetworks', {})).networks.map((n: { networkId: string }) => n.networkId)).toEqual([other.networkId]);
      for (const [op, input] of [
        ['GetNetwork', { networkId }],
        ['GetNetworkSettings', { networkId }],
        ['ListSecurityGroups', { networkId }],
        ['GetSecurityGroup', { networkId, groupId: defaultGroupId }],
        ['UpdateNetwork', { networkId, networkName: 'late' }],
        ['DeleteNetwork', { networkId }],
      ] as const) {
        const res = await invoke(emu, op, input);
        expect([op, res.status, res.errorType]).toEqual([op, 403, 'ForbiddenError']);
      }
      // Never 404, however often it is asked.
      for (let i = 0; i < 5; i++) expect((await invoke(emu, 'GetNetwork', { networkId })).status).toBe(403);
    });

    it('answers 404 for a network that never existed', async () => {
      expect((await invoke(emu, 'GetNetwork', { networkId: '12345678' })).status).toBe(404);
    });
  });

  describe('security-group members the model lacks', () => {
    it('sends CALLING with seven switches, passwordRequirements.regex and shredder.canProcessInBackground, and no lowercase calling', async () => {
      const { networkId, defaultGroupId } = await createNetwork(emu);
      const { securityGroup } = await ok(emu, 'GetSecurityGroup', { networkId, groupId: defaultGroupId });
      const s = securityGroup.securityGroupSettings;
      expect(Object.keys(s.CALLING).sort()).toEqual(
        ['canAddtoCall', 'canStart11Call', 'canStartGroupCall', 'canStartRoomCall', 'canStartScreenShare', 'canVideoCall', 'forceTcpCall'].sort(),
      );
      expect(Object.values(s.CALLING).every((v) => typeof v === 'boolean')).toBe(true);
      expect(s.calling).toBeUndefined();
      expect(typeof s.passwordRequirements.regex).toBe('string');
      expect(typeof s.shredder.canProcessInBackground).toBe('boolean');
    });

    it.each([
      ['passwordRequirements without regex', { passwordRequirements: { minLength: 14 } }],
      ['shredder without canProcessInBackground', { shredder: { intensity: 60 } }],
    ])('refuses an update of %s with 400 ValidationError "This request contains invalid options or data."', async (_label, settings) => {
      const { networkId, defaultGroupId } = await createNetwork(emu);
      const res = await invoke(emu, 'UpdateSecurityGroup', { networkId, groupId: defaultGroupId, securityGroupSettings: settings });
      expect([res.status, res.errorType, res.json.message]).toEqual([400, 'ValidationError', 'This request contains invalid options or data.']);
    });

    it('accepts nested updates that carry the live members, and the model calling members under calling', async () => {
      const { networkId, defaultGroupId } = await createNetwork(emu);
      const { securityGroup } = await ok(emu, 'UpdateSecurityGroup', {
        networkId,
        groupId: defaultGroupId,
        securityGroupSettings: {
          passwordRequirements: { minLength: 14, regex: '^.{14,}$' },
          shredder: { intensity: 60, canProcessInBackground: true },
          calling: { canVideoCall: false },
        },
      });
      const s = securityGroup.securityGroupSettings;
      expect(s.passwordRequirements).toMatchObject({ minLength: 14, regex: '^.{14,}$' });
      expect(s.shredder).toMatchObject({ intensity: 60, canProcessInBackground: true });
      expect(s.CALLING).toMatchObject({ canVideoCall: false, canStartScreenShare: true });
    });

    it('refuses CALLING in a request (nothing shows how the service takes it)', async () => {
      const { networkId, defaultGroupId } = await createNetwork(emu);
      const res = await invoke(emu, 'UpdateSecurityGroup', { networkId, groupId: defaultGroupId, securityGroupSettings: { CALLING: { canStartScreenShare: false } } });
      expect(res.status).toBe(400);
      expect(res.json.message).toMatch(/CALLING/);
    });

    it.each([
      ['both', ['CALLING', 'calling']],
      ['lower', ['calling']],
    ] as const)('can send the calling object as %s', async (callingKeys, keys) => {
      const other = await startEmulator({ behaviour: { callingKeys } });
      try {
        const { networkId, defaultGroupId } = await createNetwork(other);
        const s = (await ok(other, 'GetSecurityGroup', { networkId, groupId: defaultGroupId })).securityGroup.securityGroupSettings;
        expect(['CALLING', 'calling'].filter((k) => s[k] !== undefined)).toEqual(keys);
        if (s.calling) expect(Object.keys(s.calling).sort()).toEqual(['canStart11Call', 'canVideoCall', 'forceTcpCall']);
      } finally {
        await other.close();
      }
    });
  });

  describe('plan tier and STANDARD limits', () => {
    it.each([
      ['maxTtl', { maxTtl: 86400 }],
      ['alwaysReauthenticate false (any value)', { alwaysReauthenticate: false }],
      ['calling.canStart11Call', { calling: { canStart11Call: true } }],
      ['enableGuestFederation', { enableGuestFederation: false }],
    ])('answers 402 "this feature requires a different level plan" for %s on STANDARD, with no error type', async (_label, settings) => {
      const { networkId, defaultGroupId } = await createNetwork(emu, { accessLevel: 'STANDARD' });
      const res = await invoke(emu, 'UpdateSecurityGroup', { networkId, groupId: defaultGroupId, securityGroupSettings: settings });
      expect([res.status, res.errorType, res.json.message]).toEqual([402, undefined, 'this feature requires a different level plan']);
    });

    it('accepts the same members on PREMIUM, and non-premium members on STANDARD', async () => {
      const premium = await createNetwork(emu, { accessLevel: 'PREMIUM' });
      await ok(emu, 'UpdateSecurityGroup', { networkId: premium.networkId, groupId: premium.defaultGroupId, securityGroupSettings: { maxTtl: 86400, alwaysReauthenticate: true } });
      const standard = await createNetwork(emu, { accessLevel: 'STANDARD', name: 'std' });
      await ok(emu, 'UpdateSecurityGroup', { networkId: standard.networkId, groupId: standard.defaultGroupId, securityGroupSettings: { locationEnabled: false, presenceEnabled: false } });
    });

    it('refuses lockoutThreshold below 10 on STANDARD with 422, and accepts it on PREMIUM', async () => {
      const standard = await createNetwork(emu, { accessLevel: 'STANDARD' });
      const res = await invoke(emu, 'UpdateSecurityGroup', { networkId: standard.networkId, groupId: standard.defaultGroupId, securityGroupSettings: { lockoutThreshold: 5 } });
      expect(res.status).toBe(422);
      expect(res.json.reasons).toEqual([{ field: 'securityGroupSettings.lockoutThreshold', reason: 'invalid lockoutThreshold setting for network' }]);
      const created = await invoke(emu, 'CreateSecurityGroup', { networkId: standard.networkId, name: 'Low', securityGroupSettings: { lockoutThreshold: 9 } });
      expect(created.status).toBe(422);
      const premium = await createNetwork(emu, { accessLevel: 'PREMIUM', name: 'p' });
      await ok(emu, 'UpdateSecurityGroup', { networkId: premium.networkId, groupId: premium.defaultGroupId, securityGroupSettings: { lockoutThreshold: 5 } });
    });

    it('stores federationMode 0 as 1 on STANDARD, and 0 as 0 on PREMIUM', async () => {
      const standard = await createNetwork(emu, { accessLevel: 'STANDARD' });
      const s = await ok(emu, 'UpdateSecurityGroup', { networkId: standard.networkId, groupId: standard.defaultGroupId, securityGroupSettings: { federationMode: 0 } });
      expect(s.securityGroup.securityGroupSettings.federationMode).toBe(1);
      const created = await ok(emu, 'CreateSecurityGroup', { networkId: standard.networkId, name: 'Zero', securityGroupSettings: { federationMode: 0 } });
      expect(created.securityGroup.securityGroupSettings.federationMode).toBe(1);
      const premium = await createNetwork(emu, { accessLevel: 'PREMIUM', name: 'p' });
      const p = await ok(emu, 'UpdateSecurityGroup', { networkId: premium.networkId, groupId: premium.defaultGroupId, securityGroupSettings: { federationMode: 0 } });
      expect(p.securityGroup.securityGroupSettings.federationMode).toBe(0);
    });

    it('starts new groups at lockout 10 and federationMode 1', async () => {
      const { networkId, defaultGroupId } = await createNetwork(emu, { accessLevel: 'STANDARD' });
      const s = (await ok(emu, 'GetSecurityGroup', { networkId, groupId: defaultGroupId })).securityGroup.securityGroupSettings;
      expect([s.lockoutThreshold, s.federationMode]).toEqual([10, 1]);
    });

    it('refuses data retention on STANDARD with the live message', async () => {
      const { networkId } = await createNetwork(emu, { accessLevel: 'STANDARD' });
      const res = await invoke(emu, 'CreateDataRetentionBot', { networkId });
      expect([res.status, res.json.message]).toEqual([400, 'Action not permitted with current access level']);
    });

    it('holds at most 100 security groups per network, the default group included', async () => {
      const { networkId } = await createNetwork(emu);
      for (let i = 1; i < 100; i++) await ok(emu, 'CreateSecurityGroup', { networkId, name: `g${i}`, securityGroupSettings: {} });
      const res = await invoke(emu, 'CreateSecurityGroup', { networkId, name: 'g100', securityGroupSettings: {} });
      expect(res.status).toBe(400);
      expect(res.json.message).toMatch(/maximum of 100 security groups/);
    });
  });

  describe('network settings', () => {
    it('leaves out settings still at their defaults, and does not set dataRetention through UpdateNetworkSettings', async () => {
      const { networkId } = await createNetwork(emu);
      expect((await ok(emu, 'GetNetworkSettings', { networkId })).settings).toEqual([]);
      await ok(emu, 'UpdateNetworkSettings', { networkId, settings: { enableClientMetrics: true, dataRetention: false } });
      expect((await ok(emu, 'GetNetworkSettings', { networkId })).settings).toEqual([{ optionName: 'enableClientMetrics', value: 'true', type: 'boolean' }]);
    });
  });
});
