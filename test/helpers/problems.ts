import { KitConfigError } from '../../lib/config/errors';

/** The problem lines of the `KitConfigError` that `load` throws; fails the test when it throws none. */
export function problemLines(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) return e.lines;
    throw e;
  }
  throw new Error('expected a KitConfigError');
}
