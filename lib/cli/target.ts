/**
 * Which Wickr network a command acts on, resolved from the same config file the app is deployed
 * from: the agency (`--agency`, or the only one), then the network (`--network` as the config's
 * network id or name, or an 8-digit Wickr network id), in the Region the config gives it.
 *
 * A network the kit created is found by its exact name with ListNetworks in its Region (the kit
 * keeps names unique per account and Region, see lib/config/validator.ts); an adopted network or an
 * 8-digit id is read with GetNetwork. Either way the network is proven to exist before any user is
 * looked up, so a wrong network never gets as far as a write.
 */
import { isAbsolute, resolve } from 'node:path';
import { GetNetworkCommand, ListNetworksCommand, WickrClient, type Network } from '../../lambda/wickr';
import { CountingSender, classifyError, errorText } from '../../lambda/handlers/lost-device/user-admin';
import { AgencyConfig, KitConfig, NetworkConfig } from '../config/config-types';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loader';
import { KitConfigError } from '../config/errors';
import { KIT_VERSION } from '../version';
import { EXIT } from './exit-codes';
import { CliError, CliIo, UsageError } from './io';

export interface TargetOptions {
  readonly config?: string;
  readonly agency?: string;
  readonly network?: string;
  readonly region?: string;
}

export interface Target {
  readonly configPath: string;
  readonly agency: AgencyConfig;
  /** The config's entry for the network, when it has one. */
  readonly networkConfig?: NetworkConfig;
  readonly networkId: string;
  readonly networkName?: string;
  readonly region: string;
  /** Counts every call, for the record of the run. */
  readonly client: CountingSender;
  /** Closes the client's connections; call when done. */
  close(): void;
}

const NETWORK_ID = /^[0-9]{8}$/;

/** Loads and validates the config (`--config`, else $WICKR_KIT_CONFIG, else the example). Problems are usage errors. */
export function loadConfig(options: Pick<TargetOptions, 'config'>, io: CliIo): { configPath: string; given: string; config: KitConfig } {
  const given = options.config ?? io.env.WICKR_KIT_CONFIG ?? DEFAULT_CONFIG_PATH;
  const configPath = isAbsolute(given) ? given : resolve(io.cwd, given);
  try {
    // The CLI's own flag in the hint: `-c config=<path>` is the CDK app's form, which the CLI rejects.
    return { configPath, given, config: loadConfigFile(configPath, { pathHint: '-c <path> (or set WICKR_KIT_CONFIG)' }).config };
  } catch (err) {
    if (KitConfigError.isKitConfigError(err)) {
      throw new UsageError(`the config ${given} has ${err.problems.length} problem(s)`, err.lines, false);
    }
    throw err;
  }
}

/** Loads the config and picks the agency. Problems are usage errors (nothing has been called yet). */
export function loadAgency(options: TargetOptions, io: CliIo): { configPath: string; agency: AgencyConfig } {
  const { configPath, given, config } = loadConfig(options, io);
  const agencies = config.agencies;
  if (options.agency !== undefined) {
    const agency = agencies.find((a) => a.id === options.agency);
    if (!agency) throw new UsageError(`no agency "${options.agency}" in ${given}`, [`agencies: ${agencies.map((a) => a.id).join(', ')}`]);
    return { configPath, agency };
  }
  if (agencies.length > 1) {
    throw new UsageError(`${given} has ${agencies.length} agencies; choose one with --agency`, [`agencies: ${agencies.map((a) => a.id).join(', ')}`]);
  }
  return { configPath, agency: agencies[0] };
}

export function describeNetworks(agency: AgencyConfig): string[] {
  return agency.networks.map((n) => `  ${n.id} (name "${n.name}", ${n.region}${n.adoptNetworkId ? `, id ${n.adoptNetworkId}` : ''})`);
}

