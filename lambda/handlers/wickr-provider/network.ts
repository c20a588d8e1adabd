/**
 * `Custom::WickrNetwork`: creates a Wickr network (or adopts an existing one), keeps its name as
 * configured, and retains it on Delete unless destruction was chosen explicitly.
 *
 * CreateNetwork carries no idempotency token and names are not unique in the service, so a
 * blind retry can create a second network. The handler therefore (1) refuses to create when a
 * network with the name already exists, pointing at adoption instead, and (2) after an ambiguous
 * failure (the request may or may not have been processed) looks the name up before trying again.
 * (3) A Create that fails after CreateNetwork went through (a timeout, a failed read afterwards) is
 * finished by the next deploy through the resource's creation claim (network-claim.ts), not refused
 * as a network that already exists.
 *
 * What the live service does that the model does not say (the live-tested fork
 * `SMonaghan/terraform-provider-aws`, `internal/service/wickr/network.go` @4b379437):
 * - `encryptionKeyArn` is accepted and never stored or returned. A key (opt-in) is therefore sent on
 *   Create, and on Update only when the configured key itself changed; it is never compared with
 *   what the service returns unless the service returns one. Nothing can confirm that Wickr uses it.
 * - DeleteNetwork only starts the deletion; the network leaves ListNetworks at once and GetNetwork
 *   then answers 403 ForbiddenError, never 404. `isComplete` counts the network gone when GetNetwork
 *   answers 404, or ForbiddenError while ListNetworks (which works) no longer lists it; any other
 *   403 fails the Delete with what to check.
 */
import {
  CreateNetworkCommand,
  DeleteNetworkCommand,
  ForbiddenError,
  GetNetworkCommand,
  type Network,
  ResourceNotFoundError,
  UpdateNetworkCommand,
  type WickrClient,
  isAmbiguousWriteError,
  paginateListNetworks,
} from '../../wickr';
import { NetworkProperties, NetworkPropertiesSchema, NETWORK_ATTRIBUTES } from '../../shared/network-props';
import { WICKR_RESOURCES } from '../../shared/resource-types';
import { HandlerContext, HandlerError, ResourceResult, defineHandler, required } from './framework';
import { type NetworkClaim, NetworkClaims } from './network-claim';

const NETWORK_ID = /^[0-9]{8}$/;
/** Attempts at CreateNetwork when each failure leaves the outcome unknown and the read-back finds nothing. */
const CREATE_ATTEMPTS = 3;

export const networkHandler = defineHandler<NetworkProperties>({
  kind: WICKR_RESOURCES.network,
  schema: NetworkPropertiesSchema,

  async create(ctx, props) {
    if (props.AdoptNetworkId) return adopt(ctx, props, props.AdoptNetworkId);
    const claims = new NetworkClaims(ctx);
    try {
      const existing = await findByName(ctx.client, props.NetworkName);
      if (existing.length > 0) {
        const mine = claimed(await claims.read(), existing, props);
        if (!mine) {
          throw new HandlerError(
            `a Wickr network named "${props.NetworkName}" already exists in ${ctx.region} (id ${existing.map((n) => n.networkId).join(', ')}); ` +
              'adopt it by setting adoptNetworkId to its id in the config, or choose another name',
          );
        }
        // An earlier attempt of this resource created it and failed before it could say so (network-claim.ts).
        ctx.log.warn('found the network an earlier attempt of this resource created; taking it as this resource\'s network', { networkId: mine.networkId });
        const network = await converge(ctx, await getNetwork(ctx.client, required(mine.networkId, 'networkId')), props, undefined);
        await claims.clear();
        return result(network);
      }
      await claims.write({ networkName: props.NetworkName, requestId: ctx.requestId });
      const network = await createOnce(ctx, props, (networkId) => claims.write({ networkName: props.NetworkName, networkId, requestId: ctx.requestId }));
      await claims.clear();
      ctx.log.info('created network', { networkId: network.networkId });
      return result(network);
    } finally {
      claims.destroy();
    }
  },

  async update(ctx, props, old, physicalId) {
    if (old && old.AdoptNetworkId !== props.AdoptNetworkId) {
      throw new HandlerError(
        `adoptNetworkId changed from ${old.AdoptNetworkId ?? '(none)'} to ${props.AdoptNetworkId ?? '(none)'}: the kit will not swap ` +
          'the network under a running deployment; remove the network from the config (it is retained), deploy, then add the other one',
      );
    }
    if (!NETWORK_ID.test(physicalId)) throw new HandlerError(`the resource has no network (physical id ${physicalId}); recreate it`);
    const network = await getNetwork(ctx.client, physicalId);
    if (network.accessLevel !== props.AccessLevel) {
      throw new HandlerError(
        `network ${physicalId} is ${network.accessLevel} and the config asks for ${props.AccessLevel}; the admin API cannot change a ` +
          'network\'s plan, so change it in the AWS Wickr console and then update the config to match',
      );
    }
    return result(await converge(ctx, network, props, old));
  },

  async delete(ctx, props, physicalId) {
    if (props.RemovalPolicy !== 'destroy') {
      ctx.log.info('network retained (RemovalPolicy retain)', { networkId: physicalId });
      return;
    }
    if (!NETWORK_ID.test(physicalId)) return; // a Create that never produced a network
    try {
      const { message } = await ctx.client.send(new DeleteNetworkCommand({ networkId: physicalId }));
      ctx.log.info('network deletion started (explicitly opted in)', { networkId: physicalId, message });
    } catch (e) {
      if (e instanceof ResourceNotFoundError) return;
      // A repeated Delete of a network being deleted is answered 403; isComplete tells that from a refusal.
      if (!(e instanceof ForbiddenError)) throw e;
      ctx.log.info('DeleteNetwork answered ForbiddenError; checking whether the deletion is already under way', { networkId: physicalId });
    }
  },

  async isComplete(ctx, props, physicalId) {
    if (ctx.requestType !== 'Delete' || props.RemovalPolicy !== 'destroy' || !NETWORK_ID.test(physicalId)) return { complete: true };
    return { complete: await networkGone(ctx, physicalId) };
  },
});

