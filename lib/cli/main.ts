/**
 * `wickr-kit`: the kit's command-line tool: the `admin` group, for administering the users of a
 * deployed Wickr network (the lost-device response and its relatives), and `drift`, which compares
 * the deployed networks with the config.
 *
 * `main(argv, io)` runs a command in-process and resolves to its exit code (see exit-codes.ts);
 * it never throws and never prints a stack trace for an expected problem. `bin/wickr-kit.js` calls
 * `runCli()`.
 */
import { randomUUID } from 'node:crypto';
import { KIT_VERSION } from '../version';
import { optionLines, parse } from './args';
import { classifyError, errorText } from '../../lambda/handlers/lost-device/user-admin';
import type { AdminCommand, CommandContext } from './command';
import { ADMIN_COMMANDS } from './commands';
import { DRIFT_EXIT_CODE_HELP, driftCommand } from './commands/drift';
import { EXIT, EXIT_CODE_HELP } from './exit-codes';
import { CliError, CliIo, UsageError, processIo } from './io';
import { json } from './output';
import { USER_FILE_HELP } from './user-list';

export { EXIT, EXIT_CODE_HELP } from './exit-codes';
export type { CliIo } from './io';
export { ADMIN_COMMANDS } from './commands';

const TOP_HELP = `wickr-kit ${KIT_VERSION}: command-line tools of wickr-cdk-kit

Usage:
  wickr-kit admin <command> [options]   administer the users of a deployed Wickr network
  wickr-kit drift [options]             compare the deployed networks with the config (read-only)
  wickr-kit --help                      this help
  wickr-kit --version                   the kit version

Run "wickr-kit admin --help" for the commands, "wickr-kit admin <command> --help" for one command,
"wickr-kit drift --help" for drift detection.
The lost-device procedure is in docs/runbooks/lost-device.md, the drift procedure in docs/runbooks/drift.md.
`;

function adminHelp(): string {
  const width = Math.max(...ADMIN_COMMANDS.map((c) => c.name.length));
  return `Usage: wickr-kit admin <command> [options]

Administer the users of a Wickr network deployed by wickr-cdk-kit: the lost-device response
(suspend, reset-devices, and if approved delete) and the everyday user tasks around it.

Commands:
${ADMIN_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Every command takes one user (a username, usually the email address, or id:<userId>) or
--file <path> with many. Users are looked up before anything changes: if any is unknown, or the
file is malformed, nothing is changed (exit code 2). Changes go in batches of 50 users per call,
and the outcome of every user is reported. --dry-run shows what would change with read calls only.

The network comes from the config the app is deployed from: --network <config id | name |
8-digit Wickr id>, --config <path> (default config/example.yaml, or $WICKR_KIT_CONFIG), and
--agency <id> when the config has several. The Region is the network's Region in the config.

${USER_FILE_HELP}

Credentials: the standard AWS chain (environment, AWS_PROFILE, SSO, instance or task role). The
caller needs the wickr: actions of the command on the network (see docs/runbooks/lost-device.md).
WICKR_ENDPOINT_URL points the tool at another endpoint (e.g. the local emulator, npm run emulator).
Every run prints a run id; it is also sent in the user agent, so CloudTrail shows which API calls
belong to which run.

${EXIT_CODE_HELP}
`;
}

function commandHelp(c: AdminCommand): string {
  return `Usage: wickr-kit admin ${c.synopsis}

${c.description}

Options:
${optionLines(c.optionDocs)}

Examples:
${c.examples.map((e) => `  ${e}`).join('\n')}

See "wickr-kit admin --help" for the user file format, credentials and exit codes.
`;
}

function driftHelp(): string {
  const c = driftCommand;
  return `Usage: wickr-kit ${c.synopsis}

${c.description}

Options:
${optionLines(c.optionDocs)}

Examples:
${c.examples.map((e) => `  ${e}`).join('\n')}

Credentials: the standard AWS chain. The caller needs the wickr: read actions (GetNetwork, ListNetworks,
GetNetworkSettings, ListSecurityGroups, GetOidcInfo, ListUsers, ListBots, GetDataRetentionBot) and
ssm:GetParameter on /wickr-kit/<agency>/*/network-id. WICKR_ENDPOINT_URL (and AWS_ENDPOINT_URL_SSM) point
the tool at other endpoints, e.g. the local emulator.

${DRIFT_EXIT_CODE_HELP}
`;
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = { ...processIo(), ...io };
  const ctx: CommandContext = { io: full, runId: randomUUID(), now: () => new Date() };
  try {
    return await dispatch(argv, ctx);
  } catch (err) {
    return report(err, argv, full);
  }
}

async function dispatch(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const [group, ...rest] = argv;
  if (group === undefined || group === '--help' || group === '-h' || group === 'help') {
    ctx.io.stdout(TOP_HELP);
    return group === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (group === '--version' || group === '-v') {
    ctx.io.stdout(`${KIT_VERSION}\n`);
    return EXIT.OK;
  }
  if (group === 'drift') {
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.io.stdout(driftHelp());
      return EXIT.OK;
    }
    return driftCommand.run(parse('drift', rest, driftCommand.options), ctx);
  }
  if (group !== 'admin') throw new UsageError(`unknown command "${group}"; the commands are "wickr-kit admin <command>" and "wickr-kit drift"`);
  const [name, ...args] = rest;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.io.stdout(adminHelp());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = ADMIN_COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(`unknown admin command "${name}"`, [`commands: ${ADMIN_COMMANDS.map((c) => c.name).join(', ')}`]);
  }
  // Help wins over everything else, so `--help` works even next to incomplete arguments.
  if (args.includes('--help') || args.includes('-h')) {
    ctx.io.stdout(commandHelp(command));
    return EXIT.OK;
  }
  const parsed = parse(`admin ${command.name}`, args, command.options);
  return command.run(parsed, ctx);
}

function report(err: unknown, argv: readonly string[], io: CliIo): number {
  let error: CliError;
  if (err instanceof CliError) error = err;
  else if (isWickrError(err)) {
    // A Wickr error no command caught: still an expected kind of failure, with its class's exit code.
    error = new CliError(classifyError(err) === 'auth' ? EXIT.AUTH : EXIT.SERVICE, errorText(err));
  } else {
    error = new CliError(EXIT.INTERNAL, `internal error: ${errorText(err)}`, [
      io.env.WICKR_KIT_DEBUG ? String((err as Error)?.stack ?? err) : 'Set WICKR_KIT_DEBUG=1 for the stack trace, and please report it.',
    ]);
  }
  io.stderr(`wickr-kit: ${error.message}\n${error.details.map((d) => `${d}\n`).join('')}`);
  if (error instanceof UsageError && error.showHelpHint) {
    const name = argv[0] === 'admin' ? (argv[1] && !argv[1].startsWith('-') ? ` admin ${argv[1]}` : ' admin') : argv[0] === 'drift' ? ' drift' : '';
    io.stderr(`Run "wickr-kit${name} --help" for usage.\n`);
  }
  if (wantsJson(argv)) {
    io.stdout(json({ error: { message: error.message, details: error.details }, exitCode: error.exitCode }));
  }
  return error.exitCode;
}

function isWickrError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as { operation?: unknown }).operation === 'string' && '$metadata' in err;
}

/** Entry point for bin/wickr-kit.js: runs with the process's argv and streams, and sets the exit code. */
export function runCli(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`wickr-kit: internal error: ${errorText(err)}\n`);
      process.exitCode = EXIT.INTERNAL;
    },
  );
}
