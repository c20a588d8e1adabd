/**
 * Output: an aligned plain-text table for people (default) or one JSON document for scripts
 * (`--json`). Tables go to stdout, notes and errors to stderr, so `> evidence.txt` keeps the record.
 */
import type { Outcome, UserResult } from '../../lambda/handlers/lost-device/user-admin';
import { countOutcomes } from '../../lambda/handlers/lost-device/user-admin';

/** Pads columns to their widest cell; the last column is not padded. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

const OUTCOME_LABEL: Record<Outcome, string> = {
  succeeded: 'ok',
  failed: 'FAILED',
  unknown: 'UNKNOWN',
  'not-attempted': 'not attempted',
  planned: 'planned',
};

export function outcomeLabel(outcome: Outcome): string {
  return OUTCOME_LABEL[outcome];
}

export interface RunRecord {
  readonly command: string;
  readonly runId: string;
  readonly dryRun: boolean;
  readonly reason?: string;
  readonly agency: string;
  readonly network: { readonly id: string; readonly name?: string; readonly region: string; readonly configId?: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Wickr API calls made, per operation (reads included). */
  readonly calls: Record<string, number>;
  readonly summary: { readonly users: number } & Record<Outcome, number>;
  readonly users: readonly UserResult[];
  /** Why the run stopped early, when it did. */
  readonly stoppedBy?: string;
  readonly exitCode: number;
}

export function summarize(results: readonly UserResult[]): RunRecord['summary'] {
  return { users: results.length, ...countOutcomes(results) };
}

export function callsText(calls: Record<string, number>): string {
  const entries = Object.entries(calls);
  return entries.length === 0 ? 'none' : entries.map(([op, n]) => `${op} ${n}`).join(', ');
}

function summaryText(summary: RunRecord['summary']): string {
  const parts = (['succeeded', 'planned', 'failed', 'unknown', 'not-attempted'] as const)
    .filter((o) => summary[o] > 0)
    .map((o) => `${summary[o]} ${OUTCOME_LABEL[o]}`);
  return `${summary.users} user${summary.users === 1 ? '' : 's'}: ${parts.join(', ') || 'nothing to do'}`;
}

/** The human record of a user-changing run: header, one row per user, totals and calls. */
export function renderRunRecord(record: RunRecord): string {
  const net = `${record.network.id}${record.network.name ? ` "${record.network.name}"` : ''} in ${record.network.region}`;
  const header =
    `${record.dryRun ? 'DRY RUN (no changes made): ' : ''}${record.command} on network ${net}\n` +
    `run ${record.runId}, started ${record.startedAt}${record.reason !== undefined ? `, reason: ${record.reason}` : ''}\n\n`;
  const rows = record.users.map((u) => [u.username || u.given, u.userId, outcomeLabel(u.outcome), u.detail ?? '']);
  let text = header + renderTable(['USER', 'USER ID', 'RESULT', 'DETAIL'], rows);
  const deviceProblems = record.users.flatMap((u) =>
    (u.devices ?? []).filter((d) => d.outcome === 'failed' || d.outcome === 'unknown').map((d) => `  ${u.username} device ${d.appId}: ${d.outcome} ${d.detail ?? ''}`.trimEnd()),
  );
  if (deviceProblems.length > 0) text += `\nDevices not reset:\n${deviceProblems.join('\n')}\n`;
  text += `\n${summaryText(record.summary)}. Wickr API calls: ${callsText(record.calls)}.\n`;
  if (record.stoppedBy !== undefined) text += `Stopped early: ${record.stoppedBy}\n`;
  return text;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