/**
 * Whether a network whose deletion was asked for is gone. Live, GetNetwork answers 403
 * ForbiddenError from the moment the deletion starts and the network leaves ListNetworks at once
 * (network.go @4b379437); the model's reading is a 404 after a while. A ForbiddenError counts only
 * when ListNetworks, signed with the same credentials, succeeds and no longer lists the network:
 * otherwise the 403 is a refusal (a missing permission, a wrong account), and Delete fails saying so.
 */
async function networkGone(ctx: HandlerContext, networkId: string): Promise<boolean> {
  try {
    await ctx.client.send(new GetNetworkCommand({ networkId }));
    return false;
  } catch (e) {
    if (e instanceof ResourceNotFoundError) return true;
    if (!(e instanceof ForbiddenError)) {
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) {
        throw new HandlerError(
          `deleting network ${networkId}: GetNetwork was refused with ${(e as Error).name} (403), which is not how Wickr answers for a deleted network; ` +
            "check the provider role's wickr:GetNetwork permission and the account, then retry the stack's deletion",
        );
      }
      throw e;
    }
  }
  let listed: Network[];
  try {
    listed = await listAll(ctx.client);
  } catch (e) {
    throw new HandlerError(
      `deleting network ${networkId}: GetNetwork answered ForbiddenError and ListNetworks failed too (${(e as Error).message}); ` +
        "the kit cannot tell a finished deletion from a refusal: check the provider role's wickr:ListNetworks and wickr:GetNetwork permissions, then retry",
    );
  }
  if (listed.some((n) => n.networkId === networkId)) {
    throw new HandlerError(
      `deleting network ${networkId}: GetNetwork answered ForbiddenError but ListNetworks still lists the network, so the 403 is a refusal, not the deletion; ` +
        "check the provider role's wickr:GetNetwork permission on this network, then retry the stack's deletion",
    );
  }
  ctx.log.info('network deleted: ForbiddenError from GetNetwork and no longer listed, as the live service answers after DeleteNetwork', { networkId });
  return true;
}

async function adopt(ctx: HandlerContext, props: NetworkProperties, networkId: string): Promise<ResourceResult> {
  let network: Network;
  try {
    network = await getNetwork(ctx.client, networkId);
  } catch (e) {
    if (e instanceof ResourceNotFoundError) {
      throw new HandlerError(`cannot adopt network ${networkId}: it does not exist in ${ctx.region} for this account; check adoptNetworkId and the Region`);
    }
    throw e;
  }
  if (network.accessLevel !== props.AccessLevel) {
    throw new HandlerError(`cannot adopt network ${networkId}: it is ${network.accessLevel} and the config says ${props.AccessLevel}; make the config match`);
  }
  ctx.log.info('adopted network', { networkId });
  return result(await converge(ctx, network, props, undefined));
}

