/**
 * Custom::WickrSecurityGroup edge cases against the emulator, on a small stack: adoption, creation
 * by the API's two steps, federation members left alone, removal choices, drift.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BatchCreateUserCommand, CreateNetworkCommand, CreateSecurityGroupCommand, DeleteSecurityGroupCommand, UpdateSecurityGroupCommand, WickrClient } from '../../lambda/wickr';
import { FEDERATION_MEMBERS } from '../../lambda/shared/security-group-props';
import { SecurityGroup, SecurityGroupProps } from '../../lib/constructs/security-group';
import { Calling, Shredder } from '../../lib/constructs/security-group-policy';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import type { StackInput } from '../lifecycle/harness';
import { startKitLifecycle, writes, type KitLifecycle } from '../helpers/lifecycle';
import { testApp } from '../helpers/kit';

const REGION = 'ap-southeast-2';
type GroupSpec = Omit<SecurityGroupProps, 'network'> & { id: string };

let kit: KitLifecycle;
let client: WickrClient;
beforeAll(async () => {
  kit = await startKitLifecycle();
  client = new WickrClient({ region: REGION, endpoint: kit.emulator.url, retryBaseDelayMs: 1 });
});
afterAll(async () => {
  client.destroy();
  await kit.close();
});
beforeEach(() => kit.reset());

function stackWith(groups: GroupSpec[]): StackInput[] {
  const stack = new Stack(testApp(), 'Groups', { env: { account: '123456789012', region: REGION } });
  const network = new WickrNetwork(stack, 'Network', { networkName: 'groups-test' });
  for (const { id, ...g } of groups) new SecurityGroup(stack, id, { network, ...g });
  return [{ stackName: 'Groups', region: REGION, template: Template.fromStack(stack).toJSON() }];
}

function network() {
  const all = Object.values(kit.emulator.state.snapshot()[REGION] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
}

const group = (name: string) => network().securityGroups.find((g) => g.name === name);
const ops = () => kit.emulator.requests.map((r) => r.operation);

describe('security groups against the emulator', () => {
  test('the default group is adopted and renamed; a new group is created with no federation, then updated, then read back', async () => {
    await kit.harness.deploy(
      stackWith([
        { id: 'Default', groupName: 'Staff', isDefault: true, calling: Calling.oneToOne({ video: true }) },
        { id: 'Ops', groupName: 'Operations', calling: Calling.oneToOne({ video: false }), filesEnabled: false },
      ]),
    );
    const groups = network().securityGroups;
    expect(groups.map((g) => [g.name, g.isDefault])).toEqual(expect.arrayContaining([['Staff', true], ['Operations', false]]));
    expect(groups).toHaveLength(2);
    const create = kit.emulator.requests.find((r) => r.operation === 'CreateSecurityGroup')!;
    // No federation until the federation resource says otherwise: mode 1 with nothing allow-listed (federation-mode.ts).
    expect(create.input).toMatchObject({ name: 'Operations', securityGroupSettings: { federationMode: 1 } });
    expect(create.clientToken).toMatch(/^sg-/);
    const afterCreate = ops().slice(ops().indexOf('CreateSecurityGroup'));
    expect(afterCreate.slice(0, 3)).toEqual(['CreateSecurityGroup', 'UpdateSecurityGroup', 'GetSecurityGroup']);
    expect(group('Operations')!.securityGroupSettings).toMatchObject({ calling: { canStart11Call: true, canVideoCall: false }, filesEnabled: false, federationMode: 1 });
    expect(kit.emulator.requests.filter((r) => r.operation === 'CreateSecurityGroup' && r.input?.name === 'Staff')).toEqual([]);
  });

  test('an existing group of the same name is adopted, not created twice', async () => {
    await kit.harness.deploy(stackWith([]));
    const networkId = network().network.networkId!;
    await client.send(new CreateSecurityGroupCommand({ networkId, name: 'Operations', securityGroupSettings: { federationMode: 0 } }));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith([{ id: 'Ops', groupName: 'Operations', presenceEnabled: false }]));
    expect(writes(kit.emulator)).toEqual(['UpdateSecurityGroup']);
    expect(network().securityGroups.filter((g) => g.name === 'Operations')).toHaveLength(1);
  });

  test('federation members written by the federation resource are never touched: a no-op Update writes nothing, a policy change sends only policy members', async () => {
    const spec: GroupSpec = { id: 'Ops', groupName: 'Operations', lockoutThreshold: 6, presenceEnabled: true };
    await kit.harness.deploy(stackWith([spec]));
    const networkId = network().network.networkId!;
    const groupId = group('Operations')!.id!;
    await client.send(
      new UpdateSecurityGroupCommand({ networkId, groupId, securityGroupSettings: { federationMode: 2, permittedNetworks: ['87654321'], globalFederation: true, enableGuestFederation: true } }),
    );
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith([spec]), { forceUpdate: true });
    expect(writes(kit.emulator)).toEqual([]);
    await kit.harness.deploy(stackWith([{ ...spec, presenceEnabled: false }]));
    const update = kit.emulator.requests.filter((r) => r.access === 'write');
    expect(update.map((r) => [r.operation, r.input?.securityGroupSettings])).toEqual([['UpdateSecurityGroup', { presenceEnabled: false }]]);
    for (const m of FEDERATION_MEMBERS) expect(update[0].input?.securityGroupSettings).not.toHaveProperty(m);
    expect(group('Operations')!.securityGroupSettings).toMatchObject({ federationMode: 2, permittedNetworks: ['87654321'], globalFederation: true, enableGuestFederation: true, presenceEnabled: false });
  });

  test('a structure is read-modify-write: the live object (with the members the live service requires) under the configured ones; calling goes back with the model members only', async () => {
    const base: GroupSpec = { id: 'Ops', groupName: 'Operations', calling: Calling.oneToOne({ video: true, forceTcp: true }), passwordRequirements: { minLength: 12, symbols: 1 } };
    await kit.harness.deploy(stackWith([base]));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith([{ ...base, calling: Calling.disabled(), passwordRequirements: { minLength: 16, symbols: 1 }, shredder: Shredder.intensity(60) }]));
    const [update] = kit.emulator.requests.filter((r) => r.access === 'write');
    expect(update.status).toBe(200);
    expect(update.input?.securityGroupSettings).toEqual({
      calling: { canStart11Call: false, canVideoCall: false, forceTcpCall: true },
      passwordRequirements: { lowercase: 0, minLength: 16, numbers: 0, symbols: 1, uppercase: 0, regex: '.*' },
      shredder: { canProcessManually: true, intensity: 60, canProcessInBackground: false },
    });
    // The extra calling switches (screen sharing among them) are never written, and keep their values.
    expect(group('Operations')!.securityGroupSettings!.calling).toMatchObject({ canStartScreenShare: true, canAddtoCall: true });
    expect(kit.harness.logText()).toMatch(/screen sharing is a live switch the kit reports and does not manage/);
  });

  test('a 402 that reaches the handler (an imported STANDARD network, whose plan synth cannot see) becomes a message naming the plan', async () => {
    const created = await client.send(new CreateNetworkCommand({ networkName: 'standard-net', accessLevel: 'STANDARD' }));
    const stack = new Stack(testApp(), 'Groups', { env: { account: '123456789012', region: REGION } });
    const imported = WickrNetwork.fromNetworkId(stack, 'Network', created.networkId!);
    new SecurityGroup(stack, 'Ops', { network: imported, groupName: 'Operations', maxTtl: Duration.days(7), presenceEnabled: false });
    await expect(kit.harness.deploy([{ stackName: 'Groups', region: REGION, template: Template.fromStack(stack).toJSON() }])).rejects.toThrow(
      /security group "Operations" of network \d{8}: Wickr refused the write because the network's plan does not include maxTtl \(HTTP 402: .*this feature requires a different level plan\); these need a PREMIUM network: make the network PREMIUM \(accessLevel: PREMIUM\), or remove the member/,
    );
  });

  test('removing a group retains it by default; an opted-in removal deletes it; a group with members is retained with a warning; the default group stays', async () => {
    await kit.harness.deploy(
      stackWith([
        { id: 'Default', groupName: 'Staff', isDefault: true },
        { id: 'Kept', groupName: 'Kept' },
        { id: 'Gone', groupName: 'Gone', removalPolicy: RemovalPolicy.DESTROY },
        { id: 'Busy', groupName: 'Busy', removalPolicy: RemovalPolicy.DESTROY },
      ]),
    );
    const networkId = network().network.networkId!;
    await client.send(new BatchCreateUserCommand({ networkId, users: [{ username: 'member@dea.gov.au', securityGroupIds: [group('Busy')!.id!] }] }));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith([]));
    expect(writes(kit.emulator)).toEqual(['DeleteSecurityGroup']);
    expect(network().securityGroups.map((g) => g.name).sort()).toEqual(['Busy', 'Kept', 'Staff']);
    expect(kit.harness.logText()).toMatch(/security group retained: it still has members/);
  });

  test('a group deleted outside the kit is found missing and created again on the next update', async () => {
    const spec: GroupSpec = { id: 'Ops', groupName: 'Operations', presenceEnabled: false };
    await kit.harness.deploy(stackWith([spec]));
    const before = kit.harness.resources.Groups;
    const logical = Object.keys(before).find((k) => before[k].type === 'Custom::WickrSecurityGroup')!;
    const oldId = before[logical].physicalId;
    await client.send(new DeleteSecurityGroupCommand({ networkId: network().network.networkId!, groupId: group('Operations')!.id! }));
    await kit.harness.deploy(stackWith([spec]), { forceUpdate: true });
    expect(group('Operations')!.securityGroupSettings?.presenceEnabled).toBe(false);
    expect(kit.harness.resources.Groups[logical].physicalId).not.toBe(oldId);
    expect(kit.harness.resources.Groups[logical].data.GroupName).toBe('Operations');
  });

  test('fails when a group takes the default group\'s name, naming the fix', async () => {
    await expect(kit.harness.deploy(stackWith([{ id: 'Clash', groupName: 'Default' }]))).rejects.toThrow(
      /"Default" is the name of network \d{8}'s default group; mark this group default: true to manage the default group, or choose another name/,
    );
    expect(kit.emulator.requests.filter((r) => r.operation === 'CreateSecurityGroup')).toEqual([]);
  });

  test('fails when two groups already carry the configured name', async () => {
    await kit.harness.deploy(stackWith([]));
    const networkId = network().network.networkId!;
    for (let i = 0; i < 2; i++) await client.send(new CreateSecurityGroupCommand({ networkId, name: 'Twin', securityGroupSettings: { federationMode: 0 } }));
    await expect(kit.harness.deploy(stackWith([{ id: 'Twin', groupName: 'Twin' }]))).rejects.toThrow(/has 2 security groups named "Twin" .*rename or delete the extra ones/);
  });
});

describe.each([
  ['the live CALLING object only', { callingKeys: 'upper' as const }],
  ['both calling objects', { callingKeys: 'both' as const }],
  ['the model only', 'model' as const],
])('security groups against a service that sends %s', (_label, behaviour) => {
  let other: KitLifecycle;
  beforeAll(async () => {
    other = await startKitLifecycle({ emulator: { behaviour } });
  });
  afterAll(() => other.close());

  test('create converges, and a no-op Update writes nothing: calling is read from whichever object came', async () => {
    const spec: GroupSpec[] = [
      { id: 'Default', groupName: 'Staff', isDefault: true, calling: Calling.oneToOne({ video: false }), shredder: Shredder.intensity(60, { manual: true }) },
      { id: 'Ops', groupName: 'Operations', calling: Calling.oneToOne({ video: true, forceTcp: true }), passwordRequirements: { minLength: 14, numbers: 1 } },
    ];
    await other.harness.deploy(stackWith(spec));
    other.emulator.clearRequests();
    await other.harness.deploy(stackWith(spec), { forceUpdate: true });
    expect(writes(other.emulator)).toEqual([]);
    await other.harness.destroy();
  });
});
