/**
 * Turns the measurements into the printed table, the ratios and the target verdicts. Targets are
 * reported as met or missed, never asserted: numbers from a shared machine are for reading.
 */
import type { BundleMeasurement } from './bundles';
import type { PhaseCalls } from './api-calls';
import type { MachineInfo } from './machine';
import { describeMachine } from './machine';
import { find, type Measurement, type Nag } from './synth-bench';
import type { SuiteRun } from './test-suite';

export interface Ratio {
  readonly case: string;
  readonly nag: Nag;
  readonly kitS?: number;
  readonly bareS?: number;
  readonly time?: number;
  readonly kitMb?: number;
  readonly bareMb?: number;
  readonly memory?: number;
}

export interface Marginal {
  readonly from: number;
  readonly to: number;
  readonly nag: Nag;
  /** True for the least-squares slope over every size from `from` to `to`. */
  readonly fitted?: boolean;
  /** Seconds per added Region stack (with its federation stack). */
  readonly kitS?: number;
  readonly bareS?: number;
  readonly ratio?: number;
}

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly value: string;
  readonly met: boolean | undefined;
}

const round = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? undefined : Math.round(x * 10 ** d) / 10 ** d);

export function ratios(list: readonly Measurement[], cases: readonly string[], nags: readonly Nag[]): Ratio[] {
  const out: Ratio[] = [];
  for (const c of cases) {
    for (const nag of nags) {
      const k = find(list, c, 'kit', nag);
      const b = find(list, c, 'bare', nag);
      out.push({
        case: c,
        nag,
        kitS: round(k?.wallS),
        bareS: round(b?.wallS),
        time: round(k?.wallS !== undefined && b?.wallS ? k.wallS / b.wallS : undefined),
        kitMb: round(k?.maxRssMb, 0),
        bareMb: round(b?.maxRssMb, 0),
        memory: round(k?.maxRssMb !== undefined && b?.maxRssMb ? k.maxRssMb / b.maxRssMb : undefined),
      });
    }
  }
  return out;
}

/** Cost per added Region stack between consecutive generated sizes: (t(to) - t(from)) / (to - from). */
export function marginals(list: readonly Measurement[], sizes: readonly number[], nags: readonly Nag[]): Marginal[] {
  const out: Marginal[] = [];
  // Differences between small sizes are within the noise of a shared machine (a fraction of a
  // second), so only the two largest steps are reported, plus the least-squares slope over all sizes.
  const steps = sizes.length >= 3 ? [[sizes.at(-3)!, sizes.at(-2)!], [sizes.at(-2)!, sizes.at(-1)!]] : [];
  for (const nag of nags) {
    for (const [from, to] of steps) {
      const per = (side: 'kit' | 'bare') => {
        const a = find(list, String(from), side, nag)?.wallS;
        const b = find(list, String(to), side, nag)?.wallS;
        return a !== undefined && b !== undefined ? (b - a) / (to! - from!) : undefined;
      };
      out.push(marginal(from!, to!, nag, per('kit'), per('bare')));
    }
    const fit = (side: 'kit' | 'bare') => slope(sizes.flatMap((n) => { const t = find(list, String(n), side, nag)?.wallS; return t === undefined ? [] : [[n, t] as const]; }));
    out.push(marginal(sizes[0]!, sizes.at(-1)!, nag, fit('kit'), fit('bare'), true));
  }
  return out;
}

function marginal(from: number, to: number, nag: Nag, kitS: number | undefined, bareS: number | undefined, fitted = false): Marginal {
  return { from, to, nag, fitted, kitS: round(kitS, 3), bareS: round(bareS, 3), ratio: round(kitS !== undefined && bareS ? kitS / bareS : undefined) };
}

/** Least-squares slope of time over stacks. */
function slope(points: readonly (readonly [number, number])[]): number | undefined {
  if (points.length < 2) return undefined;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? undefined : points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx;
}

export interface Results {
  readonly takenAt: string;
  readonly machine: MachineInfo;
  readonly mode: 'standard' | 'scale';
  readonly synth: readonly Measurement[];
  readonly ratios: readonly Ratio[];
  readonly marginals: readonly Marginal[];
  readonly bundles?: readonly BundleMeasurement[];
  readonly apiCalls?: readonly PhaseCalls[];
  readonly apiCallsError?: string;
  readonly testSuite?: SuiteRun;
  readonly targets: readonly Target[];
  readonly benchWallS: number;
}

