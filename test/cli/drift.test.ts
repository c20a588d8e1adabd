/**
 * `wickr-kit drift` in-process against the emulator and a local SSM: in sync (0), drift named in
 * the config's units (1), bad input (2), authentication (3), the service failing (4), and never a
 * write call. The whole example, deployed through the lifecycle harness, is in
 * test/drift/example.lifecycle.test.ts.
 */
import { UpdateNetworkCommand, UpdateNetworkSettingsCommand, UpdateSecurityGroupCommand } from '../../lambda/wickr';
import { type AwsStandIns, startAwsStandIns } from '../lifecycle/stand-ins';
import { Emulator, startEmulator } from '../emulator';
import { REGION, kitClient, run, scratchDir, seedNetwork, writes } from './support/harness';

const CONFIG = `version: 1
agencies:
  - id: dea
    name: Test agency
    recordsOwner: Records Unit
    homeRegion: ${REGION}
    allowedRegions: [${REGION}]
    networks:
      - id: canberra
        name: dea-canberra
        region: ${REGION}
        settings: { readReceipts: ENABLED }
        securityGroups:
          - { name: Staff, default: true, maxTtl: 30d, calling: { oneToOne: true, video: false } }
`;

describe('wickr-kit drift', () => {
  let emulator: Emulator;
  let standIns: AwsStandIns;
  let dir: string;
  let networkId: string;
  let groupId: string;
  const env = () => ({ AWS_ENDPOINT_URL_SSM: standIns.ssm.url });
  const C = ['-c', 'config.yaml'];

  beforeAll(async () => {
    [emulator, standIns] = await Promise.all([startEmulator(), startAwsStandIns()]);
    dir = scratchDir(CONFIG);
  });
  afterAll(async () => {
    await emulator.close();
    await standIns.close();
  });

  /** A network as a deployment of CONFIG leaves it (its id in SSM), written through the kit's own client. */
  beforeEach(async () => {
    emulator.reset();
    ({ networkId, groupId } = await seedNetwork(emulator, 'dea-canberra'));
    const client = kitClient(emulator);
    try {
      await client.send(new UpdateNetworkSettingsCommand({ networkId, settings: { readReceiptConfig: { status: 'ENABLED' } } }));
      await client.send(new UpdateSecurityGroupCommand({ networkId, groupId, name: 'Staff', securityGroupSettings: { maxTtl: 30 * 86400, calling: { canStart11Call: true, canVideoCall: false } } }));
    } finally {
      client.destroy();
    }
    standIns.ssm.putParameter(REGION, { name: '/wickr-kit/dea/canberra/network-id', value: networkId, overwrite: true });
    emulator.clearRequests();
  });

  test('exits 0 when the network holds what the config says, with read calls only', async () => {
    const r = await run(emulator, dir, ['drift', ...C, '--json'], env());
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.json).toMatchObject({ command: 'drift', version: 1, source: 'cli', inSync: true, agencies: ['dea'], differences: [], exitCode: 0 });
    expect(r.json.networks).toEqual([{ network: 'dea/canberra', region: REGION, networkId, foundBy: 'ssm' }]);
    expect(r.json.reported).toEqual([{ network: 'dea/canberra', resource: 'security-group:Staff', member: 'CALLING.canStartScreenShare', actual: expect.any(Boolean) }]);
    expect(writes(emulator)).toEqual([]);
    expect(standIns.ssm.requests.map((q) => q.operation)).toEqual(expect.arrayContaining(['GetParameter']));
    expect(standIns.ssm.requests.every((q) => q.operation === 'GetParameter')).toBe(true);
  });

  test('exits 1 and prints one line per difference, configured and live values in the config\'s units', async () => {
    const client = kitClient(emulator);
    try {
      await client.send(new UpdateSecurityGroupCommand({ networkId, groupId, securityGroupSettings: { maxTtl: 90 * 86400, lockoutThreshold: 20 } }));
      await client.send(new UpdateNetworkSettingsCommand({ networkId, settings: { readReceiptConfig: { status: 'DISABLED' } } }));
    } finally {
      client.destroy();
    }
    emulator.clearRequests();
    const text = await run(emulator, dir, ['drift', ...C], env());
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^dea\/canberra +settings +readReceipts +ENABLED +DISABLED$/m);
    expect(text.stdout).toMatch(/^dea\/canberra +security-group:Staff +maxTtl +30d +90d$/m);
    // lockoutThreshold is not managed by this config: not drift.
    expect(text.stdout).not.toContain('lockoutThreshold');
    expect(text.stdout).toMatch(/^2 difference\(s\)\. Restore the config's values with cdk deploy/m);
    const json = await run(emulator, dir, ['drift', ...C, '--json'], env());
    expect(json.code).toBe(1);
    expect(json.json.differences).toEqual([
      { network: 'dea/canberra', resource: 'settings', member: 'readReceipts', expected: 'ENABLED', actual: 'DISABLED' },
      { network: 'dea/canberra', resource: 'security-group:Staff', member: 'maxTtl', expected: '30d', actual: '90d' },
    ]);
    expect(writes(emulator)).toEqual([]);
  });

  test('finds a renamed network by the id its stack wrote, and reports the name; without that id, by name, and says so', async () => {
    const client = kitClient(emulator);
    try {
      await client.send(new UpdateNetworkCommand({ networkId, networkName: 'renamed-in-console' }));
    } finally {
      client.destroy();
    }
    const renamed = await run(emulator, dir, ['drift', ...C, '--json'], env());
    expect(renamed.code).toBe(1);
    expect(renamed.json.networks[0]).toMatchObject({ networkId, foundBy: 'ssm' });
    expect(renamed.json.differences).toEqual([{ network: 'dea/canberra', resource: 'network', member: 'name', expected: 'dea-canberra', actual: 'renamed-in-console' }]);

    const back = kitClient(emulator);
    try {
      await back.send(new UpdateNetworkCommand({ networkId, networkName: 'dea-canberra' }));
    } finally {
      back.destroy();
    }
    standIns.ssm.deleteParameter(REGION, '/wickr-kit/dea/canberra/network-id');
    const byName = await run(emulator, dir, ['drift', ...C, '--json'], env());
    expect(byName.code).toBe(0);
    expect(byName.json.networks[0]).toMatchObject({ networkId, foundBy: 'name' });
    expect(byName.json.notes).toEqual([`dea/canberra: found by its name "dea-canberra" (${networkId}) because SSM parameter /wickr-kit/dea/canberra/network-id in ap-southeast-2 does not exist`]);
    expect(writes(emulator).map((w) => w.operation)).toEqual(['UpdateNetwork', 'UpdateNetwork']);
  });

  test('a network that is not there at all is drift, and nothing else of it is compared', async () => {
    emulator.reset();
    standIns.ssm.deleteParameter(REGION, '/wickr-kit/dea/canberra/network-id');
    const r = await run(emulator, dir, ['drift', ...C, '--json'], env());
    expect(r.code).toBe(1);
    expect(r.json.differences).toEqual([{ network: 'dea/canberra', resource: 'network', member: 'exists', expected: true, actual: false }]);
    expect(r.json.unresolved[0].reason).toMatch(/does not exist, and no network is named "dea-canberra" in ap-southeast-2; nothing else of it was compared/);
  });

  test('exits 2 on bad input, before any call', async () => {
    const unknown = await run(emulator, dir, ['drift', ...C, '--network', 'nowhere'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^wickr-kit: no network "nowhere" in the config; use a network id or name from the config\n {2}canberra \(name "dea-canberra", ap-southeast-2\)\nRun "wickr-kit drift --help" for usage\.\n$/);
    const created = await run(emulator, dir, ['drift', ...C, '--network', '12345678'], env());
    expect([created.code, created.stderr]).toEqual([2, expect.stringMatching(/no network of the config adopts 12345678; name a network the kit created by its id or name/)]);
    const badConfig = await run(emulator, scratchDir('version: 2\n'), ['drift', ...C, '--json'], env());
    expect(badConfig.code).toBe(2);
    expect(badConfig.json.error.message).toMatch(/^the config config\.yaml has \d+ problem\(s\)$/);
    expect((await run(emulator, dir, ['drift', ...C, 'canberra'], env())).stderr).toMatch(/drift takes no arguments/);
    expect((await run(emulator, dir, ['drift', ...C, '--region', 'eu-west-2'], env())).stderr).toMatch(/no network of the config is in eu-west-2/);
    expect(emulator.requests).toEqual([]);
  });

  test('exits 3 on bad credentials, naming what it was doing', async () => {
    const r = await run(emulator, dir, ['drift', ...C], env(), { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: 'wrong' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^wickr-kit: not authorised while checking drift of agency dea: GetNetwork failed for network \d{8}: ForbiddenError \(403\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('exits 4 when the service keeps failing', async () => {
    emulator.faults.add({ kind: 'server-error', operations: 'ListSecurityGroups' });
    const r = await run(emulator, dir, ['drift', ...C, '--json'], env());
    expect(r.code).toBe(4);
    expect(r.json.error.message).toMatch(/^the Wickr service failed while checking drift of agency dea: ListSecurityGroups failed/);
    expect(writes(emulator)).toEqual([]);
  });

  test('--help lists the options and the exit codes', async () => {
    const r = await run(emulator, dir, ['drift', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: wickr-kit drift /);
    expect(r.stdout).toContain('1  drift found: each difference is listed');
    const top = await run(emulator, dir, ['--help']);
    expect(top.stdout).toMatch(/^ {2}wickr-kit drift \[options\] +compare the deployed networks with the config \(read-only\)$/m);
  });
});
