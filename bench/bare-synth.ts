/**
 * Benchmark child: synthesizes the bare app (bench/bare-app.ts) for a shape file and reports time
 * and memory, exactly as bench/kit-synth.ts does for the kit.
 *
 *   node bare-synth.cjs --shape <file.json> --outdir <dir> --nag advisory|off --provider <dir> --lost-device <dir> --drift <dir>
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { App } from 'aws-cdk-lib';
import { addBareStacks } from './bare-app';
import type { BareStackShape } from './bare-shape';
import { arg, cdkJsonContext, countResources, report } from './child-common';

const loadMs = performance.now();
const shapes = JSON.parse(readFileSync(arg('shape')!, 'utf8')) as BareStackShape[];
// The same feature flags as the kit's app, from the same cdk.json, and like the kit's app without
// the built-in CloudFormation schema validation (about 4.5 s and 330 MB a synth; the kit runs it in CI).
const app = new App({ builtinCloudFormationValidation: false, context: cdkJsonContext(arg('root')!), outdir: arg('outdir') });
addBareStacks(app, shapes, { nag: arg('nag') !== 'off', handlerDirs: { provider: arg('provider')!, lostDevice: arg('lost-device')!, drift: arg('drift')! } });
const assembly = app.synth();
report(loadMs, assembly.stacks.length, countResources(assembly.stacks.map((s) => s.template)));
