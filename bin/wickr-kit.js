#!/usr/bin/env node
'use strict';
// The `wickr-kit` command (package.json "bin"). In a source checkout (lib/cli/main.ts present) it
// bundles the TypeScript CLI with esbuild into .build/cli/ and runs that (about 0.1 s, no build
// step, so `npx wickr-kit` works right after `npm ci`); a published package runs the compiled
// dist/lib/cli/main.js instead.
const { existsSync, mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function fromSource(entry) {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    return undefined; // installed without devDependencies: use dist/ if it is there
  }
  const outDir = join(root, '.build', 'cli');
  const outfile = join(outDir, 'wickr-kit.cjs');
  const result = esbuild.buildSync({
    entryPoints: [entry],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  mkdirSync(outDir, { recursive: true });
  // Write then rename: several runs at once (parallel tests, scripts) never load a half-written file.
  const tmp = `${outfile}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, outfile);
  return require(outfile);
}

function load() {
  const source = join(root, 'lib', 'cli', 'main.ts');
  const built = join(root, 'dist', 'lib', 'cli', 'main.js');
  const cli = existsSync(source) ? fromSource(source) : undefined;
  if (cli) return cli;
  if (existsSync(built)) return require(built);
  process.stderr.write('wickr-kit: cannot find the CLI: neither lib/cli/main.ts with esbuild installed nor dist/lib/cli/main.js\n');
  process.exit(5);
}

load().runCli();
