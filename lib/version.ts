import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root';

/**
 * The kit's own package.json, read once. Read through `packageRoot()` because this module runs from
 * sources, from esbuild bundles and from `dist/`, each a different distance from package.json.
 */
export const KIT_PACKAGE: { readonly version: string; readonly devDependencies?: Readonly<Record<string, string>> } = JSON.parse(
  readFileSync(join(packageRoot(), 'package.json'), 'utf8'),
);

/** The kit's version, stamped into stack descriptions and evidence reports. */
export const KIT_VERSION: string = KIT_PACKAGE.version;
