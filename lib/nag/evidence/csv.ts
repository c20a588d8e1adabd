/**
 * `results.csv`: every rule × resource result that applies (compliant, acknowledged or
 * non-compliant), RFC 4180 quoting, one header row. Not-applicable results are counted per rule in
 * evidence.json, not listed. Written row by row: at 400 stacks the file is far larger than a string.
 */
import { EvidenceRow } from './model';
import { StringSink, TextSink } from './text-sink';

export const CSV_COLUMNS = [
  'pack',
  'rule_id',
  'finding',
  'status',
  'ism_controls',
  'stack',
  'region',
  'logical_id',
  'resource_type',
  'construct_path',
  'message',
  'acknowledgement_reason',
  'acknowledged_at',
  'acknowledgement_key',
] as const;

/** Quotes a field when it holds a comma, quote or line break; doubles embedded quotes. */
export function csvField(value: unknown): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV as one string (small packs and tests; the writer streams with `writeCsv`). */
export function renderCsv(rows: readonly EvidenceRow[]): string {
  const sink = new StringSink();
  writeCsv(sink, rows);
  return sink.toString();
}

export function writeCsv(sink: TextSink, rows: readonly EvidenceRow[]): void {
  sink.write(CSV_COLUMNS.join(',') + '\r\n');
  for (const r of rows) {
    sink.write(
      [
        r.pack,
        r.ruleId,
        r.finding,
        r.status,
        r.ismControls.join(' '),
        r.stackName,
        r.region,
        r.logicalId,
        r.resourceType,
        r.constructPath,
        r.message,
        r.acknowledgementReason,
        r.acknowledgedAt,
        r.acknowledgementKey,
      ]
        .map(csvField)
        .join(',') + '\r\n',
    );
  }
}
