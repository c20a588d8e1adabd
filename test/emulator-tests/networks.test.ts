// Model behaviour (startEmulator({ behaviour: 'model' })): what the Smithy model says. The live service's
// differences are covered in live-behaviour.test.ts.
import { Emulator, startEmulator } from '../emulator';
import { createNetwork, invoke, ok, REGION, serialize, signedSend } from './support/http';

describe('emulator networks', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ behaviour: 'model' });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('creates a network with an 8-digit id, the ARN form, and a default security group', async () => {
    const created = await ok(emu, 'CreateNetwork', { networkName: 'Ops', accessLevel: 'PREMIUM' });
    expect(created).toEqual({ networkId: expect.stringMatching(/^\d{8}$/), networkName: 'Ops' });
    const got = await ok(emu, 'GetNetwork', { networkId: created.networkId });
    expect(got).toEqual({
      networkId: created.networkId,
      networkName: 'Ops',
      accessLevel: 'PREMIUM',
      awsAccountId: '123456789012',
      networkArn: `arn:aws:wickr:${REGION}:123456789012:network/${created.networkId}`,
      standing: 1,
      migrationState: 0,
    });
    const groups = await ok(emu, 'ListSecurityGroups', { networkId: created.networkId });
    expect(groups.securityGroups).toHaveLength(1);
    expect(groups.securityGroups[0]).toMatchObject({ isDefault: true, name: 'Default', activeMembers: 0, botMembers: 0 });
  });

  it('uses the aws-us-gov partition in GovCloud ARNs', async () => {
    const created = await ok(emu, 'CreateNetwork', { networkName: 'Gov', accessLevel: 'STANDARD' }, { region: 'us-gov-west-1' });
    const got = await ok(emu, 'GetNetwork', { networkId: created.networkId }, { region: 'us-gov-west-1' });
    expect(got.networkArn).toBe(`arn:aws-us-gov:wickr:us-gov-west-1:123456789012:network/${created.networkId}`);
  });

  it('creates a SECOND network when CreateNetwork is repeated (no idempotency token: the real trap)', async () => {
    const first = await ok(emu, 'CreateNetwork', { networkName: 'Same', accessLevel: 'STANDARD' });
    // X-Client-Token is not a member of CreateNetwork, so sending one changes nothing.
    const req = serialize('CreateNetwork', { networkName: 'Same', accessLevel: 'STANDARD' });
    const second = await signedSend(emu, { ...req, headers: { ...req.headers, 'x-client-token': 'retry-1' } });
    const third = await signedSend(emu, { ...req, headers: { ...req.headers, 'x-client-token': 'retry-1' } });
    expect(new Set([first.networkId, second.json.networkId, third.json.networkId]).size).toBe(3);
    const listed = await ok(emu, 'ListNetworks', {});
    expect(listed.networks.map((n: { networkName: string }) => n.networkName)).toEqual(['Same', 'Same', 'Same']);
  });

  it.each([
    ['an empty name', { networkName: '', accessLevel: 'STANDARD' }, 'networkName', 'must be between 1 and 20 characters and not blank, got 0'],
    ['a 21-character name', { networkName: 'x'.repeat(21), accessLevel: 'STANDARD' }, 'networkName', 'must be between 1 and 20 characters and not blank, got 21'],
    ['a KMS alias instead of a key ARN', { networkName: 'k', accessLevel: 'STANDARD', encryptionKeyArn: 'arn:aws:kms:ap-southeast-2:123456789012:alias/wickr' }, 'encryptionKeyArn', 'must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)'],
    ['a key in another Region', { networkName: 'k', accessLevel: 'STANDARD', encryptionKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, 'encryptionKeyArn', `the key must be in the network's Region ${REGION}`],
    ['a free trial on STANDARD', { networkName: 'k', accessLevel: 'STANDARD', enablePremiumFreeTrial: true }, 'enablePremiumFreeTrial', 'a premium free trial needs accessLevel PREMIUM'],
  ])('rejects CreateNetwork with %s (422)', async (_label, input, field, reason) => {
    const res = await invoke(emu, 'CreateNetwork', input);
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([{ field, reason }]);
  });

  it('accepts a same-Region KMS key ARN and keeps it', async () => {
    const key = `arn:aws:kms:${REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const created = await ok(emu, 'CreateNetwork', { networkName: 'Keyed', accessLevel: 'PREMIUM', encryptionKeyArn: key });
    expect(created.encryptionKeyArn).toBe(key);
    expect((await ok(emu, 'GetNetwork', { networkId: created.networkId })).encryptionKeyArn).toBe(key);
  });

  it('requires networkName on UpdateNetwork even when only the key changes', async () => {
    const { networkId } = await createNetwork(emu);
    const key = `arn:aws:kms:${REGION}:123456789012:key/abcd`;
    const res = await invoke(emu, 'UpdateNetwork', { networkId, encryptionKeyArn: key });
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([{ field: 'networkName', reason: 'is required' }]);
    await ok(emu, 'UpdateNetwork', { networkId, networkName: 'test-net', encryptionKeyArn: key });
    expect(emu.state.network(REGION, networkId)!.network.encryptionKeyArn).toBe(key);
  });

  it('answers ListNetworks with an empty list (never 404) in a Region with no networks', async () => {
    const res = await invoke(emu, 'ListNetworks', {}, { region: 'eu-central-2' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ networks: [] });
  });

  it('deletes asynchronously: GetNetwork answers for two polls, then 404; writes are refused meanwhile', async () => {
    const { networkId } = await createNetwork(emu);
    const deleted = await ok(emu, 'DeleteNetwork', { networkId });
    expect(deleted.message).toBe(`Deletion of network ${networkId} has started`);
    expect(emu.state.network(REGION, networkId)!.deleting).toBe(true);

    const write = await invoke(emu, 'UpdateNetwork', { networkId, networkName: 'late' });
    expect(write.status).toBe(400);
    expect(write.json.message).toBe(`Network ${networkId} is being deleted`);
    // A second DeleteNetwork during the deletion is accepted (the operation is idempotent).
    await ok(emu, 'DeleteNetwork', { networkId });

    expect((await invoke(emu, 'GetNetwork', { networkId })).status).toBe(200);
    expect((await ok(emu, 'ListNetworks', {})).networks).toHaveLength(1);
    expect((await invoke(emu, 'GetNetwork', { networkId })).status).toBe(200);
    const gone = await invoke(emu, 'GetNetwork', { networkId });
    expect(gone.status).toBe(404);
    expect(gone.errorType).toBe('ResourceNotFoundError');
    expect((await ok(emu, 'ListNetworks', {})).networks).toEqual([]);
    expect((await invoke(emu, 'DeleteNetwork', { networkId })).status).toBe(404);
  });

  it('completes a deletion by time when configured in ms (emulator clock, no real waiting)', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const timed = await startEmulator({ behaviour: 'model', deletion: { ms: 60_000 }, now: () => clock });
    try {
      // Sign with the emulator's clock so the 15-minute freshness check holds.
      const at = () => ({ date: new Date(clock) });
      const created = await ok(timed, 'CreateNetwork', { networkName: 'Timed', accessLevel: 'STANDARD' }, at());
      await ok(timed, 'DeleteNetwork', { networkId: created.networkId }, at());
      for (let i = 0; i < 5; i++) expect((await invoke(timed, 'GetNetwork', { networkId: created.networkId }, at())).status).toBe(200);
      clock += 60_000;
      expect((await invoke(timed, 'GetNetwork', { networkId: created.networkId }, at())).status).toBe(404);
    } finally {
      await timed.close();
    }
  });

  it('completes pending deletions on demand through the test hook', async () => {
    const { networkId } = await createNetwork(emu);
    await ok(emu, 'DeleteNetwork', { networkId });
    emu.completeNetworkDeletions();
    expect((await invoke(emu, 'GetNetwork', { networkId })).status).toBe(404);
  });

  it('refuses a second premium free trial after a free-trial network was deleted', async () => {
    const trial = await ok(emu, 'CreateNetwork', { networkName: 'Trial', accessLevel: 'PREMIUM', enablePremiumFreeTrial: true });
    expect((await ok(emu, 'GetNetwork', { networkId: trial.networkId })).freeTrialExpiration).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await ok(emu, 'DeleteNetwork', { networkId: trial.networkId });
    const again = await invoke(emu, 'CreateNetwork', { networkName: 'Trial 2', accessLevel: 'PREMIUM', enablePremiumFreeTrial: true });
    expect(again.status).toBe(400);
    expect(again.json.message).toMatch(/free trial network was already deleted/);
    await ok(emu, 'CreateNetwork', { networkName: 'Paid', accessLevel: 'PREMIUM' });
  });
});

describe('emulator network settings', () => {
  let emu: Emulator;
  let networkId: string;
  beforeAll(async () => {
    emu = await startEmulator({ behaviour: 'model' });
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId } = await createNetwork(emu));
  });

  it('reads settings back as {optionName, value, type} string triples', async () => {
    const got = await ok(emu, 'GetNetworkSettings', { networkId });
    expect(got.settings).toEqual([
      { optionName: 'enableClientMetrics', value: 'false', type: 'boolean' },
      { optionName: 'readReceiptConfig', value: '{"status":"DISABLED"}', type: 'json' },
      { optionName: 'dataRetention', value: 'false', type: 'boolean' },
      { optionName: 'enableTrustedDataFormat', value: 'false', type: 'boolean' },
    ]);
  });

  it('writes a struct (PATCH) and answers with only the settings named in the request', async () => {
    const updated = await ok(emu, 'UpdateNetworkSettings', { networkId, settings: { enableClientMetrics: true, readReceiptConfig: { status: 'FORCE_ENABLED' } } });
    expect(updated.settings).toEqual([
      { optionName: 'enableClientMetrics', value: 'true', type: 'boolean' },
      { optionName: 'readReceiptConfig', value: '{"status":"FORCE_ENABLED"}', type: 'json' },
    ]);
    await ok(emu, 'UpdateNetworkSettings', { networkId, settings: { enableTrustedDataFormat: true } });
    const got = await ok(emu, 'GetNetworkSettings', { networkId });
    expect(Object.fromEntries(got.settings.map((s: { optionName: string; value: string }) => [s.optionName, s.value]))).toEqual({
      enableClientMetrics: 'true',
      readReceiptConfig: '{"status":"FORCE_ENABLED"}',
      dataRetention: 'false',
      enableTrustedDataFormat: 'true',
    });
  });

  it('rejects an unknown readReceiptConfig status (422) and a missing settings struct (422)', async () => {
    const badStatus = await invoke(emu, 'UpdateNetworkSettings', { networkId, settings: { readReceiptConfig: { status: 'ON' } } });
    expect(badStatus.status).toBe(422);
    expect(badStatus.json.reasons).toEqual([{ field: 'settings.readReceiptConfig.status', reason: 'must be one of DISABLED, ENABLED, FORCE_ENABLED' }]);
    const missing = await invoke(emu, 'UpdateNetworkSettings', { networkId });
    expect(missing.json.reasons).toEqual([{ field: 'settings', reason: 'is required' }]);
  });

  it('rejects dataRetention true before the data-retention bot has registered (400)', async () => {
    const res = await invoke(emu, 'UpdateNetworkSettings', { networkId, settings: { dataRetention: true } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('dataRetention cannot be turned on before the data retention bot has registered');
    await ok(emu, 'UpdateNetworkSettings', { networkId, settings: { dataRetention: false } });
  });

  it('answers 404 for settings of an unknown network', async () => {
    const res = await invoke(emu, 'GetNetworkSettings', { networkId: '12345678' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ message: `Network 12345678 was not found in ${REGION}` });
  });
});
