/**
 * `Custom::WickrDataRetentionBot`: makes sure the network has its data-retention bot and that the
 * bot's secret holds what the container needs to start: the non-secret settings (bucket, folder,
 * topic, optional client-side key) and, while the bot has not registered yet, a one-time challenge.
 *
 * CreateDataRetentionBot and CreateDataRetentionBotChallenge carry no idempotency token, so the
 * handler reads first and writes only what is missing:
 * - the bot is created only when GetDataRetentionBot says it does not exist; when the create fails
 *   or its outcome is unknown, GetDataRetentionBot decides whether it happened;
 * - a challenge is requested only when the bot has not registered and the secret holds no password
 *   yet. A challenge already in the secret is left alone: the container may be registering with it
 *   right now, and a new one would supersede it. Once the bot has registered, the password in the
 *   secret is the one the bot generated (captured by the task's password-capture sidecar) and the
 *   handler never touches it again.
 *
 * The challenge goes from the Wickr response straight into Secrets Manager; it is never returned as
 * Data and never logged.
 */
import {
  BadRequestError,
  CreateDataRetentionBotChallengeCommand,
  CreateDataRetentionBotCommand,
  DeleteDataRetentionBotCommand,
  type GetDataRetentionBotResponse,
  GetDataRetentionBotCommand,
  ResourceNotFoundError,
  type WickrClient,
  WickrOutcomeUnknownError,
} from '../../wickr';
import {
  DATA_RETENTION_BOT_ATTRIBUTES,
  DataRetentionBotProperties,
  DataRetentionBotPropertiesSchema,
} from '../../shared/data-retention-props';
import { WICKR_RESOURCES } from '../../shared/resource-types';
import { HandlerContext, HandlerError, ResourceResult, defineHandler, required } from './framework';
import { hasPassword, mergeBotConfig, sameSecret, secretsManagerStore } from './data-retention-secret';

const PHYSICAL_ID = /^([0-9]{8})\/data-retention-bot$/;

export const dataRetentionBotHandler = defineHandler<DataRetentionBotProperties>({
  kind: WICKR_RESOURCES.dataRetentionBot,
  schema: DataRetentionBotPropertiesSchema,

  create: (ctx, props) => converge(ctx, props),

  async update(ctx, props, old, physicalId) {
    if (old && old.NetworkId === props.NetworkId && old.SecretArn !== props.SecretArn) {
      ctx.log.info('the bot secret changed; the new secret gets the settings (and a challenge only if the bot has not registered)', {
        networkId: props.NetworkId,
        secretArn: props.SecretArn,
      });
    }
    const result = await converge(ctx, props);
    if (result.physicalId !== physicalId) {
      ctx.log.info('data retention bot moved to another network; the previous one is handled by its own Delete', { from: physicalId });
    }
    return result;
  },

  async delete(ctx, props, physicalId) {
    const match = PHYSICAL_ID.exec(physicalId);
    if (!match) return; // a Create that never got as far as a bot
    if (props.RemovalPolicy !== 'destroy') {
      ctx.log.info('data retention bot retained (RemovalPolicy retain); its records and registration stay', { networkId: match[1] });
      return;
    }
    try {
      await ctx.client.send(new DeleteDataRetentionBotCommand({ networkId: match[1] }));
      ctx.log.info('data retention bot deleted (explicitly opted in)', { networkId: match[1] });
    } catch (e) {
      if (!(e instanceof ResourceNotFoundError)) throw e;
    }
  },
});

