/**
 * Builds the benchmark's child entry points once (esbuild, dependencies external, as
 * scripts/run-ts.mjs does for every TS entry) and runs them, each in a fresh Node process, so
 * every measurement starts with an empty module cache and its own peak memory.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildResult } from './child-common';

export type ChildName = 'kit-synth' | 'bare-synth';

/** Bundles the children into `<root>/.build/bench/`; returns the path of each. */
export function buildChildren(root: string): Record<ChildName, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const outDir = join(root, '.build', 'bench');
  mkdirSync(outDir, { recursive: true });
  const out = {} as Record<ChildName, string>;
  for (const name of ['kit-synth', 'bare-synth'] as const) {
    const outfile = join(outDir, `${name}.cjs`);
    esbuild.buildSync({
      entryPoints: [join(root, 'bench', `${name}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
    out[name] = outfile;
  }
  return out;
}

export interface ChildRun {
  readonly ok: boolean;
  readonly result?: ChildResult;
  /** Exit code or signal, and the last lines of stderr, when the child failed. */
  readonly failure?: string;
}

/** Runs a child entry with arguments; the result is the JSON it prints last. */
export function runChild(file: string, args: readonly string[], nodeArgs: readonly string[] = []): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, file, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '' } });
    let stdout = '';
    // Keep only the tail of stderr: the bare app's nag findings run to thousands of lines.
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve({ ok: true, result: JSON.parse(last) as ChildResult });
      else resolve({ ok: false, failure: `exit ${code ?? signal}: ${stderr.trim().split('\n').slice(-6).join(' | ')}` });
    });
  });
}
