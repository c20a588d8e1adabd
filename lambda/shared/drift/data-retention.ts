/** Data retention as the config turns it on: the bot registered and retention enabled. */
import type { GetDataRetentionBotResponse } from '../../wickr/model/types';
import { differ } from './difference';
import type { DriftDifference } from './types';

export function compareDataRetention(network: string, live: GetDataRetentionBotResponse): DriftDifference[] {
  const d = differ(network, 'data-retention');
  if (!live.botExists) return [d('bot', 'registered', 'missing')];
  const out: DriftDifference[] = [];
  if (live.isDataRetentionBotRegistered !== true) out.push(d('botRegistered', true, live.isDataRetentionBotRegistered ?? false));
  if (live.isDataRetentionServiceEnabled !== true) out.push(d('enabled', true, live.isDataRetentionServiceEnabled ?? false));
  return out;
}
