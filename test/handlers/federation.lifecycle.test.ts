/**
 * Federation of the example across its four Regions, driven like CloudFormation (`cdk deploy
 * --all` order) against the emulator with the real provider handlers: every side's allow-list
 * holds exactly its partners; removing a link removes it on both sides and adding it back adds it
 * on both; a fifth Region joins with one deploy; a no-op deploy writes nothing; a peer replaced
 * outside the config is picked up automatically in its own Region and, across Regions, after
 * `federation.refresh` changes (the documented limit).
 *
 * The example's data retention is left out here: its bot must start and register during the deploy,
 * which its own suite simulates; federation neither needs nor touches it.
 */
import YAML from 'yaml';
import { CreateNetworkCommand, CreateSecurityGroupCommand, WickrClient } from '../../lambda/wickr';
import type { SecurityGroupSettings } from '../../lambda/wickr/model/types';
import { exampleConfigText, startKitLifecycle, synthKit, writes, type KitLifecycle } from '../helpers/lifecycle';

const SSO_REGION = 'ap-southeast-2';
const SSO_SECRET_NAME = 'dea/wickr/oidc-client-secret';
const UK_PARTNER = '24681357';

const NETWORKS = {
  canberra: { region: 'ap-southeast-2', name: 'dea-canberra' },
  london: { region: 'eu-west-2', name: 'dea-london-post' },
  tokyo: { region: 'ap-northeast-1', name: 'dea-tokyo-post' },
  washington: { region: 'us-east-1', name: 'dea-washington-post' },
  ottawa: { region: 'ca-central-1', name: 'dea-ottawa-post' },
} as const;
type NetworkName = keyof typeof NETWORKS;

let kit: KitLifecycle;
beforeAll(async () => {
  kit = await startKitLifecycle();
});
afterAll(() => kit.close());
beforeEach(async () => {
  await kit.reset();
  // The example's SSO names a client secret the agency creates before deploying.
  (await kit.harness.start()).secretsManager.createSecret(SSO_REGION, { name: SSO_SECRET_NAME, secretString: 'idp-client-secret-not-used-here' });
});

/** The example without data retention, with an optional edit of the YAML document. */
function example(edit?: (doc: YAML.Document) => void): string {
  const doc = YAML.parseDocument(exampleConfigText());
  for (const n of (doc.getIn(['agencies', 0, 'networks']) as YAML.YAMLSeq<YAML.YAMLMap>).items) n.delete('dataRetention');
  edit?.(doc);
  return doc.toString();
}

async function deploy(text: string, options?: { forceUpdate?: boolean }) {
  return kit.harness.deploy(synthKit(text), options);
}

function networkId(n: NetworkName): string {
  const { region, name } = NETWORKS[n];
  const found = Object.values(kit.emulator.state.snapshot()[region] ?? {}).filter((s) => s.network.networkName === name);
  expect(found.map((s) => s.network.networkName)).toEqual([name]);
  return found[0].network.networkId!;
}

interface Federation {
  local: string;
  global: string;
  guests: boolean;
  localPeers: string[];
  awsPeers: string[];
  enterprisePeers: string[];
}

/** Each group's federation members in the emulator, as plain comparable values. */
function federationOf(n: NetworkName, id = networkId(n)): Record<string, Federation> {
  const net = kit.emulator.state.network(NETWORKS[n].region, id)!;
  return Object.fromEntries(
    net.securityGroups.map((g) => {
      const s: SecurityGroupSettings = g.securityGroupSettings ?? {};
      return [
        g.name!,
        {
          // The observed reading of federationMode (docs/federation.md), written out here independently:
          // 0 local with every network, 1 restricted, 2 global (and then globalFederation on).
          local: s.federationMode === 0 ? 'all' : (s.permittedNetworks ?? []).length > 0 ? 'restricted' : 'none',
          global: s.globalFederation ? (s.federationMode !== 2 ? 'inconsistent' : s.enableRestrictedGlobalFederation ? 'restricted' : 'all') : 'none',
          guests: s.enableGuestFederation === true,
          localPeers: [...(s.permittedNetworks ?? [])].sort(),
          awsPeers: (s.permittedWickrAwsNetworks ?? []).map((p) => `${p.region}/${p.networkId}`).sort(),
          enterprisePeers: (s.permittedWickrEnterpriseNetworks ?? []).map((p) => `${p.domain}/${p.networkId}`).sort(),
        },
      ];
    }),
  );
}

