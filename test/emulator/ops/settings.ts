/**
 * Network settings: written as a struct (NetworkSettings, PATCH), read back as a list of
 * {optionName, value, type} string triples.
 *
 * Rendering (the model leaves the read form of readReceiptConfig undocumented; this is our choice):
 *   booleans           → value "true"/"false", type "boolean"
 *   readReceiptConfig  → optionName "readReceiptConfig", value '{"status":"ENABLED"}', type "json"
 * GetNetworkSettings returns every setting in NetworkSettings member order; UpdateNetworkSettings
 * returns only the settings the request named (as the model's examples show), so a client must not
 * treat the update response as the full state.
 *
 * `dataRetention` is the same flag as GetDataRetentionBot.isDataRetentionServiceEnabled: turning it
 * on here needs a registered data-retention bot, exactly like UpdateDataRetention ENABLE (400 otherwise).
 *
 * Live behaviour `sparseNetworkSettings` (flex.go @275578f5, network_settings_test.go @8c73d6b9):
 * GetNetworkSettings leaves out settings never changed from their defaults, and UpdateNetworkSettings
 * does not set `dataRetention` (only UpdateDataRetention does; the emulator answers without it).
 */
import type {
  GetNetworkSettingsRequest,
  GetNetworkSettingsResponse,
  NetworkSettings,
  Setting,
  UpdateNetworkSettingsRequest,
  UpdateNetworkSettingsResponse,
} from '../../../lambda/wickr/model/types';
import { badRequest } from '../errors';
import { NetworkSettingsRecord } from '../state';
import { Handler, network, OpContext } from './context';

export function defaultSettings(): NetworkSettingsRecord {
  return {
    enableClientMetrics: false,
    readReceiptConfig: { status: 'DISABLED' },
    dataRetention: false,
    enableTrustedDataFormat: false,
  };
}

type SettingName = keyof NetworkSettingsRecord;
const SETTING_ORDER: readonly SettingName[] = ['enableClientMetrics', 'readReceiptConfig', 'dataRetention', 'enableTrustedDataFormat'];

export function settingTriple(settings: NetworkSettingsRecord, name: SettingName): Setting {
  const value = settings[name];
  if (typeof value === 'boolean') return { optionName: name, value: String(value), type: 'boolean' };
  return { optionName: name, value: JSON.stringify(value), type: 'json' };
}

export function settingsList(settings: NetworkSettingsRecord, names: readonly SettingName[] = SETTING_ORDER): Setting[] {
  return names.map((name) => settingTriple(settings, name));
}

function getNetworkSettings(ctx: OpContext, input: GetNetworkSettingsRequest): GetNetworkSettingsResponse {
  const settings = network(ctx, input.networkId!).settings;
  if (!ctx.state.behaviour.sparseNetworkSettings) return { settings: settingsList(settings) };
  const defaults = defaultSettings();
  const changed = SETTING_ORDER.filter((name) => JSON.stringify(settings[name]) !== JSON.stringify(defaults[name]));
  return { settings: settingsList(settings, changed) };
}

function updateNetworkSettings(ctx: OpContext, input: UpdateNetworkSettingsRequest): UpdateNetworkSettingsResponse {
  const record = network(ctx, input.networkId!);
  const patch: NetworkSettings = { ...input.settings! };
  if (ctx.state.behaviour.sparseNetworkSettings) delete patch.dataRetention;
  if (patch.dataRetention === true && !record.settings.dataRetention && !record.dataRetention.registered) {
    throw badRequest('dataRetention cannot be turned on before the data retention bot has registered');
  }
  const touched: SettingName[] = [];
  if (patch.enableClientMetrics !== undefined) record.settings.enableClientMetrics = patch.enableClientMetrics;
  if (patch.readReceiptConfig?.status !== undefined) record.settings.readReceiptConfig = { status: patch.readReceiptConfig.status };
  if (patch.dataRetention !== undefined) record.settings.dataRetention = patch.dataRetention;
  if (patch.enableTrustedDataFormat !== undefined) record.settings.enableTrustedDataFormat = patch.enableTrustedDataFormat;
  for (const name of SETTING_ORDER) if (patch[name] !== undefined) touched.push(name);
  return { settings: settingsList(record.settings, touched) };
}

export const settingsHandlers = {
  GetNetworkSettings: getNetworkSettings,
  UpdateNetworkSettings: updateNetworkSettings,
} satisfies Record<string, Handler>;
