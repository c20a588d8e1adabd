/**
 * Networks: CreateNetwork (no idempotency token — a repeat makes a SECOND network, the real trap the
 * kit must handle), Get/List/Update, and the asynchronous DeleteNetwork.
 *
 * Live behaviour (behaviour.ts, network.go @4b379437):
 * - `networkKeyNotStored`: `encryptionKeyArn` is checked for form and accepted, never stored or
 *   returned (CreateNetwork answers only the id and name);
 * - `forbiddenAfterDelete`: DeleteNetwork answers "Network deletion initiated successfully", the
 *   network leaves ListNetworks at once, and GetNetwork, every per-network call and a repeated
 *   DeleteNetwork answer 403 ForbiddenError.
 * Model behaviour: GetNetwork keeps answering for a configurable number of polls or milliseconds
 * (the network stays listed meanwhile), then 404.
 */
import type {
  CreateNetworkRequest,
  CreateNetworkResponse,
  DeleteNetworkRequest,
  DeleteNetworkResponse,
  GetNetworkRequest,
  GetNetworkResponse,
  ListNetworksRequest,
  ListNetworksResponse,
  Network,
  UpdateNetworkRequest,
  UpdateNetworkResponse,
} from '../../../lambda/wickr/model/types';
import { DELETE_INITIATED_MESSAGE } from '../behaviour';
import { badRequest, ErrorReason, invalid } from '../errors';
import { NetworkRecord } from '../state';
import { compact, Handler, listPage, network, OpContext, partitionOf } from './context';
import { createDefaultGroup } from './security-groups';
import { defaultSettings } from './settings';
import { newDataRetentionRecord } from './retention';

export const NETWORK_NAME_MAX = 20;
const FREE_TRIAL_DAYS = 90;

export function networkArn(record: NetworkRecord): string {
  return `arn:${partitionOf(record.region)}:wickr:${record.region}:${record.accountId}:network/${record.networkId}`;
}

export function toNetwork(record: NetworkRecord): Network {
  return compact({
    networkId: record.networkId,
    networkName: record.networkName,
    accessLevel: record.accessLevel,
    awsAccountId: record.accountId,
    networkArn: networkArn(record),
    standing: 1,
    freeTrialExpiration: record.freeTrialExpiration,
    migrationState: 0,
    encryptionKeyArn: record.encryptionKeyArn,
  });
}

function nameReasons(name: string): ErrorReason[] {
  const length = [...name].length;
  return length < 1 || length > NETWORK_NAME_MAX || name.trim() === ''
    ? [{ field: 'networkName', reason: `must be between 1 and ${NETWORK_NAME_MAX} characters and not blank, got ${length}` }]
    : [];
}

/** The key must be a KMS key ARN (not an alias) in the network's own partition and Region. */
function keyReasons(ctx: OpContext, arn: string | undefined): ErrorReason[] {
  if (arn === undefined) return [];
  const m = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/.exec(arn);
  if (!m) return [{ field: 'encryptionKeyArn', reason: 'must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)' }];
  if (m[1] !== partitionOf(ctx.region) || m[2] !== ctx.region) {
    return [{ field: 'encryptionKeyArn', reason: `the key must be in the network's Region ${ctx.region}` }];
  }
  return [];
}

function createNetwork(ctx: OpContext, input: CreateNetworkRequest): CreateNetworkResponse {
  const networkName = input.networkName!;
  const accessLevel = input.accessLevel!;
  const reasons = [...nameReasons(networkName), ...keyReasons(ctx, input.encryptionKeyArn)];
  if (input.enablePremiumFreeTrial && accessLevel !== 'PREMIUM') {
    reasons.push({ field: 'enablePremiumFreeTrial', reason: 'a premium free trial needs accessLevel PREMIUM' });
  }
  if (reasons.length > 0) throw invalid(reasons);
  if (input.enablePremiumFreeTrial && ctx.rs.freeTrialSpent) {
    throw badRequest('A premium free trial network was already deleted in this account and Region; another free trial cannot be created');
  }
  const now = ctx.state.now();
  const record: NetworkRecord = {
    networkId: ctx.state.newNetworkId(),
    networkName,
    accessLevel,
    accountId: ctx.accountId,
    region: ctx.region,
    encryptionKeyArn: ctx.state.behaviour.networkKeyNotStored ? undefined : input.encryptionKeyArn,
    freeTrial: input.enablePremiumFreeTrial === true,
    freeTrialExpiration: input.enablePremiumFreeTrial ? new Date(now + FREE_TRIAL_DAYS * 86400_000).toISOString() : undefined,
    settings: defaultSettings(),
    groups: new Map(),
    users: new Map(),
    bots: new Map(),
    guests: new Map(),
    blocked: new Map(),
    dataRetention: newDataRetentionRecord(),
  };
  createDefaultGroup(ctx, record);
  ctx.rs.networks.set(record.networkId, record);
  return compact({ networkId: record.networkId, networkName: record.networkName, encryptionKeyArn: record.encryptionKeyArn });
}

function getNetwork(ctx: OpContext, input: GetNetworkRequest): GetNetworkResponse {
  const record = network(ctx, input.networkId!);
  // Each GetNetwork during a pending deletion counts as one poll towards its completion.
  if (record.deletion?.pollsLeft !== undefined) record.deletion.pollsLeft--;
  return toNetwork(record) as GetNetworkResponse;
}

function listNetworks(ctx: OpContext, input: ListNetworksRequest): ListNetworksResponse {
  ctx.state.settleDeletions(ctx.rs);
  const all = [...ctx.rs.networks.values()].map(toNetwork);
  const { page, nextToken } = listPage(ctx, all, input, { sortable: ['networkId', 'networkName'] });
  return compact({ networks: page, nextToken });
}

function updateNetwork(ctx: OpContext, input: UpdateNetworkRequest): UpdateNetworkResponse {
  const record = network(ctx, input.networkId!);
  const reasons = [...nameReasons(input.networkName!), ...keyReasons(ctx, input.encryptionKeyArn)];
  if (reasons.length > 0) throw invalid(reasons);
  record.networkName = input.networkName!;
  if (input.encryptionKeyArn !== undefined && !ctx.state.behaviour.networkKeyNotStored) record.encryptionKeyArn = input.encryptionKeyArn;
  return { message: `Network ${record.networkId} updated` };
}

function deleteNetwork(ctx: OpContext, input: DeleteNetworkRequest): DeleteNetworkResponse {
  const record = network(ctx, input.networkId!);
  if (ctx.state.behaviour.forbiddenAfterDelete) {
    // Gone from every list at once; from now on the network answers only 403 (context.ts network()).
    ctx.rs.networks.delete(record.networkId);
    ctx.rs.deleted.set(record.networkId, record);
    if (record.freeTrial) ctx.rs.freeTrialSpent = true;
    return { message: DELETE_INITIATED_MESSAGE };
  }
  if (!record.deletion) {
    record.deletion = { startedAtMs: ctx.state.now(), pollsLeft: ctx.state.config.deletion.polls };
    if (record.freeTrial) ctx.rs.freeTrialSpent = true;
  }
  return { message: `Deletion of network ${record.networkId} has started` };
}

export const networkHandlers = {
  CreateNetwork: createNetwork,
  GetNetwork: getNetwork,
  ListNetworks: listNetworks,
  UpdateNetwork: updateNetwork,
  DeleteNetwork: deleteNetwork,
} satisfies Record<string, Handler>;
