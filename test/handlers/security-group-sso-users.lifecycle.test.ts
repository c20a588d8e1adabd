/**
 * The example app's security groups, SSO and users/bots, driven like CloudFormation against the
 * emulator with the real provider handlers: Create, a no-op Update, an Update that changes a policy,
 * and Delete; the emulator's final state is compared with the config.
 *
 * The example's data retention is left out: its bot must start and register during the deploy,
 * which the data-retention suite simulates; groups, SSO and users neither need nor touch it. The
 * example's federation stays in, and its resources go through the same lifecycle.
 */
import YAML from 'yaml';
import { GetOidcInfoCommand, WickrClient } from '../../lambda/wickr';
import { FEDERATION_MEMBERS, groupPolicyFromConfig, toManagedSettings } from '../../lambda/shared/security-group-props';
import { parseConfig } from '../../lib/config/loader';
import type { NetworkConfig } from '../../lib/config/schema';
import type { NetworkSnapshot } from '../emulator/inspect';
import { EXAMPLE_SSO_SECRET, exampleWithoutRetention, seedExampleSsoSecret, startKitLifecycle, synthKit, writes, type KitLifecycle } from '../helpers/lifecycle';

const SSO_REGION = EXAMPLE_SSO_SECRET.region;
const SSO_SECRET_VALUE = EXAMPLE_SSO_SECRET.value;

let kit: KitLifecycle;
beforeAll(async () => {
  kit = await startKitLifecycle();
});
afterAll(() => kit.close());
beforeEach(async () => {
  await kit.reset();
  await seedExampleSsoSecret(kit);
});

const exampleText = exampleWithoutRetention;

/** The path of a network's entry in the example, by its config id. */
function networkPath(doc: YAML.Document, id: string): (string | number)[] {
  const index = (doc.getIn(['agencies', 0, 'networks']) as YAML.YAMLSeq<YAML.YAMLMap>).items.findIndex((n) => n.get('id') === id);
  expect(index).toBeGreaterThanOrEqual(0);
  return ['agencies', 0, 'networks', index];
}

function networks(text: string): NetworkConfig[] {
  return parseConfig(text, 'example.yaml').agencies[0].networks;
}

function snapshotOf(region: string): NetworkSnapshot {
  const inRegion = Object.values(kit.emulator.state.snapshot()[region] ?? {});
  expect(inRegion).toHaveLength(1);
  return inRegion[0];
}

/** Every configured group, user, bot and SSO field is what the emulator holds, and nothing else was made. */
function expectStateMatches(config: NetworkConfig): void {
  const net = snapshotOf(config.region);
  const groups = net.securityGroups;
  expect(groups.map((g) => g.name).sort()).toEqual(config.securityGroups.map((g) => g.name).sort());
  for (const want of config.securityGroups) {
    const got = groups.find((g) => g.name === want.name)!;
    expect([want.name, got.isDefault]).toEqual([want.name, want.default]);
    expect(got.securityGroupSettings).toMatchObject(toManagedSettings(groupPolicyFromConfig(want)) as Record<string, unknown>);
  }
  const groupName = (id: string | undefined) => groups.find((g) => g.id === id)?.name;
  expect(
    net.users.map((u) => ({ username: u.username, firstName: u.firstName, lastName: u.lastName, group: groupName(u.securityGroups?.[0]) })).sort((a, b) => a.username!.localeCompare(b.username!)),
  ).toEqual(
    config.users.map((u) => ({ username: u.username, firstName: u.firstName, lastName: u.lastName, group: u.group })).sort((a, b) => a.username.localeCompare(b.username)),
  );
  expect(net.bots.map((b) => ({ username: b.username, displayName: b.displayName, group: groupName(b.groupId), hasChallenge: b.hasChallenge }))).toEqual(
    config.bots.map((b) => ({ username: b.username, displayName: b.displayName, group: b.group, hasChallenge: true })),
  );
  if (config.sso) {
    expect(net.oidc).toMatchObject({
      companyId: config.sso.companyId,
      issuer: config.sso.issuer,
      scopes: config.sso.scopes.join(' '),
      clientId: config.sso.clientId,
      customUsername: config.sso.customUsername,
      ssoTokenBufferMinutes: config.sso.tokenBufferMinutes,
      secret: '***',
    });
  } else {
    expect(net.oidc).toBeUndefined();
  }
}

function botSecretValues(): string[] {
  const out: string[] = [];
  for (const [stack, resources] of Object.entries(kit.harness.resources)) {
    for (const r of Object.values(resources)) {
      if (r.type !== 'Custom::WickrUsers') continue;
      const region = stack.replace(/^WickrKit-dea-/, '');
      for (const b of (r.properties.Bots as { secretArn: string }[]) ?? []) out.push(kit.harness.standIns.secretsManager.currentValue(region, b.secretArn)!);
    }
  }
  return out;
}

