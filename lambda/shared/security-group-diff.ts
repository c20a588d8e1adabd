/**
 * How a security group's configured policy compares with the live group, and what to send to make
 * them agree. The security-group handler converges with it and drift detection reports with it, so
 * "differs" means the same thing in both.
 *
 * - Only configured members are compared: members the kit does not manage, and members the live
 *   service sends that the model lacks (`CALLING`'s extra switches, `passwordRequirements.regex`,
 *   `shredder.canProcessInBackground`; see lambda/wickr/live-members.ts), never count as different.
 * - Nested objects are compared member by member and written as read-modify-write: the live object
 *   with the configured members laid over it, so members the kit does not manage (and those the
 *   service requires on every write, such as `regex`) go back as the service sent them
 *   (conventions.md §26; the fork's `expandSettingsDiff`).
 * - The calling switches are read from `calling` or the live `CALLING`, whichever the service sent,
 *   and written under the model's `calling` with the model's three members only: nothing shows how
 *   the service accepts `CALLING`, so its extra switches (screen sharing among them) are reported,
 *   never written.
 *
 * No dependencies beyond the client's types: this file is bundled into the Lambda handler.
 */
import type { SecurityGroupSettings } from '../wickr/model/types';
import { callingOf, type LiveSecurityGroupSettings } from '../wickr/live-members';
import { type ManagedSettings, NESTED_SETTINGS } from './security-group-props';

/** The calling members the model has, and so the only ones the kit writes. */
export const MODEL_CALLING_MEMBERS = ['canStart11Call', 'canVideoCall', 'forceTcpCall'] as const;

/** One configured member whose live value differs. `member` is a wire path (`calling.canVideoCall`). */
export interface SettingDifference {
  readonly member: string;
  readonly expected: unknown;
  /** `undefined` when the service does not send the member. */
  readonly actual: unknown;
}

type Nested = (typeof NESTED_SETTINGS)[number];
const isNested = (key: string): key is Nested => (NESTED_SETTINGS as readonly string[]).includes(key);

/** The live nested object as the kit reads it (`calling` merged from both keys). */
function liveNested(live: LiveSecurityGroupSettings, key: Nested): Record<string, unknown> {
  if (key === 'calling') return { ...(callingOf(live) ?? {}) };
  return { ...((live[key] as Record<string, unknown> | undefined) ?? {}) };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}

/** Every configured member whose live value differs, leaf by leaf, in the configuration's order. */
export function settingsDifferences(live: LiveSecurityGroupSettings | SecurityGroupSettings, desired: ManagedSettings): SettingDifference[] {
  const have = live as LiveSecurityGroupSettings;
  const out: SettingDifference[] = [];
  for (const [key, want] of Object.entries(desired) as [string, unknown][]) {
    if (want === undefined) continue;
    if (isNested(key)) {
      const now = liveNested(have, key);
      for (const [member, value] of Object.entries(want as Record<string, unknown>)) {
        if (value !== undefined && now[member] !== value) out.push({ member: `${key}.${member}`, expected: value, actual: now[member] });
      }
    } else {
      const now = (have as Record<string, unknown>)[key];
      if (!sameValue(now, want)) out.push({ member: key, expected: want, actual: now });
    }
  }
  return out;
}

/**
 * The `securityGroupSettings` to send so the live group matches `desired`: only the members that
 * differ; a nested object that differs is sent whole (read-modify-write). Empty when nothing differs.
 */
export function settingsPatch(live: LiveSecurityGroupSettings | SecurityGroupSettings, desired: ManagedSettings): SecurityGroupSettings {
  const have = live as LiveSecurityGroupSettings;
  const differing = new Set(settingsDifferences(have, desired).map((d) => d.member.split('.')[0]));
  const patch: Record<string, unknown> = {};
  for (const key of differing) {
    const want = (desired as Record<string, unknown>)[key];
    if (!isNested(key)) {
      patch[key] = want;
      continue;
    }
    const current = liveNested(have, key);
    const base = key === 'calling' ? Object.fromEntries(MODEL_CALLING_MEMBERS.filter((m) => current[m] !== undefined).map((m) => [m, current[m]])) : current;
    patch[key] = { ...base, ...compact(want as Record<string, unknown>) };
  }
  return patch as SecurityGroupSettings;
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The live switches the kit reports but never writes (the fork: `CALLING.canStartScreenShare`). */
export function reportedOnlySwitches(live: LiveSecurityGroupSettings | SecurityGroupSettings): { readonly screenShare?: boolean } {
  const calling = callingOf(live);
  return calling?.canStartScreenShare === undefined ? {} : { screenShare: calling.canStartScreenShare };
}
