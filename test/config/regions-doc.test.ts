import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WICKR_REGIONS } from '../../lib/config/regions';
import { validateConfig } from '../../lib/config/validator';
import { packageRoot } from '../../lib/package-root';

const root = packageRoot();

describe('docs/regions.md, the Region catalog as users read it', () => {
  test('lists exactly the catalog: code, name, partition and whether the primary source confirms it', () => {
    const rows = readFileSync(join(root, 'docs', 'regions.md'), 'utf8')
      .split('\n')
      .filter((l) => /^\| `[a-z0-9-]+` \|/.test(l))
      .map((l) => l.split('|').slice(1, 5).map((c) => c.trim().replace(/`/g, '')));
    expect(rows).toEqual(Object.values(WICKR_REGIONS).map((r) => [r.region, r.name, r.partition, r.verified ? 'yes' : 'no']));
  });

  test('a Region outside the catalog fails with a pointer to docs/regions.md, which the package ships', () => {
    const problems = validateConfig({ agencies: [{ id: 'dea', homeRegion: 'ap-southeast-4', allowedRegions: ['ap-southeast-4'], networks: [] }] });
    expect(problems).toContainEqual(expect.objectContaining({ path: 'agencies[0].homeRegion', message: 'AWS Wickr is not offered in this Region (see docs/regions.md for the catalog and its sources)' }));
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] }).files).toContain('docs/');
  });

  test('no message in lib/ or lambda/ points at a source file (not in the package); every docs/ path it names exists', () => {
    const sources: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        const f = join(d, e);
        if (statSync(f).isDirectory()) walk(f);
        else if (f.endsWith('.ts')) sources.push(f);
      }
    };
    walk(join(root, 'lib'));
    walk(join(root, 'lambda'));
    const sourcePaths: string[] = [];
    const docs = new Set<string>();
    for (const f of sources) {
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue; // comments may name sources
        for (const m of line.matchAll(/(['`"])((?:(?!\1).)*)\1/g)) {
          const text = m[2];
          for (const p of text.matchAll(/\b(?:lib|lambda|test|scripts|bench)\/[\w./-]+\.(?:ts|js)\b/g)) sourcePaths.push(`${relative(root, f)}: ${p[0]}`);
          for (const p of text.matchAll(/\bdocs\/[\w./-]+\.md\b/g)) docs.add(p[0]);
        }
      }
    }
    expect(sourcePaths).toEqual([]);
    expect([...docs].filter((d) => !existsSync(join(root, d)))).toEqual([]);
    expect(docs.has('docs/regions.md')).toBe(true);
  });
});
