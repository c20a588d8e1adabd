import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../package-root';

/** The Lambda handler bundles the kit ships. */
export type HandlerName = 'wickr-provider' | 'lost-device' | 'drift';
/** Every handler `npm run build` ships in `dist/handlers/` (one folder each, under `lambda/handlers/`). */
export const HANDLER_NAMES: readonly HandlerName[] = ['wickr-provider', 'lost-device', 'drift'];

/** esbuild options for every handler bundle (shared with scripts/build-handlers.ts). */
export const HANDLER_BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // The ESM builds of @smithy/* let esbuild drop what the client never calls (about 140 kB less).
  mainFields: ['module', 'main'],
  // The Lambda Node.js runtime provides the AWS SDK v3; bundling it would only add weight.
  external: ['@aws-sdk/*'],
  legalComments: 'external',
  logLevel: 'error',
} as const;

const built = new Map<HandlerName, string>();

/**
 * The folder holding a handler's bundled `index.js`, built once per source version and shared by
 * every stack of the app (and by later synths, through the on-disk cache in `.build/handlers/`).
 * Bundling per stack cost about 2.5 s a stack; this costs one esbuild run when sources change.
 *
 * In a published package the handlers come prebuilt in `dist/handlers/<name>/`.
 */
export function handlerBundleDir(name: HandlerName): string {
  const cached = built.get(name);
  if (cached) return cached;
  const root = packageRoot();
  const entry = join(root, 'lambda', 'handlers', name, 'index.ts');
  let dir: string;
  if (existsSync(entry)) {
    dir = join(root, '.build', 'handlers', `${name}-${sourceHash(join(root, 'lambda'))}`);
    if (!existsSync(join(dir, 'index.js'))) {
      bundleHandler(name, join(dir, 'index.js'));
      removeStaleBundles(join(root, '.build', 'handlers'), name, dir);
    }
  } else {
    dir = join(root, 'dist', 'handlers', name);
    if (!existsSync(join(dir, 'index.js'))) throw new Error(`the ${name} handler bundle is missing from ${dir}; reinstall wickr-cdk-kit`);
  }
  built.set(name, dir);
  return dir;
}

/** Bundles a handler with the kit's esbuild options (used here and by `npm run build`). */
export function bundleHandler(name: HandlerName, outfile: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    ...HANDLER_BUILD_OPTIONS,
    mainFields: [...HANDLER_BUILD_OPTIONS.mainFields],
    external: [...HANDLER_BUILD_OPTIONS.external],
    entryPoints: [join(packageRoot(), 'lambda', 'handlers', name, 'index.ts')],
    outfile,
  });
}

/** Earlier source versions' bundles of the same handler, which no synth will use again. */
function removeStaleBundles(parent: string, name: HandlerName, keep: string): void {
  for (const entry of readdirSync(parent)) {
    const full = join(parent, entry);
    if (full !== keep && entry.startsWith(`${name}-`)) rmSync(full, { recursive: true, force: true });
  }
}

/** A hash of every source file under `lambda/` plus the build options, for the bundle cache. */
function sourceHash(dir: string): string {
  const hash = createHash('sha256').update(JSON.stringify(HANDLER_BUILD_OPTIONS));
  // Dependency versions matter as much as our sources.
  const lock = join(dir, '..', 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|js|json)$/.test(entry)) hash.update(relative(dir, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}
