/**
 * The drift check: reads what the service holds for every network of a desired state and compares
 * it with what the kit manages there. The admin CLI (`wickr-kit drift`) and the scheduled check's
 * Lambda both run this, so they report the same differences.
 *
 * Read calls only. The Wickr reader it is given refuses every operation outside `DRIFT_OPERATIONS`
 * (the scheduled check's role is granted exactly those), and SSM is read with GetParameter only.
 *
 * How it finds a network (as the deployment wrote it, else as the config names it):
 *   1. `adoptNetworkId`, when the config adopts one;
 *   2. the SSM parameter its network stack wrote (`/wickr-kit/<agency>/<network>/network-id`);
 *   3. ListNetworks in its Region, by the configured name.
 * A network renamed in the console is therefore still found (2.), and its name reported as drift.
 *
 * Errors: a network, group, user or bot that is not there is a difference. Anything else the
 * service answers with (no permission, throttled after retries, 5xx, the network) is thrown, so the
 * caller can say which it was (the CLI's exit codes 3 and 4).
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import {
  GetDataRetentionBotCommand,
  GetNetworkCommand,
  GetNetworkSettingsCommand,
  GetOidcInfoCommand,
  paginateListBots,
  paginateListNetworks,
  paginateListSecurityGroups,
  paginateListUsers,
} from '../../wickr/model/commands';
import type { OperationName } from '../../wickr/model/operations';
import type { Network, OidcConfigInfo, SecurityGroup } from '../../wickr/model/types';
import type { MetadataBearer, WickrCommand } from '../../wickr/command';
import { readNetworkIdParameter } from '../network-id-parameter';
import { compareAccounts } from './accounts';
import { compareDataRetention } from './data-retention';
import { differ } from './difference';
import { type ResolvedPeer, compareFederation, resourceOfFederation } from './federation';
import { compareNetwork } from './network';
import { compareSecurityGroup, resourceOfGroup } from './security-group';
import { compareNetworkSettings } from './settings';
import { compareSso } from './sso';
import type { CheckedNetwork, DesiredNetwork, DesiredPeer, DriftDesiredState, DriftDifference, DriftReport, NetworkRef, ReportedValue, UnresolvedItem } from './types';

/** The Wickr operations the check calls, all of them reads. */
export const DRIFT_OPERATIONS = [
  'GetNetwork',
  'ListNetworks',
  'GetNetworkSettings',
  'ListSecurityGroups',
  'GetOidcInfo',
  'ListUsers',
  'ListBots',
  'GetDataRetentionBot',
] as const satisfies readonly OperationName[];
export type DriftOperation = (typeof DRIFT_OPERATIONS)[number];

/** What the check needs of a Wickr client (a `WickrClient` fits, and so does a call counter around one). */
export interface WickrReader {
  send<I extends object, O extends MetadataBearer>(command: WickrCommand<I, O>): Promise<O>;
}

export interface DriftCheckDeps {
  /** A Wickr client for a Region. */
  wickr(region: string): WickrReader;
  /** An SSM client for a Region (GetParameter only). */
  ssm(region: string): Pick<SSMClient, 'send'>;
}

/** The Wickr operations a desired state needs (the scheduled check's role gets exactly these). */
export function operationsFor(state: Pick<DriftDesiredState, 'networks'>): DriftOperation[] {
  const ops = new Set<DriftOperation>(['GetNetwork', 'ListNetworks']);
  for (const n of state.networks) {
    if (n.settings !== undefined) ops.add('GetNetworkSettings');
    if (n.securityGroups.length > 0 || n.federation !== undefined || n.users.length + n.bots.length > 0) ops.add('ListSecurityGroups');
    if (n.sso !== undefined) ops.add('GetOidcInfo');
    if (n.users.length > 0) ops.add('ListUsers');
    if (n.bots.length > 0) ops.add('ListBots');
    if (n.dataRetention) ops.add('GetDataRetentionBot');
  }
  return DRIFT_OPERATIONS.filter((o) => ops.has(o));
}

