/**
 * Guest users. Guests arrive from outside (there is no API to create one), so tests add them with
 * the `addGuestUser` hook. UpdateGuestUser is not idempotent: blocking an already-blocked guest, or
 * unblocking one that is not blocked, is a 400; an unknown usernameHash is a 404.
 */
import type {
  BlockedGuestUser,
  GetGuestUserHistoryCountRequest,
  GetGuestUserHistoryCountResponse,
  GuestUser,
  ListBlockedGuestUsersRequest,
  ListBlockedGuestUsersResponse,
  ListGuestUsersRequest,
  ListGuestUsersResponse,
  UpdateGuestUserRequest,
  UpdateGuestUserResponse,
} from '../../../lambda/wickr/model/types';
import { badRequest, notFound } from '../errors';
import { GuestRecord, NetworkRecord } from '../state';
import { compact, Handler, listPage, matches, network, OpContext, sha256Hex } from './context';

/** The history window GetGuestUserHistoryCount reports (the docs say "the past 90 days"). */
const HISTORY_MONTHS = 3;

export function addGuest(record: NetworkRecord, username: string, billingPeriod: string): GuestRecord {
  if (!/^\d{4}-\d{2}$/.test(billingPeriod)) throw new Error(`billingPeriod must be yyyy-mm, got ${billingPeriod}`);
  const guest: GuestRecord = { username, usernameHash: sha256Hex(username), billingPeriod };
  record.guests.set(guest.usernameHash, guest);
  return guest;
}

/** "yyyy-mm-dd hh:mm:ss" in UTC, the form the blocklist uses for `modified`. */
function blocklistTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

function listGuestUsers(ctx: OpContext, input: ListGuestUsersRequest): ListGuestUsersResponse {
  const record = network(ctx, input.networkId!);
  const selected: GuestUser[] = [...record.guests.values()]
    .filter((g) => matches(g.username, input.username) && (input.billingPeriod === undefined || g.billingPeriod === input.billingPeriod))
    .map((g) => ({ ...g }));
  const filters = { username: input.username, billingPeriod: input.billingPeriod };
  const { page, nextToken } = listPage(ctx, selected, input, { sortable: ['username', 'billingPeriod', 'usernameHash'], filters });
  return compact({ guestlist: page, nextToken });
}

function listBlockedGuestUsers(ctx: OpContext, input: ListBlockedGuestUsersRequest): ListBlockedGuestUsersResponse {
  const record = network(ctx, input.networkId!);
  const selected: BlockedGuestUser[] = [...record.blocked.values()]
    .filter((b) => matches(b.username, input.username) && matches(b.admin, input.admin))
    .map((b) => ({ ...b }));
  const filters = { username: input.username, admin: input.admin };
  const { page, nextToken } = listPage(ctx, selected, input, { sortable: ['modified', 'username', 'admin', 'usernameHash'], filters });
  return compact({ blocklist: page, nextToken });
}

function getGuestUserHistoryCount(ctx: OpContext, input: GetGuestUserHistoryCountRequest): GetGuestUserHistoryCountResponse {
  const record = network(ctx, input.networkId!);
  const now = new Date(ctx.state.now());
  const months: string[] = [];
  for (let i = 0; i < HISTORY_MONTHS; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  const history = months
    .map((month) => ({ month: month.replace('-', '_'), count: [...record.guests.values()].filter((g) => g.billingPeriod === month).length }))
    .filter((entry) => entry.count > 0)
    .map((entry) => ({ month: entry.month, count: String(entry.count) }));
  return { history };
}

function updateGuestUser(ctx: OpContext, input: UpdateGuestUserRequest): UpdateGuestUserResponse {
  const record = network(ctx, input.networkId!);
  const hash = input.usernameHash!;
  const blocked = record.blocked.get(hash);
  const guest = record.guests.get(hash);
  if (!guest && !blocked) throw notFound(`No guest user with usernameHash ${hash} in network ${record.networkId}`);
  if (input.block) {
    if (blocked) throw badRequest('This guest user is already blocked in the network');
    record.blocked.set(hash, { username: guest!.username, usernameHash: hash, admin: ctx.accessKeyId, modified: blocklistTime(ctx.state.now()) });
    return { message: 'Guest user blocked' };
  }
  if (!blocked) throw badRequest('This guest user is not blocked in the network');
  record.blocked.delete(hash);
  return { message: 'Guest user unblocked' };
}

export const guestHandlers = {
  ListGuestUsers: listGuestUsers,
  ListBlockedGuestUsers: listBlockedGuestUsers,
  GetGuestUserHistoryCount: getGuestUserHistoryCount,
  UpdateGuestUser: updateGuestUser,
} satisfies Record<string, Handler>;
