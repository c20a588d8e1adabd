import { Emulator, startEmulator } from '../emulator';
import { createNetwork, invoke, ok, REGION } from './support/http';

describe('emulator users and devices', () => {
  let emu: Emulator;
  let networkId: string;
  let groupId: string;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId, defaultGroupId: groupId } = await createNetwork(emu));
  });

  const user = (username: string, groups = [groupId]) => ({ username, securityGroupIds: groups, firstName: 'Test', lastName: 'User' });

  it('reports per-item failures in failed[] with HTTP 200 (duplicate username, unknown group, two groups)', async () => {
    await ok(emu, 'BatchCreateUser', { networkId, users: [user('taken@example.com')] });
    const res = await invoke(emu, 'BatchCreateUser', {
      networkId,
      users: [user('new@example.com'), user('TAKEN@example.com'), user('nogroup@example.com', ['NoSuchGp']), user('two@example.com', [groupId, groupId]), user('new@example.com')],
    });
    expect(res.status).toBe(200);
    expect(res.json.successful).toHaveLength(1);
    expect(res.json.successful[0]).toMatchObject({ username: 'new@example.com', status: 1, securityGroups: [groupId], isAdmin: false, suspended: false });
    expect(res.json.failed).toEqual([
      { userId: '0', field: 'username', reason: 'User already exists (TAKEN@example.com)' },
      { userId: '0', field: 'securityGroupIds', reason: 'Security group NoSuchGp does not exist (nogroup@example.com)' },
      { userId: '0', field: 'securityGroupIds', reason: 'A user must be assigned to exactly one security group (two@example.com)' },
      { userId: '0', field: 'username', reason: 'User already exists (new@example.com)' },
    ]);
    expect(res.json.message).toBe('Some items failed');
    expect(emu.state.network(REGION, networkId)!.users).toHaveLength(2);
  });

  it('accepts 50 users in one batch and rejects 51 with 422', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => user(`u${i}@example.com`));
    const accepted = await ok(emu, 'BatchCreateUser', { networkId, users: fifty });
    expect(accepted.successful).toHaveLength(50);
    const tooMany = await invoke(emu, 'BatchCreateUser', { networkId, users: [...fifty, user('u50@example.com')].map((u, i) => ({ ...u, username: `x${i}@example.com` })) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.reasons).toEqual([{ field: 'users', reason: 'must contain between 1 and 50 items, got 51' }]);
    const empty = await invoke(emu, 'BatchDeleteUser', { networkId, userIds: [] });
    expect(empty.json.reasons).toEqual([{ field: 'userIds', reason: 'must contain between 1 and 50 items, got 0' }]);
    expect(emu.state.network(REGION, networkId)!.users).toHaveLength(50);
  });

  it('suspends, reinvites, looks up, updates and deletes users in batches', async () => {
    const created = await ok(emu, 'BatchCreateUser', { networkId, users: [user('a@example.com'), user('b@example.com')] });
    const [a, b] = created.successful.map((u: { userId: string }) => u.userId);
    emu.activateUser(REGION, networkId, b);

    const suspended = await ok(emu, 'BatchToggleUserSuspendStatus', { networkId, suspend: true, userIds: [a, '999999'] });
    expect(suspended).toEqual({ message: 'Some items failed', successful: [{ userId: a }], failed: [{ userId: '999999', field: 'userId', reason: 'User not found' }] });
    expect((await ok(emu, 'GetUser', { networkId, userId: a })).suspended).toBe(true);

    const reinvited = await ok(emu, 'BatchReinviteUser', { networkId, userIds: [a, b] });
    expect(reinvited.successful).toEqual([{ userId: a }]);
    expect(reinvited.failed).toEqual([{ userId: b, field: 'userId', reason: 'User has already accepted the invitation' }]);

    const uname = created.successful[0].uname as string;
    const lookup = await ok(emu, 'BatchLookupUserUname', { networkId, unames: [uname, 'nope'] });
    expect(lookup.successful).toEqual([{ uname, username: 'a@example.com' }]);
    expect(lookup.failed).toEqual([{ uname: 'nope', field: 'uname', reason: 'No user has this uname' }]);

    const { securityGroup } = await ok(emu, 'CreateSecurityGroup', { networkId, name: 'Other', securityGroupSettings: {} });
    const updated = await ok(emu, 'UpdateUser', { networkId, userId: a, userDetails: { lastName: 'Renamed', securityGroupIds: [securityGroup.id] } });
    expect(updated).toMatchObject({ userId: a, networkId, lastName: 'Renamed', securityGroupIds: [securityGroup.id], suspended: true, status: 1 });
    const clash = await invoke(emu, 'UpdateUser', { networkId, userId: a, userDetails: { username: 'b@example.com' } });
    expect(clash.status).toBe(400);
    expect(clash.json.message).toBe(`Username b@example.com is already used in network ${networkId}`);

    const counts = await ok(emu, 'GetUsersCount', { networkId });
    expect(counts).toEqual({ pending: 1, active: 1, rejected: 0, remaining: 0, total: 2 });

    await ok(emu, 'BatchDeleteUser', { networkId, userIds: [a] });
    const gone = await invoke(emu, 'GetUser', { networkId, userId: a });
    expect(gone.status).toBe(404);
    expect(gone.json.message).toBe(`User ${a} was not found in network ${networkId}`);
  });

  it('lists and resets a user’s devices', async () => {
    const created = await ok(emu, 'BatchCreateUser', { networkId, users: [user('d@example.com')] });
    const userId = created.successful[0].userId as string;
    const phone = emu.addDevice(REGION, networkId, userId, { type: 'mobile' });
    const laptop = emu.addDevice(REGION, networkId, userId);
    const listed = await ok(emu, 'ListDevicesForUser', { networkId, userId, sortFields: 'type', sortDirection: 'ASC' });
    expect(listed.devices.map((d: { appId: string }) => d.appId)).toEqual([laptop, phone]);
    const reset = await ok(emu, 'BatchResetDevicesForUser', { networkId, userId, appIds: [phone, 'unknown'] });
    expect(reset.successful).toEqual([{ appId: phone }]);
    expect(reset.failed).toEqual([{ appId: 'unknown', field: 'appId', reason: 'The user has no device with this appId' }]);
    const after = await ok(emu, 'ListDevicesForUser', { networkId, userId });
    expect(after.devices.find((d: { appId: string }) => d.appId === phone).statusText).toBe('Reset');
    const tooMany = await invoke(emu, 'BatchResetDevicesForUser', { networkId, userId, appIds: Array.from({ length: 51 }, (_, i) => `app${i}`) });
    expect(tooMany.status).toBe(422);
  });

  it('filters ListUsers by username, status and group', async () => {
    const { securityGroup } = await ok(emu, 'CreateSecurityGroup', { networkId, name: 'Ops', securityGroupSettings: {} });
    const created = await ok(emu, 'BatchCreateUser', { networkId, users: [user('alice@example.com'), user('bob@example.com', [securityGroup.id]), user('alina@example.com')] });
    emu.activateUser(REGION, networkId, created.successful[2].userId);
    const names = async (filter: Record<string, unknown>) =>
      ((await ok(emu, 'ListUsers', { networkId, sortFields: 'username', sortDirection: 'ASC', ...filter })).users as Array<{ username: string }>).map((u) => u.username);
    expect(await names({ username: 'ali' })).toEqual(['alice@example.com', 'alina@example.com']);
    expect(await names({ status: 2 })).toEqual(['alina@example.com']);
    expect(await names({ groupId: securityGroup.id })).toEqual(['bob@example.com']);
  });
});
