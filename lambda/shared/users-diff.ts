/**
 * How a configured user or bot compares with the account the service holds. The users handler
 * updates exactly what this finds, and drift detection reports it, so "differs" means the same
 * thing in both.
 *
 * Names are compared only when configured. A user belongs to exactly the configured group: any
 * other group, or a second one, differs (the handler then sets the group list to the one group).
 *
 * No dependencies beyond the client's types: this file is bundled into the Lambda handlers.
 */
import type { Bot, User } from '../wickr/model/types';

/** The members of a user the kit manages. First and last names are sensitive: never log or print their values. */
export type UserMember = 'firstName' | 'lastName' | 'group';
export type BotMember = 'displayName' | 'group';

/** The members of `current` that differ from the configured user; `groupId` is the id of its configured group. */
export function userDifferences(current: User, want: { readonly firstName?: string; readonly lastName?: string }, groupId: string): UserMember[] {
  const out: UserMember[] = [];
  if (want.firstName !== undefined && current.firstName !== want.firstName) out.push('firstName');
  if (want.lastName !== undefined && current.lastName !== want.lastName) out.push('lastName');
  const groups = current.securityGroups ?? [];
  if (groups.length !== 1 || groups[0] !== groupId) out.push('group');
  return out;
}

/** The members of `current` that differ from the configured bot; `groupId` is the id of its configured group. */
export function botDifferences(current: Bot, want: { readonly displayName?: string }, groupId: string): BotMember[] {
  const out: BotMember[] = [];
  if (want.displayName !== undefined && current.displayName !== want.displayName) out.push('displayName');
  if (current.groupId !== groupId) out.push('group');
  return out;
}
