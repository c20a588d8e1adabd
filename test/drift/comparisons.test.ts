/**
 * The drift check's pure comparisons: each reports in the config's names and units, counts only
 * managed members, and agrees with what the handlers would write.
 */
import { compareAccounts } from '../../lambda/shared/drift/accounts';
import { compareDataRetention } from '../../lambda/shared/drift/data-retention';
import { compareFederation } from '../../lambda/shared/drift/federation';
import { compareNetwork } from '../../lambda/shared/drift/network';
import { compareSecurityGroup } from '../../lambda/shared/drift/security-group';
import { compareNetworkSettings } from '../../lambda/shared/drift/settings';
import { compareSso } from '../../lambda/shared/drift/sso';
import { SENSITIVE_VALUE, parseDesiredState, parseDriftRecord, type DesiredFederationGroup, type DesiredNetwork } from '../../lambda/shared/drift';
import { toFederationSettings } from '../../lambda/shared/federation-mode';
import { durationSeconds, formatAutoDownloadSize, formatDuration, groupPolicyFromConfig, toManagedSettings } from '../../lambda/shared/security-group-props';

const NET = 'dea/canberra';

describe("values in the config's units", () => {
  test('durations print in the largest unit that divides them, and read back to the same seconds', () => {
    expect([2592000, 604800, 3600, 5400, 45, 0].map(formatDuration)).toEqual(['30d', '7d', '1h', '90m', '45s', '0s']);
    for (const s of [1, 59, 60, 61, 3599, 86400, 86401, 31536000]) expect(durationSeconds(formatDuration(s))).toBe(s);
  });

  test('auto-download sizes print by name when they have one, else as bytes', () => {
    expect([512000, 7340032, 1234].map(formatAutoDownloadSize)).toEqual(['LOW_QUALITY', 'HIGH_QUALITY', 1234]);
  });
});

describe('a security group', () => {
  const desired = { name: 'Executives', isDefault: false, settings: toManagedSettings(groupPolicyFromConfig({ maxTtl: '7d', calling: { oneToOne: true, video: false }, maxAutoDownloadSize: 'LOW_QUALITY', enableFileDownload: true })) };
  const liveSettings = {
    maxTtl: 604800,
    maxAutoDownloadSize: 512000,
    enableFileDownload: true,
    // The live service's seven calling switches, screen sharing among them, and members the kit does not manage.
    CALLING: { canStart11Call: true, canVideoCall: false, forceTcpCall: true, canAddtoCall: true, canStartGroupCall: false, canStartRoomCall: true, canStartScreenShare: false },
    passwordRequirements: { minLength: 8, regex: '.*' },
    shredder: { intensity: 0, canProcessInBackground: true },
    lockoutThreshold: 10,
  };

  test('in sync: unmanaged members and the members the live service adds are not drift; screen sharing is reported', () => {
    const r = compareSecurityGroup(NET, desired, { name: 'Executives', securityGroupSettings: liveSettings as never });
    expect(r.differences).toEqual([]);
    expect(r.reported).toEqual([{ network: NET, resource: 'security-group:Executives', member: 'CALLING.canStartScreenShare', actual: false }]);
  });

  test("fails when a managed member differs: named and valued as the config writes it", () => {
    const live = { ...liveSettings, maxTtl: 60 * 86400, maxAutoDownloadSize: 7340032, CALLING: { ...liveSettings.CALLING, canVideoCall: true } };
    const r = compareSecurityGroup(NET, desired, { name: 'Executives', securityGroupSettings: live as never });
    expect(r.differences).toEqual([
      { network: NET, resource: 'security-group:Executives', member: 'calling.video', expected: false, actual: true },
      { network: NET, resource: 'security-group:Executives', member: 'maxAutoDownloadSize', expected: 'LOW_QUALITY', actual: 'HIGH_QUALITY' },
      { network: NET, resource: 'security-group:Executives', member: 'maxTtl', expected: '7d', actual: '60d' },
    ]);
  });

  test('fails when the default group no longer carries its configured name', () => {
    const r = compareSecurityGroup(NET, { name: 'DEA Staff', isDefault: true, settings: {} }, { name: 'Default', securityGroupSettings: {} });
    expect(r.differences).toEqual([{ network: NET, resource: 'security-group:DEA Staff', member: 'name', expected: 'DEA Staff', actual: 'Default' }]);
  });
});

