/**
 * `Custom::WickrDataRetention`: turns data retention on once the bot has registered.
 *
 * It is deployed after the bot's ECS service, whose container registers the bot with the challenge
 * that `Custom::WickrDataRetentionBot` put in its secret. `onEvent` only checks that the bot exists;
 * the Provider framework then polls `isComplete`, which waits for `isDataRetentionBotRegistered` and
 * then sends UpdateDataRetention ENABLE and PUBKEY_MSG_ACK, each only if the service does not
 * already report it (so a repeated Create or Update sends nothing).
 *
 * Delete leaves retention on unless destruction was opted into; then it sends DISABLE (the bot
 * itself is deleted by the bot resource's Delete, which CloudFormation runs after this one).
 */
import {
  GetDataRetentionBotCommand,
  type GetDataRetentionBotResponse,
  ResourceNotFoundError,
  UpdateDataRetentionCommand,
  type WickrClient,
} from '../../wickr';
import { DATA_RETENTION_ATTRIBUTES, DataRetentionProperties, DataRetentionPropertiesSchema } from '../../shared/data-retention-props';
import { WICKR_RESOURCES } from '../../shared/resource-types';
import { CompletionResult, HandlerContext, HandlerError, ResourceResult, defineHandler } from './framework';

const PHYSICAL_ID = /^([0-9]{8})\/data-retention$/;

export const dataRetentionHandler = defineHandler<DataRetentionProperties>({
  kind: WICKR_RESOURCES.dataRetention,
  schema: DataRetentionPropertiesSchema,

  create: (ctx, props) => start(ctx, props),
  update: (ctx, props) => start(ctx, props),

  async delete(ctx, props, physicalId) {
    const match = PHYSICAL_ID.exec(physicalId);
    if (!match) return;
    const networkId = match[1];
    if (props.RemovalPolicy !== 'destroy') {
      ctx.log.info('data retention left on (RemovalPolicy retain)', { networkId });
      return;
    }
    let bot: GetDataRetentionBotResponse;
    try {
      bot = await getBot(ctx.client, networkId);
    } catch (e) {
      if (e instanceof ResourceNotFoundError) return; // the network is gone, and its retention with it
      throw e;
    }
    if (bot.botExists && bot.isDataRetentionServiceEnabled) {
      await ctx.client.send(new UpdateDataRetentionCommand({ networkId, actionType: 'DISABLE' }));
      ctx.log.info('data retention disabled (explicitly opted in)', { networkId });
    }
  },

  async isComplete(ctx, props, physicalId): Promise<CompletionResult> {
    if (ctx.requestType === 'Delete' || !PHYSICAL_ID.test(physicalId)) return { complete: true };
    const networkId = props.NetworkId;
    let bot = await getBot(ctx.client, networkId);
    if (!bot.isDataRetentionBotRegistered) {
      ctx.log.info('waiting for the data retention bot to register', { networkId, botName: props.BotName });
      return { complete: false };
    }
    let wrote = false;
    if (!bot.isDataRetentionServiceEnabled) {
      await ctx.client.send(new UpdateDataRetentionCommand({ networkId, actionType: 'ENABLE' }));
      ctx.log.info('data retention enabled', { networkId });
      wrote = true;
    }
    if (!bot.isPubkeyMsgAcked) {
      await ctx.client.send(new UpdateDataRetentionCommand({ networkId, actionType: 'PUBKEY_MSG_ACK' }));
      ctx.log.info('public key message acknowledged', { networkId });
      wrote = true;
    }
    if (wrote) {
      // Confirm with the service's own view; if it does not show yet, the next poll looks again.
      bot = await getBot(ctx.client, networkId);
      if (!bot.isDataRetentionServiceEnabled || !bot.isPubkeyMsgAcked) return { complete: false };
    }
    return {
      complete: true,
      data: { [DATA_RETENTION_ATTRIBUTES.botName]: bot.botName ?? props.BotName, [DATA_RETENTION_ATTRIBUTES.enabled]: 'true' },
    };
  },
});

async function start(ctx: HandlerContext, props: DataRetentionProperties): Promise<ResourceResult> {
  const bot = await getBot(ctx.client, props.NetworkId);
  if (!bot.botExists) {
    throw new HandlerError(
      `network ${props.NetworkId} has no data retention bot; it is created by the network's DataRetentionBot resource, which must deploy first`,
    );
  }
  if (bot.botName !== undefined && bot.botName !== props.BotName) {
    throw new HandlerError(`network ${props.NetworkId} reports data retention bot ${bot.botName}, not ${props.BotName}; the two resources disagree about the network`);
  }
  return { physicalId: `${props.NetworkId}/data-retention` };
}

async function getBot(client: WickrClient, networkId: string): Promise<GetDataRetentionBotResponse> {
  return client.send(new GetDataRetentionBotCommand({ networkId }));
}
