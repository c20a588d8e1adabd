/**
 * Config loading at its limits: how long the loader takes to answer the largest and oddest inputs
 * (issue 18: a 10 MB config must be answered within 10 s; before, 500,000 tags ran past 60 s).
 *
 *   npm run bench:config
 *
 * Each input is written to a temporary file and loaded with `loadConfigFile`, as `cdk synth` does,
 * in this process after one warm-up load of the example. Printed: bytes, seconds, and the outcome
 * (accepted, or the first problem line). Time is wall clock, so a busy machine shows more.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KitConfigError, loadConfigFile } from '../lib/config';
import { CONFIG_SOURCE_LIMITS } from '../lib/config/yaml-source';
import { packageRoot } from '../lib/package-root';

const example = readFileSync(join(packageRoot(), 'config', 'example.yaml'), 'utf8');
const limit = CONFIG_SOURCE_LIMITS.maxFileBytes;

/** Repeats `line(i)` until the text would pass `bytes`. */
function fill(bytes: number, line: (i: number) => string): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const l = line(i);
    parts.push(l);
    size += Buffer.byteLength(l) + 1;
  }
  return parts.join('\n');
}

const justUnder = limit - Buffer.byteLength(example) - 300;
const inputs: Record<string, () => string> = {
  'tags filling 1 MiB (valid)': () => example.replace('    tags:\n', `    tags:\n${fill(justUnder, (i) => `      T${i}: v`)}\n`),
  'unknown fields filling 1 MiB': () => example.replace('    tags:\n', `${fill(justUnder, (i) => `    u${i}: 1`)}\n    tags:\n`),
  'users filling 1 MiB (valid)': () =>
    example.replace(/(        users:\n)/, `$1${fill(justUnder - 100, (i) => `          - { username: u${i}@x.gov.au, group: Consular }`)}\n`),
  'aliases filling 1 MiB': () => example.replace('    tags:\n', `    tags:\n      x: &x v\n${fill(justUnder, (i) => `      a${i}: *x`)}\n`),
  'flow lists 64 deep, 1 MiB of them': () => example.replace('    tags:\n', `${fill(justUnder, (i) => `    d${i}: ${'['.repeat(60)}${']'.repeat(60)}`)}\n    tags:\n`),
  '10 MB: 500,000 tags': () => example.replace('    tags:\n', `    tags:\n${fill(10_000_000, (i) => `      T${i}: v`)}\n`),
  '10 MB: 500,000 unknown fields': () => example.replace('    tags:\n', `${fill(10_000_000, (i) => `    u${i}: 1`)}\n    tags:\n`),
};

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-config-bench-'));
  try {
    const warm = join(dir, 'example.yaml');
    writeFileSync(warm, example);
    loadConfigFile(warm);
    const rows: string[][] = [['input', 'bytes', 'seconds', 'outcome']];
    for (const [name, make] of Object.entries(inputs)) {
      const path = join(dir, 'input.yaml');
      const text = make();
      writeFileSync(path, text);
      const start = performance.now();
      let outcome = 'accepted';
      try {
        loadConfigFile(path);
      } catch (e) {
        outcome = KitConfigError.isKitConfigError(e) ? `${e.problems.length} problem line(s): ${e.lines[0].slice(0, 90)}` : `THREW ${(e as Error).name}`;
      }
      const seconds = (performance.now() - start) / 1000;
      rows.push([name, String(Buffer.byteLength(text)), seconds.toFixed(2), outcome]);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
