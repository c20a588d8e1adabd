/**
 * Users and their devices. Batch operations take 1..50 items (422 outside that) and report per-item
 * problems in `failed[]` with HTTP 200. A failed BatchCreateUser item has no user yet, so its
 * `userId` is "0" (as the model's example shows) and the `reason` names the username: callers must
 * match failures by what is missing from `successful`, not by id.
 */
import type {
  BatchCreateUserRequest,
  BatchCreateUserResponse,
  BatchDeleteUserRequest,
  BatchDeleteUserResponse,
  BatchLookupUserUnameRequest,
  BatchLookupUserUnameResponse,
  BatchReinviteUserRequest,
  BatchReinviteUserResponse,
  BatchResetDevicesForUserRequest,
  BatchResetDevicesForUserResponse,
  BatchToggleUserSuspendStatusRequest,
  BatchToggleUserSuspendStatusResponse,
  BatchUserErrorResponseItem,
  BasicDeviceObject,
  GetUserRequest,
  GetUserResponse,
  GetUsersCountRequest,
  GetUsersCountResponse,
  ListDevicesForUserRequest,
  ListDevicesForUserResponse,
  ListUsersRequest,
  ListUsersResponse,
  UpdateUserRequest,
  UpdateUserResponse,
  User,
} from '../../../lambda/wickr/model/types';
import { badRequest, invalid, notFound } from '../errors';
import { NetworkRecord, UserRecord } from '../state';
import { batchMessage, checkBatchSize, compact, Handler, listPage, matches, network, OpContext, sha256Hex } from './context';

const DEFAULT_INVITE_TTL_DAYS = 7;
/** Free-trial networks hold at most this many users (drives GetUsersCount.remaining). */
export const FREE_TRIAL_USER_LIMIT = 30;

export function toUser(user: UserRecord, nowSeconds: number): User {
  return compact({
    userId: user.userId,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
    securityGroups: [user.groupId],
    isAdmin: false,
    suspended: user.suspended,
    status: user.status,
    otpEnabled: false,
    isInviteExpired: user.status === 1 && user.inviteExpiration < nowSeconds,
    isUser: true,
    inviteCode: user.inviteCode,
    codeValidation: user.codeValidation,
    uname: user.uname,
  });
}

/** Whether a username is taken by a user or a bot of the network (usernames are unique per network). */
export function usernameTaken(record: NetworkRecord, username: string, exceptUserId?: string): boolean {
  const lower = username.toLowerCase();
  return (
    [...record.users.values()].some((u) => u.userId !== exceptUserId && u.username.toLowerCase() === lower) ||
    [...record.bots.values()].some((b) => b.username.toLowerCase() === lower)
  );
}

function findUser(record: NetworkRecord, userId: string): UserRecord {
  const user = record.users.get(userId);
  if (!user) throw notFound(`User ${userId} was not found in network ${record.networkId}`);
  return user;
}

function batchCreateUser(ctx: OpContext, input: BatchCreateUserRequest): BatchCreateUserResponse {
  const record = network(ctx, input.networkId!);
  const items = input.users!;
  checkBatchSize('users', items);
  const successful: User[] = [];
  const failed: BatchUserErrorResponseItem[] = [];
  const now = ctx.state.nowSeconds();
  for (const item of items) {
    const username = item.username!;
    const groups = item.securityGroupIds!;
    const fail = (field: string, reason: string) => failed.push({ userId: '0', field, reason: `${reason} (${username})` });
    if (usernameTaken(record, username)) fail('username', 'User already exists');
    else if (groups.length !== 1) fail('securityGroupIds', 'A user must be assigned to exactly one security group');
    else if (!record.groups.has(groups[0])) fail('securityGroupIds', `Security group ${groups[0]} does not exist`);
    else {
      const user: UserRecord = {
        userId: ctx.state.newUserId(),
        username,
        firstName: item.firstName,
        lastName: item.lastName,
        groupId: groups[0],
        status: 1,
        suspended: false,
        uname: sha256Hex(username),
        inviteCode: item.inviteCode ?? `INV${ctx.state.token(8)}`,
        codeValidation: item.codeValidation ?? false,
        inviteExpiration: now + (item.inviteCodeTtl ?? DEFAULT_INVITE_TTL_DAYS) * 86400,
        modified: now,
        devices: [],
      };
      record.users.set(user.userId, user);
      successful.push(toUser(user, now));
    }
  }
  return { message: batchMessage(failed.length, items.length), successful, failed };
}

