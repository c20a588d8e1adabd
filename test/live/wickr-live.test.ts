/**
 * Opt-in, read-only checks of the kit's Wickr client and of its assumptions about the REAL AWS Wickr
 * admin API: the way an agency with an account settles what the kit could only take from the
 * live-tested Terraform fork (docs/wickr-service.md lists each assumption and its source).
 *
 * Skipped unless WICKR_KIT_LIVE_REGION names a Region (and `npm test` never runs this folder: it has
 * its own command). With real credentials in the standard chain (profile, SSO, environment, role):
 *
 *   WICKR_KIT_LIVE_REGION=ap-southeast-2 npm run test:live
 *   WICKR_KIT_LIVE_NETWORKS=12345678,23456789 ...            # only these networks (default: the first five)
 *   WICKR_KIT_LIVE_FEDERATION='{"12345678/Staff":{"local":"none","global":"restricted"}}' ...
 *       # what the Wickr console's Federation tab shows for groups you configured there: the check
 *       # then says whether the kit's reading of federationMode agrees with the console
 *
 * It only reads: ListNetworks, GetNetwork, GetNetworkSettings and ListSecurityGroups. Every check
 * prints what it saw (`live:` lines), and fails when the service contradicts an assumption the kit
 * is built on, naming the assumption and where the kit handles it.
 */
import {
  GetNetworkCommand,
  GetNetworkSettingsCommand,
  type Network,
  type SecurityGroup,
  WickrClient,
  callingOf,
  paginateListNetworks,
  paginateListSecurityGroups,
} from '../../lambda/wickr';
import { describeScope, fromFederationSettings } from '../../lambda/shared/federation-mode';
import { readSettings } from '../../lambda/handlers/wickr-provider/network-settings';

const REGION = process.env.WICKR_KIT_LIVE_REGION;
const ONLY = (process.env.WICKR_KIT_LIVE_NETWORKS ?? '').split(',').map((s) => s.trim()).filter(Boolean);

if (!REGION) {
  // eslint-disable-next-line no-console
  console.warn('live Wickr checks skipped: set WICKR_KIT_LIVE_REGION (and AWS credentials) to run them against the real service');
}

// eslint-disable-next-line no-console
const report = (line: string) => console.log(`live: ${line}`);

