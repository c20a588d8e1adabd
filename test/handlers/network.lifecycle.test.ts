/**
 * The example's networks and settings, driven like CloudFormation against the emulator. Data
 * retention is left to its own suite (its bot must start and register during the deploy).
 */
import { exampleWithoutRetention, seedExampleSsoSecret, startKitLifecycle, synthKit, writes, type KitLifecycle } from '../helpers/lifecycle';

let kit: KitLifecycle;
beforeAll(async () => {
  kit = await startKitLifecycle();
});
afterAll(() => kit.close());
beforeEach(async () => {
  await kit.reset();
  await seedExampleSsoSecret(kit);
});

const REGIONS = ['ap-southeast-2', 'eu-west-2', 'ap-northeast-1', 'us-east-1'];

describe('networks and settings of the example, driven like CloudFormation against the emulator', () => {
  test('Create makes one network per Region with the configured name and settings (no key requested); no-op Update writes nothing; Delete retains', async () => {
    const stacks = synthKit(exampleWithoutRetention());
    await kit.harness.deploy(stacks);
    const snapshot = kit.emulator.state.snapshot();
    const names = REGIONS.map((r) => Object.values(snapshot[r] ?? {}).map((n: any) => n.network.networkName));
    expect(names).toEqual([['dea-canberra'], ['dea-london-post'], ['dea-tokyo-post'], ['dea-washington-post']]);
    const canberra: any = Object.values(snapshot['ap-southeast-2'])[0];
    expect(canberra.network.accessLevel).toBe('PREMIUM');
    expect(kit.emulator.requests.filter((r) => r.operation === 'CreateNetwork').map((r) => r.input?.encryptionKeyArn)).toEqual([undefined, undefined, undefined, undefined]);
    expect(canberra.settings).toMatchObject({ readReceiptConfig: { status: 'ENABLED' }, enableClientMetrics: false });

    kit.emulator.clearRequests();
    await kit.harness.deploy(stacks, { forceUpdate: true });
    expect(kit.harness.invocations.filter((i) => i.requestType === 'Update').length).toBeGreaterThan(0);
    expect(writes(kit.emulator)).toEqual([]);

    kit.emulator.clearRequests();
    await kit.harness.destroy();
    expect(writes(kit.emulator)).toEqual([]);
    expect(Object.keys(kit.emulator.state.snapshot()['ap-southeast-2'])).toHaveLength(1);
  });

  test('an Update that changes one setting writes exactly that setting', async () => {
    const text = exampleWithoutRetention();
    await kit.harness.deploy(synthKit(text));
    kit.emulator.clearRequests();
    const changed = text.replace('readReceipts: ENABLED', 'readReceipts: FORCE_ENABLED');
    await kit.harness.deploy(synthKit(changed));
    const updates = kit.emulator.requests.filter((r) => r.access === 'write');
    expect(updates.map((r) => [r.operation, r.region, r.input])).toEqual([
      ['UpdateNetworkSettings', 'ap-southeast-2', expect.objectContaining({ settings: { readReceiptConfig: { status: 'FORCE_ENABLED' } } })],
    ]);
    await kit.harness.destroy();
  });

  test('renaming a network updates it in place; the network id stays', async () => {
    const text = exampleWithoutRetention();
    await kit.harness.deploy(synthKit(text));
    const before = Object.keys(kit.emulator.state.snapshot()['eu-west-2']);
    kit.emulator.clearRequests();
    await kit.harness.deploy(synthKit(text.replace('name: dea-london-post', 'name: dea-london')));
    expect(writes(kit.emulator)).toEqual(['UpdateNetwork']);
    const after = kit.emulator.state.snapshot()['eu-west-2'];
    expect(Object.keys(after)).toEqual(before);
    expect((Object.values(after)[0] as any).network.networkName).toBe('dea-london');
    await kit.harness.destroy();
  });
});

describe('a requested network key (requestEncryptionKey), which the live service accepts and never returns', () => {
  const withKey = () => exampleWithoutRetention((doc) => doc.setIn(['agencies', 0, 'networks', 0, 'requestEncryptionKey'], true));

  test('is sent on CreateNetwork only; a no-op Update writes nothing although GetNetwork never shows the key', async () => {
    const stacks = synthKit(withKey());
    await kit.harness.deploy(stacks);
    const creates = kit.emulator.requests.filter((r) => r.operation === 'CreateNetwork');
    expect(Object.fromEntries(creates.map((r) => [r.region, r.input?.encryptionKeyArn]))).toEqual({
      'ap-southeast-2': expect.stringMatching(/^arn:aws:kms:ap-southeast-2:\d{12}:key\//),
      'eu-west-2': undefined,
      'ap-northeast-1': undefined,
      'us-east-1': undefined,
    });
    const canberra: any = Object.values(kit.emulator.state.snapshot()['ap-southeast-2'])[0];
    expect(canberra.network.encryptionKeyArn).toBeUndefined();

    kit.emulator.clearRequests();
    await kit.harness.deploy(stacks, { forceUpdate: true });
    expect(writes(kit.emulator)).toEqual([]);
    await kit.harness.destroy();
  });

  test('requested later, it is sent once with UpdateNetwork (name included), then never again', async () => {
    await kit.harness.deploy(synthKit(exampleWithoutRetention()));
    kit.emulator.clearRequests();
    const stacks = synthKit(withKey());
    await kit.harness.deploy(stacks);
    const updates = kit.emulator.requests.filter((r) => r.access === 'write');
    expect(updates.map((r) => [r.operation, r.input?.networkName, typeof r.input?.encryptionKeyArn])).toEqual([['UpdateNetwork', 'dea-canberra', 'string']]);
    kit.emulator.clearRequests();
    await kit.harness.deploy(stacks, { forceUpdate: true });
    expect(writes(kit.emulator)).toEqual([]);
    await kit.harness.destroy();
  });
});
