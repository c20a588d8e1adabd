/**
 * `Custom::WickrNetwork`: creates a Wickr network (or adopts an existing one), keeps its name and
 * key as configured, and retains it on Delete unless destruction was chosen explicitly.
 *
 * CreateNetwork carries no idempotency token and names are not unique in the service, so a
 * blind retry can create a second network. The handler therefore (1) refuses to create when a
 * network with the name already exists, pointing at adoption instead, and (2) after an ambiguous
 * failure (the request may or may not have been processed) looks the name up before trying again.
 */
import {
  CreateNetworkCommand,
  DeleteNetworkCommand,
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

const NETWORK_ID = /^[0-9]{8}$/;
/** Attempts at CreateNetwork when each failure leaves the outcome unknown and the read-back finds nothing. */
const CREATE_ATTEMPTS = 3;

export const networkHandler = defineHandler<NetworkProperties>({
  kind: WICKR_RESOURCES.network,
  schema: NetworkPropertiesSchema,

  async create(ctx, props) {
    if (props.AdoptNetworkId) return adopt(ctx, props, props.AdoptNetworkId);
    const existing = await findByName(ctx.client, props.NetworkName);
    if (existing.length > 0) {
      throw new HandlerError(
        `a Wickr network named "${props.NetworkName}" already exists in ${ctx.region} (id ${existing.map((n) => n.networkId).join(', ')}); ` +
          'adopt it by setting adoptNetworkId to its id in the config, or choose another name',
      );
    }
    const network = await createOnce(ctx, props);
    ctx.log.info('created network', { networkId: network.networkId });
    return result(network);
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
    return result(await converge(ctx, network, props));
  },

  async delete(ctx, props, physicalId) {
    if (props.RemovalPolicy !== 'destroy') {
      ctx.log.info('network retained (RemovalPolicy retain)', { networkId: physicalId });
      return;
    }
    if (!NETWORK_ID.test(physicalId)) return; // a Create that never produced a network
    try {
      await ctx.client.send(new DeleteNetworkCommand({ networkId: physicalId }));
      ctx.log.info('network deletion started (explicitly opted in)', { networkId: physicalId });
    } catch (e) {
      if (!(e instanceof ResourceNotFoundError)) throw e;
    }
  },

  async isComplete(ctx, props, physicalId) {
    if (ctx.requestType !== 'Delete' || props.RemovalPolicy !== 'destroy' || !NETWORK_ID.test(physicalId)) return { complete: true };
    try {
      await ctx.client.send(new GetNetworkCommand({ networkId: physicalId }));
      return { complete: false };
    } catch (e) {
      if (e instanceof ResourceNotFoundError) return { complete: true };
      throw e;
    }
  },
});

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
  return result(await converge(ctx, network, props));
}

/** Brings name and key to the configured values; writes only what differs. */
async function converge(ctx: HandlerContext, network: Network, props: NetworkProperties): Promise<Network> {
  const nameDiffers = network.networkName !== props.NetworkName;
  const keyDiffers = props.EncryptionKeyArn !== undefined && network.encryptionKeyArn !== props.EncryptionKeyArn;
  if (!nameDiffers && !keyDiffers) return network;
  await ctx.client.send(
    new UpdateNetworkCommand({
      networkId: required(network.networkId, 'networkId'),
      networkName: props.NetworkName,
      ...(keyDiffers ? { encryptionKeyArn: props.EncryptionKeyArn } : {}),
    }),
  );
  ctx.log.info('updated network', { networkId: network.networkId, name: nameDiffers, encryptionKey: keyDiffers });
  return { ...network, networkName: props.NetworkName, encryptionKeyArn: props.EncryptionKeyArn ?? network.encryptionKeyArn };
}

async function createOnce(ctx: HandlerContext, props: NetworkProperties): Promise<Network> {
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await ctx.client.send(
        new CreateNetworkCommand({
          networkName: props.NetworkName,
          accessLevel: props.AccessLevel,
          ...(props.EncryptionKeyArn ? { encryptionKeyArn: props.EncryptionKeyArn } : {}),
        }),
      );
      return await getNetwork(ctx.client, required(created.networkId, 'networkId from CreateNetwork'));
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

async function findByName(client: WickrClient, name: string): Promise<Network[]> {
  const found: Network[] = [];
  for await (const page of paginateListNetworks({ client, pageSize: 100 }, {})) {
    for (const n of page.networks ?? []) if (n.networkName === name) found.push(n);
  }
  return found;
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
