/**
 * A security group's managed members, compared member by member as the security-group handler
 * compares them (lambda/shared/security-group-diff.ts), and reported in the config's names and
 * units: `calling.video` (not `calling.canVideoCall`), `maxTtl: 30d` (not 2592000 seconds),
 * `maxAutoDownloadSize: LOW_QUALITY`. Members the kit does not manage, and those the live service
 * adds that the model lacks, are never drift; screen sharing is reported as information.
 */
import type { SecurityGroup } from '../../wickr/model/types';
import { reportedOnlySwitches, settingsDifferences } from '../security-group-diff';
import { formatAutoDownloadSize, formatDuration } from '../security-group-props';
import { differ, plainValue } from './difference';
import type { DesiredGroup, DriftDifference, DriftValue, ReportedValue } from './types';

/** The config's names of the calling switches. */
const CALLING_FIELD: Readonly<Record<string, string>> = { canStart11Call: 'oneToOne', canVideoCall: 'video', forceTcpCall: 'forceTcp' };

/** A wire member path (`calling.canVideoCall`) in the config's names (`calling.video`). */
export function configMember(wire: string): string {
  const [head, tail] = wire.split('.');
  return head === 'calling' && tail !== undefined ? `calling.${CALLING_FIELD[tail] ?? tail}` : wire;
}

/** A wire value in the config's units. */
export function configValue(wire: string, value: unknown): DriftValue {
  if ((wire === 'maxTtl' || wire === 'maxBor') && typeof value === 'number') return formatDuration(value);
  if (wire === 'maxAutoDownloadSize' && typeof value === 'number') return formatAutoDownloadSize(value);
  return plainValue(value);
}

export function resourceOfGroup(name: string): string {
  return `security-group:${name}`;
}

export function compareSecurityGroup(network: string, desired: DesiredGroup, live: Pick<SecurityGroup, 'name'> & { readonly securityGroupSettings?: SecurityGroup['securityGroupSettings'] }): { differences: DriftDifference[]; reported: ReportedValue[] } {
  const resource = resourceOfGroup(desired.name);
  const d = differ(network, resource);
  const differences: DriftDifference[] = [];
  // The default group is found by its flag; the kit renames it to the configured name.
  if (desired.isDefault && live.name !== desired.name) differences.push(d('name', desired.name, live.name ?? null));
  const settings = live.securityGroupSettings ?? {};
  for (const x of settingsDifferences(settings, desired.settings)) differences.push(d(configMember(x.member), configValue(x.member, x.expected), configValue(x.member, x.actual)));
  const { screenShare } = reportedOnlySwitches(settings);
  const reported: ReportedValue[] = screenShare === undefined ? [] : [{ network, resource, member: 'CALLING.canStartScreenShare', actual: screenShare }];
  return { differences, reported };
}
