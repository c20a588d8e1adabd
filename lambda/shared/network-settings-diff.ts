/**
 * How a network's configured settings compare with what the service holds, and what to send to make
 * them agree. The network-settings handler converges with it and drift detection reports with it,
 * so "differs" means the same thing in both.
 *
 * The API writes settings as a struct and reads them back as a list of string triples
 * (`{optionName, value, type}`); `readSettings` maps the read form onto the written one.
 *
 * The live service may leave settings still at their defaults out of GetNetworkSettings (the
 * live-tested fork `SMonaghan/terraform-provider-aws`, flex.go @275578f5, reads a missing boolean as
 * false), so a setting that is not listed reads as its default: switches off, read receipts DISABLED.
 * Without that, every Update would rewrite them. Option names are matched without regard to case, and
 * read receipts by any name containing "readreceipt", as the fork does: their read form is undocumented.
 *
 * No dependencies beyond the client's types: this file is bundled into the Lambda handlers.
 */
import type { NetworkSettings, Setting } from '../wickr/model/types';
import { type NetworkSettingsProperties, READ_RECEIPTS } from './network-settings-props';

export type DesiredNetworkSettings = NetworkSettingsProperties['Settings'];
export type NetworkSettingName = keyof DesiredNetworkSettings;

/** What a setting the service does not list reads as (its default). */
export const SETTING_DEFAULTS: Required<DesiredNetworkSettings> = { enableClientMetrics: false, dataRetention: false, enableTrustedDataFormat: false, readReceipts: 'DISABLED' };

const SETTING_NAMES = Object.keys(SETTING_DEFAULTS) as NetworkSettingName[];

const BOOLEAN_OPTIONS: Readonly<Record<string, 'enableClientMetrics' | 'dataRetention' | 'enableTrustedDataFormat'>> = {
  enableclientmetrics: 'enableClientMetrics',
  dataretention: 'dataRetention',
  enabletrusteddataformat: 'enableTrustedDataFormat',
};

/** The read form (string triples) mapped onto the written struct; a setting not listed reads as its default. Unknown options are ignored. */
export function readSettings(settings: readonly Setting[]): Required<DesiredNetworkSettings> {
  const out: { -readonly [K in NetworkSettingName]-?: Required<DesiredNetworkSettings>[K] } = { ...SETTING_DEFAULTS };
  for (const s of settings) {
    const name = (s.optionName ?? '').toLowerCase();
    const flag = BOOLEAN_OPTIONS[name];
    if (flag !== undefined) {
      if (s.value === 'true' || s.value === 'false') out[flag] = s.value === 'true';
    } else if (name.includes('readreceipt')) {
      const status = readReceiptStatus(s.value);
      if (status) out.readReceipts = status;
    }
  }
  return out;
}

/**
 * How read receipts come back is not documented: accept the JSON form of the written struct
 * (`{"status":"ENABLED"}`) and the bare status.
 */
function readReceiptStatus(value: string | undefined): DesiredNetworkSettings['readReceipts'] {
  if (value === undefined) return undefined;
  let candidate: unknown = value;
  try {
    const parsed: unknown = JSON.parse(value);
    candidate = parsed !== null && typeof parsed === 'object' ? (parsed as { status?: unknown }).status : parsed;
  } catch {
    // a bare status such as ENABLED
  }
  return (READ_RECEIPTS as readonly unknown[]).includes(candidate) ? (candidate as DesiredNetworkSettings['readReceipts']) : undefined;
}

/** One configured setting whose current value differs. */
export interface NetworkSettingDifference {
  readonly member: NetworkSettingName;
  readonly expected: boolean | string;
  readonly actual: boolean | string | undefined;
}

/** Every configured setting whose current value differs, in a fixed order. */
export function networkSettingsDifferences(current: DesiredNetworkSettings, desired: DesiredNetworkSettings): NetworkSettingDifference[] {
  const out: NetworkSettingDifference[] = [];
  for (const name of SETTING_NAMES) {
    const want = desired[name];
    if (want !== undefined && want !== current[name]) out.push({ member: name, expected: want, actual: current[name] });
  }
  return out;
}

/** Only the desired settings that differ from the current ones, in the written form. */
export function settingsPatch(current: DesiredNetworkSettings, desired: DesiredNetworkSettings): NetworkSettings {
  const patch: NetworkSettings = {};
  for (const d of networkSettingsDifferences(current, desired)) {
    if (d.member === 'readReceipts') patch.readReceiptConfig = { status: d.expected as NonNullable<DesiredNetworkSettings['readReceipts']> };
    else patch[d.member] = d.expected as boolean;
  }
  return patch;
}
