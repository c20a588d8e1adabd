import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { FEDERATION_MEMBERS, GROUP_RULES } from '../../lambda/shared/security-group-props';
import { KitConfigError } from '../../lib/config/errors';
import { validateConfig } from '../../lib/config/validator';
import { SecurityGroup, SecurityGroupProps } from '../../lib/constructs/security-group';
import { AutoDownload, Calling, Shredder } from '../../lib/constructs/security-group-policy';
import { AccessLevel, WickrNetwork } from '../../lib/constructs/wickr-network';
import { PREMIUM_ONLY_MEMBERS } from '../../lambda/shared/plan-tier';
import { WickrProvider } from '../../lib/constructs/wickr-provider';
import { WickrSso } from '../../lib/constructs/wickr-sso';
import { testApp } from '../helpers/kit';

function stackWithNetwork() {
  const stack = new Stack(testApp(), 'Groups', { env: { account: '111122223333', region: 'ap-southeast-2' } });
  const network = WickrNetwork.fromNetworkId(stack, 'Net', '12345678');
  return { stack, network };
}

function groupProperties(stack: Stack): Record<string, any>[] {
  return Object.values(Template.fromStack(stack).findResources('Custom::WickrSecurityGroup')).map((r) => r.Properties);
}

/** The construct's error for these props, as one text. */
function errorFor(props: Partial<SecurityGroupProps>, withSso = false): string {
  const { stack, network } = stackWithNetwork();
  const sso = withSso
    ? new WickrSso(stack, 'Sso', {
        network,
        companyId: 'dea',
        issuer: 'https://idp.example.gov.au',
        clientId: 'wickr',
        clientSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'dea/wickr/oidc'),
      })
    : undefined;
  try {
    new SecurityGroup(stack, 'Group', { network, groupName: 'Executives', sso, ...props });
  } catch (e) {
    expect(KitConfigError.isKitConfigError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('no error was thrown');
}

describe('SecurityGroup construct', () => {
  test('writes every policy member in wire form: calling, sizes in bytes, durations in seconds, shredder, lists', () => {
    const { stack, network } = stackWithNetwork();
    new SecurityGroup(stack, 'Group', {
      network,
      groupName: 'Executives',
      calling: Calling.oneToOne({ video: false, forceTcp: true }),
      filesEnabled: true,
      enableFileDownload: true,
      maxAutoDownloadSize: AutoDownload.HIGH_QUALITY,
      locationEnabled: true,
      locationAllowMaps: false,
      maxTtl: Duration.days(7),
      maxBor: Duration.hours(1),
      lockoutThreshold: 5,
      forceDeviceLockout: 3,
      passwordRequirements: { minLength: 14, symbols: 1 },
      isAtoEnabled: true,
      shredder: Shredder.intensity(60, { manual: true }),
      presenceEnabled: false,
      enableNotificationPreview: false,
      isLinkPreviewEnabled: false,
      messageForwardingEnabled: false,
      quickResponses: ['Received'],
      enableAtak: true,
      atakPackageValues: ['pkg=1'],
      enableOpenAccessOption: true,
      forceOpenAccess: true,
      enableCrashReports: false,
      checkForUpdates: true,
      alwaysReauthenticate: true,
      forceReadReceipts: false,
    });
    const [props] = groupProperties(stack);
    expect(props).toMatchObject({ NetworkId: '12345678', GroupName: 'Executives', IsDefault: false, RemovalPolicy: 'retain' });
    expect(props.Settings).toEqual({
      calling: { canStart11Call: true, canVideoCall: false, forceTcpCall: true },
      filesEnabled: true,
      enableFileDownload: true,
      maxAutoDownloadSize: 7340032,
      locationEnabled: true,
      locationAllowMaps: false,
      maxTtl: 604800,
      maxBor: 3600,
      lockoutThreshold: 5,
      forceDeviceLockout: 3,
      passwordRequirements: { minLength: 14, symbols: 1 },
      isAtoEnabled: true,
      shredder: { intensity: 60, canProcessManually: true },
      presenceEnabled: false,
      enableNotificationPreview: false,
      isLinkPreviewEnabled: false,
      messageForwardingEnabled: false,
      quickResponses: ['Received'],
      enableAtak: true,
      atakPackageValues: ['pkg=1'],
      enableOpenAccessOption: true,
      forceOpenAccess: true,
      enableCrashReports: false,
      checkForUpdates: true,
      alwaysReauthenticate: true,
      forceReadReceipts: false,
    });
    for (const member of FEDERATION_MEMBERS) expect(props.Settings).not.toHaveProperty(member);
    expect(WickrProvider.of(stack).allowedOperations).toEqual(['CreateSecurityGroup', 'DeleteSecurityGroup', 'GetSecurityGroup', 'ListSecurityGroups', 'UpdateSecurityGroup']);
  });

  test('turning a prerequisite off also turns off what depends on it, unless the policy says otherwise', () => {
    const { stack, network } = stackWithNetwork();
    new SecurityGroup(stack, 'Group', { network, groupName: 'Quiet', calling: Calling.disabled(), locationEnabled: false, enableOpenAccessOption: false });
    expect(groupProperties(stack)[0].Settings).toEqual({
      calling: { canStart11Call: false, canVideoCall: false },
      locationEnabled: false,
      locationAllowMaps: false,
      enableOpenAccessOption: false,
      forceOpenAccess: false,
    });
  });

  test('a group with no policy manages only its name; the default group is adopted and opted-in destruction is recorded', () => {
    const { stack, network } = stackWithNetwork();
    new SecurityGroup(stack, 'Default', { network, groupName: 'Staff', isDefault: true });
    new SecurityGroup(stack, 'Old', { network, groupName: 'Old', removalPolicy: RemovalPolicy.DESTROY });
    const [def, old] = groupProperties(stack);
    expect(def).toMatchObject({ GroupName: 'Staff', IsDefault: true, RemovalPolicy: 'retain', Settings: {} });
    expect(old).toMatchObject({ GroupName: 'Old', IsDefault: false, RemovalPolicy: 'destroy' });
  });

  test('SSO-only settings are accepted with the network\'s SSO, and the group waits for it', () => {
    const { stack, network } = stackWithNetwork();
    const sso = new WickrSso(stack, 'Sso', { network, companyId: 'dea', issuer: 'https://idp.example.gov.au', clientId: 'wickr', clientSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'dea/wickr/oidc') });
    new SecurityGroup(stack, 'Group', { network, groupName: 'Staff', sso, ssoMaxIdleMinutes: 480, showMasterRecoveryKey: true });
    const template = Template.fromStack(stack).toJSON();
    const [id, group] = Object.entries(template.Resources as Record<string, any>).find(([, r]) => r.Type === 'Custom::WickrSecurityGroup')!;
    const ssoId = Object.entries(template.Resources as Record<string, any>).find(([, r]) => r.Type === 'Custom::WickrOidc')![0];
    expect(id).toBeDefined();
    expect(group.DependsOn).toContain(ssoId);
    expect(group.Properties.Settings).toEqual({ ssoMaxIdleMinutes: 480, showMasterRecoveryKey: true });
  });

  test('fails when forceDeviceLockout is not below lockoutThreshold', () => {
    expect(errorFor({ lockoutThreshold: 5, forceDeviceLockout: 5 })).toMatch(
      /Groups\/Group:forceDeviceLockout: must be below lockoutThreshold \(5\), .*lower forceDeviceLockout or raise lockoutThreshold \(got 5; allowed 1\.\.4, or 0 for no wipe\)/,
    );
  });

  test('fails when maxAutoDownloadSize is not one of the two sizes, or downloads are not enabled', () => {
    expect(errorFor({ enableFileDownload: true, maxAutoDownloadSize: AutoDownload.bytes(1000000) })).toMatch(
      /maxAutoDownloadSize: Wickr accepts only its two auto-download limits \(got 1000000; allowed 512000 \(LOW_QUALITY\), 7340032 \(HIGH_QUALITY\)\)/,
    );
    expect(errorFor({ maxAutoDownloadSize: AutoDownload.LOW_QUALITY })).toMatch(/maxAutoDownloadSize: applies only when files can be downloaded; set enableFileDownload: true in the same group/);
  });

  test('fails when video calls are allowed without one-to-one calls', () => {
    expect(errorFor({ calling: Calling.of({ oneToOne: false, video: true }) })).toMatch(/calling\.video: video calls need one-to-one calls; set calling\.oneToOne: true, or calling\.video: false/);
  });

  test('fails when maps are allowed without location sharing', () => {
    expect(errorFor({ locationAllowMaps: true })).toMatch(/locationAllowMaps: maps apply only to shared locations; set locationEnabled: true/);
  });

  test('fails when open access is forced without the open-access option', () => {
    expect(errorFor({ forceOpenAccess: true, enableOpenAccessOption: false })).toMatch(/forceOpenAccess: forcing open access needs the open-access option; set enableOpenAccessOption: true/);
  });

  test('fails when the shredder intensity is not 0, 20, 60 or 100', () => {
    expect(errorFor({ shredder: Shredder.intensity(50) })).toMatch(/shredder\.intensity: Wickr accepts only four shredder intensities \(got 50; allowed 0, 20, 60, 100\)/);
  });

  test('fails when SSO-only settings are set on a network without SSO, and passes with it', () => {
    const message = errorFor({ showMasterRecoveryKey: true, ssoMaxIdleMinutes: 60 });
    expect(message).toMatch(/showMasterRecoveryKey: is available only on networks with SSO; configure SSO for the network/);
    expect(message).toMatch(/ssoMaxIdleMinutes: is available only on networks with SSO/);
    expect(() => errorFor({ showMasterRecoveryKey: true, ssoMaxIdleMinutes: 60 }, true)).toThrow('no error was thrown');
  });

  test('fails when ATAK package values are set without ATAK', () => {
    expect(errorFor({ atakPackageValues: ['x'] })).toMatch(/atakPackageValues: ATAK package values apply only when ATAK is enabled; set enableAtak: true/);
  });

  test('fails when the default group is set to be destroyed, or values are fractions', () => {
    expect(errorFor({ isDefault: true, removalPolicy: RemovalPolicy.DESTROY })).toMatch(/removalPolicy: the network's default group can never be deleted/);
    expect(errorFor({ maxBor: Duration.millis(1500) })).toMatch(/maxBor: Wickr takes whole seconds/);
    expect(errorFor({ lockoutThreshold: 2.5 })).toMatch(/lockoutThreshold: must be a whole number, 0 or more \(got 2\.5\)/);
    expect(errorFor({ passwordRequirements: { minLength: -1 } })).toMatch(/passwordRequirements\.minLength: must be a whole number, 0 or more/);
  });

  test('reports every problem at once', () => {
    const message = errorFor({ locationAllowMaps: true, forceOpenAccess: true, shredder: Shredder.intensity(10) });
    expect(message.split('\n')).toHaveLength(3);
  });
});

/** A config with one agency and one network in Sydney, with these extra network fields. */
const oneNetworkConfig = (networkExtra: Record<string, unknown>) => ({
  version: 1,
  agencies: [
    {
      id: 'dea',
      name: 'DEA',
      recordsOwner: 'Records',
      homeRegion: 'ap-southeast-2',
      allowedRegions: ['ap-southeast-2'],
      networks: [{ id: 'canberra', name: 'dea-canberra', region: 'ap-southeast-2', ...networkExtra }],
    },
  ],
});

describe('the config validator runs the same rules, at config paths', () => {
  const base = oneNetworkConfig;
  const at = 'agencies[0].networks[0]';
  const paths = (extra: Record<string, unknown>) => validateConfig(base(extra)).map((p) => `${p.path}: ${p.message}`);

  test('every rule the construct runs is also reported for a config file', () => {
    const problems = paths({
      securityGroups: [
        { name: 'Staff', default: true },
        {
          name: 'Executives',
          lockoutThreshold: 3,
          forceDeviceLockout: 4,
          maxAutoDownloadSize: 1000,
          calling: { oneToOne: false, video: true },
          locationAllowMaps: true,
          forceOpenAccess: true,
          shredder: { intensity: 30 },
          atakPackageValues: ['x'],
          showMasterRecoveryKey: true,
          ssoMaxIdleMinutes: 30,
        },
      ],
    });
    const g = `${at}.securityGroups[1]`;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${escape(g)}\\.forceDeviceLockout: must be below lockoutThreshold \\(3\\)`)),
        `${g}.maxAutoDownloadSize: Wickr accepts only its two auto-download limits`,
        expect.stringMatching(new RegExp(`^${escape(g)}\\.maxAutoDownloadSize: applies only when files can be downloaded`)),
        expect.stringMatching(new RegExp(`^${escape(g)}\\.calling\\.video: video calls need one-to-one calls`)),
        expect.stringMatching(new RegExp(`^${escape(g)}\\.locationAllowMaps: maps apply only to shared locations`)),
        expect.stringMatching(new RegExp(`^${escape(g)}\\.forceOpenAccess: forcing open access needs the open-access option`)),
        `${g}.shredder.intensity: Wickr accepts only four shredder intensities`,
        expect.stringMatching(new RegExp(`^${escape(g)}\\.atakPackageValues: ATAK package values apply only when ATAK is enabled`)),
        expect.stringMatching(new RegExp(`^${escape(g)}\\.showMasterRecoveryKey: is available only on networks with SSO`)),
        expect.stringMatching(new RegExp(`^${escape(g)}\\.ssoMaxIdleMinutes: is available only on networks with SSO`)),
      ]),
    );
    // The plan rules need a STANDARD network; they have their own tests below.
    expect(problems).toHaveLength(Object.keys(GROUP_RULES).filter((r) => !PLAN_RULES.includes(r)).length + 1);
  });

  test('durations and download sizes are read in their config forms; a sound group passes', () => {
    expect(
      paths({
        securityGroups: [{ name: 'Staff', default: true, maxTtl: '30d', maxBor: 3600, enableFileDownload: true, maxAutoDownloadSize: 'LOW_QUALITY', calling: { oneToOne: true, video: true } }],
      }),
    ).toEqual([]);
  });

  test('fails when group names repeat, two groups are the default, or the default group is to be destroyed', () => {
    expect(paths({ securityGroups: [{ name: 'A', default: true, removalPolicy: 'destroy' }, { name: 'A', default: true }] })).toEqual([
      `${at}.securityGroups[0].removalPolicy: the network's default group can never be deleted; remove removalPolicy from it`,
      `${at}.securityGroups[1].name: group name is already used by ${at}.securityGroups[0]; the kit identifies groups by name, so names are unique per network`,
      `${at}.securityGroups[1].default: ${at}.securityGroups[0] is already the default group; a network has one`,
    ]);
  });

  test('fails when users name an unknown group, usernames repeat, a bot name does not end in bot, or an SSO network lists users', () => {
    const sso = { companyId: 'dea', issuer: 'https://idp.example.gov.au', clientId: 'wickr', clientSecret: 'dea/wickr/oidc', scopes: ['profile'] };
    expect(
      paths({
        securityGroups: [{ name: 'Staff', default: true }],
        sso,
        users: [{ username: 'a@dea.gov.au', group: 'Staff' }, { username: 'A@dea.gov.au', group: 'Nobody' }],
        bots: [{ username: 'alerts', group: 'Staff' }],
      }),
    ).toEqual([
      `${at}.users: this network signs users in with SSO, so its IdP provisions the users; remove users (bots may stay) or remove sso`,
      `${at}.users[1].username: is already used by users[0]; usernames are unique in a network (users and bots alike, ignoring case)`,
      `${at}.bots[0].username: a bot's username must end in "bot" (Wickr refuses others)`,
      `${at}.users[1].group: names no security group of this network; add the group to securityGroups or use one of its names`,
      `${at}.sso.scopes: OpenID Connect needs the openid scope; add it`,
    ]);
  });
});

