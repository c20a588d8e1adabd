/**
 * The record of one drift check: what `wickr-kit drift --json` prints, what the scheduled check
 * logs, and what the evidence pack reads back with `-c driftReport=<file>`. One shape for all three,
 * so an assessor can be handed either.
 */
import { type DriftDifference, type DriftReport, type ReportedValue, type UnresolvedItem, valueText } from './types';

export const DRIFT_RECORD_VERSION = 1;

export interface DriftRecord {
  readonly command: 'drift';
  readonly version: typeof DRIFT_RECORD_VERSION;
  /** Who ran it: the admin CLI, or a Region's scheduled check. */
  readonly source: 'cli' | 'scheduled-check';
  /** Ties the record to the API calls in CloudTrail (it is sent in the user agent). */
  readonly runId: string;
  /** ISO 8601, when the check started. */
  readonly checkedAt: string;
  readonly agencies: readonly string[];
  /** True when nothing differs (what was not compared is listed in `unresolved`). */
  readonly inSync: boolean;
  readonly networks: DriftReport['networks'];
  readonly differences: readonly DriftDifference[];
  readonly reported: readonly ReportedValue[];
  readonly unresolved: readonly UnresolvedItem[];
  readonly notes: readonly string[];
  /** Wickr API calls made, per operation (all reads). */
  readonly calls?: Readonly<Record<string, number>>;
  readonly exitCode?: number;
}

/** One record from the reports of several agencies. */
export function driftRecord(
  reports: readonly DriftReport[],
  meta: Pick<DriftRecord, 'source' | 'runId' | 'checkedAt'> & Partial<Pick<DriftRecord, 'calls' | 'exitCode'>>,
): DriftRecord {
  const differences = reports.flatMap((r) => r.differences);
  return {
    command: 'drift',
    version: DRIFT_RECORD_VERSION,
    source: meta.source,
    runId: meta.runId,
    checkedAt: meta.checkedAt,
    agencies: reports.map((r) => r.agency),
    inSync: differences.length === 0,
    networks: reports.flatMap((r) => r.networks),
    differences,
    reported: reports.flatMap((r) => r.reported),
    unresolved: reports.flatMap((r) => r.unresolved),
    notes: reports.flatMap((r) => r.notes),
    ...(meta.calls !== undefined ? { calls: meta.calls } : {}),
    ...(meta.exitCode !== undefined ? { exitCode: meta.exitCode } : {}),
  };
}

/** One line for a difference, for messages and findings: `dea/canberra settings readReceipts: configured ENABLED, live DISABLED`. */
export function describeDifference(d: DriftDifference): string {
  return `${d.network} ${d.resource} ${d.member}: configured ${valueText(d.expected)}, live ${valueText(d.actual)}`;
}

/** Reads a record back (the evidence pack's `-c driftReport`); the message says what is wrong with it. */
export function parseDriftRecord(doc: unknown): DriftRecord | string {
  const r = doc as Partial<DriftRecord> | null;
  if (r === null || typeof r !== 'object' || r.command !== 'drift') return 'is not the output of wickr-kit drift --json (no "command": "drift")';
  if (r.version !== DRIFT_RECORD_VERSION) return `has version ${JSON.stringify(r.version)}; this kit reads version ${DRIFT_RECORD_VERSION}`;
  if (typeof r.checkedAt !== 'string' || Number.isNaN(Date.parse(r.checkedAt))) return 'has no checkedAt time';
  for (const key of ['networks', 'differences', 'reported', 'unresolved', 'notes', 'agencies'] as const) {
    if (!Array.isArray(r[key])) return `has no "${key}" list`;
  }
  return r as DriftRecord;
}