async function converge(ctx: HandlerContext, props: DataRetentionBotProperties): Promise<ResourceResult> {
  const networkId = props.NetworkId;
  const bot = await ensureBot(ctx, networkId);
  const store = secretsManagerStore(ctx.region);
  try {
    const current = await store.read(props.SecretArn);
    const next = mergeBotConfig(current, props.BotConfig);
    const registered = bot.isDataRetentionBotRegistered === true;
    if (registered && !hasPassword(current)) {
      throw new HandlerError(
        `the data retention bot of network ${networkId} has already registered, but secret ${props.SecretArn} holds no password, ` +
          'so a new container could not sign in. Put the bot\'s current password into that secret under the key "password" ' +
          '(or point botSecretArn in the config at the secret that already holds it) and deploy again',
      );
    }
    let challenged = false;
    if (!registered && !hasPassword(current)) {
      next.password = await newChallenge(ctx.client, networkId);
      challenged = true;
    }
    if (!sameSecret(current, next)) {
      await store.write(props.SecretArn, next);
      ctx.log.info('updated the data retention bot secret', { networkId, secretArn: props.SecretArn, challengeWritten: challenged });
    }
  } finally {
    store.destroy();
  }
  return {
    physicalId: `${networkId}/data-retention-bot`,
    data: { [DATA_RETENTION_BOT_ATTRIBUTES.botName]: required(bot.botName, 'botName from GetDataRetentionBot') },
  };
}

async function getBot(client: WickrClient, networkId: string): Promise<GetDataRetentionBotResponse> {
  try {
    return await client.send(new GetDataRetentionBotCommand({ networkId }));
  } catch (e) {
    if (e instanceof ResourceNotFoundError) {
      throw new HandlerError(`network ${networkId} does not exist in this account and Region; check the network the data retention belongs to`);
    }
    throw e;
  }
}

/** CreateDataRetentionBot calls whose outcome stayed unknown before the handler gives up (each is read back). */
const CREATE_ATTEMPTS = 3;
/** Challenges asked for when each answer is lost: only the latest counts, so asking again is safe. */
const CHALLENGE_ATTEMPTS = 5;

/**
 * The bot, created if it does not exist yet; never created twice. CreateDataRetentionBot has no
 * idempotency token, so after a lost answer (5xx, dropped connection) GetDataRetentionBot settles
 * it: `botExists` true means the create went through; false means it did not, and creating again
 * is safe.
 */
async function ensureBot(ctx: HandlerContext, networkId: string): Promise<GetDataRetentionBotResponse> {
  const before = await getBot(ctx.client, networkId);
  if (before.botExists) return before;
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.client.send(new CreateDataRetentionBotCommand({ networkId }));
      ctx.log.info('created the data retention bot', { networkId });
      return await getBot(ctx.client, networkId);
    } catch (e) {
      if (!(e instanceof BadRequestError) && !(e instanceof WickrOutcomeUnknownError)) throw e;
      // A 400 can mean "already exists" (the model's own example), and an unknown outcome may have
      // created it: the service's own view decides.
      const after = await getBot(ctx.client, networkId);
      if (after.botExists) {
        ctx.log.warn('CreateDataRetentionBot failed but the bot exists; continuing with it', { networkId, error: e.name });
        return after;
      }
      if (e instanceof BadRequestError) {
        throw new HandlerError(
          `CreateDataRetentionBot was refused for network ${networkId} (${e.serviceMessage ?? e.message}); data retention needs a PREMIUM network`,
        );
      }
      if (attempt >= CREATE_ATTEMPTS) {
        throw new HandlerError(
          `CreateDataRetentionBot for network ${networkId} ended ${CREATE_ATTEMPTS} times with no answer (${e.message}), and GetDataRetentionBot shows no bot, ` +
            'so none was created; deploy again when the service answers',
        );
      }
      ctx.log.warn('CreateDataRetentionBot outcome unknown and no bot exists; creating it again', { networkId, attempt });
    }
  }
}

/**
 * A fresh challenge. If the answer is lost, a challenge may have been issued that nobody received:
 * asking again is safe, because only the latest challenge is meant to be used.
 */
async function newChallenge(client: WickrClient, networkId: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { challenge } = await client.send(new CreateDataRetentionBotChallengeCommand({ networkId }));
      return required(challenge, 'challenge from CreateDataRetentionBotChallenge');
    } catch (e) {
      if (!(e instanceof WickrOutcomeUnknownError)) throw e;
      if (attempt >= CHALLENGE_ATTEMPTS) {
        throw new HandlerError(
          `CreateDataRetentionBotChallenge for network ${networkId} got no answer ${attempt} times (last: ${e.serviceMessage ?? e.name}); ` +
            'a challenge issued but never received is harmless (only the latest one counts); deploy again when the service answers',
        );
      }
    }
  }
}
