import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIsmOscal, releaseName } from '../../../lib/nag/baseline/ism-oscal';
import { describeWithIsmOscal, ISM_OSCAL_DIR } from '../../helpers/ism';
import { problemLines } from '../../helpers/problems';

const problems = problemLines;

test('names the release from the OSCAL version, else from the publication date', () => {
  expect(releaseName('2025.12.9')).toBe('December 2025');
  expect(releaseName('2026.09.02')).toBe('September 2026');
  expect(releaseName('v7', '2026-03-05T00:00:00Z')).toBe('March 2026');
  expect(releaseName('v7')).toBe('v7');
});

test('fails on a folder without the files, naming each file and where to get it', () => {
  const lines = problems(() => readIsmOscal(join(tmpdir(), 'no-such-ism-folder'), ['PROTECTED'], '-c ismOscal'));
  expect(lines).toEqual([
    expect.stringMatching(/^-c ismOscal .*no-such-ism-folder:ISM_catalog\.json: cannot read it \(ENOENT\); the folder must hold .* https:\/\/www\.cyber\.gov\.au\/ism\/oscal$/),
    expect.stringMatching(/:ISM_PROTECTED-baseline_profile\.json: cannot read it \(ENOENT\)/),
  ]);
});

describeWithIsmOscal('reading the ASD OSCAL edition of the ISM', () => {
  test('reads the release from the catalog, every control with its place, and the profiles asked for', () => {
    const oscal = readIsmOscal(ISM_OSCAL_DIR, ['PROTECTED', 'NON_CLASSIFIED']);
    const catalogIds = JSON.parse(readFileSync(join(ISM_OSCAL_DIR, 'ISM_catalog.json'), 'utf8')).catalog.metadata.version;
    expect(oscal.catalog).toMatchObject({ version: catalogIds, release: 'December 2025', href: 'https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_catalog.json' });
    expect(oscal.catalog.controls.get('ism-1139')).toEqual({
      oscalId: 'ism-1139',
      class: 'ISM-control',
      guideline: 'Guidelines for cryptography',
      section: 'Transport Layer Security',
      topic: 'Configuring Transport Layer Security',
      statementId: 'ism-1139_smt',
    });
    expect(oscal.catalog.controls.get('ism-principle-gov-01')?.class).toBe('ISM-principle');
    const protectedIds = JSON.parse(readFileSync(join(ISM_OSCAL_DIR, 'ISM_PROTECTED-baseline_profile.json'), 'utf8')).profile.imports[0]['include-controls'][0]['with-ids'];
    expect(oscal.profiles.get('PROTECTED')?.ids).toEqual(protectedIds);
    expect(oscal.profiles.get('PROTECTED')?.ids).toHaveLength(992);
    expect(oscal.profiles.get('NON_CLASSIFIED')?.href).toBe('https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_NON_CLASSIFIED-baseline_profile.json');
    expect(oscal.profiles.has('OFFICIAL_SENSITIVE')).toBe(false);
    // Statements are not kept: the ISM's wording stays in the ISM (read here from the file, never written into the repository).
    const statement = (JSON.stringify(JSON.parse(readFileSync(join(ISM_OSCAL_DIR, 'ISM_catalog.json'), 'utf8'))).match(/"id":"ism-1139_smt","name":"statement","prose":"([^"]{20,})/) ?? [])[1];
    expect(statement).toBeDefined();
    expect(JSON.stringify([...oscal.catalog.controls.values()])).not.toContain(statement!.slice(0, 40));
  });

  test('fails on a profile of another release, a broken file, or a file that is not a catalog', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-ism-'));
    copyFileSync(join(ISM_OSCAL_DIR, 'ISM_PROTECTED-baseline_profile.json'), join(dir, 'ISM_PROTECTED-baseline_profile.json'));
    const catalog = JSON.parse(readFileSync(join(ISM_OSCAL_DIR, 'ISM_catalog.json'), 'utf8'));
    catalog.catalog.groups = catalog.catalog.groups.slice(0, 3);
    writeFileSync(join(dir, 'ISM_catalog.json'), JSON.stringify(catalog));
    writeFileSync(join(dir, 'ISM_NON_CLASSIFIED-baseline_profile.json'), '{"profile": ');
    expect(problems(() => readIsmOscal(dir, ['PROTECTED', 'NON_CLASSIFIED']))).toEqual([
      expect.stringMatching(/:ISM_NON_CLASSIFIED-baseline_profile\.json: is not JSON \(.*\); download the JSON edition again/),
      expect.stringMatching(/:ISM_PROTECTED-baseline_profile\.json: selects \d+ id\(s\) the catalog does not have: the profile and the catalog are from different releases/),
    ]);
    writeFileSync(join(dir, 'ISM_catalog.json'), '{"component-definition": {}}');
    expect(problems(() => readIsmOscal(dir, ['PROTECTED']))).toEqual([expect.stringMatching(/:ISM_catalog\.json: is not an OSCAL catalog .* \(got "component-definition"\)$/)]);
  });
});