const none: Federation = { local: 'none', global: 'none', guests: false, localPeers: [], awsPeers: [], enterprisePeers: [] };
const globalWith = (...peers: NetworkName[]): Federation => ({
  ...none,
  global: 'restricted',
  awsPeers: peers.map((p) => `${NETWORKS[p].region}/${networkId(p)}`).sort(),
});

/** What the example's federation section says, written out by hand (independent of the kit's plan code). */
function expectedExample(): Record<NetworkName, Record<string, Federation>> {
  return {
    canberra: { 'DEA Staff': globalWith('london', 'tokyo', 'washington'), Executives: globalWith('london', 'washington') },
    london: { 'London Post': globalWith('canberra'), Consular: { ...globalWith('canberra'), local: 'restricted', localPeers: [UK_PARTNER] } },
    tokyo: { 'Tokyo Post': globalWith('canberra'), Consular: globalWith('canberra') },
    washington: { 'Washington Post': globalWith('canberra'), Executives: globalWith('canberra') },
    ottawa: {},
  };
}

function expectFederation(expected: Partial<Record<NetworkName, Record<string, Federation>>>): void {
  for (const [n, groups] of Object.entries(expected) as [NetworkName, Record<string, Federation>][]) {
    if (Object.keys(groups).length === 0) continue;
    expect([n, federationOf(n)]).toEqual([n, groups]);
  }
}

/** The groups written by UpdateSecurityGroup, as `network/group id`. */
function updatedGroups(): string[] {
  return kit.emulator.requests
    .filter((r) => r.access === 'write')
    .map((r) => `${r.operation} ${(r.input as { networkId?: string }).networkId}/${(r.input as { groupId?: string }).groupId}`)
    .sort();
}

function groupId(n: NetworkName, name: string): string {
  return kit.emulator.state.network(NETWORKS[n].region, networkId(n))!.securityGroups.find((g) => g.name === name)!.id!;
}

