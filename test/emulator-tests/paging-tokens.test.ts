// Model behaviour (startEmulator({ behaviour: 'model' })): what the Smithy model says. The live service's
// differences are covered in live-behaviour.test.ts.
import { Emulator, startEmulator } from '../emulator';
import { createNetwork, invoke, ok, REGION, serialize, signedSend } from './support/http';

describe('emulator pagination', () => {
  let emu: Emulator;
  let networkId: string;
  let groupId: string;
  beforeAll(async () => {
    emu = await startEmulator({ behaviour: 'model' });
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId, defaultGroupId: groupId } = await createNetwork(emu));
    const users = Array.from({ length: 25 }, (_, i) => ({ username: `user${String(i).padStart(2, '0')}@example.com`, securityGroupIds: [groupId] }));
    await ok(emu, 'BatchCreateUser', { networkId, users });
  });

  async function collect(input: Record<string, unknown>): Promise<{ pages: number[]; names: string[] }> {
    const pages: number[] = [];
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ok(emu, 'ListUsers', { networkId, ...input, nextToken });
      pages.push(page.users.length);
      names.push(...page.users.map((u: { username: string }) => u.username));
      nextToken = page.nextToken;
    } while (nextToken);
    return { pages, names };
  }

  it('pages 10 at a time by default and stops when nextToken is absent', async () => {
    const { pages, names } = await collect({ sortFields: 'username', sortDirection: 'ASC' });
    expect(pages).toEqual([10, 10, 5]);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    expect(names[0]).toBe('user00@example.com');
  });

  it('honours maxResults and the documented default direction DESC', async () => {
    const { pages, names } = await collect({ maxResults: 7, sortFields: 'username' });
    expect(pages).toEqual([7, 7, 7, 4]);
    expect(names[0]).toBe('user24@example.com');
  });

  it('rejects maxResults outside 1..100 with 422', async () => {
    for (const maxResults of [0, 101]) {
      const res = await invoke(emu, 'ListUsers', { networkId, maxResults });
      expect(res.status).toBe(422);
      expect(res.json.reasons).toEqual([{ field: 'maxResults', reason: `must be between 1 and 100, got ${maxResults}` }]);
    }
    expect((await ok(emu, 'ListUsers', { networkId, maxResults: 100 })).users).toHaveLength(25);
  });

  it('rejects a nextToken that is garbage or comes from a call with other filters (400)', async () => {
    const first = await ok(emu, 'ListUsers', { networkId, username: 'user' });
    const other = await invoke(emu, 'ListUsers', { networkId, username: 'user1', nextToken: first.nextToken });
    expect(other.status).toBe(400);
    expect(other.json.message).toMatch(/nextToken is not valid for this request/);
    const garbage = await invoke(emu, 'ListUsers', { networkId, nextToken: 'not-a-token' });
    expect(garbage.status).toBe(400);
  });

  it('rejects an unknown sort field with 422', async () => {
    const res = await invoke(emu, 'ListNetworks', { sortFields: 'created' });
    expect(res.status).toBe(422);
    expect(res.json.reasons).toEqual([{ field: 'sortFields', reason: 'cannot sort by "created"; use one of networkId, networkName' }]);
  });

  it('paginates every paginated list the same way (ListNetworks, ListSecurityGroups, ListBots, ListGuestUsers)', async () => {
    for (let i = 0; i < 3; i++) await ok(emu, 'CreateNetwork', { networkName: `n${i}`, accessLevel: 'STANDARD' });
    const networks = await ok(emu, 'ListNetworks', { maxResults: 2 });
    expect(networks.networks).toHaveLength(2);
    expect((await ok(emu, 'ListNetworks', { maxResults: 2, nextToken: networks.nextToken })).networks).toHaveLength(2);
    for (let i = 0; i < 3; i++) await ok(emu, 'CreateSecurityGroup', { networkId, name: `g${i}`, securityGroupSettings: {} });
    const groups = await ok(emu, 'ListSecurityGroups', { networkId, maxResults: 3, sortFields: 'name', sortDirection: 'ASC' });
    expect(groups.securityGroups.map((g: { name: string }) => g.name)).toEqual(['Default', 'g0', 'g1']);
    expect((await ok(emu, 'ListSecurityGroups', { networkId, maxResults: 3, sortFields: 'name', sortDirection: 'ASC', nextToken: groups.nextToken })).securityGroups).toHaveLength(1);
    for (let i = 0; i < 12; i++) emu.addGuestUser(REGION, networkId, { username: `guest${i}@x.example` });
    const guests = await ok(emu, 'ListGuestUsers', { networkId });
    expect(guests.guestlist).toHaveLength(10);
    expect(guests.nextToken).toEqual(expect.any(String));
  });
});

