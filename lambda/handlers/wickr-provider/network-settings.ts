/**
 * `Custom::WickrNetworkSettings`: keeps the network settings the config names at their values.
 *
 * The API writes settings as a struct and reads them back as a list of string triples
 * (`{optionName, value, type}`), so the handler maps the read form onto the written one and
 * writes only the settings that differ. Settings the config leaves out are not touched, and Delete
 * changes nothing (the API has no "reset to defaults", and settings are not data we own alone).
 *
 * The live service may leave settings still at their defaults out of GetNetworkSettings (the
 * live-tested fork `SMonaghan/terraform-provider-aws`, flex.go @275578f5, reads a missing boolean as
 * false), so a setting that is not listed reads as its default: switches off, read receipts DISABLED.
 * Without that, every Update would rewrite them. Option names are matched without regard to case, and
 * read receipts by any name containing "readreceipt", as the fork does: their read form is undocumented.
 */
import { GetNetworkSettingsCommand, type NetworkSettings, type Setting, UpdateNetworkSettingsCommand } from '../../wickr';
import { NetworkSettingsProperties, NetworkSettingsPropertiesSchema, READ_RECEIPTS } from '../../shared/network-settings-props';
import { WICKR_RESOURCES } from '../../shared/resource-types';
import { HandlerContext, ResourceResult, defineHandler } from './framework';

type Desired = NetworkSettingsProperties['Settings'];

export const networkSettingsHandler = defineHandler<NetworkSettingsProperties>({
  kind: WICKR_RESOURCES.networkSettings,
  schema: NetworkSettingsPropertiesSchema,
  create: (ctx, props) => apply(ctx, props),
  update: (ctx, props) => apply(ctx, props),
  async delete(ctx, props) {
    ctx.log.info('network settings left as they are on delete', { networkId: props.NetworkId });
  },
});

async function apply(ctx: HandlerContext, props: NetworkSettingsProperties): Promise<ResourceResult> {
  const current = readSettings((await ctx.client.send(new GetNetworkSettingsCommand({ networkId: props.NetworkId }))).settings ?? []);
  const patch = settingsPatch(current, props.Settings);
  if (Object.keys(patch).length > 0) {
    await ctx.client.send(new UpdateNetworkSettingsCommand({ networkId: props.NetworkId, settings: patch }));
    ctx.log.info('updated network settings', { networkId: props.NetworkId, changed: Object.keys(patch) });
  }
  return { physicalId: `${props.NetworkId}/settings` };
}

/** What a setting the service does not list reads as (its default). */
export const SETTING_DEFAULTS: Required<Desired> = { enableClientMetrics: false, dataRetention: false, enableTrustedDataFormat: false, readReceipts: 'DISABLED' };

const BOOLEAN_OPTIONS: Readonly<Record<string, 'enableClientMetrics' | 'dataRetention' | 'enableTrustedDataFormat'>> = {
  enableclientmetrics: 'enableClientMetrics',
  dataretention: 'dataRetention',
  enabletrusteddataformat: 'enableTrustedDataFormat',
};

/** The read form (string triples) mapped onto the written struct; a setting not listed reads as its default. Unknown options are ignored. */
export function readSettings(settings: readonly Setting[]): Required<Desired> {
  const out: { -readonly [K in keyof Desired]-?: Required<Desired>[K] } = { ...SETTING_DEFAULTS };
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
function readReceiptStatus(value: string | undefined): Desired['readReceipts'] {
  if (value === undefined) return undefined;
  let candidate: unknown = value;
  try {
    const parsed: unknown = JSON.parse(value);
    candidate = parsed !== null && typeof parsed === 'object' ? (parsed as { status?: unknown }).status : parsed;
  } catch {
    // a bare status such as ENABLED
  }
  return (READ_RECEIPTS as readonly unknown[]).includes(candidate) ? (candidate as Desired['readReceipts']) : undefined;
}

/** Only the desired settings that differ from the current ones, in the written form. */
export function settingsPatch(current: Desired, desired: Desired): NetworkSettings {
  const patch: NetworkSettings = {};
  if (desired.enableClientMetrics !== undefined && desired.enableClientMetrics !== current.enableClientMetrics) patch.enableClientMetrics = desired.enableClientMetrics;
  if (desired.dataRetention !== undefined && desired.dataRetention !== current.dataRetention) patch.dataRetention = desired.dataRetention;
  if (desired.enableTrustedDataFormat !== undefined && desired.enableTrustedDataFormat !== current.enableTrustedDataFormat) {
    patch.enableTrustedDataFormat = desired.enableTrustedDataFormat;
  }
  if (desired.readReceipts !== undefined && desired.readReceipts !== current.readReceipts) patch.readReceiptConfig = { status: desired.readReceipts };
  return patch;
}