/** Refuses anything but the check's own reads, whatever a future change asks of it. */
function readOnly(inner: WickrReader): WickrReader {
  return {
    send(command) {
      if (!(DRIFT_OPERATIONS as readonly string[]).includes(command.operation)) {
        return Promise.reject(new Error(`drift detection makes read calls only; ${command.operation} is not one of them`));
      }
      return inner.send(command);
    },
  };
}

type Location =
  | { readonly found: true; readonly networkId: string; readonly foundBy: NonNullable<CheckedNetwork['foundBy']>; readonly network?: Network }
  | { readonly found: false; readonly reason: string };

const errorName = (e: unknown) => (e as { name?: string } | undefined)?.name;
const errorText = (e: unknown) => String((e as { message?: unknown } | undefined)?.message ?? e).split('\n')[0];

export async function checkDrift(state: DriftDesiredState, deps: DriftCheckDeps): Promise<DriftReport> {
  const wickr = new Map<string, WickrReader>();
  const wickrFor = (region: string) => {
    let c = wickr.get(region);
    if (!c) wickr.set(region, (c = readOnly(deps.wickr(region))));
    return c;
  };
  const notes: string[] = [];
  const refs = new Map<string, NetworkRef>([...state.peerNetworks, ...state.networks].map((n) => [n.key, n]));
  const located = new Map<string, Promise<Location>>();
  const locate = (ref: NetworkRef) => {
    let l = located.get(ref.key);
    if (!l) located.set(ref.key, (l = locateNetwork(ref, wickrFor(ref.region), deps.ssm(ref.region), notes)));
    return l;
  };

  const networks: CheckedNetwork[] = [];
  const differences: DriftDifference[] = [];
  const reported: ReportedValue[] = [];
  const unresolved: UnresolvedItem[] = [];
  for (const desired of state.networks) {
    const client = wickrFor(desired.region);
    let location = await locate(desired);
    let live: Network | undefined;
    if (location.found) {
      live = location.network ?? (await getNetwork(client, location.networkId));
      if (!live && location.foundBy !== 'name') {
        // The id the config or the stack recorded is gone; a network of the configured name may have replaced it.
        const byName = await findByName(client, desired);
        const d = differ(desired.key, 'network');
        if (byName.found) {
          differences.push(d('networkId', location.networkId, byName.networkId));
          notes.push(`${desired.key}: network ${location.networkId} (${location.foundBy === 'ssm' ? `from SSM parameter ${desired.parameterName}` : 'adoptNetworkId'}) no longer exists; the network named "${desired.name}" (${byName.networkId}) was checked instead`);
          location = byName;
          live = byName.network;
        } else {
          location = { found: false, reason: `network ${location.networkId} no longer exists, and ${byName.reason}` };
        }
      }
    }
    if (!location.found || !live) {
      networks.push({ network: desired.key, region: desired.region });
      differences.push(differ(desired.key, 'network')('exists', true, false));
      unresolved.push({ network: desired.key, resource: 'network', reason: `${location.found ? 'not found' : location.reason}; nothing else of it was compared` });
      continue;
    }
    networks.push({ network: desired.key, region: desired.region, networkId: location.networkId, foundBy: location.foundBy });
    const found = await checkNetwork(desired, location.networkId, live, client, async (peer) => resolvePeer(peer, refs, locate));
    differences.push(...found.differences);
    reported.push(...found.reported);
    unresolved.push(...found.unresolved);
  }
  return { agency: state.agency, networks, differences, reported, unresolved, notes };
}

