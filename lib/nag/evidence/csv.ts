/**
 * `results.csv`: every rule × resource result that applies (compliant, acknowledged or
 * non-compliant), RFC 4180 quoting, one header row. Not-applicable results are counted per rule in
 * evidence.json, not listed. Written row by row: at 400 stacks the file is far larger than a string.
 *
 * The last column, `nag_mode`, holds the mode of the run on every row (`strict`, `advisory`), so a
 * spreadsheet or script that reads any row knows whether the pack came from a strict run, and the
 * file stays plain CSV with one header row.
 */
import { AcknowledgementEvidence, EvidenceRow } from './model';
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
  'acknowledgement_category',
  'review_by',
  'nag_mode',
] as const;

export interface CsvOptions {
  /** The run's nag mode, written on every row. @default - empty */
  readonly nagMode?: string;
  /** The acknowledgements of the pack, for each acknowledged row's review date. @default - none */
  readonly acknowledgements?: readonly AcknowledgementEvidence[];
}

/** Quotes a field when it holds a comma, quote or line break; doubles embedded quotes. */
export function csvField(value: unknown): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV as one string (small packs and tests; the writer streams with `writeCsv`). */
export function renderCsv(rows: readonly EvidenceRow[], options: CsvOptions = {}): string {
  const sink = new StringSink();
  writeCsv(sink, rows, options);
  return sink.toString();
}

export function writeCsv(sink: TextSink, rows: readonly EvidenceRow[], options: CsvOptions = {}): void {
  const reviewBy = new Map((options.acknowledgements ?? []).filter((a) => a.key !== undefined && a.approval).map((a) => [a.key!, a.approval!.reviewBy]));
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
        r.acknowledgementCategory,
        r.acknowledgementKey !== undefined ? reviewBy.get(r.acknowledgementKey) : undefined,
        options.nagMode,
      ]
        .map(csvField)
        .join(',') + '\r\n',
    );
  }
}
