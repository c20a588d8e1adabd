/**
 * The opt-in live checks (test/live/, `npm run test:live`) are code an agency runs once, against its
 * own account, to settle what the kit could only take from the live-tested fork. This suite runs them
 * against the emulator on 127.0.0.1 so they are known to work before anyone relies on them: they pass
 * against the live behaviour, and fail, saying what to revisit, when the service contradicts an
 * assumption (here: the model-only emulator, which returns the network key, and a console reading of
 * a group that disagrees with the kit's reading of federationMode).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CreateNetworkCommand, CreateSecurityGroupCommand, WickrClient } from '../lambda/wickr';
import { type Emulator, startEmulator } from './emulator';

const ROOT = join(__dirname, '..');
const REGION = 'ap-southeast-2';
const KEY = `arn:aws:kms:${REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

async function seed(emulator: Emulator): Promise<string> {
  const client = new WickrClient({ region: REGION, endpoint: emulator.url, credentials: emulator.credentials });
  try {
    const { networkId } = await client.send(new CreateNetworkCommand({ networkName: 'live-check', accessLevel: 'PREMIUM', encryptionKeyArn: KEY }));
    await client.send(
      new CreateSecurityGroupCommand({
        networkId: networkId!,
        name: 'Partners',
        securityGroupSettings: { federationMode: 2, globalFederation: true, enableRestrictedGlobalFederation: true, permittedWickrAwsNetworks: [{ region: 'eu-west-2', networkId: '33333333' }] },
      }),
    );
    return networkId!;
  } finally {
    client.destroy();
  }
}

/** Runs `npm run test:live`'s jest against the emulator. Asynchronous: the emulator answers from this very process. */
function runLiveChecks(emulator: Emulator, extra: Record<string, string> = {}): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', 'jest.live.config.js', '--colors=false'], {
      cwd: ROOT,
      env: {
        ...process.env,
        CI: 'true',
        WICKR_KIT_LIVE_REGION: REGION,
        WICKR_KIT_LIVE_SELF_TEST: '1',
        WICKR_ENDPOINT_URL: emulator.url,
        AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: '',
        ...extra,
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe('the opt-in live checks, run against the emulator', () => {
  test('pass against the live behaviour, printing what they saw', async () => {
    const emulator = await startEmulator();
    try {
      const networkId = await seed(emulator);
      const { status, output } = await runLiveChecks(emulator, { WICKR_KIT_LIVE_FEDERATION: JSON.stringify({ [`${networkId}/Partners`]: { local: 'none', global: 'restricted' } }) });
      expect([status, output]).toEqual([0, expect.stringContaining('encryptionKeyArn returned for 0 of 1 network(s)')]);
      expect(output).toMatch(/2 group\(s\): CALLING in 2, calling in 0, passwordRequirements\.regex in 2, shredder\.canProcessInBackground in 2/);
      expect(output).toMatch(/federationMode reading agrees with the console for 1 group\(s\)/);
      expect(output).toMatch(/settings: none listed/);
    } finally {
      await emulator.close();
    }
  });

  test('fail, naming the assumption, when the service returns the key and the console disagrees with the kit’s federationMode reading', async () => {
    const emulator = await startEmulator({ behaviour: 'model' });
    try {
      const networkId = await seed(emulator);
      const { status, output } = await runLiveChecks(emulator, { WICKR_KIT_LIVE_FEDERATION: JSON.stringify({ [`${networkId}/Partners`]: { local: 'restricted', global: 'restricted' } }) });
      expect(status).not.toBe(0);
      expect(output).toMatch(/the service now returns encryptionKeyArn \(networks \d{8}\)/);
      expect(output).toMatch(/the kit's reading of federationMode .* disagrees with the console:\s+\d{8}\/Partners: the console shows local restricted, global restricted; the kit reads local none, global restricted/);
    } finally {
      await emulator.close();
    }
  });
});
