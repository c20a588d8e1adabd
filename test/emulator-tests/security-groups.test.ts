// Model behaviour (startEmulator({ behaviour: 'model' })): what the Smithy model says. The live service's
// differences are covered in live-behaviour.test.ts.
import { Emulator, startEmulator } from '../emulator';
import { createNetwork, invoke, ok, REGION } from './support/http';

describe('emulator security groups', () => {
  let emu: Emulator;
  let networkId: string;
  let defaultGroupId: string;
  beforeAll(async () => {
    emu = await startEmulator({ behaviour: 'model' });
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId, defaultGroupId } = await createNetwork(emu));
  });

  it('has exactly one default group per network, which cannot be deleted', async () => {
    const got = await ok(emu, 'GetSecurityGroup', { networkId, groupId: defaultGroupId });
    expect(got.securityGroup).toMatchObject({ id: defaultGroupId, isDefault: true, name: 'Default' });
    expect(got.securityGroup.securityGroupSettings).toMatchObject({ federationMode: 0, globalFederation: false, calling: { canStart11Call: true } });
    const res = await invoke(emu, 'DeleteSecurityGroup', { networkId, groupId: defaultGroupId });
    expect(res.status).toBe(400);
    expect(res.errorType).toBe('BadRequestError');
    expect(res.json.message).toBe(`Security group ${defaultGroupId} is the network's default group and cannot be deleted`);
    expect(emu.state.network(REGION, networkId)!.securityGroups).toHaveLength(1);
  });

  it('creates with the federation/lockout subset, then updates the full settings (PATCH, nested merge)', async () => {
    const created = await ok(emu, 'CreateSecurityGroup', {
      networkId,
      name: 'Field team',
      securityGroupSettings: { lockoutThreshold: 8, federationMode: 2, permittedNetworks: ['87654321'] },
    });
    const groupId = created.securityGroup.id as string;
    expect(groupId).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(created.securityGroup).toMatchObject({ isDefault: false, name: 'Field team', activeMembers: 0, botMembers: 0 });
    expect(created.securityGroup.securityGroupSettings).toMatchObject({ lockoutThreshold: 8, federationMode: 2, permittedNetworks: ['87654321'], filesEnabled: true });

    const updated = await ok(emu, 'UpdateSecurityGroup', {
      networkId,
      groupId,
      securityGroupSettings: { calling: { forceTcpCall: true }, shredder: { intensity: 60 }, maxTtl: 86400, quickResponses: ['On my way'] },
    });
    const settings = updated.securityGroup.securityGroupSettings;
    // Nested structs merge member by member; untouched members keep their values.
    expect(settings.calling).toEqual({ canStart11Call: true, canVideoCall: true, forceTcpCall: true });
    expect(settings.shredder).toEqual({ canProcessManually: true, intensity: 60 });
    expect(settings).toMatchObject({ maxTtl: 86400, quickResponses: ['On my way'], lockoutThreshold: 8, federationMode: 2 });

    await ok(emu, 'UpdateSecurityGroup', { networkId, groupId, name: 'Field', securityGroupSettings: { quickResponses: ['Yes'] } });
    const got = await ok(emu, 'GetSecurityGroup', { networkId, groupId });
    expect(got.securityGroup.name).toBe('Field');
    expect(got.securityGroup.securityGroupSettings.quickResponses).toEqual(['Yes']); // lists are replaced whole
    expect(got.securityGroup.securityGroupSettings.maxTtl).toBe(86400);
  });

  it('rejects an empty group name with 422 reasons', async () => {
    const res = await invoke(emu, 'CreateSecurityGroup', { networkId, name: ' ', securityGroupSettings: {} });
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([{ field: 'name', reason: 'must not be empty' }]);
  });

  it('rejects an invalid permitted network id through the model pattern (422)', async () => {
    const res = await invoke(emu, 'CreateSecurityGroup', { networkId, name: 'x', securityGroupSettings: { permittedNetworks: ['123'] } });
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([
      { field: 'securityGroupSettings.permittedNetworks[0]', reason: 'length must be at least 8' },
      { field: 'securityGroupSettings.permittedNetworks[0]', reason: 'must match ^[0-9]{8}$' },
    ]);
  });

  const s = (name: string) => `securityGroupSettings.${name}`;
  it.each([
    [{ shredder: { intensity: 30 } }, s('shredder.intensity'), 'must be one of 0, 20, 60, 100'],
    [{ maxAutoDownloadSize: 1000 }, s('maxAutoDownloadSize'), 'must be one of 512000, 7340032'],
    [{ enableFileDownload: false, maxAutoDownloadSize: 7340032 }, s('maxAutoDownloadSize'), 'is only allowed when enableFileDownload is true'],
    [{ lockoutThreshold: 5, forceDeviceLockout: 5 }, s('forceDeviceLockout'), 'must be less than lockoutThreshold (5)'],
    [{ forceDeviceLockout: 12 }, s('forceDeviceLockout'), 'must be less than lockoutThreshold (10)'],
    [{ locationEnabled: false, locationAllowMaps: true }, s('locationAllowMaps'), 'is only allowed when locationEnabled is true'],
    [{ forceOpenAccess: true }, s('forceOpenAccess'), 'is only allowed when enableOpenAccessOption is true'],
    [{ calling: { canStart11Call: false, canVideoCall: true } }, s('calling.canVideoCall'), 'is only allowed when calling.canStart11Call is true'],
    [{ enableGuestFederation: true }, s('enableGuestFederation'), 'is only allowed when globalFederation is true'],
    [{ enableRestrictedGlobalFederation: true }, s('enableRestrictedGlobalFederation'), 'is only allowed when globalFederation is true'],
    [{ federationMode: 3 }, s('federationMode'), 'must be 0, 1 or 2'],
    [{ maxTtl: -1 }, s('maxTtl'), 'must not be negative'],
    [{ globalFederation: true, enableRestrictedGlobalFederation: true, permittedWickrAwsNetworks: [{ region: 'Sydney', networkId: '12345678' }] }, s('permittedWickrAwsNetworks[0].region'), 'must be a Region name such as eu-west-2'],
  ])('rejects UpdateSecurityGroup %j with a ValidationError reason', async (settings, field, reason) => {
    const res = await invoke(emu, 'UpdateSecurityGroup', { networkId, groupId: defaultGroupId, securityGroupSettings: settings });
    expect(res.status).toBe(422);
    expect(res.errorType).toBe('ValidationError');
    expect(res.json.reasons).toEqual([{ field, reason }]);
  });

  it('applies the same rules to CreateSecurityGroup (guest federation needs global federation)', async () => {
    const res = await invoke(emu, 'CreateSecurityGroup', { networkId, name: 'g', securityGroupSettings: { enableGuestFederation: true } });
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([{ field: s('enableGuestFederation'), reason: 'is only allowed when globalFederation is true' }]);
    await ok(emu, 'CreateSecurityGroup', { networkId, name: 'g', securityGroupSettings: { globalFederation: true, enableGuestFederation: true } });
  });

  it('accepts a dependent setting together with its prerequisite, and turning a prerequisite off alone', async () => {
    await ok(emu, 'UpdateSecurityGroup', { networkId, groupId: defaultGroupId, securityGroupSettings: { enableOpenAccessOption: true, forceOpenAccess: true, locationAllowMaps: true } });
    await ok(emu, 'UpdateSecurityGroup', { networkId, groupId: defaultGroupId, securityGroupSettings: { enableFileDownload: false } });
    const got = await ok(emu, 'GetSecurityGroup', { networkId, groupId: defaultGroupId });
    expect(got.securityGroup.securityGroupSettings).toMatchObject({ forceOpenAccess: true, locationAllowMaps: true, enableFileDownload: false });
  });

  it('deletes an empty group, refuses one with users, and answers 404 for an unknown group', async () => {
    const { securityGroup } = await ok(emu, 'CreateSecurityGroup', { networkId, name: 'Temp', securityGroupSettings: {} });
    const users = await ok(emu, 'BatchCreateUser', { networkId, users: [{ username: 'a@example.com', securityGroupIds: [securityGroup.id] }] });
    const busy = await invoke(emu, 'DeleteSecurityGroup', { networkId, groupId: securityGroup.id });
    expect(busy.status).toBe(400);
    expect(busy.json.message).toMatch(/still has users or bots/);
    const members = await ok(emu, 'ListSecurityGroupUsers', { networkId, groupId: securityGroup.id });
    expect(members.users.map((u: { username: string }) => u.username)).toEqual(['a@example.com']);
    expect((await ok(emu, 'GetSecurityGroup', { networkId, groupId: securityGroup.id })).securityGroup.activeMembers).toBe(1);

    await ok(emu, 'BatchDeleteUser', { networkId, userIds: [users.successful[0].userId] });
    const deleted = await ok(emu, 'DeleteSecurityGroup', { networkId, groupId: securityGroup.id });
    expect(deleted).toEqual({ message: `Security group ${securityGroup.id} deleted`, networkId, groupId: securityGroup.id });
    const gone = await invoke(emu, 'GetSecurityGroup', { networkId, groupId: securityGroup.id });
    expect(gone.status).toBe(404);
    expect(gone.json.message).toBe(`Security group ${securityGroup.id} was not found in network ${networkId}`);
  });
});
