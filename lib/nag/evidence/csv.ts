/** `results.csv`: every rule × resource result, RFC 4180 quoting, one header row. */
import { EvidenceRow } from './model';

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

export function renderCsv(rows: readonly EvidenceRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
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
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
