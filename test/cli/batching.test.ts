import { Emulator, startEmulator } from '../emulator';
import { REGION, SeededNetwork, callsTo, run, scratchDir, seedNetwork, seedUsers, userNames, writeFile, writes } from './support/harness';

describe('wickr-kit admin: batches of 50, per-user outcomes, and failures of the service', () => {
  let emulator: Emulator;
  let dir: string;
  let net: SeededNetwork;
  let ids: Map<string, string>;
  const names = userNames(120);
  const base = ['--config', 'config.yaml', '--network', 'canberra', '--reason', 'INC-4711 bag of phones stolen'];

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = scratchDir();
    writeFile(dir, 'lost.txt', `# INC-4711: 120 users\n\n${names.join('\n')}\n`);
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    net = await seedNetwork(emulator);
    ids = await seedUsers(emulator, net, names);
    emulator.clearRequests();
  });

  const users = () => emulator.state.network(REGION, net.networkId)!.users as any[];

  test('suspending 120 users from a file makes 3 batched calls (50, 50, 20) and reports every user', async () => {
    const r = await run(emulator, dir, ['admin', 'suspend', '--file', 'lost.txt', ...base, '--json']);
    expect(r.code).toBe(0);
    const toggles = callsTo(emulator, 'BatchToggleUserSuspendStatus');
    expect(toggles.map((t) => (t.input!.userIds as string[]).length)).toEqual([50, 50, 20]);
    expect(toggles.flatMap((t) => t.input!.userIds as string[]).sort()).toEqual([...ids.values()].sort());
    expect(r.json.calls.BatchToggleUserSuspendStatus).toBe(3);
    expect(r.json.users).toHaveLength(120);
    expect(r.json.users.map((u: any) => [u.username, u.userId, u.outcome])).toEqual(names.map((n) => [n, ids.get(n), 'succeeded']));
    expect(users().every((u) => u.suspended === true)).toBe(true);
  });

  test('resetting the devices of 120 users: one reset call per user with devices, at most 50 devices each', async () => {
    // 100 users with one device, one user with 60 devices (two calls: 50 + 10), 19 users with none.
    for (const n of names.slice(0, 100)) emulator.addDevice(REGION, net.networkId, ids.get(n)!);
    const heavy = names[100];
    for (let i = 0; i < 60; i++) emulator.addDevice(REGION, net.networkId, ids.get(heavy)!);
    const r = await run(emulator, dir, ['admin', 'reset-devices', '--file', 'lost.txt', ...base, '--json']);
    expect(r.code).toBe(0);
    const resets = callsTo(emulator, 'BatchResetDevicesForUser');
    expect(resets).toHaveLength(102);
    expect(resets.filter((c) => c.input!.userId === ids.get(heavy)).map((c) => (c.input!.appIds as string[]).length).sort()).toEqual([10, 50]);
    expect(resets.every((c) => (c.input!.appIds as string[]).length <= 50)).toBe(true);
    expect(callsTo(emulator, 'ListDevicesForUser')).toHaveLength(120);
    expect(r.json.users).toHaveLength(120);
    expect(r.json.users.find((u: any) => u.username === heavy)).toMatchObject({ outcome: 'succeeded', detail: '60 devices reset' });
    expect(r.json.users.find((u: any) => u.username === names[119])).toMatchObject({ outcome: 'succeeded', detail: 'no devices' });
    expect(users().flatMap((u) => u.devices).every((d: any) => d.statusText === 'Reset')).toBe(true);
  });

  test('fails with exit code 4 when the service keeps failing: that batch is unknown, later batches not attempted', async () => {
    emulator.faults.add({ kind: 'server-error', operations: 'BatchToggleUserSuspendStatus' });
    const r = await run(emulator, dir, ['admin', 'suspend', '--file', 'lost.txt', ...base, '--json']);
    expect(r.code).toBe(4);
    expect(r.json.summary).toMatchObject({ users: 120, unknown: 50, 'not-attempted': 70, succeeded: 0 });
    expect(r.json.stoppedBy).toMatch(/BatchToggleUserSuspendStatus failed for network \d{8}: InternalServerError \(500\)/);
    // The client retried the idempotent call (maxAttempts 2 in the harness), then the run stopped.
    expect(callsTo(emulator, 'BatchToggleUserSuspendStatus')).toHaveLength(2);
  });

  test('fails with exit code 4 when a batch stays throttled after the retries: that batch failed, the rest not attempted', async () => {
    // Throttled on both attempts of the first call; a 429 means nothing was written, so those users failed.
    emulator.faults.next('BatchToggleUserSuspendStatus', 2, 'rate-limit');
    const r = await run(emulator, dir, ['admin', 'suspend', '--file', 'lost.txt', ...base, '--json']);
    expect(r.code).toBe(4);
    expect(r.json.summary).toMatchObject({ failed: 50, 'not-attempted': 70, succeeded: 0 });
    expect(r.json.users[0]).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/RateLimitError \(429\)/) });
    expect(users().some((u) => u.suspended)).toBe(false);
  });

  test('fails with exit code 1 (partial) when the service refuses some users of a batch: each refusal is listed', async () => {
    // Users who accepted their invitation cannot be reinvited: the service answers 200 with them in failed[].
    const active = [3, 49, 50, 77, 119].map((i) => names[i]);
    for (const n of active) emulator.activateUser(REGION, net.networkId, ids.get(n)!);
    const r = await run(emulator, dir, ['admin', 'reinvite', '--file', 'lost.txt', ...base, '--json']);
    expect(r.code).toBe(1);
    expect(callsTo(emulator, 'BatchReinviteUser').map((c) => (c.input!.userIds as string[]).length)).toEqual([50, 50, 20]);
    expect(r.json.summary).toMatchObject({ users: 120, succeeded: 115, failed: 5 });
    expect(r.json.users.filter((u: any) => u.outcome === 'failed').map((u: any) => [u.username, u.detail])).toEqual(
      active.map((n) => [n, 'userId: User has already accepted the invitation']),
    );
    const table = await run(emulator, dir, ['admin', 'reinvite', '--file', 'lost.txt', ...base]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`${active[0].replace(/\./g, '\\.')}\\s+\\d+\\s+FAILED\\s+userId: User has already accepted the invitation`));
    expect(table.stdout).toMatch(/120 users: 115 ok, 5 FAILED\./);
  });

  test('fails with exit code 3 on bad credentials, before any write', async () => {
    const r = await run(emulator, dir, ['admin', 'suspend', '--file', 'lost.txt', ...base], {}, { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey: 'wrong' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^wickr-kit: not authorised while listing networks in ap-southeast-2: ListNetworks failed: ForbiddenError \(403\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(writes(emulator)).toEqual([]);
  });
});
