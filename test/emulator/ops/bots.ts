/**
 * Bots. Usernames must end in "bot" (doc-stated → 422) and be unique among the network's users and
 * bots (→ 400); the group must exist (→ 400). A bot stays PENDING until it logs in, which only the
 * test hook `activateBot` can simulate. The challenge (password) is stored as "has one", never echoed.
 */
import type {
  Bot,
  CreateBotRequest,
  CreateBotResponse,
  DeleteBotRequest,
  DeleteBotResponse,
  GetBotRequest,
  GetBotResponse,
  GetBotsCountRequest,
  GetBotsCountResponse,
  ListBotsRequest,
  ListBotsResponse,
  UpdateBotRequest,
  UpdateBotResponse,
} from '../../../lambda/wickr/model/types';
import { badRequest, invalid, notFound } from '../errors';
import { BotRecord, NetworkRecord } from '../state';
import { compact, Handler, listPage, matches, network, OpContext, sha256Hex } from './context';
import { usernameTaken } from './users';

export function toBot(bot: BotRecord): Bot {
  return compact({
    botId: bot.botId,
    displayName: bot.displayName,
    username: bot.username,
    uname: bot.uname,
    pubkey: bot.pubkey,
    status: bot.status,
    groupId: bot.groupId,
    hasChallenge: bot.hasChallenge,
    suspended: bot.suspended,
    lastLogin: bot.lastLogin,
  });
}

export function findBot(record: NetworkRecord, botId: string): BotRecord {
  const bot = record.bots.get(botId);
  if (!bot) throw notFound(`Bot ${botId} was not found in network ${record.networkId}`);
  return bot;
}

function requireGroup(record: NetworkRecord, groupId: string): void {
  if (!record.groups.has(groupId)) throw badRequest(`Security group ${groupId} does not exist in network ${record.networkId}`);
}

function createBot(ctx: OpContext, input: CreateBotRequest): CreateBotResponse {
  const record = network(ctx, input.networkId!);
  const username = input.username!;
  if (!username.toLowerCase().endsWith('bot')) throw invalid([{ field: 'username', reason: "a bot's username must end in 'bot'" }]);
  if (usernameTaken(record, username)) throw badRequest(`Username ${username} is already used in network ${record.networkId}`);
  requireGroup(record, input.groupId!);
  const bot: BotRecord = {
    botId: ctx.state.newUserId(),
    username,
    displayName: input.displayName,
    groupId: input.groupId!,
    status: 1,
    suspended: false,
    hasChallenge: true,
    uname: sha256Hex(username),
  };
  record.bots.set(bot.botId, bot);
  return compact({
    message: `Bot ${bot.botId} created`,
    botId: bot.botId,
    networkId: record.networkId,
    username: bot.username,
    displayName: bot.displayName,
    groupId: bot.groupId,
  });
}

function getBot(ctx: OpContext, input: GetBotRequest): GetBotResponse {
  return toBot(findBot(network(ctx, input.networkId!), input.botId!));
}

function getBotsCount(ctx: OpContext, input: GetBotsCountRequest): GetBotsCountResponse {
  const bots = [...network(ctx, input.networkId!).bots.values()];
  const pending = bots.filter((b) => b.status === 1).length;
  const active = bots.filter((b) => b.status === 2).length;
  return { pending, active, total: bots.length };
}

function listBots(ctx: OpContext, input: ListBotsRequest): ListBotsResponse {
  const record = network(ctx, input.networkId!);
  const selected = [...record.bots.values()]
    .filter(
      (b) =>
        matches(b.displayName, input.displayName) &&
        matches(b.username, input.username) &&
        (input.status === undefined || b.status === input.status) &&
        (input.groupId === undefined || b.groupId === input.groupId),
    )
    .map(toBot);
  const filters = { displayName: input.displayName, username: input.username, status: input.status, groupId: input.groupId };
  const { page, nextToken } = listPage(ctx, selected, input, { sortable: ['botId', 'username', 'displayName', 'status'], filters });
  return compact({ bots: page, nextToken });
}

function updateBot(ctx: OpContext, input: UpdateBotRequest): UpdateBotResponse {
  const record = network(ctx, input.networkId!);
  const bot = findBot(record, input.botId!);
  if (input.groupId !== undefined) requireGroup(record, input.groupId);
  if (input.groupId !== undefined) bot.groupId = input.groupId;
  if (input.displayName !== undefined) bot.displayName = input.displayName;
  if (input.challenge !== undefined) bot.hasChallenge = true;
  if (input.suspend !== undefined) bot.suspended = input.suspend;
  return { message: `Bot ${bot.botId} updated` };
}

function deleteBot(ctx: OpContext, input: DeleteBotRequest): DeleteBotResponse {
  const record = network(ctx, input.networkId!);
  const bot = findBot(record, input.botId!);
  record.bots.delete(bot.botId);
  return { message: `Bot ${bot.botId} deleted` };
}

export const botHandlers = {
  CreateBot: createBot,
  GetBot: getBot,
  GetBotsCount: getBotsCount,
  ListBots: listBots,
  UpdateBot: updateBot,
  DeleteBot: deleteBot,
} satisfies Record<string, Handler>;
