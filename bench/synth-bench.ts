/**
 * Synth time and peak memory, kit against the bare app, for the example and for generated configs,
 * with and without the nag packs. Every sample is its own child process; kit and bare samples are
 * interleaved (and their order alternated) so load from anything else on the machine falls on both.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareShapeFromYaml } from './bare-shape';
import type { ChildResult } from './child-common';
import { runChild, type ChildName } from './children';
import { generateConfig } from './generate-config';

export type Side = 'kit' | 'bare';
export type Nag = 'off' | 'advisory';

export interface SynthCase {
  /** 'example', or the number of Region stacks of a generated config. */
  readonly id: string;
  /** Region stacks (each also has its federation stack). */
  readonly regionStacks: number;
  readonly configPath: string;
  readonly shapePath: string;
}

export interface Measurement {
  readonly case: string;
  readonly regionStacks: number;
  readonly side: Side;
  readonly nag: Nag;
  /** Median over the samples. */
  readonly wallS?: number;
  readonly loadS?: number;
  readonly maxRssMb?: number;
  readonly samples: number;
  readonly stacks?: number;
  readonly resources?: number;
  readonly resourceTypes?: Record<string, number>;
  /** Why the measurement has no numbers (a child failed). */
  readonly failure?: string;
}

export interface SynthContext {
  readonly root: string;
  readonly children: Record<ChildName, string>;
  readonly handlerDirs: { readonly provider: string; readonly lostDevice: string; readonly drift: string };
  /** Working folder for generated configs and shapes. */
  readonly workDir: string;
}

/** The example plus generated configs of the given sizes, written to the work folder. */
export function synthCases(ctx: SynthContext, sizes: readonly number[], withExample = true): SynthCase[] {
  const cases: SynthCase[] = [];
  const add = (id: string, configPath: string) => {
    const shape = bareShapeFromYaml(readFileSync(configPath, 'utf8'));
    const shapePath = join(ctx.workDir, `shape-${id}.json`);
    writeFileSync(shapePath, JSON.stringify(shape));
    cases.push({ id, regionStacks: shape.length, configPath, shapePath });
  };
  if (withExample) add('example', join(ctx.root, 'config', 'example.yaml'));
  for (const n of sizes) {
    const configPath = join(ctx.workDir, `generated-${n}.yaml`);
    writeFileSync(configPath, generateConfig(n));
    add(String(n), configPath);
  }
  return cases;
}

/** One sample: a fresh process synthesizing into a fresh temporary folder, removed afterwards. */
async function sample(ctx: SynthContext, c: SynthCase, side: Side, nag: Nag, nodeArgs: readonly string[]): Promise<{ result?: ChildResult; failure?: string }> {
  const outdir = mkdtempSync(join(tmpdir(), `wickr-bench-${side}-`));
  try {
    const args =
      side === 'kit'
        ? ['--config', c.configPath, '--outdir', outdir, '--nag', nag]
        : ['--shape', c.shapePath, '--root', ctx.root, '--outdir', outdir, '--nag', nag, '--provider', ctx.handlerDirs.provider, '--lost-device', ctx.handlerDirs.lostDevice, '--drift', ctx.handlerDirs.drift];
    const run = await runChild(ctx.children[side === 'kit' ? 'kit-synth' : 'bare-synth'], args, nodeArgs);
    return run.ok ? { result: run.result } : { failure: run.failure };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface SynthPlan {
  readonly cases: readonly SynthCase[];
  readonly nags: readonly Nag[];
  readonly sides: readonly Side[];
  /** Samples per case; the median is reported. */
  readonly repeats: (c: SynthCase) => number;
  readonly nodeArgs?: readonly string[];
  readonly onSample?: (c: SynthCase, side: Side, nag: Nag, r: ChildResult | undefined) => void;
}

/** Runs the plan; returns one measurement per case, side and nag setting. */
export async function measureSynth(ctx: SynthContext, plan: SynthPlan): Promise<Measurement[]> {
  const samples = new Map<string, ChildResult[]>();
  const failures = new Map<string, string>();
  const key = (c: SynthCase, side: Side, nag: Nag) => `${c.id}|${side}|${nag}`;
  const maxRepeats = Math.max(...plan.cases.map(plan.repeats));
  for (let r = 0; r < maxRepeats; r++) {
    for (const c of plan.cases) {
      if (r >= plan.repeats(c)) continue;
      for (const nag of plan.nags) {
        const sides = r % 2 === 0 ? plan.sides : [...plan.sides].reverse();
        for (const side of sides) {
          const k = key(c, side, nag);
          if (failures.has(k)) continue;
          const s = await sample(ctx, c, side, nag, plan.nodeArgs ?? []);
          if (s.result) samples.set(k, [...(samples.get(k) ?? []), s.result]);
          else failures.set(k, s.failure ?? 'failed');
          plan.onSample?.(c, side, nag, s.result);
        }
      }
    }
  }
  const out: Measurement[] = [];
  for (const c of plan.cases) {
    for (const nag of plan.nags) {
      for (const side of plan.sides) {
        const k = key(c, side, nag);
        const list = samples.get(k) ?? [];
        const failure = failures.get(k);
        if (failure || list.length === 0) {
          out.push({ case: c.id, regionStacks: c.regionStacks, side, nag, samples: list.length, failure: failure ?? 'no samples' });
          continue;
        }
        out.push({
          case: c.id,
          regionStacks: c.regionStacks,
          side,
          nag,
          samples: list.length,
          wallS: median(list.map((x) => x.wallMs)) / 1000,
          loadS: median(list.map((x) => x.loadMs)) / 1000,
          maxRssMb: median(list.map((x) => x.maxRssMb)),
          stacks: list[0]!.stacks,
          resources: list[0]!.resources,
          resourceTypes: list[0]!.resourceTypes,
        });
      }
    }
  }
  return out;
}

/** A measurement from a list. */
export function find(list: readonly Measurement[], caseId: string, side: Side, nag: Nag): Measurement | undefined {
  return list.find((m) => m.case === caseId && m.side === side && m.nag === nag);
}

/** Fresh folder for one run's generated files. */
export function makeWorkDir(): string {
  return mkdtempSync(join(tmpdir(), 'wickr-bench-work-'));
}
