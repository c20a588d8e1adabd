/**
 * The federation handler's edge cases, with `NetworkFederation` constructs in a small app and the
 * networks, groups and SSM parameters made directly in the emulator and the stand-ins (as network
 * stacks would have made them), so each case isolates the handler.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CreateNetworkCommand, CreateSecurityGroupCommand, UpdateSecurityGroupCommand, WickrClient } from '../../lambda/wickr';
import { FederatedGroup, FederationPeer, FederationScope, NetworkFederation } from '../../lib/constructs/federation';
import type { StackInput } from '../lifecycle/harness';
import { startKitLifecycle, writes, type KitLifecycle } from '../helpers/lifecycle';
import { testAppProps } from '../helpers/kit';

const SYDNEY = 'ap-southeast-2';
const LONDON = 'eu-west-2';
const a = FederationPeer.appNetwork({ key: 't/a', region: SYDNEY });
const b = FederationPeer.appNetwork({ key: 't/b', region: LONDON });

let kit: KitLifecycle;
/** Clients a test made, closed after it. */
const clients: WickrClient[] = [];
beforeAll(async () => {
  kit = await startKitLifecycle();
});
afterAll(() => kit.close());
beforeEach(() => kit.reset());
afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

interface Networks {
  a: string;
  b: string;
  client: (region: string) => WickrClient;
}

/** Networks A (Sydney, with an extra group "Ops") and B (London), and the parameters their stacks would write. */
async function networks(options: { publishB?: boolean } = {}): Promise<Networks> {
  const client = (region: string) => {
    const c = new WickrClient({ region, endpoint: kit.emulator.url, credentials: kit.emulator.credentials });
    clients.push(c);
    return c;
  };
  const idA = (await client(SYDNEY).send(new CreateNetworkCommand({ networkName: 'net-a', accessLevel: 'PREMIUM' }))).networkId!;
  const idB = (await client(LONDON).send(new CreateNetworkCommand({ networkName: 'net-b', accessLevel: 'PREMIUM' }))).networkId!;
  await client(SYDNEY).send(new CreateSecurityGroupCommand({ networkId: idA, name: 'Ops', securityGroupSettings: { federationMode: 0 } }));
  const standIns = await kit.harness.start();
  standIns.ssm.putParameter(SYDNEY, { name: '/wickr-kit/t/a/network-id', value: idA, type: 'String' });
  if (options.publishB !== false) standIns.ssm.putParameter(LONDON, { name: '/wickr-kit/t/b/network-id', value: idB, type: 'String' });
  return { a: idA, b: idB, client };
}

function app(groupsA: FederatedGroup[], groupsB: FederatedGroup[] = [{ name: 'Default', isDefault: true, permit: [a] }]): StackInput[] {
  const cdk = new App(testAppProps());
  const sa = new Stack(cdk, 'FedA', { env: { region: SYDNEY, account: '123456789012' } });
  const sb = new Stack(cdk, 'FedB', { env: { region: LONDON, account: '123456789012' } });
  new NetworkFederation(sa, 'A', { network: a, groups: groupsA });
  new NetworkFederation(sb, 'B', { network: b, groups: groupsB });
  const assembly = cdk.synth();
  return ['FedA', 'FedB'].map((n) => ({ stackName: n, region: n === 'FedA' ? SYDNEY : LONDON, template: assembly.getStackByName(n).template }));
}

function settingsOf(region: string, networkId: string, group: string) {
  return kit.emulator.state.network(region, networkId)!.securityGroups.find((g) => g.name === group)!.securityGroupSettings!;
}

