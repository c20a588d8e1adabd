/**
 * Writes schema/wickr-kit-config.schema.json (for editors) and lib/config/config-types.ts (the
 * parsed config's plain interfaces, for the library's public types) from the zod schema in
 * lib/config/schema.ts, the one source of truth. With `--check` it writes nothing and exits 1 when a
 * committed file is stale (test/config/json-schema.test.ts and test/config/config-types.test.ts).
 *
 *   npm run generate:schema
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { configJsonSchemaPath, renderConfigJsonSchema } from '../lib/config/json-schema';
import { packageRoot } from '../lib/package-root';
import { configTypesPath, renderConfigTypes } from './config-types';

async function main(check: boolean): Promise<number> {
  const outputs: [string, string][] = [
    [configJsonSchemaPath(), renderConfigJsonSchema()],
    [configTypesPath(), await renderConfigTypes()],
  ];
  let stale = 0;
  for (const [path, text] of outputs) {
    const name = relative(packageRoot(), path);
    if (check) {
      let current: string | undefined;
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        current = undefined;
      }
      if (current !== text) {
        stale++;
        console.log(`stale: ${name} (run npm run generate:schema)`);
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${name}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

main(process.argv.includes('--check')).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`generate:schema: ${(e as Error).message}`);
    process.exit(1);
  },
);