/**
 * Brings the name (and a requested key) to the configured values; writes only what differs. The live
 * service never returns the key, so a key differs when the service shows another one, or, when it
 * shows none, when the configured key changed since the last deployment (or was never sent: adoption).
 */
async function converge(ctx: HandlerContext, network: Network, props: NetworkProperties, old: NetworkProperties | undefined): Promise<Network> {
  const nameDiffers = network.networkName !== props.NetworkName;
  const wanted = props.EncryptionKeyArn;
  const keyDiffers = wanted !== undefined && (network.encryptionKeyArn !== undefined ? network.encryptionKeyArn !== wanted : old?.EncryptionKeyArn !== wanted);
  if (wanted === undefined && old?.EncryptionKeyArn !== undefined) {
    ctx.log.warn('the config no longer requests a network key; the API has no way to ask Wickr to stop using one, so nothing is sent (the key itself is retained)', {
      networkId: network.networkId,
    });
  }
  if (!nameDiffers && !keyDiffers) return network;
  await ctx.client.send(
    new UpdateNetworkCommand({
      networkId: required(network.networkId, 'networkId'),
      networkName: props.NetworkName,
      ...(keyDiffers ? { encryptionKeyArn: wanted } : {}),
    }),
  );
  ctx.log.info('updated network', { networkId: network.networkId, name: nameDiffers, encryptionKeyRequested: keyDiffers });
  return { ...network, networkName: props.NetworkName };
}

/** The network a claim left by an earlier attempt of this resource names among `existing`, if it names exactly one. */
function claimed(claim: NetworkClaim | undefined, existing: readonly Network[], props: NetworkProperties): Network | undefined {
  if (!claim || claim.networkName !== props.NetworkName) return undefined;
  if (claim.networkId !== undefined) return existing.find((n) => n.networkId === claim.networkId);
  // The attempt never heard back from CreateNetwork: only a lone network of the name can be its.
  return existing.length === 1 ? existing[0] : undefined;
}

async function createOnce(ctx: HandlerContext, props: NetworkProperties, created: (networkId: string) => Promise<void>): Promise<Network> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await ctx.client.send(
        new CreateNetworkCommand({
          networkName: props.NetworkName,
          accessLevel: props.AccessLevel,
          ...(props.EncryptionKeyArn ? { encryptionKeyArn: props.EncryptionKeyArn } : {}),
        }),
      );
      const networkId = required(answer.networkId, 'networkId from CreateNetwork');
      await created(networkId);
      return await getNetwork(ctx.client, networkId);
    } catch (e) {
      if (!isAmbiguousWriteError(e)) throw e;
      // The request may have created the network: look before trying again.
      const found = await findByName(ctx.client, props.NetworkName);
      if (found.length === 1) {
        ctx.log.warn('CreateNetwork outcome was unknown; found the network it created', { networkId: found[0].networkId, attempt });
        return found[0];
      }
      if (found.length > 1) {
        throw new HandlerError(`several networks named "${props.NetworkName}" exist in ${ctx.region} (${found.map((n) => n.networkId).join(', ')}); adopt the right one with adoptNetworkId`);
      }
      if (attempt >= CREATE_ATTEMPTS) throw e;
      ctx.log.warn('CreateNetwork outcome was unknown and no network was found; trying again', { attempt });
    }
  }
}

async function getNetwork(client: WickrClient, networkId: string): Promise<Network> {
  return (await client.send(new GetNetworkCommand({ networkId }))) as Network;
}

async function listAll(client: WickrClient): Promise<Network[]> {
  const all: Network[] = [];
  for await (const page of paginateListNetworks({ client, pageSize: 100 }, {})) all.push(...(page.networks ?? []));
  return all;
}

async function findByName(client: WickrClient, name: string): Promise<Network[]> {
  return (await listAll(client)).filter((n) => n.networkName === name);
}

function result(network: Network): ResourceResult {
  const networkId = required(network.networkId, 'networkId');
  return {
    physicalId: networkId,
    data: {
      [NETWORK_ATTRIBUTES.networkId]: networkId,
      [NETWORK_ATTRIBUTES.networkArn]: required(network.networkArn, 'networkArn'),
      [NETWORK_ATTRIBUTES.networkName]: required(network.networkName, 'networkName'),
    },
  };
}
