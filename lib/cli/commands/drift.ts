/**
 * `wickr-kit drift`: compares what the kit manages with what Wickr holds, for every network of the
 * config (or those `--agency`, `--region` and `--network` narrow it to), and prints one line per
 * difference in the config's own names and units. Read calls only (Wickr Get/List, SSM GetParameter).
 *
 * The comparison is lambda/shared/drift/, the same one the scheduled check runs in each Region, and
 * the desired state is lib/config/drift-plan.ts, the same mapping the stacks deploy with.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { CountingSender } from '../../../lambda/handlers/lost-device/user-admin';
import { type DriftRecord, checkDrift, driftRecord, valueText } from '../../../lambda/shared/drift';
import { driftDesiredStates } from '../../config/drift-plan';
import type { AgencyConfig, KitConfig, NetworkConfig } from '../../config/config-types';
import { TARGET_DOCS, TARGET_OPTIONS, type OptionSpecs, type Parsed, flag, stringOption } from '../args';
import type { AdminCommand } from '../command';
import { EXIT } from '../exit-codes';
import { UsageError } from '../io';
import { callsText, json, renderTable } from '../output';
import { cliUserAgent, cliWickrClient, describeNetworks, loadConfig, wickrFailure } from '../target';

const NETWORK_ID = /^[0-9]{8}$/;

/** The exit codes of `drift` (the kit's codes, with 1 meaning drift was found). */
export const DRIFT_EXIT_CODE_HELP = `Exit codes:
  0  in sync: every managed member holds what the config says (anything not compared is listed)
  1  drift found: each difference is listed
  2  usage or bad input (arguments, config, unknown network)
  3  authentication or permission failure (no credentials, expired, access denied)
  4  service or network failure (throttled after retries, 5xx, timeout)
  5  internal error in wickr-kit (set WICKR_KIT_DEBUG=1 for details)`;

/** The networks `--agency`, `--region` and `--network` select. Nothing is called. */
export function selectNetworks(config: KitConfig, parsed: Parsed): (network: NetworkConfig, agency: AgencyConfig) => boolean {
  const agencyId = stringOption(parsed, 'agency');
  const region = stringOption(parsed, 'region');
  const value = stringOption(parsed, 'network');
  const agencies = config.agencies.filter((a) => agencyId === undefined || a.id === agencyId);
  if (agencies.length === 0) throw new UsageError(`no agency "${agencyId}" in the config`, [`agencies: ${config.agencies.map((a) => a.id).join(', ')}`]);
  const candidates = agencies.flatMap((a) => a.networks.filter((n) => region === undefined || n.region === region).map((n) => ({ a, n })));
  if (region !== undefined && candidates.length === 0) {
    throw new UsageError(`no network of ${agencyId ? `agency ${agencyId}` : 'the config'} is in ${region}`, agencies.flatMap(describeNetworks));
  }
  if (value === undefined) return (n) => region === undefined || n.region === region;
  const matches = candidates.filter(({ n }) => n.id === value || n.name === value || n.adoptNetworkId === value);
  if (matches.length === 0) {
    throw new UsageError(
      NETWORK_ID.test(value)
        ? `no network of the config adopts ${value}; name a network the kit created by its id or name in the config`
        : `no network "${value}" in the config; use a network id or name from the config`,
      agencies.flatMap(describeNetworks),
    );
  }
  if (matches.length > 1) throw new UsageError(`"${value}" names ${matches.length} networks (in agencies ${matches.map(({ a }) => a.id).join(', ')}); add --agency`);
  const [{ n: chosen }] = matches;
  return (n) => n === chosen;
}

function renderRecord(record: DriftRecord, configGiven: string): string {
  const lines: string[] = [];
  lines.push(`drift check of ${record.networks.length} network(s) of ${record.agencies.map((a) => `agency ${a}`).join(', ')} against ${configGiven}`);
  lines.push(`run ${record.runId}, started ${record.checkedAt}`, '');
  lines.push(renderTable(['NETWORK', 'REGION', 'NETWORK ID', 'FOUND BY'], record.networks.map((n) => [n.network, n.region, n.networkId ?? 'not found', n.foundBy ?? ''])));
  if (record.differences.length === 0) {
    lines.push('In sync: every managed member holds what the config says.');
  } else {
    lines.push(renderTable(['NETWORK', 'RESOURCE', 'MEMBER', 'CONFIGURED', 'LIVE'], record.differences.map((d) => [d.network, d.resource, d.member, valueText(d.expected), valueText(d.actual)])));
    lines.push(
      `${record.differences.length} difference(s). Restore the config's values with cdk deploy, or change the config to accept the live ones (docs/runbooks/drift.md).`,
    );
  }
  if (record.reported.length > 0) {
    lines.push('', 'Reported, not managed (information, never drift):');
    lines.push(renderTable(['NETWORK', 'RESOURCE', 'MEMBER', 'LIVE'], record.reported.map((r) => [r.network, r.resource, r.member, valueText(r.actual)])).trimEnd());
  }
  if (record.unresolved.length > 0) {
    lines.push('', 'Not compared:');
    for (const u of record.unresolved) lines.push(`  ${u.network} ${u.resource}: ${u.reason}`);
  }
  if (record.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of record.notes) lines.push(`  ${note}`);
  }
  lines.push('', `Wickr API calls: ${callsText(record.calls ?? {})} (all reads).`);
  return `${lines.join('\n')}\n`;
}

