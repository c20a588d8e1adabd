/**
 * Runs the emulator standalone:
 *   npm run emulator -- [--port <n>] [--seed <n>] [--account-id <id>] [--behaviour live|model]
 *                       [--auto-register-dr-bot <polls>] [--delete-after-polls <n>] [--quiet]
 * Prints the URL and the credentials to use, logs one line per request to stdout (secrets are
 * redacted in the log), and exits cleanly on SIGINT/SIGTERM.
 */
import { EmulatorOptions, RequestLogEntry, startEmulator } from './index';

interface CliArgs {
  readonly port: number;
  readonly seed?: number;
  readonly accountId?: string;
  readonly autoRegister?: number;
  readonly deleteAfterPolls?: number;
  readonly behaviour: 'live' | 'model';
  readonly quiet: boolean;
}

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run emulator -- [--port <n>] [--seed <n>] [--account-id <12 digits>] [--behaviour live|model] [--auto-register-dr-bot <polls>] [--delete-after-polls <n>] [--quiet]\n`,
  );
  process.exit(2);
}

function integer(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min || Number(text) > max) usage(`${flag} needs an integer ${min}..${max}`);
  return Number(text);
}

function parseArgs(argv: readonly string[]): CliArgs {
  let port = 0;
  let seed: number | undefined;
  let accountId: string | undefined;
  let autoRegister: number | undefined;
  let deleteAfterPolls: number | undefined;
  let behaviour: 'live' | 'model' = 'live';
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case '--port':
        port = integer(flag, argv[++i], 0, 65535);
        break;
      case '--seed':
        seed = integer(flag, argv[++i], 0, 2 ** 32 - 1);
        break;
      case '--account-id':
        accountId = argv[++i];
        if (!/^\d{12}$/.test(accountId ?? '')) usage('--account-id needs 12 digits');
        break;
      case '--auto-register-dr-bot':
        autoRegister = integer(flag, argv[++i], 0, 1000);
        break;
      case '--delete-after-polls':
        deleteAfterPolls = integer(flag, argv[++i], 0, 1000);
        break;
      case '--behaviour': {
        const value = argv[++i];
        if (value !== 'live' && value !== 'model') usage('--behaviour is live (the service as observed, the default) or model (only what the model says)');
        behaviour = value;
        break;
      }
      case '--quiet':
        quiet = true;
        break;
      default:
        usage(`unknown argument ${flag}`);
    }
  }
  return { port, seed, accountId, autoRegister, deleteAfterPolls, behaviour, quiet };
}

function formatEntry(entry: RequestLogEntry): string {
  const outcome = entry.dropped ? 'DROPPED' : `${entry.status}${entry.errorName ? ` ${entry.errorName}` : ''}`;
  const extras = [
    entry.replayed ? 'replayed' : undefined,
    entry.clientToken ? `token=${entry.clientToken}` : undefined,
    ...(entry.faults ?? []).map((f) => `fault=${f.kind}/${f.phase}`),
  ].filter(Boolean);
  return [entry.time, entry.region ?? '-', entry.operation ?? `${entry.method} ${entry.path}`, outcome, ...extras].join(' ');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const options: EmulatorOptions = {
    port: args.port,
    seed: args.seed,
    accountId: args.accountId,
    autoRegisterDataRetentionBot: args.autoRegister ?? false,
    deletion: args.deleteAfterPolls !== undefined ? { polls: args.deleteAfterPolls } : undefined,
    behaviour: args.behaviour,
    onRequest: args.quiet ? undefined : (entry) => process.stdout.write(`${formatEntry(entry)}\n`),
  };
  const emulator = await startEmulator(options);
  process.stdout.write(
    [
      `Wickr admin API emulator listening on ${emulator.url}`,
      `  AWS_ACCESS_KEY_ID=${emulator.credentials.accessKeyId}`,
      `  AWS_SECRET_ACCESS_KEY=${emulator.credentials.secretAccessKey}`,
      `  account ${emulator.accountId}; any Region; sign for service "wickr"; ${args.behaviour} behaviour`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`received ${signal}, stopping\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`failed to stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// Run unconditionally: scripts/run-ts.mjs loads this bundle through require, so require.main is not it.
main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
