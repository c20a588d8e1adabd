/**
 * The Lambda handler bundles as the kit ships them (its own esbuild options): minified size, gzip
 * size, and module initialisation time, i.e. how long `require` of the bundle takes in a fresh
 * Node process (what a Lambda cold start pays before the handler runs; the AWS SDK stays external
 * as on Lambda, resolved here from node_modules).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HANDLER_NAMES, bundleHandler, type HandlerName } from '../lib/constructs/handler-bundle';
import { median } from './synth-bench';

export interface BundleMeasurement {
  readonly name: HandlerName;
  /** Folder holding index.js (the bare app deploys the same bundle). */
  readonly dir: string;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** Median over `samples` fresh processes, in milliseconds. */
  readonly initMs: number;
  readonly samples: number;
}

/** Builds every handler into `<root>/.build/bench/handlers/<name>/index.js` and measures it. */
export function measureBundles(root: string, samples: number): BundleMeasurement[] {
  return HANDLER_NAMES.map((name) => {
    const dir = join(root, '.build', 'bench', 'handlers', name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'index.js');
    bundleHandler(name, file);
    const code = readFileSync(file);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(initTime(file));
    return { name, dir, minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, initMs: median(times), samples };
  });
}

function initTime(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`requiring ${file} failed: ${r.stderr}`);
  return Number(r.stdout);
}
