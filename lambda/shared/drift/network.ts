/** A network's own managed members: its name and its plan. */
import type { Network } from '../../wickr/model/types';
import { differ } from './difference';
import type { DesiredNetwork, DriftDifference } from './types';

export function compareNetwork(desired: DesiredNetwork, live: Pick<Network, 'networkName' | 'accessLevel'>): DriftDifference[] {
  const d = differ(desired.key, 'network');
  const out: DriftDifference[] = [];
  if (live.networkName !== desired.name) out.push(d('name', desired.name, live.networkName ?? null));
  if (live.accessLevel !== desired.accessLevel) out.push(d('accessLevel', desired.accessLevel, live.accessLevel ?? null));
  return out;
}