describe('federation handler', () => {
  test('properties arrive as strings and parse: guests only on one group, restricted global on another', async () => {
    const ids = await networks();
    await kit.harness.deploy(app([{ name: 'Default', isDefault: true, global: FederationScope.RESTRICTED, guests: true }, { name: 'Ops', permit: [b] }]));
    const received = kit.harness.invocations.find((i) => i.logicalId.startsWith('A') && i.request.ResourceType === 'Custom::WickrFederation')!.request.ResourceProperties as {
      Groups: { IsDefault: unknown; Guests: unknown }[];
    };
    expect([received.Groups[0].IsDefault, received.Groups[0].Guests]).toEqual(['true', 'true']);
    expect(settingsOf(SYDNEY, ids.a, 'Default')).toMatchObject({
      federationMode: 2,
      globalFederation: true,
      enableRestrictedGlobalFederation: true,
      enableGuestFederation: true,
      permittedWickrAwsNetworks: [],
    });
    // Global federation is federationMode 2 in the observed reading (lambda/shared/federation-mode.ts).
    expect(settingsOf(SYDNEY, ids.a, 'Ops')).toMatchObject({
      federationMode: 2,
      globalFederation: true,
      enableRestrictedGlobalFederation: true,
      enableGuestFederation: false,
      permittedWickrAwsNetworks: [{ region: LONDON, networkId: ids.b }],
    });
  });

  test('a change made in the console is put back at the next deploy, writing only the member that drifted', async () => {
    const ids = await networks();
    const stacks = app([{ name: 'Default', isDefault: true }, { name: 'Ops', permit: [b] }]);
    await kit.harness.deploy(stacks);
    const opsId = kit.emulator.state.network(SYDNEY, ids.a)!.securityGroups.find((g) => g.name === 'Ops')!.id!;
    await ids.client(SYDNEY).send(
      new UpdateSecurityGroupCommand({ networkId: ids.a, groupId: opsId, securityGroupSettings: { permittedWickrAwsNetworks: [{ region: LONDON, networkId: ids.b }, { region: 'us-east-1', networkId: '99999999' }] } }),
    );
    kit.emulator.clearRequests();
    await kit.harness.deploy(stacks, { forceUpdate: true });
    const written = kit.emulator.requests.filter((r) => r.access === 'write');
    expect(written.map((r) => [r.operation, r.input])).toEqual([
      ['UpdateSecurityGroup', { networkId: ids.a, groupId: opsId, securityGroupSettings: { permittedWickrAwsNetworks: [{ region: LONDON, networkId: ids.b }] } }],
    ]);
  });

  test('fails when a configured group does not exist, naming the groups the network has, and writes nothing', async () => {
    await networks();
    await expect(kit.harness.deploy(app([{ name: 'Default', isDefault: true, permit: [b] }, { name: 'Consular', permit: [b] }]))).rejects.toThrow(
      /security group "Consular" does not exist in network t\/a \(\d{8}\); it is created by the network's stack, which deploys before federation: deploy that stack first, or correct the group name in the federation config \(groups there: "Default", "Ops"\)/,
    );
    expect(writes(kit.emulator)).toEqual(['CreateNetwork', 'CreateNetwork', 'CreateSecurityGroup']);
  });

  test("fails when a peer's id is not published in its Region yet, saying which stack to deploy first", async () => {
    await networks({ publishB: false });
    await expect(kit.harness.deploy(app([{ name: 'Default', isDefault: true, permit: [b] }]))).rejects.toThrow(
      /the id of peer network t\/b is not in SSM parameter \/wickr-kit\/t\/b\/network-id in eu-west-2; its network stack writes it, so deploy that stack first/,
    );
  });

  test('fails when two Wickr groups carry the configured name, listing both ids', async () => {
    const ids = await networks();
    await ids.client(SYDNEY).send(new CreateSecurityGroupCommand({ networkId: ids.a, name: 'Ops', securityGroupSettings: { federationMode: 0 } }));
    await expect(kit.harness.deploy(app([{ name: 'Default', isDefault: true, permit: [b] }, { name: 'Ops' }]))).rejects.toThrow(
      /network t\/a \(\d{8}\) has 2 security groups named "Ops" \([^,]+, [^)]+\); the kit identifies groups by name, so rename or delete the extra ones in the Wickr console/,
    );
  });

  test('fails when a peer resolves to the network itself (two config entries adopting one network)', async () => {
    const ids = await networks();
    kit.harness.standIns.ssm.putParameter(LONDON, { name: '/wickr-kit/t/b/network-id', value: ids.a, type: 'String', overwrite: true });
    await expect(kit.harness.deploy(app([{ name: 'Default', isDefault: true, permit: [b] }]))).rejects.toThrow(
      /group "Default" of network t\/a lists the network's own id \d{8} as a peer; a network cannot federate with itself/,
    );
  });

  test('Delete leaves every group as it is', async () => {
    const ids = await networks();
    await kit.harness.deploy(app([{ name: 'Default', isDefault: true, permit: [b] }]));
    const before = settingsOf(SYDNEY, ids.a, 'Default');
    kit.emulator.clearRequests();
    await kit.harness.destroy();
    expect(writes(kit.emulator)).toEqual([]);
    expect(settingsOf(SYDNEY, ids.a, 'Default')).toEqual(before);
    expect(before.permittedWickrAwsNetworks).toEqual([{ region: LONDON, networkId: ids.b }]);
  });
});
