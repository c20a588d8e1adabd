/**
 * What every benchmark child process reports: wall time from process start (so module loading
 * counts) to the end of synth, and the process's peak resident memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ChildResult {
  /** Milliseconds from process start to synth end. */
  readonly wallMs: number;
  /** Of which, milliseconds spent loading modules before the app is built. */
  readonly loadMs: number;
  /** Peak resident set size, in MB. */
  readonly maxRssMb: number;
  readonly stacks: number;
  readonly resources: number;
  /** Resource count by CloudFormation type, over every template. */
  readonly resourceTypes: Record<string, number>;
}

/** The feature flags and context of the project's cdk.json, so both apps synthesize under the same flags. */
export function cdkJsonContext(root: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/** Reads a `--name value` argument. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Counts resources by type in every template of an assembly. */
export function countResources(templates: readonly { Resources?: Record<string, { Type: string }> }[]): Pick<ChildResult, 'resources' | 'resourceTypes'> {
  const resourceTypes: Record<string, number> = {};
  let resources = 0;
  for (const t of templates) {
    for (const r of Object.values(t.Resources ?? {})) {
      resourceTypes[r.Type] = (resourceTypes[r.Type] ?? 0) + 1;
      resources++;
    }
  }
  return { resources, resourceTypes };
}

/** Prints the result as the last line of stdout, for the parent to parse. */
export function report(loadMs: number, stacks: number, counts: Pick<ChildResult, 'resources' | 'resourceTypes'>): void {
  const wallMs = performance.now();
  const result: ChildResult = { wallMs, loadMs, maxRssMb: process.resourceUsage().maxRSS / 1024, stacks, ...counts };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
