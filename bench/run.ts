/**
 * `npm run bench`: synth cost of the kit against a bare aws-cdk-lib app (example and generated
 * configs of 1 to 32 Region stacks, with and without nag), handler bundle sizes and initialisation
 * time, Wickr API calls per lifecycle, and the test-suite duration. Prints a table and writes
 * bench/results/latest.json. bench/README.md explains every number.
 *
 *   npm run bench [-- --skip-tests] [-- --repeats 3]
 *   npm run bench:scale [-- --max-old-space-size 8192]     50 agencies x 8 Regions (400 stacks)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../lib/package-root';
import { measureApiCalls, type PhaseCalls } from './api-calls';
import { measureBundles } from './bundles';
import { buildChildren } from './children';
import { machineInfo } from './machine';
import { marginals, ratios, render, targets, type Results } from './report';
import { makeWorkDir, measureSynth, synthCases, type Nag, type Side } from './synth-bench';
import { measureTestSuite } from './test-suite';

const SIZES = [1, 2, 4, 8, 16, 32];
const NAGS: readonly Nag[] = ['off', 'advisory'];
const SIDES: readonly Side[] = ['kit', 'bare'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const scale = process.argv.includes('--scale');
  const skipTests = process.argv.includes('--skip-tests');
  const repeats = Number(option('repeats') ?? 3);
  const heap = option('max-old-space-size');
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be a whole number of at least 1, got ${option('repeats')}`);
  if (heap !== undefined && !/^\d+$/.test(heap)) throw new Error(`--max-old-space-size must be megabytes (e.g. 8192), got ${heap}`);

  const root = packageRoot();
  const start = performance.now();
  const machine = machineInfo();
  const workDir = makeWorkDir();
  try {
    log('building the benchmark children and the handler bundles...');
    const children = buildChildren(root);
    const bundles = measureBundles(root, scale ? 3 : 9);
    const dirOf = (name: string) => bundles.find((b) => b.name === name)!.dir;
    const handlerDirs = { provider: dirOf('wickr-provider'), lostDevice: dirOf('lost-device'), drift: dirOf('drift') };
    const ctx = { root, children, handlerDirs, workDir };
    const onSample = (c: { id: string }, side: Side, nag: Nag, r?: { wallMs: number; maxRssMb: number }) =>
      log(`  ${side.padEnd(4)} ${c.id.padEnd(7)} nag ${nag.padEnd(8)} ${r ? `${(r.wallMs / 1000).toFixed(2)} s ${r.maxRssMb.toFixed(0)} MB` : 'FAILED'}`);

    let partial: Omit<Results, 'targets' | 'benchWallS'>;
    if (scale) {
      // 400 Region stacks (and 400 federation stacks): one sample each, it takes minutes.
      const cases = synthCases(ctx, [400], false);
      log(`synth at scale: 50 agencies x 8 Regions${heap ? `, --max-old-space-size=${heap}` : ''}...`);
      const synth = await measureSynth(ctx, { cases, nags: NAGS, sides: SIDES, repeats: () => 1, nodeArgs: heap ? [`--max-old-space-size=${heap}`] : [], onSample });
      partial = { takenAt: new Date().toISOString(), machine, mode: 'scale', synth, ratios: ratios(synth, ['400'], NAGS), marginals: [], bundles };
    } else {
      const cases = synthCases(ctx, SIZES);
      log(`synth: example and ${SIZES.join(', ')} Region stacks, kit and bare, nag off and advisory, ${repeats} samples each...`);
      const synth = await measureSynth(ctx, { cases, nags: NAGS, sides: SIDES, repeats: () => repeats, onSample });
      log('Wickr API calls per lifecycle against the emulator...');
      let apiCalls: PhaseCalls[] | undefined;
      let apiCallsError: string | undefined;
      try {
        apiCalls = await measureApiCalls();
      } catch (e) {
        apiCallsError = (e as Error).message;
      }
      let testSuite;
      if (!skipTests) {
        log('test suite (npx jest)...');
        testSuite = await measureTestSuite(root);
      }
      partial = {
        takenAt: new Date().toISOString(),
        machine,
        mode: 'standard',
        synth,
        ratios: ratios(synth, ['example', ...SIZES.map(String)], NAGS),
        marginals: marginals(synth, SIZES, NAGS),
        bundles,
        apiCalls,
        apiCallsError,
        testSuite,
      };
    }
    const results: Results = { ...partial, targets: targets(partial), benchWallS: (performance.now() - start) / 1000 };
    const dir = join(root, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, scale ? 'latest-scale.json' : 'latest.json');
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${render(results)}\nWrote ${file}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(1);
});
