import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root';

/**
 * The kit's version, stamped into stack descriptions and evidence reports. Read through
 * `packageRoot()` because this module runs from sources, from esbuild bundles and from `dist/`,
 * each a different distance from package.json.
 */
export const KIT_VERSION: string = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