/** Shared shape of BatchDeleteUser / BatchToggleUserSuspendStatus / BatchReinviteUser. */
function eachUser(
  ctx: OpContext,
  networkId: string,
  userIds: readonly string[],
  apply: (record: NetworkRecord, user: UserRecord) => string | undefined,
): { message: string; successful: Array<{ userId: string }>; failed: BatchUserErrorResponseItem[] } {
  const record = network(ctx, networkId);
  checkBatchSize('userIds', userIds);
  const successful: Array<{ userId: string }> = [];
  const failed: BatchUserErrorResponseItem[] = [];
  for (const userId of userIds) {
    const user = record.users.get(userId);
    const problem = user ? apply(record, user) : 'User not found';
    if (problem) failed.push({ userId, field: 'userId', reason: problem });
    else successful.push({ userId });
  }
  return { message: batchMessage(failed.length, userIds.length), successful, failed };
}

function batchDeleteUser(ctx: OpContext, input: BatchDeleteUserRequest): BatchDeleteUserResponse {
  return eachUser(ctx, input.networkId!, input.userIds!, (record, user) => {
    record.users.delete(user.userId);
    return undefined;
  });
}

function batchToggleUserSuspendStatus(ctx: OpContext, input: BatchToggleUserSuspendStatusRequest): BatchToggleUserSuspendStatusResponse {
  return eachUser(ctx, input.networkId!, input.userIds!, (_record, user) => {
    user.suspended = input.suspend!;
    user.modified = ctx.state.nowSeconds();
    return undefined;
  });
}

function batchReinviteUser(ctx: OpContext, input: BatchReinviteUserRequest): BatchReinviteUserResponse {
  return eachUser(ctx, input.networkId!, input.userIds!, (_record, user) => {
    if (user.status !== 1) return 'User has already accepted the invitation';
    user.inviteExpiration = ctx.state.nowSeconds() + DEFAULT_INVITE_TTL_DAYS * 86400;
    return undefined;
  });
}

function batchLookupUserUname(ctx: OpContext, input: BatchLookupUserUnameRequest): BatchLookupUserUnameResponse {
  const record = network(ctx, input.networkId!);
  const unames = input.unames!;
  checkBatchSize('unames', unames);
  const byUname = new Map([...record.users.values()].map((u) => [u.uname, u.username]));
  const successful: Array<{ uname: string; username: string }> = [];
  const failed: Array<{ uname: string; field: string; reason: string }> = [];
  for (const uname of unames) {
    const username = byUname.get(uname);
    if (username !== undefined) successful.push({ uname, username });
    else failed.push({ uname, field: 'uname', reason: 'No user has this uname' });
  }
  return { message: batchMessage(failed.length, unames.length), successful, failed };
}

function batchResetDevicesForUser(ctx: OpContext, input: BatchResetDevicesForUserRequest): BatchResetDevicesForUserResponse {
  const record = network(ctx, input.networkId!);
  const user = findUser(record, input.userId!);
  const appIds = input.appIds!;
  checkBatchSize('appIds', appIds);
  const successful: Array<{ appId: string }> = [];
  const failed: Array<{ appId: string; field: string; reason: string }> = [];
  for (const appId of appIds) {
    const device = user.devices.find((d) => d.appId === appId);
    if (!device) failed.push({ appId, field: 'appId', reason: 'The user has no device with this appId' });
    else {
      device.statusText = 'Reset';
      successful.push({ appId });
    }
  }
  return { message: batchMessage(failed.length, appIds.length), successful, failed };
}

function getUser(ctx: OpContext, input: GetUserRequest): GetUserResponse {
  if (input.startTime !== undefined && input.endTime !== undefined && Number(input.startTime) > Number(input.endTime)) {
    throw invalid([{ field: 'startTime', reason: 'must not be after endTime' }]);
  }
  const user = findUser(network(ctx, input.networkId!), input.userId!);
  return compact({
    userId: user.userId,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
    isAdmin: false,
    suspended: user.suspended,
    status: user.status,
    lastActivity: user.lastActivity,
    lastLogin: user.lastLogin,
    securityGroupIds: [user.groupId],
  });
}