describe('the network and its settings', () => {
  const desired = { key: NET, name: 'dea-canberra', region: 'ap-southeast-2', parameterName: '/p', accessLevel: 'PREMIUM' } as DesiredNetwork;

  test('name and plan: in sync, and differing', () => {
    expect(compareNetwork(desired, { networkName: 'dea-canberra', accessLevel: 'PREMIUM' })).toEqual([]);
    expect(compareNetwork(desired, { networkName: 'renamed', accessLevel: 'STANDARD' })).toEqual([
      { network: NET, resource: 'network', member: 'name', expected: 'dea-canberra', actual: 'renamed' },
      { network: NET, resource: 'network', member: 'accessLevel', expected: 'PREMIUM', actual: 'STANDARD' },
    ]);
  });

  test('a setting the service leaves out reads as its default (the live service omits defaults); names are the config\'s', () => {
    expect(compareNetworkSettings(NET, { readReceipts: 'DISABLED', enableClientMetrics: false }, [])).toEqual([]);
    expect(compareNetworkSettings(NET, { readReceipts: 'ENABLED', enableClientMetrics: false }, [{ optionName: 'enableClientMetrics', value: 'true', type: 'boolean' }])).toEqual([
      { network: NET, resource: 'settings', member: 'clientMetrics', expected: false, actual: true },
      { network: NET, resource: 'settings', member: 'readReceipts', expected: 'ENABLED', actual: 'DISABLED' },
    ]);
  });
});

describe('federation of a group', () => {
  const group: DesiredFederationGroup = {
    name: 'DEA Staff',
    isDefault: true,
    local: 'none',
    global: 'restricted',
    guests: false,
    localPeers: [],
    awsPeers: [
      { label: 'dea/london', network: 'dea/london', region: 'eu-west-2' },
      { label: 'partner uk', networkId: '24681357', region: 'eu-west-2' },
    ],
    enterprisePeers: [],
  };
  const peers = { local: [], aws: [{ label: 'dea/london', region: 'eu-west-2', networkId: '11111111' }, { label: 'partner uk', region: 'eu-west-2', networkId: '24681357' }], enterprise: [] };
  const written = toFederationSettings({ local: 'none', global: 'restricted', guests: false, localNetworkIds: [], awsNetworks: peers.aws.map((p) => ({ region: p.region, networkId: p.networkId })), enterpriseNetworks: [] });

  test('in sync with what the federation handler writes, whatever the order of the allow-list', () => {
    const live = { ...written, permittedWickrAwsNetworks: [...written.permittedWickrAwsNetworks].reverse() };
    expect(compareFederation(NET, group, peers, live)).toEqual({ differences: [], unresolved: [] });
  });

  test("fails when the console opened it: the scope and the allow-list in the kit's terms, peers named", () => {
    const live = { ...written, enableRestrictedGlobalFederation: false, permittedWickrAwsNetworks: [{ region: 'eu-west-2', networkId: '11111111' }, { region: 'us-east-1', networkId: '99999999' }], enableGuestFederation: true };
    const r = compareFederation(NET, group, peers, live);
    expect(r.differences).toEqual([
      { network: NET, resource: 'federation:DEA Staff', member: 'global', expected: 'restricted', actual: 'all' },
      {
        network: NET,
        resource: 'federation:DEA Staff',
        member: 'globalPeers',
        expected: ['eu-west-2/11111111 (dea/london)', 'eu-west-2/24681357 (partner uk)'],
        actual: ['eu-west-2/11111111 (dea/london)', 'us-east-1/99999999'],
      },
      { network: NET, resource: 'federation:DEA Staff', member: 'guests', expected: false, actual: true },
    ]);
  });

  test('a peer whose id is unknown is said so, and only a missing known peer counts as drift', () => {
    const unknown = { ...peers, aws: [{ label: 'dea/london', region: 'eu-west-2', reason: 'no parameter' }, peers.aws[1]] };
    const inSync = compareFederation(NET, group, unknown, written);
    expect(inSync.differences).toEqual([]);
    expect(inSync.unresolved).toEqual([{ network: NET, resource: 'federation:DEA Staff', reason: 'globalPeers: the id of dea/london is unknown (no parameter), so it was not compared' }]);
    const missing = compareFederation(NET, group, unknown, { ...written, permittedWickrAwsNetworks: [{ region: 'eu-west-2', networkId: '11111111' }] });
    expect(missing.differences.map((d) => d.member)).toEqual(['globalPeers']);
  });
});