async function checkNetwork(
  desired: DesiredNetwork,
  networkId: string,
  live: Network,
  client: WickrReader,
  resolve: (peer: DesiredPeer) => Promise<ResolvedPeer>,
): Promise<{ differences: DriftDifference[]; reported: ReportedValue[]; unresolved: UnresolvedItem[] }> {
  const net = desired.key;
  const differences: DriftDifference[] = compareNetwork(desired, live);
  const reported: ReportedValue[] = [];
  const unresolved: UnresolvedItem[] = [];

  if (desired.settings !== undefined) {
    const { settings } = await client.send(new GetNetworkSettingsCommand({ networkId }));
    differences.push(...compareNetworkSettings(net, desired.settings, settings ?? []));
  }

  const needsGroups = desired.securityGroups.length > 0 || desired.federation !== undefined || desired.users.length + desired.bots.length > 0;
  const groups = needsGroups ? await listGroups(client, networkId) : [];
  for (const want of desired.securityGroups) {
    const found = findGroup(groups, want.name, want.isDefault);
    if ('problem' in found) {
      if (found.problem === 'missing') differences.push(differ(net, resourceOfGroup(want.name))('exists', true, false));
      else unresolved.push({ network: net, resource: resourceOfGroup(want.name), reason: found.detail });
      continue;
    }
    const compared = compareSecurityGroup(net, want, found.group);
    differences.push(...compared.differences);
    reported.push(...compared.reported);
  }

  for (const g of desired.federation ?? []) {
    const found = findGroup(groups, g.name, g.isDefault);
    if ('problem' in found) {
      unresolved.push({ network: net, resource: resourceOfFederation(g.name), reason: `${found.detail}, so its federation was not compared` });
      continue;
    }
    const peers = {
      local: await Promise.all(g.localPeers.map(resolve)),
      aws: await Promise.all(g.awsPeers.map(resolve)),
      enterprise: await Promise.all(g.enterprisePeers.map(resolve)),
    };
    const compared = compareFederation(net, g, peers, found.group.securityGroupSettings ?? {});
    differences.push(...compared.differences);
    unresolved.push(...compared.unresolved);
  }

  if (desired.sso !== undefined) {
    const { openidConnectInfo } = await client.send(new GetOidcInfoCommand({ networkId }));
    differences.push(...compareSso(net, desired.sso, withoutSecret(openidConnectInfo)));
  }

  if (desired.users.length + desired.bots.length > 0) {
    const users = desired.users.length > 0 ? await listUsers(client, networkId) : [];
    const bots = desired.bots.length > 0 ? await listBots(client, networkId) : [];
    differences.push(...compareAccounts(net, desired, { users, bots, groups }));
  }

  if (desired.dataRetention) {
    differences.push(...compareDataRetention(net, await client.send(new GetDataRetentionBotCommand({ networkId }))));
  }
  return { differences, reported, unresolved };
}

/** GetOidcInfo may echo the client secret Wickr holds: it is dropped on arrival, never compared, logged or printed. */
function withoutSecret(info: OidcConfigInfo | undefined): OidcConfigInfo | undefined {
  if (!info) return undefined;
  const { clientSecret: _clientSecret, secret: _secret, ...rest } = info;
  return rest;
}

async function locateNetwork(ref: NetworkRef, client: WickrReader, ssm: Pick<SSMClient, 'send'>, notes: string[]): Promise<Location> {
  if (ref.adoptNetworkId !== undefined) return { found: true, networkId: ref.adoptNetworkId, foundBy: 'adoptNetworkId' };
  let why: string;
  try {
    const read = await readNetworkIdParameter(ssm, ref.parameterName);
    if (read.kind === 'found') return { found: true, networkId: read.networkId, foundBy: 'ssm' };
    why =
      read.kind === 'not-found' ? 'does not exist' : read.kind === 'denied' ? `could not be read (${read.message})` : `holds ${JSON.stringify(read.value ?? null)}, not a network id`;
  } catch (e) {
    why = `could not be read (${errorText(e)})`;
  }
  const byName = await findByName(client, ref);
  const ssmText = `SSM parameter ${ref.parameterName} in ${ref.region} ${why}`;
  if (byName.found) notes.push(`${ref.key}: found by its name "${ref.name}" (${byName.networkId}) because ${ssmText}`);
  return byName.found ? byName : { found: false, reason: `${ssmText}, and ${byName.reason}` };
}

