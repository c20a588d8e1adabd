import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type * as Plain from '../../lib/config/config-types';
import { packageRoot } from '../../lib/package-root';
import type { KitConfigSchema } from '../../lib/config/schema';

/** Each assignable to the other. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Every key made required, at every depth, so a key present on one side only (even optional) is a difference. */
type Shape<T> = T extends readonly (infer E)[] ? Shape<E>[] : T extends object ? { [K in keyof T]-?: Shape<NonNullable<T[K]>> } : T;
/** True when A and B have the same keys at every depth and the same value types. */
type Same<A, B> = Mutual<A, B> extends true ? Mutual<Shape<A>, Shape<B>> : false;
type Parsed = z.output<typeof KitConfigSchema>;

// Type-level checks, run by `npm run typecheck` (tsc --noEmit): interfaces that differ from what the
// schema parses to fail here with "Type 'true' is not assignable to type 'false'". Fix: npm run generate:schema.
const sameKitConfig: Same<Plain.KitConfig, Parsed> = true;
void sameKitConfig;

describe('the config types (lib/config/config-types.ts)', () => {
  test('the committed interfaces match the zod schema (run `npm run generate:schema` when this fails)', () => {
    // In a child process: json-schema-to-typescript formats with prettier, which jest's VM cannot load.
    const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'scripts/generate-schema.ts', '--check'], { cwd: packageRoot(), encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('are plain TypeScript with no import, so the public declarations never load zod', () => {
    const text = readFileSync(join(packageRoot(), 'lib', 'config', 'config-types.ts'), 'utf8');
    expect(text).not.toMatch(/^\s*import\b|\bfrom ['"]/m);
    expect(text).toMatch(/export interface KitConfig \{/);
  });
});
