/**
 * How much of the result list the HTML and Markdown reports show. At 400 stacks one control has
 * tens of thousands of compliant results; listing them all made reports a browser cannot open.
 * The reports show the first rows of each list, open findings first, and say how many more there
 * are; results.csv has every row.
 */
import { AcknowledgementEvidence, EvidenceModel, EvidenceRow, RuleSummary } from './model';
import { ApplicableStatus } from './recorder';

/**
 * Result rows listed per control (and under "Rules not mapped to an ISM control"). The example (one
 * agency, four Regions) has at most about 1,200 per control, so a deployment of that size is listed
 * in full; at 400 stacks the HTML report stays near 20 MB instead of passing 100 MB.
 */
export const LISTED_ROWS = 2000;

const ORDER: readonly ApplicableStatus[] = ['Non-compliant', 'Acknowledged', 'Compliant'];
const rank = (r: EvidenceRow) => ORDER.indexOf(r.status as ApplicableStatus);

export interface Listed {
  /** The rows to show: open findings first, then acknowledged, then compliant (stable otherwise). */
  readonly rows: readonly EvidenceRow[];
  /** What was left out, e.g. `1200 more (200 acknowledged, 1000 compliant)`; undefined when nothing was. */
  readonly more?: string;
}

export function listed(all: readonly EvidenceRow[], cap: number): Listed {
  const sorted = [...all].sort((a, b) => rank(a) - rank(b));
  if (sorted.length <= cap) return { rows: sorted };
  const hidden = sorted.slice(cap);
  const by = ORDER.map((s) => [s, hidden.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0);
  return { rows: sorted.slice(0, cap), more: `${hidden.length} more (${by.map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')})` };
}

/** Every applicable result under each ISM control it bears on (a result can bear on several). */
export function rowsByControl(m: EvidenceModel): Map<string, EvidenceRow[]> {
  const byControl = new Map<string, EvidenceRow[]>();
  for (const r of m.results) {
    for (const id of r.ismControls) {
      let list = byControl.get(id);
      if (!list) byControl.set(id, (list = []));
      list.push(r);
    }
  }
  return byControl;
}

/** The summary's line about not-applicable results, which are counted, not listed. */
export function notApplicableLine(m: EvidenceModel): string {
  if (m.nag.packs.length === 0) return 'Nag did not run: there are no results to count or list.';
  const rules = Object.keys(m.notApplicable).length;
  const stacks = Object.keys(m.notApplicableByStack).length;
  return (
    `${m.nag.totals['Not applicable']} not-applicable results (a rule meeting a resource it does not check) over ${rules} rule(s) and ${stacks} stack(s) ` +
    'are counted, not listed: per rule in the rules tables and in evidence.json (notApplicable), per stack in evidence.json (notApplicableByStack). ' +
    'results.csv lists every other result; the sections below show them per control, open findings first.'
  );
}

/** One line on the baseline: which profile of which release, or why it was not evaluated. */
export function baselineLine(m: EvidenceModel): string {
  const b = m.baseline;
  if (!b.evaluated) return `${b.profile} profile (chosen by classification), not evaluated. ${b.notEvaluated ?? ''}`.trim();
  const agencies = b.agencies.map((a) => `${a.id} ${a.classification}`).join(', ');
  return `${b.profileTitle} (${b.profile}), ISM ${b.release} (OSCAL ${b.version}), ${b.controls.length} controls; chosen by classification (${agencies || 'none recorded'}).`;
}

/** Risk acceptances that apply: current, due for review soon, or expired (expired first). */
export function openRiskAcceptances(m: EvidenceModel): AcknowledgementEvidence[] {
  const order = ['expired', 'review-soon', 'current'];
  return m.acknowledgements
    .filter((a) => a.category === 'risk-accepted' || a.category === 'uncategorised')
    .sort((a, b) => order.indexOf(a.review?.state ?? 'current') - order.indexOf(b.review?.state ?? 'current'));
}

/**
 * Rules with results that bear on no ISM control: neither mapped to one nor acknowledged citing one
 * (a rule whose acknowledged results cite a control is shown under that control, not here).
 */
export function unmappedRules(m: EvidenceModel): RuleSummary[] {
  const bearing = new Set(m.results.filter((r) => r.ismControls.length > 0).map((r) => r.ruleId));
  return m.rules.filter((r) => r.ismControls.length === 0 && !bearing.has(r.ruleId) && r.counts.Compliant + r.counts['Non-compliant'] + r.counts.Acknowledged > 0);
}
