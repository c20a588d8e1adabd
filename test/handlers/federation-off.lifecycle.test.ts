/**
 * A config without federation still forces federation off where the kit owns it: the Region's
 * federation stack turns off every managed group, the default group included, driven like
 * CloudFormation against the emulator. Shown on an adopted network whose groups federate before the
 * kit takes them over. (Why the stack exists even then: docs/federation.md, "Without federation".)
 */
import { CreateNetworkCommand, CreateSecurityGroupCommand, UpdateSecurityGroupCommand, WickrClient, paginateListSecurityGroups } from '../../lambda/wickr';
import type { SecurityGroupSettings } from '../../lambda/wickr/model/types';
import { startKitLifecycle, synthKit, writes, type KitLifecycle } from '../helpers/lifecycle';

const REGION = 'ap-southeast-2';

let kit: KitLifecycle;
beforeAll(async () => {
  kit = await startKitLifecycle();
});
afterAll(() => kit.close());

const config = (networkId: string) => `version: 1
agencies:
  - id: ops
    name: Ops agency
    recordsOwner: Records Unit
    homeRegion: ${REGION}
    allowedRegions: [${REGION}]
    networks:
      - id: sydney
        name: ops-sydney
        region: ${REGION}
        adoptNetworkId: "${networkId}"
        securityGroups: [{ name: Staff }]
`;

/** Each group's federation members in the emulator. */
function federationOf(networkId: string): Record<string, Pick<SecurityGroupSettings, 'federationMode' | 'permittedNetworks' | 'globalFederation' | 'enableGuestFederation'>> {
  const net = kit.emulator.state.network(REGION, networkId)!;
  return Object.fromEntries(
    net.securityGroups.map((g) => {
      const s = g.securityGroupSettings ?? {};
      return [g.name!, { federationMode: s.federationMode ?? 0, permittedNetworks: s.permittedNetworks ?? [], globalFederation: s.globalFederation ?? false, enableGuestFederation: s.enableGuestFederation ?? false }];
    }),
  );
}

test('an adopted network whose groups federate gets federation off in every managed group', async () => {
  const client = new WickrClient({ region: REGION, endpoint: kit.emulator.url, credentials: kit.emulator.credentials });
  const { networkId } = await client.send(new CreateNetworkCommand({ networkName: 'ops-sydney', accessLevel: 'PREMIUM' }));
  const groups = [];
  for await (const page of paginateListSecurityGroups({ client }, { networkId: networkId! })) groups.push(...(page.securityGroups ?? []));
  const defaultGroup = groups.find((g) => g.isDefault)!;
  await client.send(new UpdateSecurityGroupCommand({ networkId: networkId!, groupId: defaultGroup.id!, securityGroupSettings: { federationMode: 1, globalFederation: true, enableGuestFederation: true } }));
  await client.send(new CreateSecurityGroupCommand({ networkId: networkId!, name: 'Staff', securityGroupSettings: { federationMode: 2, permittedNetworks: ['87654321'] } }));
  client.destroy();
  expect(federationOf(networkId!)[defaultGroup.name!]).toEqual({ federationMode: 1, permittedNetworks: [], globalFederation: true, enableGuestFederation: true });

  const stacks = synthKit(config(networkId!));
  expect(stacks.map((s) => s.stackName)).toEqual(['WickrKit-ops-ap-southeast-2', 'WickrKit-ops-ap-southeast-2-federation']);
  await kit.harness.deploy(stacks);

  // Off in the kit's reading of federationMode (docs/federation.md): 1, restricted, with nothing allow-listed.
  const off = { federationMode: 1, permittedNetworks: [], globalFederation: false, enableGuestFederation: false };
  expect(federationOf(networkId!)).toEqual({ [defaultGroup.name!]: off, Staff: off });

  // The federation resource's own writes, and nothing more on a second deploy (every resource updated, nothing changed).
  expect(kit.harness.invocations.filter((i) => i.phase === 'onEvent' && i.request.ResourceType === 'Custom::WickrFederation').map((i) => i.requestType)).toEqual(['Create']);
  kit.emulator.clearRequests();
  await kit.harness.deploy(synthKit(config(networkId!)), { forceUpdate: true });
  expect(kit.harness.invocations.filter((i) => i.phase === 'onEvent' && i.request.ResourceType === 'Custom::WickrFederation').map((i) => i.requestType)).toEqual(['Create', 'Update']);
  expect(writes(kit.emulator)).toEqual([]);
});
