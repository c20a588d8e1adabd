/**
 * What an admin command is, and the one flow every user-changing command follows:
 *
 *   parse → read the users (argument or file) → load the config → resolve the network (reads)
 *   → resolve every user (reads) → refuse if any is unknown → confirm (delete) → act in batches
 *   (or, with --dry-run, only plan) → print the record → exit code.
 *
 * Everything that can be wrong with the input is found before the first write call.
 */
import {
  ResolvedUser,
  RunResult,
  classifyError,
  errorText,
  resolveUsers,
} from '../../lambda/handlers/lost-device/user-admin';
import { OptionDoc, OptionSpecs, Parsed, TARGET_OPTIONS, USERS_OPTIONS, WRITE_OPTIONS, flag, stringOption } from './args';
import { EXIT, ExitCode } from './exit-codes';
import { CliIo, UsageError } from './io';
import { RunRecord, json, renderRunRecord, summarize } from './output';
import { Target, TargetOptions, resolveTarget, wickrFailure } from './target';
import { UserList, readUserList } from './user-list';

export interface CommandContext {
  readonly io: CliIo;
  /** Identifies this run in the printed record and in CloudTrail's userAgent. */
  readonly runId: string;
  readonly now: () => Date;
}

export interface AdminCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage line after `wickr-kit admin `. */
  readonly synopsis: string;
  /** Paragraphs shown by `--help`, before the options. */
  readonly description: string;
  readonly options: OptionSpecs;
  readonly optionDocs: readonly OptionDoc[];
  readonly examples: readonly string[];
  run(parsed: Parsed, ctx: CommandContext): Promise<number>;
}

export function targetOptions(parsed: Parsed): TargetOptions {
  return {
    config: stringOption(parsed, 'config'),
    agency: stringOption(parsed, 'agency'),
    network: stringOption(parsed, 'network'),
    region: stringOption(parsed, 'region'),
  };
}

export const WRITE_COMMAND_OPTIONS = { ...TARGET_OPTIONS, ...USERS_OPTIONS, ...WRITE_OPTIONS } as const satisfies OptionSpecs;

/** One user-changing action, plugged into `runUserAction`. */
export interface UserAction {
  readonly command: string;
  /** Checks on the arguments that need no call (e.g. delete's confirmation flags are present). */
  checkArguments?(parsed: Parsed, list: UserList): void;
  /** Checks against the resolved users, still before any write (e.g. the confirmation matches). */
  checkUsers?(parsed: Parsed, list: UserList, users: readonly ResolvedUser[]): void;
  /** The dry run: reads only. Default: every user `planned` with `plannedDetail`. */
  plan?(target: Target, users: readonly ResolvedUser[]): Promise<RunResult>;
  readonly plannedDetail: string;
  execute(target: Target, users: readonly ResolvedUser[]): Promise<RunResult>;
  /** Extra line after a dry run's table (e.g. how to confirm). */
  dryRunHint?(list: UserList, users: readonly ResolvedUser[]): string | undefined;
}

export function validateReason(parsed: Parsed, command: string): string | undefined {
  const reason = stringOption(parsed, 'reason');
  const dryRun = flag(parsed, 'dry-run');
  if (reason === undefined) {
    if (dryRun) return undefined;
    throw new UsageError(`${command}: --reason <text> is required (the ticket or incident it answers); it goes into the record of the run`);
  }
  const trimmed = reason.trim();
  if (trimmed.length < 3 || trimmed.length > 500 || /[\r\n]/.test(trimmed)) {
    throw new UsageError(`${command}: --reason must be one line of 3 to 500 characters`);
  }
  return trimmed;
}

/** Resolves users or refuses: any unknown user stops the command before anything is changed. */
export async function resolveAllUsers(target: Target, list: UserList): Promise<ResolvedUser[]> {
  let resolution;
  try {
    resolution = await resolveUsers(target.client, target.networkId, list.refs);
  } catch (err) {
    throw wickrFailure(err, 'looking up users');
  }
  if (resolution.unresolved.length > 0) {
    throw new UsageError(
      `${resolution.unresolved.length} of ${list.refs.length} user(s) not found on network ${target.networkId}; nothing was changed`,
      resolution.unresolved.map((u) => `  ${u.given}: ${u.problem}`),
      false,
    );
  }
  return resolution.resolved;
}

export function exitCodeFor(run: RunResult): ExitCode {
  if (run.stoppedBy !== undefined) return classifyError(run.stoppedBy) === 'auth' ? EXIT.AUTH : EXIT.SERVICE;
  if (run.results.some((r) => r.outcome === 'failed' || r.outcome === 'unknown' || r.outcome === 'not-attempted')) return EXIT.PARTIAL;
  return EXIT.OK;
}

export async function runUserAction(parsed: Parsed, ctx: CommandContext, action: UserAction): Promise<number> {
  const dryRun = flag(parsed, 'dry-run');
  const reason = validateReason(parsed, action.command);
  const list = readUserList(action.command, parsed.positionals, stringOption(parsed, 'file'), ctx.io.cwd);
  action.checkArguments?.(parsed, list);
  for (const note of list.notes) ctx.io.stderr(`note: ${note}\n`);

  const target = await resolveTarget(targetOptions(parsed), ctx.io, ctx.runId);
  try {
    const users = await resolveAllUsers(target, list);
    if (!dryRun) action.checkUsers?.(parsed, list, users);
    const startedAt = ctx.now().toISOString();
    const run: RunResult = dryRun
      ? action.plan
        ? await action.plan(target, users)
        : { results: users.map((u) => ({ given: u.given, userId: u.userId, username: u.username, outcome: 'planned' as const, detail: action.plannedDetail })) }
      : await action.execute(target, users);
    const exitCode = exitCodeFor(run);
    const record: RunRecord = {
      command: action.command,
      runId: ctx.runId,
      dryRun,
      ...(reason !== undefined ? { reason } : {}),
      agency: target.agency.id,
      network: {
        id: target.networkId,
        ...(target.networkName !== undefined ? { name: target.networkName } : {}),
        region: target.region,
        ...(target.networkConfig ? { configId: target.networkConfig.id } : {}),
      },
      startedAt,
      finishedAt: ctx.now().toISOString(),
      calls: { ...target.client.calls },
      summary: summarize(run.results),
      users: run.results,
      ...(run.stoppedBy !== undefined ? { stoppedBy: errorText(run.stoppedBy) } : {}),
      exitCode,
    };
    if (flag(parsed, 'json')) ctx.io.stdout(json(record));
    else {
      ctx.io.stdout(renderRunRecord(record));
      const hint = dryRun ? action.dryRunHint?.(list, users) : undefined;
      if (hint) ctx.io.stdout(`${hint}\n`);
    }
    return exitCode;
  } finally {
    target.close();
  }
}
