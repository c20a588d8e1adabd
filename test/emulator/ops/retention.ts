/**
 * The data-retention bot lifecycle:
 *   CreateDataRetentionBot (PREMIUM networks only; a second call → 400)
 *   → CreateDataRetentionBotChallenge (a new random password every call)
 *   → the customer's container registers (simulated: the `simulateDataRetentionBotRegistration` hook,
 *     or the `autoRegisterDataRetentionBot: N` option = registered once N GetDataRetentionBot polls
 *     after a challenge have seen it unregistered)
 *   → UpdateDataRetention ENABLE (400 before registration) and PUBKEY_MSG_ACK (400 before registration)
 *   → DeleteDataRetentionBot.
 * ENABLE/DISABLE drive the same flag as the network setting `dataRetention` (see settings.ts).
 */
import { randomBytes } from 'node:crypto';
import type {
  CreateDataRetentionBotChallengeRequest,
  CreateDataRetentionBotChallengeResponse,
  CreateDataRetentionBotRequest,
  CreateDataRetentionBotResponse,
  DeleteDataRetentionBotRequest,
  DeleteDataRetentionBotResponse,
  GetDataRetentionBotRequest,
  GetDataRetentionBotResponse,
  UpdateDataRetentionRequest,
  UpdateDataRetentionResponse,
} from '../../../lambda/wickr/model/types';
import { ACCESS_LEVEL_MESSAGE } from '../behaviour';
import { badRequest, notFound } from '../errors';
import { DataRetentionRecord, NetworkRecord } from '../state';
import { Handler, network, OpContext } from './context';

export function newDataRetentionRecord(): DataRetentionRecord {
  return { exists: false, registered: false, pubkeyAcked: false, challengesIssued: 0, pollsSinceChallenge: 0 };
}

export function dataRetentionBotName(networkId: string): string {
  return `compliance_${networkId}_bot`;
}

/** Marks the bot registered, as if its container had started with the latest challenge. */
export function registerDataRetentionBot(record: NetworkRecord): void {
  const dr = record.dataRetention;
  if (!dr.exists) throw new Error(`network ${record.networkId} has no data retention bot to register`);
  if (dr.challengesIssued === 0) throw new Error(`network ${record.networkId}: the bot cannot register before a challenge was issued`);
  dr.registered = true;
}

/** A 24-character password from node:crypto (never from the seeded PRNG: secrets must not be guessable). */
function newChallenge(): string {
  return randomBytes(18).toString('base64url');
}

function requireBot(record: NetworkRecord): DataRetentionRecord {
  if (!record.dataRetention.exists) throw badRequest(`Network ${record.networkId} has no data retention bot; call CreateDataRetentionBot first`);
  return record.dataRetention;
}

function createDataRetentionBot(ctx: OpContext, input: CreateDataRetentionBotRequest): CreateDataRetentionBotResponse {
  const record = network(ctx, input.networkId!);
  if (record.accessLevel !== 'PREMIUM') {
    // The live message (data_retention_bot_test.go @a1169838); no status is recorded, 400 is our pick.
    throw badRequest(ctx.state.behaviour.planTiers ? ACCESS_LEVEL_MESSAGE : 'Data retention is only available on PREMIUM networks');
  }
  if (record.dataRetention.exists) throw badRequest(`The data retention bot already exists in network ${record.networkId}`);
  record.dataRetention = { ...newDataRetentionRecord(), exists: true };
  return { message: `Data retention bot ${dataRetentionBotName(record.networkId)} created` };
}

function createDataRetentionBotChallenge(ctx: OpContext, input: CreateDataRetentionBotChallengeRequest): CreateDataRetentionBotChallengeResponse {
  const dr = requireBot(network(ctx, input.networkId!));
  const challenge = newChallenge();
  dr.lastChallenge = challenge;
  dr.challengesIssued++;
  if (!dr.registered) dr.pollsSinceChallenge = 0;
  return { challenge };
}

function getDataRetentionBot(ctx: OpContext, input: GetDataRetentionBotRequest): GetDataRetentionBotResponse {
  const record = network(ctx, input.networkId!);
  const dr = record.dataRetention;
  const autoAfter = ctx.state.config.autoRegisterDataRetentionBot;
  if (autoAfter !== false && dr.exists && !dr.registered && dr.challengesIssued > 0) {
    if (dr.pollsSinceChallenge >= autoAfter) dr.registered = true;
    else dr.pollsSinceChallenge++;
  }
  return {
    botName: dataRetentionBotName(record.networkId),
    botExists: dr.exists,
    isBotActive: dr.exists && dr.registered,
    isDataRetentionBotRegistered: dr.exists && dr.registered,
    isDataRetentionServiceEnabled: record.settings.dataRetention,
    isPubkeyMsgAcked: dr.pubkeyAcked,
  };
}

function updateDataRetention(ctx: OpContext, input: UpdateDataRetentionRequest): UpdateDataRetentionResponse {
  const record = network(ctx, input.networkId!);
  const dr = requireBot(record);
  switch (input.actionType!) {
    case 'ENABLE':
      if (!dr.registered) throw badRequest('The data retention bot has not registered yet; start it with the challenge password first');
      record.settings.dataRetention = true;
      return { message: 'Data retention enabled' };
    case 'DISABLE':
      record.settings.dataRetention = false;
      return { message: 'Data retention disabled' };
    case 'PUBKEY_MSG_ACK':
      if (!dr.registered) throw badRequest('The data retention bot has not registered yet, so there is no public key message to acknowledge');
      dr.pubkeyAcked = true;
      return { message: 'Public key message acknowledged' };
  }
}

function deleteDataRetentionBot(ctx: OpContext, input: DeleteDataRetentionBotRequest): DeleteDataRetentionBotResponse {
  const record = network(ctx, input.networkId!);
  if (!record.dataRetention.exists) throw notFound(`Network ${record.networkId} has no data retention bot`);
  record.dataRetention = newDataRetentionRecord();
  record.settings.dataRetention = false;
  return { message: `Data retention bot ${dataRetentionBotName(record.networkId)} deleted` };
}

export const retentionHandlers = {
  CreateDataRetentionBot: createDataRetentionBot,
  CreateDataRetentionBotChallenge: createDataRetentionBotChallenge,
  GetDataRetentionBot: getDataRetentionBot,
  UpdateDataRetention: updateDataRetention,
  DeleteDataRetentionBot: deleteDataRetentionBot,
} satisfies Record<string, Handler>;