describe('federation of the example across four Regions', () => {
  test('synth orders every network stack before every federation stack that names it', () => {
    const stacks = synthKit(example()).map((s) => s.stackName);
    const at = (name: string) => stacks.indexOf(name);
    for (const region of ['ap-southeast-2', 'eu-west-2', 'ap-northeast-1', 'us-east-1']) {
      expect(at(`WickrKit-dea-${region}-federation`)).toBeGreaterThan(at(`WickrKit-dea-${region}`));
      // Sydney's federation names every post; every post's federation names Sydney.
      expect(at('WickrKit-dea-ap-southeast-2-federation')).toBeGreaterThan(at(`WickrKit-dea-${region}`));
      expect(at(`WickrKit-dea-${region}-federation`)).toBeGreaterThan(at('WickrKit-dea-ap-southeast-2'));
    }
  });

  test('one deploy of all stacks leaves each side allow-listing exactly its partners; a no-op deploy writes nothing; destroy leaves federation in place', async () => {
    await deploy(example());
    expectFederation(expectedExample());
    // Sydney's allow-lists use the other Regions' ids, so they really crossed Regions.
    expect(federationOf('canberra')['DEA Staff'].awsPeers).toContain(`eu-west-2/${networkId('london')}`);

    kit.emulator.clearRequests();
    await deploy(example(), { forceUpdate: true });
    expect(kit.harness.invocations.filter((i) => i.requestType === 'Update' && i.phase === 'onEvent' && i.request.ResourceType === 'Custom::WickrFederation').length).toBe(4);
    expect(writes(kit.emulator)).toEqual([]);

    kit.emulator.clearRequests();
    await kit.harness.destroy();
    expect(writes(kit.emulator).filter((op) => op === 'UpdateSecurityGroup')).toEqual([]);
  });

  test('removing a link removes it on both sides at the next deploy; adding it back adds it on both', async () => {
    await deploy(example());
    const withoutTokyo = example((doc) => doc.deleteIn(['federation', 'links', 1]));

    kit.emulator.clearRequests();
    await deploy(withoutTokyo);
    expectFederation({ ...expectedExample(), canberra: { 'DEA Staff': globalWith('london', 'washington'), Executives: globalWith('london', 'washington') }, tokyo: { 'Tokyo Post': none, Consular: none } });
    // Exactly the groups on either side of the removed link were written.
    const canberra = networkId('canberra');
    const tokyo = networkId('tokyo');
    expect(updatedGroups()).toEqual(
      [`UpdateSecurityGroup ${canberra}/${groupId('canberra', 'DEA Staff')}`, `UpdateSecurityGroup ${tokyo}/${groupId('tokyo', 'Tokyo Post')}`, `UpdateSecurityGroup ${tokyo}/${groupId('tokyo', 'Consular')}`].sort(),
    );

    kit.emulator.clearRequests();
    await deploy(example());
    expectFederation(expectedExample());
    expect(writes(kit.emulator)).toEqual(['UpdateSecurityGroup', 'UpdateSecurityGroup', 'UpdateSecurityGroup']);
  });

  test('a fifth Region joins with one deploy: its network stack, its federation stack, and the other side updated', async () => {
    await deploy(example());
    const withOttawa = example((doc) => {
      doc.addIn(['agencies', 0, 'allowedRegions'], 'ca-central-1');
      doc.addIn(['agencies', 0, 'networks'], doc.createNode({ id: 'ottawa', name: 'dea-ottawa-post', region: 'ca-central-1' }));
      doc.addIn(['federation', 'links'], doc.createNode({ between: [{ network: 'dea/canberra', groups: ['DEA Staff'] }, { network: 'dea/ottawa', groups: ['Default'] }] }));
    });
    const stacks = synthKit(withOttawa).map((s) => s.stackName);
    expect(stacks.indexOf('WickrKit-dea-ap-southeast-2-federation')).toBeGreaterThan(stacks.indexOf('WickrKit-dea-ca-central-1'));

    await deploy(withOttawa);
    expectFederation({
      ...expectedExample(),
      canberra: { 'DEA Staff': globalWith('london', 'tokyo', 'washington', 'ottawa'), Executives: globalWith('london', 'washington') },
      ottawa: { Default: globalWith('canberra') },
    });
  });

  test("a peer replaced outside the config: its own side follows at once (same-Region SSM parameter), the other Regions' sides after federation.refresh changes", async () => {
    await deploy(example());
    const oldLondon = networkId('london');
    // The London network is replaced behind the kit's back (say its stack was deleted and deployed
    // again): a new network with the same groups, and its id in the network stack's parameter.
    const client = new WickrClient({ region: 'eu-west-2', endpoint: kit.emulator.url, credentials: kit.emulator.credentials });
    const created = await client.send(new CreateNetworkCommand({ networkName: 'dea-london-new', accessLevel: 'PREMIUM' }));
    const newLondon = created.networkId!;
    await client.send(new CreateSecurityGroupCommand({ networkId: newLondon, name: 'Consular', securityGroupSettings: { federationMode: 0 } }));
    client.destroy();
    kit.harness.standIns.ssm.putParameter('eu-west-2', { name: '/wickr-kit/dea/london/network-id', value: newLondon, type: 'String', overwrite: true });

    await deploy(example());
    // London's federation resource read its own id through a template parameter, so it followed.
    const london = federationOf('london', newLondon);
    expect(london.Consular).toEqual({ ...globalWith('canberra'), local: 'restricted', localPeers: [UK_PARTNER] });
    expect(london.Default).toEqual(globalWith('canberra'));
    // Sydney reads London's id across Regions in its handler: nothing told it to look again.
    expect(federationOf('canberra')['DEA Staff'].awsPeers).toContain(`eu-west-2/${oldLondon}`);

    await deploy(example((doc) => doc.setIn(['federation', 'refresh'], '2026-03-london-replaced')));
    expect(federationOf('canberra')['DEA Staff'].awsPeers).toEqual([`ap-northeast-1/${networkId('tokyo')}`, `eu-west-2/${newLondon}`, `us-east-1/${networkId('washington')}`].sort());
  });
});
