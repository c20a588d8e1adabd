import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The kit's package root (the folder holding its package.json). Code is run from several places:
 * TypeScript sources under jest, esbuild bundles under .build/, compiled files under dist/, so
 * paths are resolved from here rather than from `__dirname`.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'wickr-cdk-kit') return (cached = dir);
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the wickr-cdk-kit package root above ${__dirname}`);
    dir = parent;
  }
}
