/** Builds the report's entries for one resource of one network (shared by the comparisons). */
import type { DriftDifference, DriftValue } from './types';

export type Differ = (member: string, expected: DriftValue, actual: DriftValue) => DriftDifference;

export function differ(network: string, resource: string): Differ {
  return (member, expected, actual) => ({ network, resource, member, expected, actual });
}

/** A live value in report form: lists as lists of text, objects as JSON text, missing as `null`. */
export function plainValue(value: unknown): DriftValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
