import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../lib/package-root';
import { Emulator, startEmulator } from '../emulator';
import { REGION, callsTo, scratchDir, seedNetwork, seedUsers, userNames, writeFile } from './support/harness';

/** Runs the real `npx wickr-kit ...` (bin/wickr-kit.js) as a child process; async, so the emulator keeps serving. */
function npx(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', 'wickr-kit', ...args], { cwd: packageRoot(), env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('npx wickr-kit (the installed bin, as a child process)', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  test('npx wickr-kit admin --help exits 0 with the command list', async () => {
    const r = await npx(['admin', '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: wickr-kit admin <command> \[options\]/);
    expect(r.stdout).toMatch(/^ {2}reset-devices +log out every device/m);
  });

  test('npx wickr-kit admin suspend --file: 120 users in 3 batched calls, exit 0, a JSON record per user', async () => {
    const net = await seedNetwork(emulator);
    const names = userNames(120);
    await seedUsers(emulator, net, names);
    emulator.clearRequests();
    const dir = scratchDir();
    const file = writeFile(dir, 'lost.txt', names.join('\n'));
    const r = await npx(['admin', 'suspend', '--file', file, '--config', join(dir, 'config.yaml'), '--network', 'canberra', '--reason', 'INC-4711', '--json'], {
      WICKR_ENDPOINT_URL: emulator.url,
      AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
    });
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.summary).toMatchObject({ users: 120, succeeded: 120 });
    expect(record.calls.BatchToggleUserSuspendStatus).toBe(3);
    expect(callsTo(emulator, 'BatchToggleUserSuspendStatus').map((c) => (c.input!.userIds as string[]).length)).toEqual([50, 50, 20]);
    expect(emulator.state.network(REGION, net.networkId)!.users.every((u: any) => u.suspended)).toBe(true);
  });

  test('fails with exit code 2 and a one-line message (no stack trace) for an unknown network', async () => {
    const dir = scratchDir();
    const r = await npx(['admin', 'suspend', 'x@y.z', '--config', join(dir, 'config.yaml'), '--network', 'nowhere', '--reason', 'INC-1'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wickr-kit: no network "nowhere" in agency dea/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
