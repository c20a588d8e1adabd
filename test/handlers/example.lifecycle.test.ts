/**
 * The whole example (four Regions: networks, settings, security groups, SSO, users and bots, data
 * retention, federation), driven like CloudFormation against the emulator with the real provider
 * handlers: Create, a policy-change Update, a no-op Update and Delete, for every Wickr custom
 * resource. It runs against the emulator's default, the live service as the live-tested fork
 * recorded it (test/emulator/behaviour.ts), and against the model-only behaviour.
 *
 * The retention bots register as soon as their challenge exists (the emulator's
 * `autoRegisterDataRetentionBot`); test/handlers/data-retention.lifecycle.test.ts drives the
 * container's side in detail.
 */
import YAML from 'yaml';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { EXAMPLE_SSO_SECRET, exampleConfigText, seedExampleSsoSecret, startKitLifecycle, synthKit, writes, type KitLifecycle } from '../helpers/lifecycle';
import { RETENTION_PUBLIC_PARAMETERS, RETENTION_SIMULATORS } from '../helpers/retention-simulators';

const EVERY_WICKR_TYPE = Object.values(WICKR_RESOURCES).map((r) => r.type);

describe.each([
  ['the live service (the default)', 'live' as const],
  ['the model only', 'model' as const],
])('the example against %s', (_label, behaviour) => {
  let kit: KitLifecycle;
  beforeAll(async () => {
    kit = await startKitLifecycle({ emulator: { behaviour, autoRegisterDataRetentionBot: 0 }, harness: { simulators: RETENTION_SIMULATORS, publicParameters: RETENTION_PUBLIC_PARAMETERS } });
  });
  afterAll(() => kit.close());
  beforeEach(async () => {
    await kit.reset();
    await seedExampleSsoSecret(kit);
  });

  test('Create, a policy-change Update, a no-op Update with zero writes, and Delete, for every Wickr custom resource', async () => {
    const text = exampleConfigText();
    const stacks = synthKit(text);
    await kit.harness.deploy(stacks);

    // Every Wickr resource type of the example was created, and nothing the service answered was an error.
    const created = new Set(kit.harness.invocations.filter((i) => i.requestType === 'Create' && i.phase === 'onEvent').map((i) => i.request.ResourceType));
    const used = EVERY_WICKR_TYPE.filter((t) => created.has(t));
    expect(used).toEqual(EVERY_WICKR_TYPE);
    expect(kit.emulator.requests.filter((r) => (r.status ?? 200) >= 400).map((r) => `${r.operation} ${r.status} ${r.errorMessage}`)).toEqual([]);
    const snapshot = kit.emulator.state.snapshot();
    for (const region of ['ap-southeast-2', 'eu-west-2', 'ap-northeast-1', 'us-east-1']) {
      const networks = Object.values(snapshot[region] ?? {});
      expect([region, networks.length]).toEqual([region, 1]);
      expect([region, networks[0].dataRetention.isDataRetentionServiceEnabled]).toEqual([region, true]);
    }
    if (behaviour === 'live') {
      // Nested writes carried what the live service requires, as it sent them.
      const nested = kit.emulator.requests.filter((r) => r.operation === 'UpdateSecurityGroup').map((r) => (r.input as any).securityGroupSettings ?? {});
      expect(nested.filter((s) => s.passwordRequirements).every((s) => typeof s.passwordRequirements.regex === 'string')).toBe(true);
      expect(nested.filter((s) => s.shredder).every((s) => typeof s.shredder.canProcessInBackground === 'boolean')).toBe(true);
      expect(nested.some((s) => s.passwordRequirements) && nested.some((s) => s.shredder)).toBe(true);
    }

    // A policy change: exactly the changed members are written.
    kit.emulator.clearRequests();
    const changed = YAML.parseDocument(text);
    changed.setIn(['agencies', 0, 'networks', 0, 'securityGroups', 1, 'maxTtl'], '3d');
    changed.setIn(['agencies', 0, 'networks', 1, 'securityGroups', 0, 'passwordRequirements', 'minLength'], 16);
    changed.setIn(['agencies', 0, 'networks', 1, 'settings', 'readReceipts'], 'ENABLED');
    await kit.harness.deploy(synthKit(changed.toString()));
    const updates = kit.emulator.requests.filter((r) => r.access === 'write');
    expect(updates.map((r) => `${r.operation} ${r.region}`).sort()).toEqual(
      ['UpdateNetworkSettings eu-west-2', 'UpdateSecurityGroup ap-southeast-2', 'UpdateSecurityGroup eu-west-2'].sort(),
    );
    const group = (region: string) => (updates.find((r) => r.operation === 'UpdateSecurityGroup' && r.region === region)!.input as any).securityGroupSettings;
    expect(group('ap-southeast-2')).toEqual({ maxTtl: 3 * 86400 });
    expect(group('eu-west-2').passwordRequirements).toMatchObject({ minLength: 16, lowercase: 1, uppercase: 1, numbers: 1, symbols: 1 });
    expect(Object.keys(group('eu-west-2'))).toEqual(['passwordRequirements']);

    // A no-op Update of every resource writes nothing.
    kit.emulator.clearRequests();
    await kit.harness.deploy(synthKit(changed.toString()), { forceUpdate: true });
    const forced = new Set(kit.harness.invocations.filter((i) => i.requestType === 'Update' && i.phase === 'onEvent').map((i) => i.request.ResourceType));
    for (const t of used) expect([t, forced.has(t)]).toEqual([t, true]);
    expect(writes(kit.emulator)).toEqual([]);

    // Delete retains everything the agency stored, and says nothing secret on the way.
    kit.emulator.clearRequests();
    await kit.harness.destroy();
    expect(writes(kit.emulator)).toEqual([]);
    const after = kit.emulator.state.snapshot();
    expect(Object.values(after).reduce((n, r) => n + Object.keys(r).length, 0)).toBe(4);
    expect(kit.harness.logText()).not.toContain(EXAMPLE_SSO_SECRET.value);
  });
});
