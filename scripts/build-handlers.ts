/**
 * Bundles every Lambda handler into dist/handlers/<name>/index.js for the published package, with
 * the same esbuild options the app uses at synth time (lib/constructs/handler-bundle.ts).
 */
import { join } from 'node:path';
import { HANDLER_NAMES, bundleHandler } from '../lib/constructs/handler-bundle';
import { packageRoot } from '../lib/package-root';

for (const name of HANDLER_NAMES) {
  const outfile = join(packageRoot(), 'dist', 'handlers', name, 'index.js');
  bundleHandler(name, outfile);
  console.log(`bundled ${name} → ${outfile}`);
}
