import { CreateNetworkCommand, GetNetworkCommand, WickrClient } from '../../lambda/wickr';
import { oneAgencyConfig } from '../helpers/config-text';
import { startKitLifecycle, synthKit, writes, type KitLifecycle } from '../helpers/lifecycle';

let kit: KitLifecycle;
beforeAll(async () => {
  kit = await startKitLifecycle();
});
afterAll(() => kit.close());
beforeEach(() => kit.reset());

const config = (network: string) => oneAgencyConfig(`      - { id: canberra, region: ap-southeast-2, ${network} }`);

async function seedNetwork(name: string, accessLevel: 'STANDARD' | 'PREMIUM' = 'PREMIUM'): Promise<string> {
  const client = new WickrClient({ region: 'ap-southeast-2', endpoint: kit.emulator.url, credentials: kit.emulator.credentials });
  try {
    return (await client.send(new CreateNetworkCommand({ networkName: name, accessLevel }))).networkId!;
  } finally {
    client.destroy();
  }
}

/** The network resource's creation claim (lambda/handlers/wickr-provider/network-claim.ts). */
const CLAIM = '/wickr-kit/claims/WickrKit-dea-ap-southeast-2/NetworkcanberraNetwork0CE461F5';

const networks = () => Object.values(kit.emulator.state.snapshot()['ap-southeast-2'] ?? {}).map((n: any) => n.network);

