import { Emulator, startEmulator } from '../emulator';
import { REGION, SeededNetwork, callsTo, run, scratchDir, seedNetwork, seedUsers, writeFile, writes } from './support/harness';

describe('wickr-kit admin commands against the emulator', () => {
  let emulator: Emulator;
  let dir: string;
  let net: SeededNetwork;
  let ids: Map<string, string>;
  const ALEX = 'alex.citizen@dea.example.gov.au';
  const SAM = 'sam.taylor@dea.example.gov.au';
  const ALEXANDRA = 'alexandra.jones@dea.example.gov.au';

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = scratchDir();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    net = await seedNetwork(emulator);
    ids = await seedUsers(emulator, net, [ALEX, SAM, ALEXANDRA]);
    emulator.activateUser(REGION, net.networkId, ids.get(ALEX)!);
    emulator.clearRequests();
  });

  const user = (username: string) => emulator.state.network(REGION, net.networkId)!.users.find((u: any) => u.username === username) as any;
  const base = ['--config', 'config.yaml', '--network', 'canberra'];

  test('find-user finds a user by username (email) with ListUsers and marks exact and partial matches', async () => {
    const r = await run(emulator, dir, ['admin', 'find-user', 'alex', ...base, '--json']);
    expect(r.code).toBe(0);
    expect(r.json.network).toEqual({ id: net.networkId, name: 'dea-canberra', region: REGION });
    expect(r.json.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ query: 'alex', username: ALEX, userId: ids.get(ALEX), status: 'active', suspended: false, match: 'partial' }),
        expect.objectContaining({ query: 'alex', username: ALEXANDRA, status: 'pending', match: 'partial' }),
      ]),
    );
    const exact = await run(emulator, dir, ['admin', 'find-user', ALEX.toUpperCase(), ...base]);
    expect(exact.code).toBe(0);
    expect(exact.stdout).toMatch(new RegExp(`${ALEX.toUpperCase().replace(/\./g, '\\.')}\\s+${ids.get(ALEX)}\\s+${ALEX.replace(/\./g, '\\.')}\\s+active\\s+no\\s+exact`));
    expect(callsTo(emulator, 'ListUsers').every((r) => r.input?.username !== undefined)).toBe(true);
    expect(writes(emulator)).toEqual([]);
  });

  test('find-user maps username hashes with BatchLookupUserUname and reads users by id', async () => {
    const uname = user(SAM).uname as string;
    const byHash = await run(emulator, dir, ['admin', 'find-user', '--uname', uname, '--uname', 'not-a-known-hash', ...base, '--json']);
    expect(byHash.code).toBe(1);
    expect(byHash.json.results).toEqual([
      expect.objectContaining({ query: uname, username: SAM, userId: ids.get(SAM), match: 'uname' }),
      { query: 'not-a-known-hash', problem: 'no user has this username hash' },
    ]);
    expect(callsTo(emulator, 'BatchLookupUserUname')).toHaveLength(1);
    const byId = await run(emulator, dir, ['admin', 'find-user', `id:${ids.get(SAM)}`, ...base, '--json']);
    expect(byId.code).toBe(0);
    expect(byId.json.results).toEqual([expect.objectContaining({ username: SAM, match: 'id' })]);
  });

  test('fails when find-user matches nobody: exit code 1 and the query is listed', async () => {
    const r = await run(emulator, dir, ['admin', 'find-user', 'nobody@dea.example.gov.au', ...base]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/nobody@dea\.example\.gov\.au\s+no user matches/);
  });

  test('list-devices lists every device of a user', async () => {
    const appA = emulator.addDevice(REGION, net.networkId, ids.get(ALEX)!, { type: 'ios' });
    const appB = emulator.addDevice(REGION, net.networkId, ids.get(ALEX)!, { type: 'desktop' });
    const r = await run(emulator, dir, ['admin', 'list-devices', ALEX, ...base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${appA}\\s+ios\\s+Active`));
    expect(r.stdout).toMatch(new RegExp(`${appB}\\s+desktop\\s+Active`));
    const none = await run(emulator, dir, ['admin', 'list-devices', SAM, ...base, '--json']);
    expect(none.json.users).toEqual([expect.objectContaining({ username: SAM, outcome: 'succeeded', devices: [] })]);
    expect(writes(emulator)).toEqual([]);
  });

  test('suspend and unsuspend one user, with a record naming network, reason and calls', async () => {
    const r = await run(emulator, dir, ['admin', 'suspend', ALEX, ...base, '--reason', 'INC-4711 phone stolen']);
    expect(r.code).toBe(0);
    expect(user(ALEX).suspended).toBe(true);
    expect(r.stdout).toMatch(new RegExp(`suspend on network ${net.networkId} "dea-canberra" in ${REGION}`));
    expect(r.stdout).toMatch(/reason: INC-4711 phone stolen/);
    expect(r.stdout).toMatch(new RegExp(`${ALEX.replace(/\./g, '\\.')}\\s+${ids.get(ALEX)}\\s+ok\\s+suspended`));
    expect(r.stdout).toMatch(/1 user: 1 ok\. Wickr API calls: ListNetworks 1, ListUsers 1, BatchToggleUserSuspendStatus 1\./);
    const toggles = callsTo(emulator, 'BatchToggleUserSuspendStatus');
    expect(toggles.map((t) => t.input)).toEqual([expect.objectContaining({ suspend: true, userIds: [ids.get(ALEX)] })]);
    // The run id printed in the record is the one CloudTrail would see in the user agent.
    const runId = /run ([0-9a-f-]{36})/.exec(r.stdout)![1];
    expect(runId).toMatch(/^[0-9a-f]{8}-/);

    const back = await run(emulator, dir, ['admin', 'unsuspend', ALEX, ...base, '--reason', 'INC-4711 recovered', '--json']);
    expect(back.code).toBe(0);
    expect(back.json).toMatchObject({ command: 'unsuspend', dryRun: false, reason: 'INC-4711 recovered', exitCode: 0, summary: { users: 1, succeeded: 1 } });
    expect(user(ALEX).suspended).toBe(false);
  });

  test('reset-devices logs out active devices and leaves already reset ones alone', async () => {
    const phone = emulator.addDevice(REGION, net.networkId, ids.get(ALEX)!, { type: 'android' });
    const laptop = emulator.addDevice(REGION, net.networkId, ids.get(ALEX)!, { type: 'desktop' });
    const first = await run(emulator, dir, ['admin', 'reset-devices', ALEX, ...base, '--reason', 'INC-4711', '--json']);
    expect(first.code).toBe(0);
    expect(first.json.users[0]).toMatchObject({ outcome: 'succeeded', detail: '2 devices reset' });
    // Each device is listed with its status as read before the reset, and the reset's outcome.
    expect(first.json.users[0].devices).toHaveLength(2);
    expect(first.json.users[0].devices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ appId: phone, type: 'android', statusText: 'Active', outcome: 'succeeded' }),
        expect.objectContaining({ appId: laptop, type: 'desktop', statusText: 'Active', outcome: 'succeeded' }),
      ]),
    );
    expect(user(ALEX).devices.map((d: any) => d.statusText)).toEqual(['Reset', 'Reset']);
    const resets = callsTo(emulator, 'BatchResetDevicesForUser');
    expect(resets.map((c) => c.input)).toEqual([expect.objectContaining({ userId: ids.get(ALEX) })]);
    expect([...(resets[0].input!.appIds as string[])].sort()).toEqual([phone, laptop].sort());

    emulator.clearRequests();
    const again = await run(emulator, dir, ['admin', 'reset-devices', ALEX, ...base, '--reason', 'INC-4711']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ok\s+no device to reset \(all already reset\)/);
    expect(writes(emulator)).toEqual([]);
  });

  test('reinvite reports each refusal: an active user cannot be reinvited (exit code 1, partial)', async () => {
    const file = writeFile(dir, 'reinvite.txt', `${ALEX}\n${SAM}\n`);
    const r = await run(emulator, dir, ['admin', 'reinvite', '--file', file, ...base, '--reason', 'CHG-0815', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.users).toEqual([
      expect.objectContaining({ username: ALEX, outcome: 'failed', detail: 'userId: User has already accepted the invitation' }),
      expect.objectContaining({ username: SAM, outcome: 'succeeded', detail: 'invitation sent again' }),
    ]);
    expect(r.json.summary).toMatchObject({ users: 2, succeeded: 1, failed: 1 });
    expect(callsTo(emulator, 'BatchReinviteUser')).toHaveLength(1);
  });

  test('delete with --confirm deletes the user', async () => {
    const r = await run(emulator, dir, ['admin', 'delete', SAM, '--confirm', SAM, ...base, '--reason', 'INC-4711 approved']);
    expect(r.code).toBe(0);
    expect(user(SAM)).toBeUndefined();
    expect(callsTo(emulator, 'BatchDeleteUser').map((c) => c.input)).toEqual([expect.objectContaining({ userIds: [ids.get(SAM)] })]);
  });

  test('resolves the network by config name, by 8-digit id, and as the only network when the config has one', async () => {
    const byName = await run(emulator, dir, ['admin', 'list-devices', SAM, '--config', 'config.yaml', '--network', 'dea-canberra']);
    expect(byName.code).toBe(0);
    const byId = await run(emulator, dir, ['admin', 'list-devices', SAM, '--config', 'config.yaml', '--network', net.networkId, '--region', REGION]);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain(`devices on network ${net.networkId} "dea-canberra" in ${REGION}`);
    const single = scratchDir(`version: 1
agencies:
  - id: dea
    name: Test agency
    recordsOwner: Records Unit
    homeRegion: ${REGION}
    allowedRegions: [${REGION}]
    networks:
      - { id: hq, name: dea-canberra, region: ${REGION}, adoptNetworkId: "${net.networkId}" }
`);
    const only = await run(emulator, single, ['admin', 'list-devices', SAM, '--config', 'config.yaml', '--json']);
    expect(only.code).toBe(0);
    expect(only.json.network.id).toBe(net.networkId);
    // An adopted network is read by id (GetNetwork), not searched by name.
    expect(emulator.requests.slice(-3).map((r) => r.operation)).toEqual(['GetNetwork', 'ListUsers', 'ListDevicesForUser']);
  });
});
