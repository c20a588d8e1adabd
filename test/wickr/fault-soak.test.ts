/**
 * Issue 3's soak: with 30% of requests failing (429 throttling and 5xx, some 5xx after the emulator
 * processed the request), a scripted sequence of 200 client calls completes and leaves no duplicate
 * resource. Token-carrying creates are retried by the client with the same X-Client-Token; calls
 * without a token whose outcome is unknown (CreateNetwork) are resolved the way the kit's network
 * handler does: look the name up before trying again.
 */
import {
  BatchCreateUserCommand,
  BatchToggleUserSuspendStatusCommand,
  CreateNetworkCommand,
  CreateSecurityGroupCommand,
  GetNetworkCommand,
  GetNetworkSettingsCommand,
  ListSecurityGroupsCommand,
  ListUsersCommand,
  UpdateNetworkSettingsCommand,
  UpdateSecurityGroupCommand,
  WickrClient,
  type MetadataBearer,
  type WickrCommand,
  isAmbiguousWriteError,
  paginateListNetworks,
} from '../../lambda/wickr';
import { startEmulator, type Emulator } from '../emulator';

const REGION = 'ap-southeast-2';
const NETWORKS = 4;
const GROUPS_PER_NETWORK = 4;
const USER_BATCHES_PER_NETWORK = 3;
const USERS_PER_BATCH = 10;

let emulator: Emulator;
let client: WickrClient;
let calls = 0;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 20261203 });
  // Bounded retries, as in production, with short delays so the soak runs in about a second.
  client = new WickrClient({ region: REGION, endpoint: emulator.url, credentials: emulator.credentials, maxAttempts: 8, retryBaseDelayMs: 1, retryMaxDelayMs: 4 });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

/** One scripted client call (the client's own retries are inside it). */
function send<O extends MetadataBearer>(command: WickrCommand<object, O>): Promise<O> {
  calls += 1;
  return client.send(command as never) as Promise<O>;
}

async function networksNamed(name: string): Promise<string[]> {
  const ids: string[] = [];
  calls += 1;
  for await (const page of paginateListNetworks({ client, pageSize: 100 }, {})) ids.push(...(page.networks ?? []).filter((n) => n.networkName === name).map((n) => n.networkId!));
  return ids;
}

/** CreateNetwork has no idempotency token: after an unknown outcome, look before trying again. */
async function createNetwork(name: string): Promise<string> {
  for (;;) {
    try {
      return (await send(new CreateNetworkCommand({ networkName: name, accessLevel: 'PREMIUM' }))).networkId!;
    } catch (e) {
      if (!isAmbiguousWriteError(e)) throw e;
      const found = await networksNamed(name);
      if (found.length === 1) return found[0];
      expect(found).toEqual([]);
    }
  }
}

test('200 scripted calls with 30% injected 429/5xx complete with zero duplicate resources', async () => {
  emulator.faults.add({ kind: 'rate-limit', probability: 0.15 });
  emulator.faults.add({ kind: 'server-error', probability: 0.1 });
  emulator.faults.add({ kind: 'server-error', phase: 'after', probability: 0.05 });
  // And for certain, the cases that could duplicate: a create processed but answered with a 5xx or
  // a dropped connection, with and without an idempotency token.
  emulator.faults.next('CreateNetwork', 1, 'server-error', { phase: 'after' });
  emulator.faults.next('CreateSecurityGroup', 1, 'drop', { phase: 'after' });
  emulator.faults.next('BatchCreateUser', 1, 'server-error', { phase: 'after' });

  const networkIds: string[] = [];
  for (let n = 0; n < NETWORKS; n++) networkIds.push(await createNetwork(`soak-${n}`));
  for (const [n, networkId] of networkIds.entries()) {
    await send(new UpdateNetworkSettingsCommand({ networkId, settings: { readReceiptConfig: { status: 'ENABLED' }, enableClientMetrics: false } }));
    await send(new GetNetworkSettingsCommand({ networkId }));
    const groupIds: string[] = [];
    for (let g = 0; g < GROUPS_PER_NETWORK; g++) {
      const created = await send(new CreateSecurityGroupCommand({ networkId, name: `group-${g}`, securityGroupSettings: { federationMode: 0 } }));
      groupIds.push(created.securityGroup!.id!);
      await send(new UpdateSecurityGroupCommand({ networkId, groupId: created.securityGroup!.id!, securityGroupSettings: { enableFileDownload: g % 2 === 0 } }));
    }
    for (let b = 0; b < USER_BATCHES_PER_NETWORK; b++) {
      const users = Array.from({ length: USERS_PER_BATCH }, (_, u) => ({
        username: `user-${n}-${b}-${u}@soak.example.gov.au`,
        firstName: 'Soak',
        lastName: `${b}-${u}`,
        securityGroupIds: [groupIds[u % groupIds.length]],
      }));
      await send(new BatchCreateUserCommand({ networkId, users }));
    }
    const listed = await send(new ListUsersCommand({ networkId, maxResults: 100 }));
    await send(new BatchToggleUserSuspendStatusCommand({ networkId, suspend: true, userIds: (listed.users ?? []).slice(0, 10).map((u) => u.userId!) }));
    await send(new GetNetworkCommand({ networkId }));
  }
  // Fill the script up to exactly 200 calls with reads spread over the networks.
  for (let i = 0; calls < 200; i++) {
    const networkId = networkIds[i % networkIds.length];
    await (i % 2 === 0 ? send(new ListSecurityGroupsCommand({ networkId })) : send(new GetNetworkCommand({ networkId })));
  }
  emulator.faults.clear();

  expect(calls).toBe(200);
  // The faults really fired, on both sides of processing.
  const faulted = emulator.requests.filter((r) => r.faults && r.faults.length > 0);
  expect(faulted.length).toBeGreaterThan(40);
  expect(faulted.some((r) => r.faults!.some((f) => f.phase === 'after'))).toBe(true);

  // No duplicates: every network, group and user exists exactly once.
  const state = emulator.state.snapshot()[REGION];
  const networks = Object.values(state);
  expect(networks.map((x) => x.network.networkName).sort()).toEqual(Array.from({ length: NETWORKS }, (_, n) => `soak-${n}`));
  for (const net of networks) {
    const groupNames = net.securityGroups.filter((g) => !g.isDefault).map((g) => g.name).sort();
    expect(groupNames).toEqual(Array.from({ length: GROUPS_PER_NETWORK }, (_, g) => `group-${g}`));
    const usernames = net.users.map((u) => u.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    expect(usernames).toHaveLength(USER_BATCHES_PER_NETWORK * USERS_PER_BATCH);
    expect(net.users.filter((u) => u.suspended)).toHaveLength(10);
  }
});
