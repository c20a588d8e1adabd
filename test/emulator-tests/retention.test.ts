// Model behaviour (startEmulator({ behaviour: 'model' })): what the Smithy model says. The live service's
// differences are covered in live-behaviour.test.ts.
import { Emulator, startEmulator } from '../emulator';
import { createNetwork, invoke, ok, REGION } from './support/http';

describe('emulator data-retention bot lifecycle', () => {
  let emu: Emulator;
  let networkId: string;
  beforeAll(async () => {
    emu = await startEmulator({ behaviour: 'model' });
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId } = await createNetwork(emu, { accessLevel: 'PREMIUM' }));
  });

  const flags = () => ok(emu, 'GetDataRetentionBot', { networkId });

  it('goes create → challenge → registration → ENABLE → PUBKEY_MSG_ACK → delete', async () => {
    expect(await flags()).toEqual({
      botName: `compliance_${networkId}_bot`,
      botExists: false,
      isBotActive: false,
      isDataRetentionBotRegistered: false,
      isDataRetentionServiceEnabled: false,
      isPubkeyMsgAcked: false,
    });
    await ok(emu, 'CreateDataRetentionBot', { networkId });
    expect(await flags()).toMatchObject({ botExists: true, isDataRetentionBotRegistered: false });

    const early = await invoke(emu, 'UpdateDataRetention', { networkId, actionType: 'ENABLE' });
    expect(early.status).toBe(400);
    expect(early.json.message).toBe('The data retention bot has not registered yet; start it with the challenge password first');
    const earlyAck = await invoke(emu, 'UpdateDataRetention', { networkId, actionType: 'PUBKEY_MSG_ACK' });
    expect(earlyAck.status).toBe(400);

    const { challenge } = await ok(emu, 'CreateDataRetentionBotChallenge', { networkId });
    expect(challenge).toHaveLength(24);
    expect(emu.state.dataRetentionChallenge(REGION, networkId)).toBe(challenge);
    expect(JSON.stringify(emu.requests)).not.toContain(challenge);
    expect(JSON.stringify(emu.state.snapshot())).not.toContain(challenge);

    emu.simulateDataRetentionBotRegistration(REGION, networkId);
    expect(await flags()).toMatchObject({ isBotActive: true, isDataRetentionBotRegistered: true, isDataRetentionServiceEnabled: false, isPubkeyMsgAcked: false });

    await ok(emu, 'UpdateDataRetention', { networkId, actionType: 'ENABLE' });
    await ok(emu, 'UpdateDataRetention', { networkId, actionType: 'PUBKEY_MSG_ACK' });
    expect(await flags()).toMatchObject({ isDataRetentionServiceEnabled: true, isPubkeyMsgAcked: true });
    // ENABLE and the network setting are one flag.
    const settings = await ok(emu, 'GetNetworkSettings', { networkId });
    expect(settings.settings).toContainEqual({ optionName: 'dataRetention', value: 'true', type: 'boolean' });

    await ok(emu, 'UpdateDataRetention', { networkId, actionType: 'DISABLE' });
    expect(await flags()).toMatchObject({ isDataRetentionServiceEnabled: false });
    await ok(emu, 'UpdateNetworkSettings', { networkId, settings: { dataRetention: true } }); // allowed once registered
    expect(await flags()).toMatchObject({ isDataRetentionServiceEnabled: true });

    await ok(emu, 'DeleteDataRetentionBot', { networkId });
    expect(await flags()).toMatchObject({ botExists: false, isDataRetentionBotRegistered: false, isDataRetentionServiceEnabled: false });
    expect((await invoke(emu, 'DeleteDataRetentionBot', { networkId })).status).toBe(404);
  });

  it('rejects a second CreateDataRetentionBot with 400', async () => {
    await ok(emu, 'CreateDataRetentionBot', { networkId });
    const again = await invoke(emu, 'CreateDataRetentionBot', { networkId });
    expect(again.status).toBe(400);
    expect(again.json.message).toBe(`The data retention bot already exists in network ${networkId}`);
  });

  it('issues a new random challenge on every call, and none before the bot exists', async () => {
    const none = await invoke(emu, 'CreateDataRetentionBotChallenge', { networkId });
    expect(none.status).toBe(400);
    expect(none.json.message).toMatch(/call CreateDataRetentionBot first/);
    await ok(emu, 'CreateDataRetentionBot', { networkId });
    const a = (await ok(emu, 'CreateDataRetentionBotChallenge', { networkId })).challenge;
    const b = (await ok(emu, 'CreateDataRetentionBotChallenge', { networkId })).challenge;
    expect(a).not.toBe(b);
    expect(emu.state.network(REGION, networkId)!.dataRetention.challengesIssued).toBe(2);
  });

  it('refuses data retention on a STANDARD network', async () => {
    const standard = await createNetwork(emu, { accessLevel: 'STANDARD', name: 'std' });
    const res = await invoke(emu, 'CreateDataRetentionBot', { networkId: standard.networkId });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('Data retention is only available on PREMIUM networks');
  });

  it('refuses to simulate a registration before any challenge was issued', async () => {
    await ok(emu, 'CreateDataRetentionBot', { networkId });
    expect(() => emu.simulateDataRetentionBotRegistration(REGION, networkId)).toThrow('the bot cannot register before a challenge was issued');
  });
});

describe('emulator auto-registration of the data-retention bot', () => {
  it('registers after N polls that follow a challenge (autoRegisterDataRetentionBot: 2)', async () => {
    const emu = await startEmulator({ behaviour: 'model', autoRegisterDataRetentionBot: 2 });
    try {
      const { networkId } = await createNetwork(emu);
      await ok(emu, 'CreateDataRetentionBot', { networkId });
      const poll = async () => (await ok(emu, 'GetDataRetentionBot', { networkId })).isDataRetentionBotRegistered as boolean;
      expect(await poll()).toBe(false); // no challenge yet: polls do not count
      await ok(emu, 'CreateDataRetentionBotChallenge', { networkId });
      expect([await poll(), await poll(), await poll()]).toEqual([false, false, true]);
      await ok(emu, 'UpdateDataRetention', { networkId, actionType: 'ENABLE' });
    } finally {
      await emu.close();
    }
  });
});
