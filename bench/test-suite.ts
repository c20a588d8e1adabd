/** Wall time of the whole jest suite (`npx jest`), run once as a developer or CI would. */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface SuiteRun {
  readonly wallS: number;
  readonly exitCode: number | null;
  /** jest's own summary lines ("Tests: ... passed"), when it printed them. */
  readonly summary: string[];
}

export function measureTestSuite(root: string): Promise<SuiteRun> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn('npx', ['jest'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    // jest prints its summary on stderr; keep the tail only.
    const keep = (d: Buffer) => (out = (out + d.toString()).slice(-20000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => {
      const summary = out.split('\n').filter((l) => /^(Test Suites|Tests|Snapshots|Time):/.test(l.trim())).map((l) => l.trim());
      resolve({ wallS: (performance.now() - start) / 1000, exitCode: code, summary });
    });
  });
}
