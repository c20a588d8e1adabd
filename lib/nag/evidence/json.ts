/**
 * `evidence.json`: the evidence model as data. Not-applicable results, the bulk of any run, are
 * written compactly (rule id to the resources it did not apply to, as `stack/logicalId`); every
 * other result is a full row. The CSV lists every result as a full row.
 */
import { EvidenceModel } from './model';

export function renderJson(m: EvidenceModel): string {
  const notApplicable: Record<string, string[]> = {};
  const results = [];
  for (const r of m.results) {
    if (r.status === 'Not applicable') (notApplicable[r.ruleId] ??= []).push(`${r.stackName}/${r.logicalId}`);
    else results.push(r);
  }
  return `${JSON.stringify({ ...m, results, notApplicable })}\n`;
}