function getUsersCount(ctx: OpContext, input: GetUsersCountRequest): GetUsersCountResponse {
  const record = network(ctx, input.networkId!);
  const users = [...record.users.values()];
  const pending = users.filter((u) => u.status === 1).length;
  const active = users.filter((u) => u.status === 2).length;
  return {
    pending,
    active,
    rejected: 0,
    remaining: record.freeTrial ? Math.max(0, FREE_TRIAL_USER_LIMIT - users.length) : 0,
    total: users.length,
  };
}

function listUsers(ctx: OpContext, input: ListUsersRequest): ListUsersResponse {
  const record = network(ctx, input.networkId!);
  const selected = [...record.users.values()]
    .filter(
      (u) =>
        matches(u.firstName, input.firstName) &&
        matches(u.lastName, input.lastName) &&
        matches(u.username, input.username) &&
        (input.status === undefined || u.status === input.status) &&
        (input.groupId === undefined || u.groupId === input.groupId),
    )
    .map((u) => toUser(u, ctx.state.nowSeconds()));
  const filters = { firstName: input.firstName, lastName: input.lastName, username: input.username, status: input.status, groupId: input.groupId };
  const { page, nextToken } = listPage(ctx, selected, input, { sortable: ['userId', 'username', 'firstName', 'lastName', 'status'], filters });
  return compact({ users: page, nextToken });
}

function listDevicesForUser(ctx: OpContext, input: ListDevicesForUserRequest): ListDevicesForUserResponse {
  const user = findUser(network(ctx, input.networkId!), input.userId!);
  const devices: BasicDeviceObject[] = user.devices.map((d) => ({ ...d }));
  const { page, nextToken } = listPage(ctx, devices, input, { sortable: ['appId', 'created', 'lastLogin', 'type'], filters: { userId: user.userId } });
  return compact({ devices: page, nextToken });
}

function updateUser(ctx: OpContext, input: UpdateUserRequest): UpdateUserResponse {
  const record = network(ctx, input.networkId!);
  const user = findUser(record, input.userId!);
  const details = input.userDetails ?? {};
  if (details.username !== undefined && usernameTaken(record, details.username, user.userId)) {
    throw badRequest(`Username ${details.username} is already used in network ${record.networkId}`);
  }
  if (details.securityGroupIds !== undefined) {
    if (details.securityGroupIds.length !== 1) {
      throw invalid([{ field: 'userDetails.securityGroupIds', reason: 'a user must be assigned to exactly one security group' }]);
    }
    if (!record.groups.has(details.securityGroupIds[0])) throw badRequest(`Security group ${details.securityGroupIds[0]} does not exist`);
    user.groupId = details.securityGroupIds[0];
  }
  if (details.username !== undefined) {
    user.username = details.username;
    user.uname = sha256Hex(details.username);
  }
  if (details.firstName !== undefined) user.firstName = details.firstName;
  if (details.lastName !== undefined) user.lastName = details.lastName;
  if (details.inviteCode !== undefined) user.inviteCode = details.inviteCode;
  if (details.codeValidation !== undefined) user.codeValidation = details.codeValidation;
  if (details.inviteCodeTtl !== undefined) user.inviteExpiration = ctx.state.nowSeconds() + details.inviteCodeTtl * 86400;
  user.modified = ctx.state.nowSeconds();
  return compact({
    userId: user.userId,
    networkId: record.networkId,
    securityGroupIds: [user.groupId],
    firstName: user.firstName,
    lastName: user.lastName,
    suspended: user.suspended,
    modified: user.modified,
    status: user.status,
    inviteCode: user.inviteCode,
    inviteExpiration: user.inviteExpiration,
    codeValidation: user.codeValidation,
  });
}

export const userHandlers = {
  BatchCreateUser: batchCreateUser,
  BatchDeleteUser: batchDeleteUser,
  BatchToggleUserSuspendStatus: batchToggleUserSuspendStatus,
  BatchReinviteUser: batchReinviteUser,
  BatchLookupUserUname: batchLookupUserUname,
  BatchResetDevicesForUser: batchResetDevicesForUser,
  GetUser: getUser,
  GetUsersCount: getUsersCount,
  ListUsers: listUsers,
  ListDevicesForUser: listDevicesForUser,
  UpdateUser: updateUser,
} satisfies Record<string, Handler>;
