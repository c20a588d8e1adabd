/**
 * `Custom::WickrNetworkSettings`: keeps the network settings the config names at their values.
 *
 * The API writes settings as a struct and reads them back as a list of string triples
 * (`{optionName, value, type}`), so the handler maps the read form onto the written one and
 * writes only the settings that differ (lambda/shared/network-settings-diff.ts, which drift
 * detection reports with too; missing settings read as their defaults, as the live service leaves
 * them out). Settings the config leaves out are not touched, and Delete changes nothing (the API
 * has no "reset to defaults", and settings are not data we own alone).
 */
import { GetNetworkSettingsCommand, UpdateNetworkSettingsCommand } from '../../wickr';
import { readSettings, settingsPatch } from '../../shared/network-settings-diff';
import { NetworkSettingsProperties, NetworkSettingsPropertiesSchema } from '../../shared/network-settings-props';
import { WICKR_RESOURCES } from '../../shared/resource-types';
import { HandlerContext, ResourceResult, defineHandler } from './framework';

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
