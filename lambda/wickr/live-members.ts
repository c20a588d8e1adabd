/**
 * Members the live AWS Wickr admin API sends, and partly requires, that the 2024-02-01 model lacks.
 * The client keeps every member it does not know (serde.ts), and these types name the ones known so
 * far, so handlers can read and send them back without casts.
 *
 * Source: the live-tested Terraform provider fork `SMonaghan/terraform-provider-aws`,
 * `internal/service/wickr/security_group.go` and `website/docs/r/wickr_security_group.html.markdown`
 * @f4fe7142 (live checks in us-east-1 dated 2026-04-19):
 * - security-group responses carry an uppercase `CALLING` object with seven booleans: the model's
 *   three (`canStart11Call`, `canVideoCall`, `forceTcpCall`) and `canAddtoCall`, `canStartGroupCall`,
 *   `canStartRoomCall`, `canStartScreenShare`. Whether the lowercase `calling` object is sent as well
 *   is not recorded, so readers take either;
 * - `passwordRequirements.regex` and `shredder.canProcessInBackground`, which an update of that
 *   object must carry ("This request contains invalid options or data." otherwise).
 *
 * The official `@aws-sdk/client-wickr` drops members its model lacks, so replacing this client with
 * it (see README.md) needs a model that has them, or these nested writes are refused again.
 */
import type { CallingSettings, PasswordRequirements, SecurityGroupSettings, ShredderSettings } from './model/types';

/** The uppercase key the live service uses for the seven-member calling object. */
export const LIVE_CALLING_MEMBER = 'CALLING';

/** Calling switches the live service has beyond the model's three. */
export const CALLING_EXTRA_MEMBERS = ['canAddtoCall', 'canStartGroupCall', 'canStartRoomCall', 'canStartScreenShare'] as const;

export type LiveCallingSettings = CallingSettings & { [K in (typeof CALLING_EXTRA_MEMBERS)[number]]?: boolean };

export interface LivePasswordRequirements extends PasswordRequirements {
  /** Required by the live service on every update of `passwordRequirements`; its format is not documented. */
  regex?: string;
}

export interface LiveShredderSettings extends ShredderSettings {
  /** Required by the live service on every update of `shredder`. */
  canProcessInBackground?: boolean;
}

/** `SecurityGroupSettings` as the live service sends it. */
export interface LiveSecurityGroupSettings extends Omit<SecurityGroupSettings, 'passwordRequirements' | 'shredder'> {
  CALLING?: LiveCallingSettings;
  passwordRequirements?: LivePasswordRequirements;
  shredder?: LiveShredderSettings;
}

/**
 * The group's calling switches, from whichever object the service sent: the model's `calling`
 * first, then the live `CALLING` (member by member, so a service that sends both with different
 * members loses none).
 */
export function callingOf(settings: LiveSecurityGroupSettings | SecurityGroupSettings): LiveCallingSettings | undefined {
  const lower = (settings as LiveSecurityGroupSettings).calling as LiveCallingSettings | undefined;
  const upper = (settings as LiveSecurityGroupSettings).CALLING;
  if (lower === undefined && upper === undefined) return undefined;
  return { ...(upper ?? {}), ...(lower ?? {}) };
}
