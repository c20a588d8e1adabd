/**
 * The kit's pinned reading of Wickr's federation members (lambda/shared/federation-mode.ts). The
 * model documents `federationMode` three ways (api-notes §4.3); the kit deploys the live-tested
 * peer's reading (0 local, 1 restricted, 2 global), and keeps the model's as the one-line switch.
 * These tests fix both, so a change to either is deliberate and visible.
 */
import {
  FEDERATION_MODE,
  FEDERATION_MODE_READINGS,
  FEDERATION_SETTING_MEMBERS,
  type GroupFederation,
  KIT_READING,
  federationPlanProblems,
  federationPatch,
  federationProblem,
  fromFederationSettings,
  noFederationSettings,
  toFederationSettings,
} from '../../lambda/shared/federation-mode';
import { FEDERATION_MEMBERS } from '../../lambda/shared/security-group-props';

const base: GroupFederation = { local: 'none', global: 'none', guests: false, localNetworkIds: [], awsNetworks: [], enterpriseNetworks: [] };
const london = { region: 'eu-west-2', networkId: '33333333' };

describe('federationMode as the live-tested peer reads it (the kit deploys this)', () => {
  test('the kit deploys the observed reading: 0 local (all networks of the Region), 1 restricted, 2 global', () => {
    expect(KIT_READING).toBe('OBSERVED');
    expect(FEDERATION_MODE).toEqual({ localAll: 0, restricted: 1, global: 2 });
  });

  test('no federation is mode 1 with nothing allow-listed and the global switches off, also for a new group', () => {
    expect(toFederationSettings(base)).toEqual({
      federationMode: 1,
      permittedNetworks: [],
      globalFederation: false,
      enableRestrictedGlobalFederation: false,
      permittedWickrAwsNetworks: [],
      permittedWickrEnterpriseNetworks: [],
      enableGuestFederation: false,
    });
    expect(noFederationSettings()).toEqual({ federationMode: 1 });
  });

  test('local restricted is mode 1 with the allow-list, sorted and de-duplicated; local all is mode 0 with no list', () => {
    expect(toFederationSettings({ ...base, local: 'restricted', localNetworkIds: ['22222222', '11111111', '22222222'] })).toMatchObject({
      federationMode: 1,
      permittedNetworks: ['11111111', '22222222'],
      globalFederation: false,
    });
    expect(toFederationSettings({ ...base, local: 'all', localNetworkIds: ['11111111'] })).toMatchObject({ federationMode: 0, permittedNetworks: [] });
  });

  test('any global federation is mode 2 with globalFederation on (the peer pairs mode 2 with it); a same-Region allow-list rides along', () => {
    const s = toFederationSettings({ ...base, local: 'restricted', localNetworkIds: ['11111111'], global: 'restricted', awsNetworks: [london] });
    expect(s).toEqual({
      federationMode: 2,
      permittedNetworks: ['11111111'],
      globalFederation: true,
      enableRestrictedGlobalFederation: true,
      permittedWickrAwsNetworks: [london],
      permittedWickrEnterpriseNetworks: [],
      enableGuestFederation: false,
    });
    expect(toFederationSettings({ ...base, global: 'all', awsNetworks: [london] })).toMatchObject({
      federationMode: 2,
      globalFederation: true,
      enableRestrictedGlobalFederation: false,
      permittedWickrAwsNetworks: [],
    });
  });

  test('Enterprise networks go to permittedWickrEnterpriseNetworks, sorted and de-duplicated without regard to domain case', () => {
    const s = toFederationSettings({
      ...base,
      global: 'restricted',
      enterpriseNetworks: [
        { domain: 'wickr.b.example', networkId: '44444444' },
        { domain: 'wickr.a.example', networkId: '55555555' },
        { domain: 'WICKR.B.example', networkId: '44444444' },
      ],
    });
    expect(s.permittedWickrEnterpriseNetworks).toEqual([
      { domain: 'wickr.a.example', networkId: '55555555' },
      { domain: 'wickr.b.example', networkId: '44444444' },
    ]);
  });

  test('the members the federation resource owns are exactly those the security-group resource leaves alone', () => {
    expect([...FEDERATION_SETTING_MEMBERS].sort()).toEqual([...FEDERATION_MEMBERS].sort());
    expect(Object.keys(toFederationSettings(base)).sort()).toEqual([...FEDERATION_SETTING_MEMBERS].sort());
  });

  test('reading back: what the kit writes maps onto the same terms', () => {
    for (const g of [
      base,
      { ...base, local: 'restricted' as const, localNetworkIds: ['11111111'] },
      { ...base, local: 'all' as const },
      { ...base, local: 'restricted' as const, localNetworkIds: ['11111111'], global: 'restricted' as const, guests: true, awsNetworks: [london] },
      { ...base, global: 'all' as const },
    ]) {
      const back = fromFederationSettings(toFederationSettings(g));
      expect([back.local, back.global, back.guests]).toEqual([g.local, g.global, g.guests]);
    }
  });

  test('never reports "no federation" for a group whose live members say otherwise', () => {
    // Mode 0 is local federation with every network of the Region, whatever else is set.
    expect(fromFederationSettings({ federationMode: 0 }).local).toBe('all');
    // A STANDARD network stores 0 as 1: restricted, and with an empty list nothing is open.
    expect(fromFederationSettings({ federationMode: 1, permittedNetworks: [] })).toMatchObject({ local: 'none', global: 'none' });
    // Global switches on under a local mode, or mode 2 without the global switch: not settled, so not "none".
    expect(fromFederationSettings({ federationMode: 1, globalFederation: true }).global).toBeUndefined();
    expect(fromFederationSettings({ federationMode: 0, globalFederation: true }).global).toBeUndefined();
    expect(fromFederationSettings({ federationMode: 2, globalFederation: false }).global).toBeUndefined();
    expect(fromFederationSettings({ federationMode: 7 })).toMatchObject({ local: undefined, global: undefined, federationMode: 7 });
  });
});

