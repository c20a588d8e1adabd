/**
 * The config fuzz run against the real app: `npm run fuzz -- --count 1000 [--seed 18] [--timeout 60]`.
 *
 * Each seeded mutation of the example (test/fuzz/config-mutations.ts, the same ones npm test runs
 * in process) is written to a file and synthesized with `node scripts/run-ts.mjs bin/app.ts`, as
 * `cdk synth -c config=<file>` runs it (context in CDK_CONTEXT_JSON, output in a temporary
 * CDK_OUTDIR, CI unset so nag is advisory as on a workstation). Outcomes:
 * - accepted: exit 0 (templates written);
 * - rejected cleanly: exit 1 with "wickr-cdk-kit: the config has N problem(s):" and one good line per
 *   problem (judged as in the test suite), or the one-line nag failure;
 * - rejected badly: anything else (a stack trace, a raw error, a malformed or misleading line);
 * - wrongly accepted / wrongly rejected: against what the mutation says a correct kit must do;
 * - hung: no answer within --timeout seconds (the process is killed).
 * Prints the counts, by outcome and by kind of mutation, and every bad case; exit code 1 if any.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { exampleConfigText } from '../test/helpers/lifecycle';
import { type ConfigMutation, type Outcome, configMutations, judge } from '../test/fuzz/config-mutations';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} takes a whole number above 0 (got ${process.argv[i + 1] ?? 'nothing'})`);
    process.exit(2);
  }
  return value;
}

const count = option('count', 100);
const seed = option('seed', 18);
const timeoutSeconds = option('timeout', 60);

const HEADER = /^wickr-cdk-kit: the config has (\d+) problem\(s\):$/;

type Result = 'accepted' | 'rejected cleanly' | 'rejected badly' | 'wrongly accepted' | 'wrongly rejected' | 'hung';

function runApp(mutation: ConfigMutation, dir: string, i: number): { result: Result; detail?: string } {
  const file = join(dir, `mutation-${i}.yaml`);
  writeFileSync(file, mutation.text);
  const env: Record<string, string | undefined> = { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ config: file }), CDK_OUTDIR: join(dir, `out-${i}`) };
  delete env.CI;
  const child = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'bin/app.ts'], { env, encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 64 * 1024 * 1024 });
  rmSync(join(dir, `out-${i}`), { recursive: true, force: true });
  if (child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { result: 'hung', detail: `no answer in ${timeoutSeconds} s` };
  const stderr = child.stderr ?? '';
  if (/^\s+at .+:\d+:\d+\)?$/m.test(stderr)) return { result: 'rejected badly', detail: `stack trace: ${stderr.split('\n').slice(0, 3).join(' | ')}` };
  let outcome: Outcome;
  if (child.status === 0) outcome = { accepted: true };
  else {
    const lines = stderr.split('\n').filter((l) => l !== '');
    const header = lines.findIndex((l) => HEADER.test(l));
    if (child.status === 1 && header >= 0) {
      const problems = lines.slice(header + 1);
      if (problems.length !== Number(HEADER.exec(lines[header])![1])) return { result: 'rejected badly', detail: `header counts ${lines[header]}, ${problems.length} lines follow` };
      outcome = { accepted: false, lines: problems };
    } else if (child.status === 1 && lines.length > 0 && lines[lines.length - 1].startsWith('wickr-cdk-kit: ')) {
      // Synth ran and nag failed it: one line, as the app prints it.
      return mutation.expect === 'accept' ? { result: 'wrongly rejected', detail: lines[lines.length - 1] } : { result: 'rejected cleanly', detail: 'nag' };
    } else {
      return { result: 'rejected badly', detail: `exit ${child.status}${child.signal ? ` (${child.signal})` : ''}: ${stderr.split('\n').slice(0, 3).join(' | ').slice(0, 400)}` };
    }
  }
  const verdict = judge(mutation, outcome, file);
  if (verdict.ok) return { result: verdict.outcome === 'accepted' ? 'accepted' : 'rejected cleanly' };
  return { result: verdict.outcome, detail: verdict.why };
}

function main(): void {
  const mutations = fc.sample(configMutations(exampleConfigText()), { seed, numRuns: count });
  const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-fuzz-'));
  const totals = new Map<Result, number>();
  const byKind = new Map<string, Map<Result, number>>();
  const bad: string[] = [];
  const started = Date.now();
  try {
    mutations.forEach((m, i) => {
      const { result, detail } = runApp(m, dir, i);
      totals.set(result, (totals.get(result) ?? 0) + 1);
      const kind = byKind.get(m.kind) ?? new Map<Result, number>();
      kind.set(result, (kind.get(result) ?? 0) + 1);
      byKind.set(m.kind, kind);
      if (result !== 'accepted' && result !== 'rejected cleanly') {
        bad.push(`#${i} ${m.kind}: ${m.what}: ${result}: ${detail ?? ''}`);
        console.error(`fuzz: BAD ${bad[bad.length - 1]}`);
      }
      if ((i + 1) % 50 === 0) {
        const so = [...totals].map(([r, n]) => `${r} ${n}`).join(', ');
        console.error(`fuzz: ${i + 1}/${count} (${Math.round((Date.now() - started) / 1000)} s): ${so}`);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const order: Result[] = ['accepted', 'rejected cleanly', 'rejected badly', 'wrongly accepted', 'wrongly rejected', 'hung'];
  console.log(`config fuzz against the real app: ${count} mutations of the example, seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s`);
  for (const r of order) console.log(`  ${r.padEnd(17)} ${totals.get(r) ?? 0}`);
  console.log('by kind of mutation:');
  for (const [kind, results] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${kind.padEnd(20)} ${order.filter((r) => results.has(r)).map((r) => `${r} ${results.get(r)}`).join(', ')}`);
  }
  for (const line of bad) console.log(`BAD ${line}`);
  process.exitCode = bad.length > 0 ? 1 : 0;
}

main();
