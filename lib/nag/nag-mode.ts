import { Node } from 'constructs';

/**
 * How nag findings affect synth.
 *
 * - `strict`: every unacknowledged finding, warning or error, fails synth. The default in CI.
 * - `advisory`: errors fail synth; warnings are printed and written to the report, not fatal.
 *   The default on a workstation, so a platform team can iterate; CI still holds the line.
 * - `off`: no nag packs run (benchmarks and quick experiments only; reports say so).
 */
export enum NagMode {
  STRICT = 'strict',
  ADVISORY = 'advisory',
  OFF = 'off',
}

/**
 * Picks the mode: context `nag=strict|advisory|off` (or `strict=true`) wins; else `strict` when the
 * `CI` environment variable is set to anything but `false`; else `advisory`.
 *
 * `env` is a plain record rather than `NodeJS.ProcessEnv`, so the public types compile for consumers
 * whose TypeScript does not load `@types/node` (TypeScript 6+ loads no `@types` by default).
 */
export function resolveNagMode(node: Node, env: Readonly<Record<string, string | undefined>> = process.env): NagMode {
  const fromContext = node.tryGetContext('nag') as string | undefined;
  if (fromContext !== undefined) {
    const mode = Object.values(NagMode).find((m) => m === String(fromContext).toLowerCase());
    if (!mode) throw new Error(`context nag=${fromContext} is not a nag mode; use one of ${Object.values(NagMode).join(', ')}`);
    return mode;
  }
  const strict = node.tryGetContext('strict');
  if (strict === true || strict === 'true') return NagMode.STRICT;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0') return NagMode.STRICT;
  return NagMode.ADVISORY;
}
