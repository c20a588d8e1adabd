/**
 * The kit's pinned reading of Wickr's federation members (lambda/shared/federation-mode.ts). The
 * model documents `federationMode` three ways (api-notes §4.3); these tests fix the reading the kit
 * deploys, so a change to it is deliberate and visible.
 */
import {
  FEDERATION_MODE,
  FEDERATION_SETTING_MEMBERS,
  type GroupFederation,
  federationPatch,
  federationProblem,
  fromFederationSettings,
  toFederationSettings,
} from '../../lambda/shared/federation-mode';
import { FEDERATION_MEMBERS } from '../../lambda/shared/security-group-props';

const base: GroupFederation = { local: 'none', global: 'none', guests: false, localNetworkIds: [], awsNetworks: [], enterpriseNetworks: [] };

describe('federationMode and the global switches, as the kit reads them', () => {
  test('federationMode is the LOCAL scope: 0 none, 1 every network of the Region, 2 only permittedNetworks', () => {
    expect(FEDERATION_MODE).toEqual({ none: 0, all: 1, restricted: 2 });
    expect(toFederationSettings({ ...base, local: 'all', localNetworkIds: ['11111111'] })).toMatchObject({ federationMode: 1, permittedNetworks: [] });
    expect(toFederationSettings({ ...base, local: 'restricted', localNetworkIds: ['22222222', '11111111', '22222222'] })).toMatchObject({
      federationMode: 2,
      permittedNetworks: ['11111111', '22222222'],
    });
  });

  test('federationMode 2 never means "global" (the third reading in the model is not the one deployed): cross-Region goes through globalFederation', () => {
    const s = toFederationSettings({ ...base, global: 'restricted', awsNetworks: [{ region: 'eu-west-2', networkId: '33333333' }] });
    expect(s.federationMode).toBe(0);
    expect(s).toMatchObject({ globalFederation: true, enableRestrictedGlobalFederation: true, permittedWickrAwsNetworks: [{ region: 'eu-west-2', networkId: '33333333' }] });
  });

  test('global all switches on global federation without allow-lists; global none switches everything global off and empties the lists', () => {
    expect(toFederationSettings({ ...base, global: 'all', awsNetworks: [{ region: 'eu-west-2', networkId: '33333333' }] })).toEqual({
      federationMode: 0,
      permittedNetworks: [],
      globalFederation: true,
      enableRestrictedGlobalFederation: false,
      permittedWickrAwsNetworks: [],
      permittedWickrEnterpriseNetworks: [],
      enableGuestFederation: false,
    });
    expect(toFederationSettings(base)).toEqual({
      federationMode: 0,
      permittedNetworks: [],
      globalFederation: false,
      enableRestrictedGlobalFederation: false,
      permittedWickrAwsNetworks: [],
      permittedWickrEnterpriseNetworks: [],
      enableGuestFederation: false,
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

  test('reading back: settings map onto the same terms, and an unknown federationMode is not guessed', () => {
    const written = toFederationSettings({ ...base, local: 'restricted', localNetworkIds: ['11111111'], global: 'restricted', guests: true, awsNetworks: [{ region: 'us-east-1', networkId: '66666666' }] });
    expect(fromFederationSettings(written)).toEqual({
      local: 'restricted',
      global: 'restricted',
      guests: true,
      localNetworkIds: ['11111111'],
      awsNetworks: [{ region: 'us-east-1', networkId: '66666666' }],
      enterpriseNetworks: [],
    });
    expect(fromFederationSettings({ federationMode: 7 }).local).toBeUndefined();
    expect(fromFederationSettings({}).global).toBe('none');
  });
});

describe('the patch: only members that differ, lists compared as sets', () => {
  const desired = toFederationSettings({ ...base, global: 'restricted', awsNetworks: [{ region: 'eu-west-2', networkId: '33333333' }, { region: 'us-east-1', networkId: '66666666' }] });

  test('nothing to send when the service holds the same lists in another order', () => {
    const current = { ...desired, permittedWickrAwsNetworks: [...desired.permittedWickrAwsNetworks].reverse() };
    expect(federationPatch(current, desired)).toEqual({});
  });

  test('missing members read as off, so a fresh group needs only what is on', () => {
    expect(federationPatch({}, desired)).toEqual({ globalFederation: true, enableRestrictedGlobalFederation: true, permittedWickrAwsNetworks: desired.permittedWickrAwsNetworks });
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
});
