/**
 * Benchmark child: synthesizes the kit's app for one config, as `cdk synth` runs bin/app.ts (the
 * evidence pack and federation map included), and reports time and memory.
 *
 *   node kit-synth.cjs --config <file> --outdir <dir> --nag advisory|off
 */
import { performance } from 'node:perf_hooks';
import { buildKitApp, synthKitApp } from '../lib/kit-app';
import { NagMode } from '../lib/nag/nag-mode';
import { packageRoot } from '../lib/package-root';
import { arg, cdkJsonContext, countResources, report } from './child-common';

const loadMs = performance.now();
const nagMode = arg('nag') === 'off' ? NagMode.OFF : NagMode.ADVISORY;
const kit = buildKitApp({
  appProps: { context: cdkJsonContext(packageRoot()), outdir: arg('outdir') },
  configPath: arg('config'),
  nagMode,
});
const assembly = synthKitApp(kit);
report(loadMs, assembly.stacks.length, countResources(assembly.stacks.map((s) => s.template)));