/** The config entry and Region for --network, without calling anything. */
export function pickNetwork(agency: AgencyConfig, options: TargetOptions): { networkConfig?: NetworkConfig; networkId?: string; region: string } {
  const value = options.network;
  if (options.region !== undefined && !agency.allowedRegions.includes(options.region)) {
    throw new UsageError(`--region ${options.region} is outside the agency's allowedRegions (${agency.allowedRegions.join(', ')})`);
  }
  if (value === undefined) {
    if (agency.networks.length === 1) return pickNetwork(agency, { ...options, network: agency.networks[0].id });
    throw new UsageError(
      agency.networks.length === 0 ? `agency ${agency.id} has no networks in the config` : `agency ${agency.id} has ${agency.networks.length} networks; choose one with --network`,
      describeNetworks(agency),
    );
  }
  if (NETWORK_ID.test(value)) {
    const networkConfig = agency.networks.find((n) => n.adoptNetworkId === value);
    const region = options.region ?? networkConfig?.region;
    if (region === undefined) {
      throw new UsageError(`network ${value} is not in the config (no network adopts it); give its Region with --region`);
    }
    if (networkConfig && region !== networkConfig.region) {
      throw new UsageError(`network ${value} is in ${networkConfig.region} according to the config, not ${region}`);
    }
    return { networkConfig, networkId: value, region };
  }
  const networkConfig = agency.networks.find((n) => n.id === value) ?? agency.networks.find((n) => n.name === value);
  if (!networkConfig) {
    throw new UsageError(`no network "${value}" in agency ${agency.id}; use a network id or name from the config, or an 8-digit Wickr network id`, describeNetworks(agency));
  }
  if (options.region !== undefined && options.region !== networkConfig.region) {
    throw new UsageError(`network ${networkConfig.id} is in ${networkConfig.region} according to the config, not ${options.region}`);
  }
  return { networkConfig, networkId: networkConfig.adoptNetworkId, region: networkConfig.region };
}

/** A CliError for a Wickr error during `doing`, with the exit code its class calls for. */
export function wickrFailure(err: unknown, doing: string): CliError {
  const cls = classifyError(err);
  if (cls === 'auth') {
    return new CliError(EXIT.AUTH, `not authorised while ${doing}: ${errorText(err)}`, [
      'Check the AWS credentials (AWS_PROFILE, environment, SSO session) and that the role may call these wickr: actions on this network.',
    ]);
  }
  return new CliError(EXIT.SERVICE, `the Wickr service failed while ${doing}: ${errorText(err)}`);
}

/** The CLI's user agent: CloudTrail records it, so the run id ties each API call to the run's printed record. */
export function cliUserAgent(runId: string): string {
  return `wickr-kit-cli/${KIT_VERSION} run/${runId}`;
}

/** A Wickr client for a Region as every command builds it: `WICKR_ENDPOINT_URL` honoured, the run id in the user agent. */
export function cliWickrClient(region: string, io: CliIo, runId: string): WickrClient {
  const endpoint = io.env.WICKR_ENDPOINT_URL?.trim() || undefined;
  return new WickrClient({ region, ...(endpoint ? { endpoint } : {}), customUserAgent: cliUserAgent(runId), ...io.clientConfig });
}

/** Resolves the network and returns a client bound to its Region. Reads only. */
export async function resolveTarget(options: TargetOptions, io: CliIo, runId: string): Promise<Target> {
  const { configPath, agency } = loadAgency(options, io);
  const picked = pickNetwork(agency, options);
  const raw = cliWickrClient(picked.region, io, runId);
  const client = new CountingSender(raw);
  const close = () => raw.destroy();
  try {
    let network: Network;
    if (picked.networkId !== undefined) {
      try {
        network = (await client.send(new GetNetworkCommand({ networkId: picked.networkId }))) as Network;
      } catch (err) {
        if (classifyError(err) === 'client') {
          throw new UsageError(`no Wickr network ${picked.networkId} in ${picked.region} (${errorText(err)})`, [], false);
        }
        throw wickrFailure(err, `reading network ${picked.networkId}`);
      }
    } else {
      const name = picked.networkConfig!.name;
      const matches: Network[] = [];
      try {
        let nextToken: string | undefined;
        do {
          const page = await client.send(new ListNetworksCommand({ maxResults: 100, nextToken }));
          matches.push(...(page.networks ?? []).filter((n) => n.networkName === name));
          nextToken = page.nextToken || undefined;
        } while (nextToken !== undefined);
      } catch (err) {
        throw wickrFailure(err, `listing networks in ${picked.region}`);
      }
      if (matches.length === 0) {
        throw new UsageError(`no Wickr network named "${name}" in ${picked.region}; has the stack been deployed? (or pass its 8-digit id)`, [], false);
      }
      if (matches.length > 1) {
        throw new UsageError(
          `${matches.length} Wickr networks are named "${name}" in ${picked.region}; choose one by its 8-digit id with --network`,
          matches.map((n) => `  ${n.networkId}`),
          false,
        );
      }
      network = matches[0];
    }
    return {
      configPath,
      agency,
      ...(picked.networkConfig ? { networkConfig: picked.networkConfig } : {}),
      networkId: network.networkId ?? picked.networkId!,
      ...(network.networkName !== undefined ? { networkName: network.networkName } : {}),
      region: picked.region,
      client,
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}