async function findByName(client: WickrReader, ref: NetworkRef): Promise<Location> {
  const matches = (await listNetworks(client)).filter((n) => n.networkName === ref.name);
  if (matches.length === 1 && matches[0].networkId !== undefined) return { found: true, networkId: matches[0].networkId, foundBy: 'name', network: matches[0] };
  if (matches.length === 0) return { found: false, reason: `no network is named "${ref.name}" in ${ref.region}` };
  return { found: false, reason: `${matches.length} networks are named "${ref.name}" in ${ref.region} (${matches.map((n) => n.networkId).join(', ')})` };
}

/**
 * GetNetwork, or undefined when the network is gone. The live service answers 403 ForbiddenError
 * for a deleted network (network.go @4b379437), so a 403 or 404 counts as gone only when
 * ListNetworks, with the same credentials, no longer lists it; otherwise it is a refusal and is thrown.
 */
async function getNetwork(client: WickrReader, networkId: string): Promise<Network | undefined> {
  try {
    return (await client.send(new GetNetworkCommand({ networkId }))) as Network;
  } catch (e) {
    if (errorName(e) !== 'ResourceNotFoundError' && errorName(e) !== 'ForbiddenError') throw e;
    let listed: Network[];
    try {
      listed = await listNetworks(client);
    } catch {
      throw e;
    }
    if (listed.some((n) => n.networkId === networkId)) throw e;
    return undefined;
  }
}

async function resolvePeer(peer: DesiredPeer, refs: ReadonlyMap<string, NetworkRef>, locate: (ref: NetworkRef) => Promise<Location>): Promise<ResolvedPeer> {
  if ('networkId' in peer) return { label: peer.label, networkId: peer.networkId, ...('domain' in peer ? { domain: peer.domain } : { region: peer.region }) };
  const ref = refs.get(peer.network);
  if (!ref) return { label: peer.label, region: peer.region, reason: `${peer.network} is not a network of the desired state` };
  const where = await locate(ref);
  return where.found ? { label: peer.label, region: peer.region, networkId: where.networkId } : { label: peer.label, region: peer.region, reason: where.reason };
}

function findGroup(groups: readonly SecurityGroup[], name: string, isDefault: boolean): { group: SecurityGroup } | { problem: 'missing' | 'ambiguous'; detail: string } {
  const matches = isDefault ? groups.filter((g) => g.isDefault === true) : groups.filter((g) => g.name === name && g.isDefault !== true);
  if (matches.length === 1) return { group: matches[0] };
  if (matches.length === 0) return { problem: 'missing', detail: isDefault ? 'the network reports no default group' : `no group is named "${name}"` };
  return { problem: 'ambiguous', detail: `${matches.length} groups ${isDefault ? 'are marked default' : `are named "${name}"`} (${matches.map((g) => g.id).join(', ')})` };
}

/** Every item of a paginated list (the generated paginators stop on an empty or repeated token). */
async function all<O, T>(pages: AsyncGenerator<O, undefined, unknown>, items: (page: O) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

const listNetworks = (client: WickrReader) => all(paginateListNetworks({ client, pageSize: 100 }, {}), (p) => p.networks);
const listGroups = (client: WickrReader, networkId: string) => all(paginateListSecurityGroups({ client, pageSize: 100 }, { networkId }), (p) => p.securityGroups);
const listUsers = (client: WickrReader, networkId: string) => all(paginateListUsers({ client, pageSize: 100 }, { networkId }), (p) => p.users);
const listBots = (client: WickrReader, networkId: string) => all(paginateListBots({ client, pageSize: 100 }, { networkId }), (p) => p.bots);
