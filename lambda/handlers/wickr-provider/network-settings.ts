/**
 * `Custom::WickrNetworkSettings`: keeps the network settings the config names at their values.
 *
 * The API writes settings as a struct and reads them back as a list of string triples
 * (`{optionName, value, type}`), so the handler maps the read form onto the written one and
 * writes only the settings that differ. Settings the config leaves out are not touched, and Delete
 * changes nothing (the API has no "reset to defaults", and settings are not data we own alone).
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

/** The read form (string triples) mapped onto the written struct. Unknown options are ignored. */
export function readSettings(settings: readonly Setting[]): Desired {
  const out: { -readonly [K in keyof Desired]: Desired[K] } = {};
  for (const s of settings) {
    switch (s.optionName) {
      case 'enableClientMetrics':
      case 'dataRetention':
      case 'enableTrustedDataFormat':
        if (s.value === 'true' || s.value === 'false') out[s.optionName] = s.value === 'true';
        break;
      case 'readReceiptConfig':
      case 'readReceipts': {
        const status = readReceiptStatus(s.value);
        if (status) out.readReceipts = status;
        break;
      }
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