const DRIFT_OPTIONS = {
  config: TARGET_OPTIONS.config,
  agency: TARGET_OPTIONS.agency,
  network: TARGET_OPTIONS.network,
  region: TARGET_OPTIONS.region,
  json: TARGET_OPTIONS.json,
  help: TARGET_OPTIONS.help,
} as const satisfies OptionSpecs;

export const driftCommand: AdminCommand = {
  name: 'drift',
  summary: 'compare what the kit manages with what Wickr holds, for every network of the config; read-only',
  synopsis: 'drift [-c <config>] [--network <name|id>] [--agency <id>] [--region <region>] [--json]',
  description:
    'For every network of the config, compares what the kit manages with what the service holds: the network\n' +
    "name and plan, settings, every configured security-group member, federation allow-lists, SSO (never its\n" +
    'secret), the users and bots of the config, and data retention (bot registered, retention on). One line per\n' +
    "difference, with the configured and the live value in the config's units (30d, LOW_QUALITY). Members the\n" +
    'kit does not manage, and members the service adds that the model lacks, are not drift; screen sharing is\n' +
    'reported as information. Read calls only. Networks are found by adoptNetworkId, else by the id their stack\n' +
    'wrote to SSM (/wickr-kit/<agency>/<network>/network-id), else by name. What to do about drift:\n' +
    'docs/runbooks/drift.md.',
  options: DRIFT_OPTIONS,
  optionDocs: [
    { flag: '-c, --config <path>', description: 'the config the app is deployed from (default: config/example.yaml, or $WICKR_KIT_CONFIG)' },
    { flag: '-n, --network <name|id>', description: "only this network: its id or name in the config, or the 8-digit id it adopts" },
    { flag: '--agency <id>', description: "only this agency's networks" },
    { flag: '--region <region>', description: 'only the networks in this Region' },
    { flag: '--json', description: 'print one JSON document: networks, differences [{network, resource, member, expected, actual}], reported, unresolved' },
    TARGET_DOCS.find((d) => d.flag.startsWith('-h'))!,
  ],
  examples: ['wickr-kit drift -c config/agency.yaml', 'wickr-kit drift -c config/agency.yaml --network canberra --json > drift.json'],
  run: async (parsed, ctx) => {
    if (parsed.positionals.length > 0) throw new UsageError(`drift takes no arguments (got ${parsed.positionals.join(' ')}); narrow with --network, --agency or --region`);
    const { config, given } = loadConfig({ config: stringOption(parsed, 'config') }, ctx.io);
    const states = driftDesiredStates(config, { network: selectNetworks(config, parsed) });
    if (states.length === 0) throw new UsageError(`${given} has no networks to check`);

    const checkedAt = ctx.now().toISOString();
    const wickr = new Map<string, { raw: ReturnType<typeof cliWickrClient>; counted: CountingSender }>();
    const ssm = new Map<string, SSMClient>();
    const calls: Record<string, number> = {};
    const ssmEndpoint = ctx.io.env.AWS_ENDPOINT_URL_SSM?.trim() || undefined;
    const deps = {
      wickr(region: string) {
        let c = wickr.get(region);
        if (!c) {
          const raw = cliWickrClient(region, ctx.io, ctx.runId);
          wickr.set(region, (c = { raw, counted: new CountingSender(raw) }));
        }
        return c.counted;
      },
      ssm(region: string) {
        let c = ssm.get(region);
        if (!c) {
          c = new SSMClient({
            region,
            customUserAgent: cliUserAgent(ctx.runId),
            ...(ssmEndpoint ? { endpoint: ssmEndpoint } : {}),
            ...(ctx.io.clientConfig?.credentials ? { credentials: ctx.io.clientConfig.credentials } : {}),
          });
          ssm.set(region, c);
        }
        return c;
      },
    };
    try {
      const reports = [];
      for (const state of states) {
        try {
          reports.push(await checkDrift(state, deps));
        } catch (err) {
          throw wickrFailure(err, `checking drift of agency ${state.agency}`);
        }
      }
      for (const c of wickr.values()) for (const [op, n] of Object.entries(c.counted.calls)) calls[op] = (calls[op] ?? 0) + n;
      const drifted = reports.some((r) => r.differences.length > 0);
      const exitCode = drifted ? EXIT.DRIFT : EXIT.OK;
      const record = driftRecord(reports, { source: 'cli', runId: ctx.runId, checkedAt, calls, exitCode });
      ctx.io.stdout(flag(parsed, 'json') ? json(record) : renderRecord(record, given));
      return exitCode;
    } finally {
      for (const c of wickr.values()) c.raw.destroy();
      for (const c of ssm.values()) c.destroy();
    }
  },
};
