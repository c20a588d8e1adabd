import type { WickrClientConfig } from '../../lambda/wickr';
import { EXIT, ExitCode } from './exit-codes';

/**
 * Everything the CLI touches outside itself, injectable so tests run it in-process: output streams,
 * environment, working directory, and (tests only) extra Wickr client settings such as short retry
 * delays.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (--config, --file) resolve against this. */
  readonly cwd: string;
  /** Merged into the Wickr client's config (after the CLI's own settings). */
  readonly clientConfig?: Partial<WickrClientConfig>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * An expected failure: printed as its message (and optional detail lines), never as a stack
 * trace, and mapped to a documented exit code.
 */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad arguments or input: nothing has been changed. */
export class UsageError extends CliError {
  constructor(message: string, details: readonly string[] = [], readonly showHelpHint = true) {
    super(EXIT.USAGE, message, details);
    this.name = 'UsageError';
  }
}
