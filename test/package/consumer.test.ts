/**
 * The kit as an agency's npm dependency: `npm pack` (which builds), the tarball installed into a
 * fresh CDK app (test/package/consumer/, the README's à la carte snippet) with a `cdk init`
 * tsconfig, compiled with the current TypeScript (7) and with TypeScript 5, synthesized with the
 * kit's nag packs in strict mode, and the evidence pack written through `writeEvidencePack`; then
 * synthesized again on the lowest aws-cdk-lib and constructs the kit's peerDependencies allow.
 *
 * Needs the npm registry (npm's cache makes repeats fast) and nothing else. The time is printed,
 * never asserted.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../lib/package-root';
import { cdkJsonContext } from '../helpers/kit';

/** The TypeScript `npm i -D typescript` installs today, and the last 5.x. */
const TYPESCRIPT_CURRENT = '7.0.2';
const TYPESCRIPT_5 = '5.9.3';

const root = packageRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** The lowest versions the peer ranges allow (`^2.269.0` → 2.269.0), and the ones the repo builds with. */
const lowest = (name: string) => pkg.peerDependencies[name].replace(/^\^/, '');
const current = (name: string) => pkg.devDependencies[name];

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'wickr-kit-consumer-'));
const app = join(work, 'app');
const steps: string[] = [];

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const t = Date.now();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  steps.push(`${[command, ...args].join(' ').slice(0, 90)}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function ok(r: { status: number | null; out: string }): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}:\n${r.out}`);
  return r.out;
}

/** The compiled consumer app in `dir`, run the way `cdk synth` runs it (strict nag, as under CI). */
function synth(dir: string, outdir: string) {
  return run(process.execPath, [join(dir, 'build', 'bin', 'app.js')], dir, {
    CI: 'true',
    CDK_OUTDIR: outdir,
    // The feature flags `cdk init` writes into a new app's cdk.json (the kit's own cdk.json has the same).
    CDK_CONTEXT_JSON: JSON.stringify(cdkJsonContext()),
  });
}

function expectCleanSynth(outdir: string) {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; violations: unknown[] }[] };
  expect(report.pluginReports.map((p) => [p.pluginName, p.violations.length])).toEqual([
    ['AwsSolutions', 0],
    ['NIST.800.53.R5', 0],
    ['ISM', 0],
  ]);
  const evidence = JSON.parse(readFileSync(join(outdir, 'compliance', 'evidence.json'), 'utf8')) as { nag: { mode: string; totals: Record<string, number> } };
  expect(evidence.nag.mode).toBe('strict');
  expect(evidence.nag.totals['Non-compliant']).toBe(0);
  expect(evidence.nag.totals.Compliant).toBeGreaterThan(100);
  for (const f of ['index.html', 'report.md', 'results.csv', 'oscal-component-definition.json']) expect(existsSync(join(outdir, 'compliance', f))).toBe(true);
}

const PACKAGE_JSON = `${JSON.stringify({ name: 'agency-wickr', version: '0.1.0', private: true }, null, 2)}\n`;
let tarball: string;

beforeAll(() => {
  const packed = JSON.parse(ok(run('npm', ['pack', '--json', '--silent', '--pack-destination', work], root)).replace(/^[^[]*/, '')) as { filename: string }[];
  tarball = join(work, packed[0].filename);
  cpSync(join(__dirname, 'consumer'), app, { recursive: true });
  writeFileSync(join(app, 'package.json'), PACKAGE_JSON);
  ok(
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        tarball,
        `aws-cdk-lib@${current('aws-cdk-lib')}`,
        `constructs@${current('constructs')}`,
        `typescript@${TYPESCRIPT_CURRENT}`,
        `typescript5@npm:typescript@${TYPESCRIPT_5}`,
        `@types/node@${current('@types/node')}`,
      ],
      app,
    ),
  );
}, 600_000);

afterAll(() => {
  process.stdout.write(`consumer app test: ${((Date.now() - started) / 1000).toFixed(1)} s in all\n  ${steps.join('\n  ')}\n`);
  // Two apps' node_modules (about 300 MB each): not left behind in the temp folder.
  rmSync(work, { recursive: true, force: true });
});