describe('WickrNetwork handler edge cases', () => {
  test('adopts an existing network by id, converging its name without creating anything', async () => {
    const id = await seedNetwork('old-name');
    kit.emulator.clearRequests();
    await kit.harness.deploy(synthKit(config(`name: dea-canberra, adoptNetworkId: "${id}"`)));
    expect(writes(kit.emulator)).toEqual(['UpdateNetwork']);
    expect(networks()).toEqual([expect.objectContaining({ networkId: id, networkName: 'dea-canberra' })]);
    expect(kit.harness.resources[Object.keys(kit.harness.resources)[0]]).toBeDefined();
    await kit.harness.destroy();
    expect(networks()).toHaveLength(1);
  });

  test('fails to adopt a network that does not exist, saying what to check', async () => {
    await expect(kit.harness.deploy(synthKit(config('name: dea-canberra, adoptNetworkId: "87654321"')))).rejects.toThrow(
      /cannot adopt network 87654321: it does not exist in ap-southeast-2 for this account; check adoptNetworkId and the Region/,
    );
    expect(writes(kit.emulator)).toEqual([]);
  });

  test('fails to adopt a network on another plan', async () => {
    const id = await seedNetwork('dea-canberra', 'STANDARD');
    await expect(kit.harness.deploy(synthKit(config(`name: dea-canberra, adoptNetworkId: "${id}"`)))).rejects.toThrow(
      new RegExp(`cannot adopt network ${id}: it is STANDARD and the config says PREMIUM; make the config match`),
    );
  });

  test('refuses to create a second network with an existing name and points to adoption', async () => {
    const id = await seedNetwork('dea-canberra');
    kit.emulator.clearRequests();
    await expect(kit.harness.deploy(synthKit(config('name: dea-canberra')))).rejects.toThrow(
      new RegExp(`a Wickr network named "dea-canberra" already exists in ap-southeast-2 \\(id ${id}\\); adopt it by setting adoptNetworkId`),
    );
    expect(writes(kit.emulator)).toEqual([]);
    expect(networks()).toHaveLength(1);
  });

  test('a CreateNetwork whose response is lost is found by name, not created twice', async () => {
    kit.emulator.faults.next('CreateNetwork', 1, 'server-error', { phase: 'after' });
    await kit.harness.deploy(synthKit(config('name: dea-canberra')));
    expect(networks()).toHaveLength(1);
    expect(writes(kit.emulator)).toEqual(['CreateNetwork']);
    expect(kit.harness.logText()).toMatch(/CreateNetwork outcome was unknown; found the network it created/);
  });

  test('a Create that fails after CreateNetwork went through is finished by the next deploy, through its creation claim: one network', async () => {
    // CreateNetwork answers; every read of the new network then fails until the handler gives up.
    kit.emulator.faults.add({ kind: 'server-error', operations: ['GetNetwork'], times: 5 });
    await expect(kit.harness.deploy(synthKit(config('name: dea-canberra')))).rejects.toThrow(/GetNetwork failed/);
    expect(networks()).toHaveLength(1);
    const claim = kit.harness.standIns.ssm.find('ap-southeast-2', CLAIM)?.value;
    expect(JSON.parse(claim!)).toMatchObject({ networkName: 'dea-canberra', networkId: networks()[0].networkId });

    kit.emulator.clearRequests();
    await kit.harness.deploy(synthKit(config('name: dea-canberra')));
    expect(writes(kit.emulator)).toEqual([]);
    expect(networks()).toHaveLength(1);
    expect(kit.harness.logText()).toMatch(/found the network an earlier attempt of this resource created/);
    // The claim is gone once the Create succeeded, so it can never adopt anything again.
    expect(kit.harness.standIns.ssm.find('ap-southeast-2', CLAIM)?.value).toBeUndefined();
  });

  test('without its claim, a network of the name is still refused, however it came to be', async () => {
    kit.emulator.faults.add({ kind: 'server-error', operations: ['GetNetwork'], times: 5 });
    await expect(kit.harness.deploy(synthKit(config('name: dea-canberra')))).rejects.toThrow(/GetNetwork failed/);
    kit.harness.standIns.ssm.deleteParameter('ap-southeast-2', CLAIM);
    await expect(kit.harness.deploy(synthKit(config('name: dea-canberra')))).rejects.toThrow(/a Wickr network named "dea-canberra" already exists/);
    expect(networks()).toHaveLength(1);
  });

  test('a CreateNetwork dropped before processing is tried again and creates exactly one network', async () => {
    kit.emulator.faults.next('CreateNetwork', 1, 'drop', { phase: 'before' });
    await kit.harness.deploy(synthKit(config('name: dea-canberra')));
    expect(networks()).toHaveLength(1);
  });

  test('removalPolicy destroy completes its Delete against the live asynchronous delete: ForbiddenError from GetNetwork and gone from ListNetworks', async () => {
    await kit.harness.deploy(synthKit(config('name: dea-canberra, removalPolicy: destroy')));
    const [{ networkId }] = networks();
    kit.emulator.clearRequests();
    await kit.harness.destroy();
    expect(writes(kit.emulator)).toEqual(['DeleteNetwork']);
    const answered = kit.emulator.requests.filter((r) => r.operation === 'GetNetwork').map((r) => [r.status, r.errorName]);
    expect(answered).toEqual([[403, 'ForbiddenError']]);
    expect(kit.emulator.requests.some((r) => r.operation === 'ListNetworks' && r.status === 200)).toBe(true);
    expect(kit.harness.logText()).toMatch(/network deleted: ForbiddenError from GetNetwork and no longer listed/);
    expect(networks()).toHaveLength(0);
    // However often it is asked afterwards, the service keeps answering 403, never 404.
    const client = new WickrClient({ region: 'ap-southeast-2', endpoint: kit.emulator.url, credentials: kit.emulator.credentials });
    await expect(client.send(new GetNetworkCommand({ networkId }))).rejects.toMatchObject({ name: 'ForbiddenError' });
    client.destroy();
  });

  test('a Delete whose GetNetwork is refused with ForbiddenError while the network is still listed fails, saying what to check', async () => {
    await kit.harness.deploy(synthKit(config('name: dea-canberra, removalPolicy: destroy')));
    // DeleteNetwork itself is refused too (a missing permission), so the network stays.
    kit.emulator.faults.add({ kind: 'forbidden', operations: ['DeleteNetwork', 'GetNetwork'] });
    await expect(kit.harness.destroy()).rejects.toThrow(
      /deleting network \d{8}: GetNetwork answered ForbiddenError but ListNetworks still lists the network, so the 403 is a refusal, not the deletion; check the provider role's wickr:GetNetwork permission/,
    );
    expect(networks()).toHaveLength(1);
  });

  test('a Delete whose ListNetworks fails too cannot tell deletion from refusal and fails, saying so', async () => {
    await kit.harness.deploy(synthKit(config('name: dea-canberra, removalPolicy: destroy')));
    kit.emulator.faults.add({ kind: 'forbidden', operations: ['ListNetworks'] });
    await expect(kit.harness.destroy()).rejects.toThrow(/GetNetwork answered ForbiddenError and ListNetworks failed too .*the kit cannot tell a finished deletion from a refusal/);
  });

  test('refuses to change the plan of an existing network', async () => {
    await kit.harness.deploy(synthKit(config('name: dea-canberra')));
    await expect(kit.harness.deploy(synthKit(config('name: dea-canberra, accessLevel: STANDARD')))).rejects.toThrow(
      /is PREMIUM and the config asks for STANDARD; the admin API cannot change a network's plan/,
    );
  });

  test('properties reach the handler as CloudFormation sends them: every value a string', async () => {
    await kit.harness.deploy(synthKit(config('name: dea-canberra, settings: { clientMetrics: false, readReceipts: ENABLED }')));
    const settingsEvent = kit.harness.invocations.find((i) => i.phase === 'onEvent' && i.request.ResourceType === 'Custom::WickrNetworkSettings')!;
    expect((settingsEvent.request.ResourceProperties as { Settings: unknown }).Settings).toEqual({ enableClientMetrics: 'false', readReceipts: 'ENABLED' });
    expect(networks()[0]).toBeDefined();
    const settings: any = Object.values(kit.emulator.state.snapshot()['ap-southeast-2'])[0];
    expect(settings.settings).toMatchObject({ enableClientMetrics: false, readReceiptConfig: { status: 'ENABLED' } });
  });
});

describe('WickrNetwork Delete with the model-only behaviour (GetNetwork answers for a while, then 404)', () => {
  let model: KitLifecycle;
  beforeAll(async () => {
    model = await startKitLifecycle({ emulator: { behaviour: 'model' } });
  });
  afterAll(() => model.close());

  test('removalPolicy destroy waits through the polls until GetNetwork answers 404', async () => {
    await model.harness.deploy(synthKit(config('name: dea-canberra, removalPolicy: destroy')));
    model.emulator.clearRequests();
    await model.harness.destroy();
    expect(writes(model.emulator)).toEqual(['DeleteNetwork']);
    const polls = model.harness.invocations.filter((i) => i.requestType === 'Delete' && i.phase === 'isComplete' && /NetworkcanberraNetwork/.test(i.logicalId));
    expect(polls.length).toBeGreaterThan(1);
    expect(model.emulator.requests.filter((r) => r.operation === 'GetNetwork').map((r) => r.status)).toEqual([200, 200, 404]);
  });
});
