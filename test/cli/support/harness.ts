/**
 * Test harness for the admin CLI: an emulator on 127.0.0.1, a config file naming its networks,
 * users seeded through the kit's own Wickr client, and `run()` calling the CLI in-process with
 * captured output.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchCreateUserCommand, CreateNetworkCommand, ListSecurityGroupsCommand, WickrClient, type WickrClientConfig } from '../../../lambda/wickr';
import { chunk } from '../../../lambda/handlers/lost-device/user-admin';
import { main } from '../../../lib/cli/main';
import type { Emulator, RequestLogEntry } from '../../emulator';

export const REGION = 'ap-southeast-2';
export const LONDON = 'eu-west-2';

export const CONFIG_TEXT = `version: 1
agencies:
  - id: dea
    name: Test agency
    recordsOwner: Records Unit
    homeRegion: ${REGION}
    allowedRegions: [${REGION}, ${LONDON}]
    networks:
      - { id: canberra, name: dea-canberra, region: ${REGION} }
      - { id: london, name: dea-london, region: ${LONDON} }
`;

/** A scratch folder holding config.yaml; commands run with it as their working directory. */
export function scratchDir(configText = CONFIG_TEXT): string {
  const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-cli-test-'));
  writeFileSync(join(dir, 'config.yaml'), configText);
  return dir;
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export function kitClient(emulator: Emulator, region = REGION, extra: Partial<WickrClientConfig> = {}): WickrClient {
  return new WickrClient({ region, endpoint: emulator.url, credentials: emulator.credentials, ...extra });
}

export interface SeededNetwork {
  readonly networkId: string;
  readonly groupId: string;
}

export async function seedNetwork(emulator: Emulator, name = 'dea-canberra', region = REGION): Promise<SeededNetwork> {
  const client = kitClient(emulator, region);
  try {
    const { networkId } = await client.send(new CreateNetworkCommand({ networkName: name, accessLevel: 'PREMIUM' }));
    const groups = await client.send(new ListSecurityGroupsCommand({ networkId: networkId! }));
    const groupId = groups.securityGroups!.find((g) => g.isDefault)!.id!;
    return { networkId: networkId!, groupId };
  } finally {
    client.destroy();
  }
}

/** Creates users (BatchCreateUser, 50 per call) and returns username → userId. */
export async function seedUsers(emulator: Emulator, network: SeededNetwork, usernames: readonly string[], region = REGION): Promise<Map<string, string>> {
  const client = kitClient(emulator, region);
  const ids = new Map<string, string>();
  try {
    for (const batch of chunk(usernames)) {
      const out = await client.send(
        new BatchCreateUserCommand({ networkId: network.networkId, users: batch.map((username) => ({ username, securityGroupIds: [network.groupId] })) }),
      );
      if ((out.failed ?? []).length > 0) throw new Error(`seeding failed: ${JSON.stringify(out.failed)}`);
      for (const u of out.successful ?? []) ids.set(u.username!, u.userId!);
    }
  } finally {
    client.destroy();
  }
  return ids;
}

export function userNames(count: number, prefix = 'user'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}@dea.example.gov.au`);
}

export interface RunOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed, when it is JSON. */
  readonly json?: any;
}

/** Runs the CLI in-process against the emulator, from `cwd`. */
export async function run(emulator: Emulator, cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}, credentials = emulator.credentials): Promise<RunOutput> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    env: { WICKR_ENDPOINT_URL: emulator.url, ...env },
    cwd,
    // Short backoff so fault tests stay fast; the retry policy itself is the client's.
    clientConfig: { credentials, retryBaseDelayMs: 1, retryMaxDelayMs: 2, maxAttempts: 2 },
  });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

export function writes(emulator: Emulator): RequestLogEntry[] {
  return emulator.requests.filter((r) => r.access === 'write');
}

export function callsTo(emulator: Emulator, operation: string): RequestLogEntry[] {
  return emulator.requests.filter((r) => r.operation === operation);
}
