/**
 * Opt-in, read-only checks of the kit's Wickr client against the REAL AWS Wickr admin API.
 *
 * Skipped unless WICKR_KIT_LIVE_REGION names a Region (and `npm test` never runs this folder: it has
 * its own command). With real credentials in the standard chain (profile, SSO, environment, role):
 *
 *   WICKR_KIT_LIVE_REGION=ap-southeast-2 npm run test:live
 *
 * It only reads: ListNetworks, then for up to three networks GetNetwork, GetNetworkSettings and
 * ListSecurityGroups. It proves what the emulator cannot: the endpoint, the signing name, the wire
 * shapes and the error mapping of the live service.
 */
import { GetNetworkCommand, GetNetworkSettingsCommand, ListSecurityGroupsCommand, WickrClient, paginateListNetworks } from '../../lambda/wickr';

const REGION = process.env.WICKR_KIT_LIVE_REGION;

if (!REGION) {
  // eslint-disable-next-line no-console
  console.warn('live Wickr checks skipped: set WICKR_KIT_LIVE_REGION (and AWS credentials) to run them against the real service');
}

(REGION ? describe : describe.skip)(`the Wickr client against the live admin API in ${REGION ?? '(no Region)'}`, () => {
  let client: WickrClient;
  beforeAll(() => {
    if (process.env.WICKR_ENDPOINT_URL) throw new Error('unset WICKR_ENDPOINT_URL: the live checks must reach the real endpoint');
    client = new WickrClient({ region: REGION });
  });
  afterAll(() => client?.destroy());

  test('lists networks and reads each one back with its settings and security groups', async () => {
    const networks: { networkId: string; networkName?: string }[] = [];
    for await (const page of paginateListNetworks({ client, pageSize: 25 }, {})) networks.push(...((page.networks ?? []) as { networkId: string; networkName?: string }[]));
    for (const n of networks.slice(0, 3)) {
      const got = await client.send(new GetNetworkCommand({ networkId: n.networkId }));
      expect(got.networkId).toBe(n.networkId);
      expect(got.$metadata.httpStatusCode).toBe(200);
      const settings = await client.send(new GetNetworkSettingsCommand({ networkId: n.networkId }));
      expect(Array.isArray(settings.settings)).toBe(true);
      const groups = await client.send(new ListSecurityGroupsCommand({ networkId: n.networkId }));
      expect((groups.securityGroups ?? []).some((g) => g.isDefault)).toBe(true);
    }
  });
});