describe('SSO, users, bots and data retention', () => {
  const sso = { companyId: 'dea-canberra', issuer: 'https://idp.example/', scopes: 'openid profile email', clientId: 'wickr', tokenBufferMinutes: 5 };

  test('SSO: scopes compare as a set; a change names the member; no registration is one difference; the secret never appears', () => {
    const live = { companyId: 'dea-canberra', issuer: 'https://idp.example/', scopes: 'email openid profile', userId: 'wickr', ssoTokenBufferMinutes: 5, clientSecret: 'held-secret' };
    expect(compareSso(NET, sso, live)).toEqual([]);
    const changed = compareSso(NET, sso, { ...live, scopes: 'openid', ssoTokenBufferMinutes: 30 });
    expect(changed).toEqual([
      { network: NET, resource: 'sso', member: 'scopes', expected: ['openid', 'profile', 'email'], actual: ['openid'] },
      { network: NET, resource: 'sso', member: 'tokenBufferMinutes', expected: 5, actual: 30 },
    ]);
    expect(JSON.stringify(changed)).not.toContain('held-secret');
    expect(compareSso(NET, sso, { companyId: '', issuer: '', scopes: '' })).toEqual([{ network: NET, resource: 'sso', member: 'registered', expected: true, actual: false }]);
  });

  test('users and bots: accounts outside the config are not drift; a missing one, a moved one and a changed name are; names are never shown', () => {
    const groups = [
      { id: 'g1', name: 'Consular' },
      { id: 'g2', name: 'London Post' },
    ];
    const desired = {
      users: [
        { username: 'a@x.gov', firstName: 'Alex', group: 'Consular' },
        { username: 'b@x.gov', group: 'Consular' },
        { username: 'c@x.gov', group: 'London Post' },
      ],
      bots: [{ username: 'alertsbot', displayName: 'Alerts', group: 'Consular' }],
    };
    const live = {
      users: [
        { userId: '1', username: 'A@x.gov', firstName: 'Alexandra', securityGroups: ['g1'] },
        { userId: '2', username: 'b@x.gov', securityGroups: ['g2'] },
        { userId: '9', username: 'not-in-config@x.gov', securityGroups: ['g1'] },
      ],
      bots: [{ botId: '5', username: 'alertsbot', displayName: 'Alerts', groupId: 'g1' }],
      groups,
    };
    expect(compareAccounts(NET, desired, live)).toEqual([
      { network: NET, resource: 'user:a@x.gov', member: 'firstName', expected: SENSITIVE_VALUE, actual: SENSITIVE_VALUE },
      { network: NET, resource: 'user:b@x.gov', member: 'group', expected: 'Consular', actual: ['London Post'] },
      { network: NET, resource: 'user:c@x.gov', member: 'exists', expected: true, actual: false },
    ]);
    expect(compareAccounts(NET, { users: [], bots: desired.bots }, { ...live, bots: [{ ...live.bots[0], displayName: 'Renamed', groupId: 'g2' }] })).toEqual([
      { network: NET, resource: 'bot:alertsbot', member: 'displayName', expected: 'Alerts', actual: 'Renamed' },
      { network: NET, resource: 'bot:alertsbot', member: 'group', expected: 'Consular', actual: 'London Post' },
    ]);
  });

  test('data retention: on, and each way it can be off', () => {
    expect(compareDataRetention(NET, { botExists: true, isDataRetentionBotRegistered: true, isDataRetentionServiceEnabled: true })).toEqual([]);
    expect(compareDataRetention(NET, { botExists: false })).toEqual([{ network: NET, resource: 'data-retention', member: 'bot', expected: 'registered', actual: 'missing' }]);
    expect(compareDataRetention(NET, { botExists: true, isDataRetentionBotRegistered: true, isDataRetentionServiceEnabled: false }).map((d) => [d.member, d.actual])).toEqual([['enabled', false]]);
  });
});

describe('the documents', () => {
  test('a desired state of another version, or incomplete, is refused with what to do', () => {
    expect(() => parseDesiredState({ version: 2, agency: 'dea', networks: [], peerNetworks: [] }, 'desired-state.json')).toThrow(/version 2.*reads version 1.*cdk deploy/);
    expect(() => parseDesiredState({ version: 1, agency: 'dea', networks: [{ key: 'x' }], peerNetworks: [] }, 'f')).toThrow(/networks\[0\] is incomplete/);
    expect(parseDesiredState({ version: 1, agency: 'dea', networks: [], peerNetworks: [] }, 'f').agency).toBe('dea');
  });

  test('a drift record is read back only when it is one', () => {
    expect(parseDriftRecord({ hello: 1 })).toMatch(/not the output of wickr-kit drift --json/);
    expect(parseDriftRecord({ command: 'drift', version: 1, checkedAt: 'yesterday' })).toMatch(/no checkedAt/);
    const ok = { command: 'drift', version: 1, checkedAt: '2026-12-04T00:00:00Z', agencies: [], networks: [], differences: [], reported: [], unresolved: [], notes: [] };
    expect(parseDriftRecord(ok)).toEqual(ok);
  });
});