export function targets(r: Omit<Results, 'targets' | 'benchWallS'>, bundleLimitBytes = 150 * 1024): Target[] {
  const t: Target[] = [];
  const timeRatios = r.ratios.filter((x) => x.time !== undefined);
  if (timeRatios.length > 0) {
    const worst = timeRatios.reduce((a, b) => (b.time! > a.time! ? b : a));
    t.push({ name: 'kit synth time vs bare', goal: '<= 1.15x', value: `worst ${worst.time}x (${worst.case}, nag ${worst.nag})`, met: worst.time! <= 1.15 });
  }
  const last = r.marginals.filter((m) => m.ratio !== undefined);
  if (last.length > 0) {
    const worst = last.reduce((a, b) => (b.ratio! > a.ratio! ? b : a));
    const label = (m: Marginal) => (m.fitted ? `slope ${m.from}..${m.to}` : `${m.from}->${m.to}`);
    t.push({ name: 'each added stack vs a bare one', goal: '<= 1.2x', value: `worst ${worst.ratio}x (${label(worst)}, nag ${worst.nag})`, met: worst.ratio! <= 1.2 });
  }
  const ex = find(r.synth, 'example', 'kit', 'advisory');
  if (ex) t.push({ name: 'example with nag', goal: `< 15 s on ${r.machine.cores} cores`, value: ex.wallS !== undefined ? `${round(ex.wallS)} s` : `failed: ${ex.failure}`, met: ex.wallS !== undefined ? ex.wallS < 15 : false });
  const scale = r.synth.filter((m) => m.case === '400' && m.side === 'kit');
  for (const m of scale) {
    t.push({ name: `400 stacks, nag ${m.nag}`, goal: 'no out-of-memory', value: m.wallS !== undefined ? `${round(m.wallS, 1)} s, ${round(m.maxRssMb, 0)} MB` : `failed: ${m.failure?.slice(0, 120)}`, met: m.wallS !== undefined });
  }
  for (const b of r.bundles ?? []) {
    t.push({ name: `bundle ${b.name}`, goal: '<= 150 kB minified', value: `${round(b.minifiedBytes / 1024, 1)} kB`, met: b.minifiedBytes <= bundleLimitBytes });
  }
  const noop = r.apiCalls?.find((p) => p.phase === 'No-op Update');
  if (noop) t.push({ name: 'no-op Update writes', goal: '0', value: String(noop.writes), met: noop.writes === 0 });
  return t;
}

function table(rows: readonly (readonly (string | number | undefined)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (c === undefined ? '-' : String(c))));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  return cells.map((r, n) => {
    // Numbers right-aligned, words left-aligned.
    const line = r.map((c, i) => (/^-?[\d.]+$|^-$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
    return n === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

export function render(r: Results): string {
  const parts: string[] = [];
  parts.push(`wickr-cdk-kit benchmarks (${r.mode}), ${r.takenAt}`);
  parts.push(`Machine: ${describeMachine(r.machine)}`);
  parts.push('');
  parts.push('1. Synth (median wall time from process start to synth end, peak RSS; kit = as `cdk synth` runs bin/app.ts, evidence pack included)');
  const rows: (string | number | undefined)[][] = [['config', 'region stacks', 'nag', 'kit s', 'bare s', 'time x', 'kit MB', 'bare MB', 'mem x', 'kit/bare resources', 'samples']];
  for (const x of r.ratios) {
    const k = find(r.synth, x.case, 'kit', x.nag);
    const b = find(r.synth, x.case, 'bare', x.nag);
    rows.push([x.case, k?.regionStacks, x.nag, x.kitS ?? (k?.failure ? 'FAILED' : undefined), x.bareS ?? (b?.failure ? 'FAILED' : undefined), x.time, x.kitMb, x.bareMb, x.memory, `${k?.resources ?? '-'}/${b?.resources ?? '-'}`, k?.samples]);
  }
  parts.push(table(rows));
  for (const m of r.synth.filter((x) => x.failure)) parts.push(`  ${m.side} ${m.case} nag ${m.nag} failed: ${m.failure}`);
  if (r.marginals.length > 0) {
    parts.push('');
    parts.push('Marginal cost per added Region stack (with its federation stack): (t(to) - t(from)) / (to - from), and the least-squares slope');
    parts.push(table([['sizes', 'nag', 'kit s/stack', 'bare s/stack', 'ratio'], ...r.marginals.map((m) => [m.fitted ? `slope ${m.from}..${m.to}` : `${m.from}->${m.to}`, m.nag, m.kitS, m.bareS, m.ratio])]));
  }
  if (r.bundles) {
    parts.push('');
    parts.push('2. Handler bundles (kit esbuild options, AWS SDK external)');
    parts.push(table([['handler', 'minified kB', 'gzip kB', 'init ms (median)', 'samples'], ...r.bundles.map((b) => [b.name, round(b.minifiedBytes / 1024, 1), round(b.gzipBytes / 1024, 1), round(b.initMs, 1), b.samples])]));
  }
  if (r.apiCalls || r.apiCallsError) {
    parts.push('');
    parts.push('3. Wickr API calls per lifecycle of the example (without data retention) against the emulator');
    if (r.apiCalls) {
      parts.push(table([['phase', 'writes', 'reads', 'handler events'], ...r.apiCalls.map((p) => [p.phase, p.writes, p.reads, p.handlerEvents])]));
      for (const p of r.apiCalls) {
        const ops = Object.entries(p.byOperation).sort();
        if (ops.length > 0) parts.push(`  ${p.phase}: ${ops.map(([k, v]) => `${k} ${v}`).join(', ')}`);
      }
    } else parts.push(`  failed: ${r.apiCallsError}`);
  }
  if (r.testSuite) {
    parts.push('');
    parts.push(`4. Test suite: npx jest took ${round(r.testSuite.wallS, 1)} s (exit ${r.testSuite.exitCode}) ${r.testSuite.summary.join('; ')}`);
  }
  parts.push('');
  parts.push('Targets (reported, never asserted)');
  parts.push(table([['target', 'goal', 'measured', 'verdict'], ...r.targets.map((t) => [t.name, t.goal, t.value, t.met === undefined ? '-' : t.met ? 'met' : 'MISSED'])]));
  parts.push('');
  parts.push(`Bench took ${round(r.benchWallS, 1)} s.`);
  return parts.join('\n');
}
