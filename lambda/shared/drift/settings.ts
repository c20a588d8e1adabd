/** The network settings the config names, compared as the network-settings handler compares them. */
import type { Setting } from '../../wickr/model/types';
import { type DesiredNetworkSettings, type NetworkSettingName, networkSettingsDifferences, readSettings } from '../network-settings-diff';
import { differ } from './difference';
import type { DriftDifference } from './types';

/** The config's names of the settings (`settings.clientMetrics` is written as `enableClientMetrics`). */
const CONFIG_NAME: Readonly<Record<NetworkSettingName, string>> = {
  readReceipts: 'readReceipts',
  enableClientMetrics: 'clientMetrics',
  enableTrustedDataFormat: 'trustedDataFormat',
  dataRetention: 'dataRetention',
};

export function compareNetworkSettings(network: string, desired: DesiredNetworkSettings, live: readonly Setting[]): DriftDifference[] {
  const d = differ(network, 'settings');
  return networkSettingsDifferences(readSettings(live), desired).map((x) => d(CONFIG_NAME[x.member], x.expected, x.actual ?? null));
}