(REGION ? describe : describe.skip)(`the Wickr client and the kit's assumptions against the live admin API in ${REGION ?? '(no Region)'}`, () => {
  let client: WickrClient;
  let listed: Network[];
  let networks: Network[];
  const groups = new Map<string, SecurityGroup[]>();

  beforeAll(async () => {
    // test/live-self-test.test.ts runs these checks against the emulator on 127.0.0.1; nothing else may redirect them.
    const selfTest = process.env.WICKR_KIT_LIVE_SELF_TEST === '1' && /^http:\/\/127\.0\.0\.1:\d+$/.test(process.env.WICKR_ENDPOINT_URL ?? '');
    if (process.env.WICKR_ENDPOINT_URL && !selfTest) throw new Error('unset WICKR_ENDPOINT_URL: the live checks must reach the real endpoint');
    client = new WickrClient({ region: REGION });
    listed = [];
    for await (const page of paginateListNetworks({ client, pageSize: 25 }, {})) listed.push(...(page.networks ?? []));
    const picked = ONLY.length > 0 ? listed.filter((n) => ONLY.includes(n.networkId!)) : listed.slice(0, 5);
    if (ONLY.length > 0 && picked.length !== ONLY.length) throw new Error(`WICKR_KIT_LIVE_NETWORKS names networks ListNetworks does not list: ${ONLY.filter((id) => !picked.some((n) => n.networkId === id)).join(', ')}`);
    networks = [];
    for (const n of picked) {
      networks.push((await client.send(new GetNetworkCommand({ networkId: n.networkId }))) as Network);
      const all: SecurityGroup[] = [];
      for await (const page of paginateListSecurityGroups({ client, pageSize: 100 }, { networkId: n.networkId! })) all.push(...(page.securityGroups ?? []));
      groups.set(n.networkId!, all);
    }
    report(`${listed.length} network(s) listed; checking ${networks.map((n) => `${n.networkId} (${n.accessLevel})`).join(', ') || 'none'}`);
  });
  afterAll(() => client?.destroy());

  test('reads every network back; each has exactly one default group', () => {
    for (const n of networks) {
      expect(typeof n.networkArn).toBe('string');
      expect(groups.get(n.networkId!)!.filter((g) => g.isDefault)).toHaveLength(1);
    }
  });

  test('network key: the service still never returns encryptionKeyArn (the kit sends a requested key and cannot confirm it)', () => {
    const withKey = [...listed, ...networks].filter((n) => n.encryptionKeyArn !== undefined);
    report(`encryptionKeyArn returned for ${new Set(withKey.map((n) => n.networkId)).size} of ${listed.length} network(s)`);
    if (withKey.length > 0) {
      throw new Error(
        `the service now returns encryptionKeyArn (networks ${[...new Set(withKey.map((n) => n.networkId))].join(', ')}): the kit's handling of the network key ` +
          '(lambda/handlers/wickr-provider/network.ts, docs/design/custom-resources.md "The network key") can now compare it and the evidence pack could report it as applied',
      );
    }
  });

  test('security groups: which calling object the service sends, and the members it adds that the model lacks', () => {
    const seen = { upper: 0, lower: 0, regex: 0, background: 0, screenShare: [] as string[] };
    for (const [networkId, list] of groups) {
      for (const g of list) {
        const s = (g.securityGroupSettings ?? {}) as Record<string, unknown>;
        if (s.CALLING !== undefined) seen.upper++;
        if (s.calling !== undefined) seen.lower++;
        if ((s.passwordRequirements as Record<string, unknown> | undefined)?.regex !== undefined) seen.regex++;
        if ((s.shredder as Record<string, unknown> | undefined)?.canProcessInBackground !== undefined) seen.background++;
        const calling = callingOf(g.securityGroupSettings ?? {});
        if (calling?.canStartScreenShare !== undefined) seen.screenShare.push(`${networkId}/${g.name}: ${calling.canStartScreenShare}`);
        // The kit reads the calling switches from either object; a group without any would leave it blind.
        expect([`${networkId}/${g.name}`, calling !== undefined]).toEqual([`${networkId}/${g.name}`, true]);
      }
    }
    const total = [...groups.values()].reduce((n, l) => n + l.length, 0);
    report(`${total} group(s): CALLING in ${seen.upper}, calling in ${seen.lower}, passwordRequirements.regex in ${seen.regex}, shredder.canProcessInBackground in ${seen.background}`);
    report(`screen sharing (CALLING.canStartScreenShare, reported, never written): ${seen.screenShare.join('; ') || 'not sent'}`);
  });

  test("federationMode: the kit's reading of every group (compare with the console's Federation tab; WICKR_KIT_LIVE_FEDERATION makes it a check)", () => {
    const expected = parseExpected(process.env.WICKR_KIT_LIVE_FEDERATION);
    const mismatches: string[] = [];
    for (const [networkId, list] of groups) {
      const network = networks.find((n) => n.networkId === networkId)!;
      for (const g of list) {
        const s = g.securityGroupSettings ?? {};
        const read = fromFederationSettings(s);
        report(
          `${networkId} (${network.accessLevel}) ${JSON.stringify(g.name)}: federationMode ${s.federationMode ?? '-'}, globalFederation ${s.globalFederation ?? '-'}, ` +
            `restricted ${s.enableRestrictedGlobalFederation ?? '-'}, ${s.permittedNetworks?.length ?? 0} local and ${s.permittedWickrAwsNetworks?.length ?? 0} AWS and ` +
            `${s.permittedWickrEnterpriseNetworks?.length ?? 0} Enterprise allow-listed, guests ${s.enableGuestFederation ?? '-'} => kit reads local ${describeScope(read.local, read.federationMode)}, ` +
            `global ${describeScope(read.global, read.federationMode)}`,
        );
        const want = expected[`${networkId}/${g.name}`];
        if (want && (want.local !== read.local || want.global !== read.global)) {
          mismatches.push(`${networkId}/${g.name}: the console shows local ${want.local}, global ${want.global}; the kit reads local ${read.local}, global ${read.global}`);
        }
      }
    }
    const unknown = Object.keys(expected).filter((k) => {
      const [id, ...name] = k.split('/');
      return !(groups.get(id) ?? []).some((g) => g.name === name.join('/'));
    });
    if (unknown.length > 0) throw new Error(`WICKR_KIT_LIVE_FEDERATION names groups that were not read: ${unknown.join(', ')} (use <networkId>/<group name> of a checked network)`);
    if (mismatches.length > 0) {
      throw new Error(
        `the kit's reading of federationMode (lambda/shared/federation-mode.ts, KIT_READING) disagrees with the console:\n${mismatches.join('\n')}\n` +
          'switch KIT_READING and see docs/federation.md "What federationMode means"',
      );
    }
    report(Object.keys(expected).length > 0 ? `federationMode reading agrees with the console for ${Object.keys(expected).length} group(s)` : 'no WICKR_KIT_LIVE_FEDERATION given: compare the lines above with the console');
  });

  test("network settings: the option names the service lists, and what the kit reads from them (missing ones read as their defaults)", async () => {
    for (const n of networks) {
      const { settings = [] } = await client.send(new GetNetworkSettingsCommand({ networkId: n.networkId }));
      report(`${n.networkId} settings: ${settings.map((s) => `${s.optionName}=${s.value} (${s.type})`).join(', ') || 'none listed'}`);
      report(`${n.networkId} the kit reads: ${JSON.stringify(readSettings(settings))}`);
      for (const s of settings) {
        expect(typeof s.optionName).toBe('string');
        expect(typeof s.value).toBe('string');
      }
    }
  });
});

function parseExpected(text: string | undefined): Record<string, { local?: string; global?: string }> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, { local?: string; global?: string }>;
  } catch {
    // fall through
  }
  throw new Error('WICKR_KIT_LIVE_FEDERATION must be a JSON object such as {"12345678/Staff":{"local":"none","global":"restricted"}}');
}