const PLAN_RULES = ['premiumMembersNeedPremium', 'standardLockoutFloor'];

/** Every PREMIUM-only member in the config's own terms (lambda/shared/plan-tier.ts has them in wire form). */
const PREMIUM_ONLY_CONFIG: Record<string, unknown> = {
  alwaysReauthenticate: true,
  checkForUpdates: true,
  enableAtak: true,
  enableFileDownload: true,
  enableNotificationPreview: false,
  enableOpenAccessOption: true,
  filesEnabled: true,
  lockoutThreshold: 12,
  forceDeviceLockout: 6,
  forceOpenAccess: true,
  forceReadReceipts: false,
  isAtoEnabled: true,
  maxAutoDownloadSize: 'LOW_QUALITY',
  maxBor: '1h',
  maxTtl: '30d',
  showMasterRecoveryKey: true,
  ssoMaxIdleMinutes: 60,
  atakPackageValues: ['pkg'],
  calling: { oneToOne: true, video: true, forceTcp: false },
};

describe('what the network\'s plan refuses (the live service: 402 for PREMIUM-only members on STANDARD, 422 below STANDARD\'s lockout floor)', () => {
  const config = (accessLevel: string, groups: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
    oneNetworkConfig({ accessLevel, securityGroups: groups, ...extra });
  const at = 'agencies[0].networks[0].securityGroups[0]';
  const sso = { companyId: 'dea', issuer: 'https://idp.example.gov.au', clientId: 'wickr', clientSecret: 'dea/wickr/oidc' };

  test('a STANDARD network that sets maxTtl fails, naming the member, the 402 and the fix', () => {
    expect(validateConfig(config('STANDARD', [{ name: 'Staff', default: true, maxTtl: '7d' }])).map((p) => `${p.path}: ${p.message}`)).toEqual([
      `${at}.maxTtl: needs a PREMIUM network: on STANDARD, Wickr refuses it with HTTP 402 "this feature requires a different level plan", whatever its value; make the network PREMIUM (accessLevel: PREMIUM), or remove the member`,
    ]);
  });

  test('every one of the 21 PREMIUM-only members is named, in the config\'s terms (calling.oneToOne is canStart11Call)', () => {
    const problems = validateConfig(config('STANDARD', [{ name: 'Staff', default: true, ...PREMIUM_ONLY_CONFIG }], { sso }));
    const named = problems.filter((p) => /needs a PREMIUM network/.test(p.message)).map((p) => p.path.slice(at.length + 1));
    expect(named.sort()).toEqual(
      [...Object.keys(PREMIUM_ONLY_CONFIG).filter((k) => k !== 'calling' && k !== 'lockoutThreshold'), 'calling.oneToOne', 'calling.video', 'calling.forceTcp'].sort(),
    );
    // The 21st, enableGuestFederation, is federation's `guests` (refused on STANDARD by the federation rules).
    expect([...named, 'enableGuestFederation']).toHaveLength(PREMIUM_ONLY_MEMBERS.length);
    expect(problems.find((p) => p.path === `${at}.calling.video`)!.message).toMatch(/^needs a PREMIUM network: on STANDARD, Wickr refuses it \(calling.canVideoCall\) with HTTP 402/);
    // The same members are fine on PREMIUM.
    expect(validateConfig(config('PREMIUM', [{ name: 'Staff', default: true, ...PREMIUM_ONLY_CONFIG }], { sso }))).toEqual([]);
  });

  test('lockoutThreshold below 10 fails on STANDARD; 10 passes; PREMIUM takes 5', () => {
    expect(validateConfig(config('STANDARD', [{ name: 'Staff', default: true, lockoutThreshold: 5 }])).map((p) => `${p.path}: ${p.message} (got ${p.got})`)).toEqual([
      `${at}.lockoutThreshold: STANDARD networks refuse a lockout threshold below 10 (HTTP 422); raise it to 10 or more, or make the network PREMIUM (got 5)`,
    ]);
    expect(validateConfig(config('STANDARD', [{ name: 'Staff', default: true, lockoutThreshold: 10 }]))).toEqual([]);
    expect(validateConfig(config('PREMIUM', [{ name: 'Staff', default: true, lockoutThreshold: 5 }]))).toEqual([]);
  });

  test('a STANDARD network with only what its plan allows passes', () => {
    expect(
      validateConfig(
        config('STANDARD', [
          { name: 'Staff', default: true, lockoutThreshold: 10, locationEnabled: false, presenceEnabled: true, messageForwardingEnabled: false, passwordRequirements: { minLength: 14 }, shredder: { intensity: 60 } },
        ]),
      ),
    ).toEqual([]);
  });

  test('more than 100 security groups in a network fail, counting the default group the network always has', () => {
    const groups = Array.from({ length: 100 }, (_, i) => ({ name: `g${i}` }));
    expect(validateConfig(config('PREMIUM', groups)).map((p) => `${p.path}: ${p.message} (got ${p.got})`)).toEqual([
      'agencies[0].networks[0].securityGroups: a Wickr network holds at most 100 security groups, its default group included; merge groups or split them across networks (got 101 groups (with the default group))',
    ]);
    expect(validateConfig(config('PREMIUM', [{ name: 'Staff', default: true }, ...groups.slice(1)]))).toEqual([]);
  });

  test('the construct refuses the same when the network\'s plan is known, and leaves an import of unknown plan to the handler', () => {
    const stack = new Stack(testApp(), 'Plan', { env: { account: '111122223333', region: 'ap-southeast-2' } });
    const standard = new WickrNetwork(stack, 'Std', { networkName: 'std', accessLevel: AccessLevel.STANDARD });
    expect(() => new SecurityGroup(stack, 'A', { network: standard, groupName: 'A', maxTtl: Duration.days(7) })).toThrow(
      /Plan\/A:maxTtl: needs a PREMIUM network: on STANDARD, Wickr refuses it with HTTP 402 "this feature requires a different level plan", whatever its value; make the network PREMIUM \(accessLevel: PREMIUM\), or remove the member \(got 604800\)/,
    );
    expect(() => new SecurityGroup(stack, 'B', { network: standard, groupName: 'B', lockoutThreshold: 5 })).toThrow(/Plan\/B:lockoutThreshold: STANDARD networks refuse a lockout threshold below 10/);
    const importedStandard = WickrNetwork.fromNetworkAttributes(stack, 'ImpStd', { networkId: '12345678', accessLevel: AccessLevel.STANDARD });
    expect(() => new SecurityGroup(stack, 'C', { network: importedStandard, groupName: 'C', calling: Calling.oneToOne() })).toThrow(/Plan\/C:calling\.oneToOne: needs a PREMIUM network/);
    const unknown = WickrNetwork.fromNetworkId(stack, 'Imp', '87654321');
    expect(() => new SecurityGroup(stack, 'D', { network: unknown, groupName: 'D', maxTtl: Duration.days(7) })).not.toThrow();
    expect(() => new SecurityGroup(stack, 'E', { network: standard, groupName: 'E', lockoutThreshold: 10, locationEnabled: false })).not.toThrow();
  });

  test('the construct fails synth for more than 100 groups on one network', () => {
    const app = testApp();
    const stack = new Stack(app, 'Many', { env: { account: '111122223333', region: 'ap-southeast-2' } });
    const network = new WickrNetwork(stack, 'Net', { networkName: 'many' });
    for (let i = 0; i < 100; i++) new SecurityGroup(stack, `G${i}`, { network, groupName: `g${i}` });
    expect(() => app.synth()).toThrow(/Many\/Net: a Wickr network holds at most 100 security groups, its default group included \(got 101\)/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
