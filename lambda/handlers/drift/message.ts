/** The notification the scheduled check publishes to the Region's drift topic (e-mail subscribers read it as text). */
import { type DriftRecord, describeDifference, valueText } from '../../shared/drift';

/** SNS subjects are at most 100 characters. */
const SUBJECT_LIMIT = 100;
/** SNS messages are at most 256 KiB; stay well below it and say how much was left out. */
const MESSAGE_LIMIT = 200_000;

export function driftSubject(record: DriftRecord, region: string): string {
  const n = record.differences.length;
  const subject = `Wickr drift: ${n} difference${n === 1 ? '' : 's'} for ${record.agencies.join(', ')} in ${region}`;
  return subject.length > SUBJECT_LIMIT ? `${subject.slice(0, SUBJECT_LIMIT - 3)}...` : subject;
}

export function driftMessage(record: DriftRecord, region: string): string {
  const lines = [
    `The scheduled drift check of ${record.agencies.map((a) => `agency ${a}`).join(', ')} in ${region} (run ${record.runId}, ${record.checkedAt}) found ` +
      `${record.differences.length} managed member(s) whose live value differs from the config:`,
    '',
    ...record.differences.map((d) => `- ${describeDifference(d)}`),
  ];
  if (record.reported.length > 0) {
    lines.push('', 'Reported, not managed (information, never drift):', ...record.reported.map((r) => `- ${r.network} ${r.resource} ${r.member}: ${valueText(r.actual)}`));
  }
  if (record.unresolved.length > 0) lines.push('', 'Not compared:', ...record.unresolved.map((u) => `- ${u.network} ${u.resource}: ${u.reason}`));
  if (record.notes.length > 0) lines.push('', 'Notes:', ...record.notes.map((n) => `- ${n}`));
  lines.push(
    '',
    "To restore the config's values, deploy the stacks again (cdk deploy): the kit writes back exactly these members. To keep the live values, " +
      'change the config to match and deploy it. Run `wickr-kit drift -c <config>` to check again on demand. Procedure: docs/runbooks/drift.md.',
  );
  const text = lines.join('\n');
  if (text.length <= MESSAGE_LIMIT) return text;
  return `${text.slice(0, MESSAGE_LIMIT)}\n... (cut: the full list is in the function's log group, and wickr-kit drift prints it)`;
}
