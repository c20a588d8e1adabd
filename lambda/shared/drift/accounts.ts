/**
 * The users and bots the config lists, compared as the users handler compares them
 * (lambda/shared/users-diff.ts). Accounts the config does not list are not managed, so never drift.
 * First and last names are compared and never printed.
 */
import type { Bot, SecurityGroup, User } from '../../wickr/model/types';
import { botDifferences, userDifferences } from '../users-diff';
import { differ } from './difference';
import { type DesiredBot, type DesiredUser, type DriftDifference, SENSITIVE_VALUE } from './types';

const key = (username: string) => username.toLowerCase();

export function compareAccounts(
  network: string,
  desired: { readonly users: readonly DesiredUser[]; readonly bots: readonly DesiredBot[] },
  live: { readonly users: readonly User[]; readonly bots: readonly Bot[]; readonly groups: readonly Pick<SecurityGroup, 'id' | 'name'>[] },
): DriftDifference[] {
  // Names resolve to ids as the handler resolves them: an ambiguous name resolves to nothing.
  const idOf = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const g of live.groups) {
    if (g.name === undefined || g.id === undefined) continue;
    if (idOf.has(g.name)) ambiguous.add(g.name);
    idOf.set(g.name, g.id);
  }
  for (const name of ambiguous) idOf.delete(name);
  const nameOf = new Map(live.groups.filter((g) => g.id !== undefined).map((g) => [g.id!, g.name ?? g.id!]));
  const groupNames = (ids: readonly string[]) => ids.map((id) => nameOf.get(id) ?? id);
  const users = new Map(live.users.filter((u) => u.username !== undefined).map((u) => [key(u.username!), u]));
  const bots = new Map(live.bots.filter((b) => b.username !== undefined).map((b) => [key(b.username!), b]));

  const out: DriftDifference[] = [];
  for (const want of desired.users) {
    const d = differ(network, `user:${want.username}`);
    const current = users.get(key(want.username));
    if (!current) {
      out.push(d('exists', true, bots.has(key(want.username)) ? 'a bot has this username' : false));
      continue;
    }
    for (const member of userDifferences(current, want, idOf.get(want.group) ?? '')) {
      out.push(member === 'group' ? d('group', want.group, groupNames(current.securityGroups ?? [])) : d(member, SENSITIVE_VALUE, SENSITIVE_VALUE));
    }
  }
  for (const want of desired.bots) {
    const d = differ(network, `bot:${want.username}`);
    const current = bots.get(key(want.username));
    if (!current) {
      out.push(d('exists', true, users.has(key(want.username)) ? 'a user has this username' : false));
      continue;
    }
    for (const member of botDifferences(current, want, idOf.get(want.group) ?? '')) {
      out.push(member === 'group' ? d('group', want.group, current.groupId === undefined ? null : (nameOf.get(current.groupId) ?? current.groupId)) : d('displayName', want.displayName ?? null, current.displayName ?? null));
    }
  }
  return out;
}