describe('security groups, SSO and users of the example, driven like CloudFormation against the emulator', () => {
  test('Create makes every group, the SSO registration, users and bots as configured; a no-op Update writes nothing; Delete retains everything', async () => {
    const text = exampleText();
    const stacks = synthKit(text);
    await kit.harness.deploy(stacks);
    for (const n of networks(text)) expectStateMatches(n);

    // Every kind of the kit's Wickr custom resources went through Create.
    const created = new Set(kit.harness.invocations.filter((i) => i.requestType === 'Create' && i.phase === 'onEvent').map((i) => i.request.ResourceType));
    for (const t of ['Custom::WickrSecurityGroup', 'Custom::WickrOidc', 'Custom::WickrUsers']) expect(created).toContain(t);

    // Creation followed the API: create with the subset, then update with the rest.
    const creates = kit.emulator.requests.filter((r) => r.operation === 'CreateSecurityGroup');
    expect(creates.map((r) => [r.input?.name, r.input?.securityGroupSettings])).toEqual([
      ['Executives', { lockoutThreshold: 5 }],
      ['Consular', { lockoutThreshold: 5 }],
      ['Consular', { lockoutThreshold: 5 }],
      ['Executives', { lockoutThreshold: 5 }],
    ]);
    // The example's default groups are adopted and renamed, never created.
    expect(kit.emulator.requests.filter((r) => r.operation === 'UpdateSecurityGroup' && r.input?.name === 'DEA Staff')).toHaveLength(1);
    // Wickr tested the IdP before the configuration was saved.
    expect(kit.emulator.requests.filter((r) => /Oidc/.test(r.operation ?? '') && r.access === 'write').map((r) => r.operation)).toEqual([
      'RegisterOidcConfigTest',
      'RegisterOidcConfig',
    ]);
    // The secret Wickr holds is the one in Secrets Manager (read back through the API, outside the handler).
    const client = new WickrClient({ region: SSO_REGION, endpoint: kit.emulator.url });
    const networkId = snapshotOf(SSO_REGION).network.networkId!;
    const { openidConnectInfo } = await client.send(new GetOidcInfoCommand({ networkId }));
    client.destroy();
    expect(openidConnectInfo?.secret).toBe(SSO_SECRET_VALUE);

    kit.emulator.clearRequests();
    await kit.harness.deploy(stacks, { forceUpdate: true });
    const updated = new Set(kit.harness.invocations.filter((i) => i.requestType === 'Update').map((i) => i.request.ResourceType));
    for (const t of ['Custom::WickrSecurityGroup', 'Custom::WickrOidc', 'Custom::WickrUsers']) expect(updated).toContain(t);
    expect(writes(kit.emulator)).toEqual([]);

    kit.emulator.clearRequests();
    await kit.harness.destroy();
    expect(writes(kit.emulator)).toEqual([]);
    // Every Wickr custom resource of every stack went through Create, the no-op Update and Delete.
    const wickrResources = stacks.flatMap((st) =>
      Object.entries((st.template as { Resources: Record<string, { Type: string }> }).Resources)
        .filter(([, r]) => r.Type.startsWith('Custom::Wickr'))
        .map(([id]) => `${st.stackName}/${id}`),
    );
    expect(wickrResources.length).toBeGreaterThan(20);
    for (const requestType of ['Create', 'Update', 'Delete']) {
      const seen = new Set(kit.harness.invocations.filter((i) => i.requestType === requestType && i.phase === 'onEvent').map((i) => `${i.stackName}/${i.logicalId}`));
      expect([requestType, wickrResources.filter((r) => !seen.has(r))]).toEqual([requestType, []]);
    }
    // Networks, groups, users, bots and SSO are all still there.
    for (const n of networks(text)) expectStateMatches(n);
  });

  test('an Update that changes one policy writes exactly that member of that group, and never a federation member', async () => {
    const text = exampleText();
    await kit.harness.deploy(synthKit(text));
    kit.emulator.clearRequests();
    const changed = exampleText((doc) => {
      const executives = [...networkPath(doc, 'canberra'), 'securityGroups', 1];
      expect(doc.getIn([...executives, 'name'])).toBe('Executives');
      expect(doc.getIn([...executives, 'maxBor'])).toBe('1h');
      doc.setIn([...executives, 'maxBor'], '2h');
    });
    await kit.harness.deploy(synthKit(changed));
    const w = kit.emulator.requests.filter((r) => r.access === 'write');
    expect(w.map((r) => [r.operation, r.region, r.input?.securityGroupSettings])).toEqual([['UpdateSecurityGroup', 'ap-southeast-2', { maxBor: 7200 }]]);
    expect(Object.keys(w[0].input?.securityGroupSettings as object).filter((k) => (FEDERATION_MEMBERS as readonly string[]).includes(k))).toEqual([]);
    for (const n of networks(changed)) expectStateMatches(n);
    await kit.harness.destroy();
  });

  test('properties arrive as strings (booleans, numbers, lists, nested objects) and parse', async () => {
    await kit.harness.deploy(synthKit(exampleText()));
    const group = kit.harness.invocations.find(
      (i) => i.request.ResourceType === 'Custom::WickrSecurityGroup' && (i.request.ResourceProperties as { GroupName: string }).GroupName === 'Consular' && i.stackName.endsWith('eu-west-2'),
    )!;
    const props = group.request.ResourceProperties as Record<string, any>;
    expect(props.IsDefault).toBe('false');
    expect(props.Settings.lockoutThreshold).toBe('5');
    expect(props.Settings.maxTtl).toBe(String(14 * 86400));
    expect(props.Settings.calling).toEqual({ canStart11Call: 'true', canVideoCall: 'false' });
    expect(props.Settings.passwordRequirements).toEqual({ minLength: '16', lowercase: '1', uppercase: '1', numbers: '1', symbols: '1' });
    expect(props.Settings.quickResponses).toEqual(['Received', 'Call the duty officer', 'Move to a secure room']);
    const sso = kit.harness.invocations.find((i) => i.request.ResourceType === 'Custom::WickrOidc')!.request.ResourceProperties as Record<string, unknown>;
    expect([sso.TestBeforeSave, sso.TokenBufferMinutes]).toEqual(['true', '5']);
    const users = kit.harness.invocations.find((i) => i.request.ResourceType === 'Custom::WickrUsers')!.request.ResourceProperties as Record<string, unknown>;
    expect(users.DeleteRemoved).toBe('false');
    // Parsed and applied: the emulator holds the numbers and booleans.
    const consular = snapshotOf('eu-west-2').securityGroups.find((g) => g.name === 'Consular')!;
    expect(consular.securityGroupSettings).toMatchObject({ lockoutThreshold: 5, maxTtl: 1209600, calling: { canStart11Call: true, canVideoCall: false }, enableFileDownload: false });
    await kit.harness.destroy();
  });

  test('no secret value appears in a template, in Data, in handler logs or in the Wickr request log', async () => {
    const text = exampleText();
    const stacks = synthKit(text);
    await kit.harness.deploy(stacks);
    await kit.harness.deploy(stacks, { forceUpdate: true });
    const secrets = [SSO_SECRET_VALUE, ...botSecretValues().map((v) => (JSON.parse(v) as { password: string }).password)];
    expect(secrets).toHaveLength(2);
    for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(20);
    const templates = JSON.stringify(stacks.map((s) => s.template));
    const data = JSON.stringify(Object.values(kit.harness.resources).flatMap((r) => Object.values(r).map((x) => x.data)));
    const responses = JSON.stringify(kit.harness.invocations.map((i) => i.response ?? null));
    const logs = kit.harness.logText();
    const wickrLog = JSON.stringify(kit.emulator.requests);
    for (const s of secrets) {
      expect(templates).not.toContain(s);
      expect(data).not.toContain(s);
      expect(responses).not.toContain(s);
      expect(logs).not.toContain(s);
      expect(wickrLog).not.toContain(s);
    }
    expect(logs.length).toBeGreaterThan(0);
    await kit.harness.destroy();
  });

  test("users' first and last names never reach the handler logs", async () => {
    const named = (last: string) =>
      exampleText((doc) => {
        const user = [...networkPath(doc, 'london'), 'users', 0];
        expect(doc.getIn([...user, 'firstName'])).toBe('Alex');
        doc.setIn([...user, 'firstName'], 'Zephyrinette');
        doc.setIn([...user, 'lastName'], last);
      });
    await kit.harness.deploy(synthKit(named('Quartermaine-Oyelaran')));
    await kit.harness.deploy(synthKit(named('Quartermaine-Oyelaran-Brandt')));
    const logs = kit.harness.logText();
    expect(logs).toContain('users and bots converged');
    for (const name of ['Zephyrinette', 'Quartermaine']) expect(logs).not.toContain(name);
    // The update did reach Wickr.
    expect(snapshotOf('eu-west-2').users.find((u) => u.firstName === 'Zephyrinette')?.lastName).toBe('Quartermaine-Oyelaran-Brandt');
    await kit.harness.destroy();
  });
});
