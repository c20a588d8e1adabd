import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../lib/package-root';

/**
 * The ASD's OSCAL edition of the ISM beside the clone (`../shared/ism`), as CI has it. Never part
 * of the repository: the catalog and profiles are inputs, read where they are.
 */
export const ISM_OSCAL_DIR = resolve(packageRoot(), '..', 'shared', 'ism');

export const HAVE_ISM_OSCAL = existsSync(join(ISM_OSCAL_DIR, 'ISM_catalog.json'));

/**
 * `describe` for suites that read the ASD's OSCAL: without it (a clone elsewhere) the suite is one
 * skipped test whose name says what is missing and where to put it.
 */
export function describeWithIsmOscal(name: string, fn: () => void): void {
  if (HAVE_ISM_OSCAL) {
    describe(name, fn);
  } else {
    describe(name, () => {
      test.skip(`needs the ASD's OSCAL edition of the ISM at ${ISM_OSCAL_DIR} (ISM_catalog.json and the ISM_<LEVEL>-baseline_profile.json files from https://www.cyber.gov.au/ism/oscal): not found, so this suite is skipped`, () => undefined);
    });
  }
}
