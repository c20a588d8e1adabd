/**
 * Exit codes of `wickr-kit`, fixed so scripts can branch on them. Documented in `wickr-kit --help`,
 * README.md and docs/runbooks/lost-device.md; change them only with a major version.
 */
export const EXIT = {
  /** Everything asked for was done (or, with --dry-run, planned; for reads: everything was found). */
  OK: 0,
  /** Partial: the service refused some users or devices (each is listed); the others were done. */
  PARTIAL: 1,
  /** `drift`: differences were found (each is listed). */
  DRIFT: 1,
  /** Usage or bad input (arguments, config, user file, unknown network or user): nothing was changed. */
  USAGE: 2,
  /** Authentication or permission: no credentials, expired, or not allowed (401/403). */
  AUTH: 3,
  /** The service or the network failed (throttled after retries, 5xx, timeouts); some outcomes may be unknown. */
  SERVICE: 4,
  /** A bug in wickr-kit itself; run with WICKR_KIT_DEBUG=1 for the stack trace and report it. */
  INTERNAL: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table printed by `--help`. */
export const EXIT_CODE_HELP = `Exit codes:
  0  success: everything was done (or planned, with --dry-run)
  1  partial: some users or devices failed (each is listed); the rest were done
  2  usage or bad input (arguments, config, user file, unknown network or user); nothing was changed
  3  authentication or permission failure (no credentials, expired, access denied)
  4  service or network failure (throttled after retries, 5xx, timeout); some outcomes may be unknown
  5  internal error in wickr-kit (set WICKR_KIT_DEBUG=1 for details)`;