describe('the packed kit in a fresh CDK app', () => {
  test('the tarball carries the LICENSE, the peer dependencies and only what runs', () => {
    const files = ok(run('tar', ['-tzf', tarball], work)).split('\n').filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(['package/LICENSE', 'package/package.json', 'package/dist/lib/index.js', 'package/dist/lib/index.d.ts', 'package/dist/handlers/wickr-provider/index.js']));
    expect(readFileSync(join(app, 'node_modules', 'wickr-cdk-kit', 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
    // Neither sources, tests nor source maps: what is there runs.
    expect(files.filter((f) => /\.map$/.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) || /^package\/(test|scripts|bench|lambda|lib|bin\/app)/.test(f))).toEqual([]);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules', 'wickr-cdk-kit', 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; dependencies: Record<string, string> };
    expect(installed.peerDependencies).toEqual({ 'aws-cdk-lib': `^${lowest('aws-cdk-lib')}`, constructs: `^${lowest('constructs')}` });
    expect(Object.keys(installed.dependencies)).not.toEqual(expect.arrayContaining(['aws-cdk-lib']));
    expect(Object.keys(installed.dependencies)).not.toEqual(expect.arrayContaining(['constructs']));
    // One aws-cdk-lib and one constructs in the app: the kit's constructs are the app's.
    expect(existsSync(join(app, 'node_modules', 'wickr-cdk-kit', 'node_modules', 'aws-cdk-lib'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'wickr-cdk-kit', 'node_modules', 'constructs'))).toBe(false);
  });

  test(`compiles with the cdk init tsconfig under TypeScript ${TYPESCRIPT_CURRENT} and ${TYPESCRIPT_5}`, () => {
    // cdk init type-checks with tsc and runs the TypeScript with tsx; here the same compile emits JavaScript to run.
    ok(run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit', 'false', '--rootDir', '.', '--outDir', 'build'], app));
    ok(run(process.execPath, [join(app, 'node_modules', 'typescript5', 'bin', 'tsc'), '-p', 'tsconfig.json'], app));
  });

  test(`its declarations compile with no skipLibCheck and no @types loaded (TypeScript ${TYPESCRIPT_CURRENT}), and never load zod`, () => {
    // TypeScript 6+ loads no @types unless told: a declaration that needs NodeJS or DOM types fails here.
    const r = run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.strict.json', '--listFiles'], app);
    const lines = r.out.split('\n');
    // aws-cdk-lib's own declarations are theirs (one needs esnext.disposable); none of the kit's or the app's may fail.
    const errors = lines.filter((l) => /error TS\d+/.test(l) && !l.startsWith('node_modules/aws-cdk-lib/'));
    expect(errors).toEqual([]);
    expect(lines.filter((l) => l.includes('/node_modules/zod/'))).toEqual([]);
    expect(lines.some((l) => l.endsWith('/node_modules/wickr-cdk-kit/dist/lib/index.d.ts'))).toBe(true);
  });

  test(`synthesizes with zero findings on aws-cdk-lib ${current('aws-cdk-lib')} and writes the evidence pack through writeEvidencePack`, () => {
    const outdir = join(work, 'cdk.out');
    const r = synth(app, outdir);
    expect([r.status, r.out]).toEqual([0, '']);
    expectCleanSynth(outdir);
  });

  test(`synthesizes with zero findings on the lowest supported aws-cdk-lib ${lowest('aws-cdk-lib')} and constructs ${lowest('constructs')}`, () => {
    // A second app with the same compiled code: downgrading aws-cdk-lib in place leaves its bundled modules mixed.
    const older = join(work, 'app-lowest');
    cpSync(join(app, 'build'), join(older, 'build'), { recursive: true });
    writeFileSync(join(older, 'package.json'), PACKAGE_JSON);
    ok(run('npm', ['install', '--no-audit', '--no-fund', tarball, `aws-cdk-lib@${lowest('aws-cdk-lib')}`, `constructs@${lowest('constructs')}`], older));
    expect(JSON.parse(readFileSync(join(older, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8')).version).toBe(lowest('aws-cdk-lib'));
    const outdir = join(work, 'cdk.out.lowest');
    const r = synth(older, outdir);
    expect([r.status, r.out]).toEqual([0, '']);
    expectCleanSynth(outdir);
  });
});