describe('emulator idempotency tokens (X-Client-Token)', () => {
  let emu: Emulator;
  let networkId: string;
  let groupId: string;
  beforeAll(async () => {
    emu = await startEmulator({ behaviour: 'model' });
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId, defaultGroupId: groupId } = await createNetwork(emu));
    emu.clearRequests();
  });

  it('replays the original result for the same token and input, without a second effect', async () => {
    const input = { networkId, name: 'Once', securityGroupSettings: { lockoutThreshold: 5 }, clientToken: 'token-1' };
    const first = await ok(emu, 'CreateSecurityGroup', input);
    const again = await ok(emu, 'CreateSecurityGroup', input);
    expect(again).toEqual(first);
    expect(emu.state.network(REGION, networkId)!.securityGroups.filter((g) => g.name === 'Once')).toHaveLength(1);
    expect(emu.requests.map((r) => [r.clientToken, r.replayed ?? false])).toEqual([
      ['token-1', false],
      ['token-1', true],
    ]);
  });

  it('rejects the same token with a different input (400)', async () => {
    await ok(emu, 'CreateSecurityGroup', { networkId, name: 'A', securityGroupSettings: {}, clientToken: 'token-2' });
    const res = await invoke(emu, 'CreateSecurityGroup', { networkId, name: 'B', securityGroupSettings: {}, clientToken: 'token-2' });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('The client token token-2 was already used for a CreateSecurityGroup request with different parameters');
  });

  it('compares inputs by value, not by JSON member order', async () => {
    const a = serialize('BatchCreateUser', { networkId, users: [{ username: 'a@example.com', securityGroupIds: [groupId] }], clientToken: 't3' });
    const b = { ...a, body: JSON.stringify({ users: [{ securityGroupIds: [groupId], username: 'a@example.com' }] }) };
    const first = await signedSend(emu, a);
    const second = await signedSend(emu, b);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(emu.state.network(REGION, networkId)!.users).toHaveLength(1);
  });

  it('scopes a token to one operation, and does not remember failures', async () => {
    await ok(emu, 'BatchCreateUser', { networkId, users: [{ username: 'x@example.com', securityGroupIds: [groupId] }], clientToken: 'shared' });
    const other = await invoke(emu, 'CreateSecurityGroup', { networkId, name: 'S', securityGroupSettings: {}, clientToken: 'shared' });
    expect(other.status).toBe(200);
    const failed = await invoke(emu, 'UpdateNetwork', { networkId: '11111111', networkName: 'n', clientToken: 'retry-me' });
    expect(failed.status).toBe(404);
    expect((await invoke(emu, 'UpdateNetwork', { networkId, networkName: 'n', clientToken: 'retry-me' })).status).toBe(200);
  });

  it('replays DeleteNetwork after the deletion completed', async () => {
    const first = await ok(emu, 'DeleteNetwork', { networkId, clientToken: 'del-1' });
    emu.completeNetworkDeletions();
    expect(await ok(emu, 'DeleteNetwork', { networkId, clientToken: 'del-1' })).toEqual(first);
    expect((await invoke(emu, 'DeleteNetwork', { networkId, clientToken: 'del-2' })).status).toBe(404);
  });
});