describe("the model's reading, kept as the switch", () => {
  test('0 none, 1 every network of the Region, 2 restricted; global only through globalFederation', () => {
    expect(FEDERATION_MODE_READINGS.MODEL).toEqual({ none: 0, all: 1, restricted: 2 });
    expect(toFederationSettings(base, 'MODEL').federationMode).toBe(0);
    expect(toFederationSettings({ ...base, local: 'all' }, 'MODEL').federationMode).toBe(1);
    expect(toFederationSettings({ ...base, local: 'restricted', localNetworkIds: ['1'] }, 'MODEL').federationMode).toBe(2);
    expect(toFederationSettings({ ...base, global: 'restricted', awsNetworks: [london] }, 'MODEL')).toMatchObject({ federationMode: 0, globalFederation: true });
    expect(noFederationSettings('MODEL')).toEqual({ federationMode: 0 });
    const back = fromFederationSettings(toFederationSettings({ ...base, local: 'restricted', localNetworkIds: ['1'], global: 'all' }, 'MODEL'), 'MODEL');
    expect([back.local, back.global]).toEqual(['restricted', 'all']);
  });
});

describe('the patch: only members that differ, lists compared as sets', () => {
  const desired = toFederationSettings({ ...base, global: 'restricted', awsNetworks: [london, { region: 'us-east-1', networkId: '66666666' }] });

  test('nothing to send when the service holds the same lists in another order', () => {
    const current = { ...desired, permittedWickrAwsNetworks: [...desired.permittedWickrAwsNetworks].reverse() };
    expect(federationPatch(current, desired)).toEqual({});
  });

  test('missing switches and lists read as off, so a group needs only what is on, and the mode whenever the service does not show it', () => {
    expect(federationPatch({}, desired)).toEqual({
      federationMode: 2,
      globalFederation: true,
      enableRestrictedGlobalFederation: true,
      permittedWickrAwsNetworks: desired.permittedWickrAwsNetworks,
    });
  });

  test('a STANDARD group at its defaults (mode 1, nothing open) needs no write for "no federation"', () => {
    expect(federationPatch({ federationMode: 1, globalFederation: false, enableGuestFederation: false }, toFederationSettings(base))).toEqual({});
  });

  test('a removed peer sends the whole new list', () => {
    const current = { ...desired, permittedWickrAwsNetworks: [...desired.permittedWickrAwsNetworks, { region: 'ap-northeast-1', networkId: '77777777' }] };
    expect(federationPatch(current, desired)).toEqual({ permittedWickrAwsNetworks: desired.permittedWickrAwsNetworks });
  });
});

describe('combinations the API refuses', () => {
  test('rejects guests without global federation, and accepts them with global restricted and no peers (guests only)', () => {
    expect(federationProblem({ local: 'all', global: 'none', guests: true })).toBe(
      'guest users need global federation on the group (the API accepts enableGuestFederation only with globalFederation on)',
    );
    expect(federationProblem({ local: 'none', global: 'restricted', guests: true })).toBeUndefined();
  });

  test('local all is refused on STANDARD (mode 0 is stored as 1) and beside global federation (one mode selects one of the three); guests need PREMIUM', () => {
    const messages = (g: { local: 'none' | 'all' | 'restricted'; global: 'none' | 'all' | 'restricted'; guests?: boolean }, accessLevel: string, reading?: 'MODEL') =>
      federationPlanProblems({ guests: false, ...g }, { accessLevel }, reading).map((p) => `${p.field}: ${p.message}`);
    expect(messages({ local: 'all', global: 'none' }, 'STANDARD')).toEqual([expect.stringMatching(/^local: .*not available on STANDARD networks: the service stores federationMode 0 as 1/)]);
    expect(messages({ local: 'all', global: 'restricted' }, 'PREMIUM')).toEqual([expect.stringMatching(/^local: local: all cannot be combined with global federation/)]);
    expect(messages({ local: 'none', global: 'restricted', guests: true }, 'STANDARD')).toEqual([expect.stringMatching(/^guests: guest users need a PREMIUM network: on STANDARD, Wickr refuses enableGuestFederation with HTTP 402/)]);
    expect(messages({ local: 'all', global: 'none' }, 'PREMIUM')).toEqual([]);
    expect(messages({ local: 'restricted', global: 'restricted' }, 'STANDARD')).toEqual([]);
    expect(messages({ local: 'all', global: 'restricted' }, 'PREMIUM', 'MODEL')).toEqual([]);
  });
});
