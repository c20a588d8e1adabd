/**
 * How much of the result list the HTML and Markdown reports show. At 400 stacks one control has
 * tens of thousands of compliant results; listing them all made reports a browser cannot open.
 * The reports show the first rows of each list, open findings first, and say how many more there
 * are; results.csv has every row.
 */
import { EvidenceModel, EvidenceRow } from './model';
import { ApplicableStatus } from './recorder';

/**
 * Result rows listed per control (and under "Rules not mapped to an ISM control"). The example (one
 * agency, four Regions) has at most about 1,200 per control, so a deployment of that size is listed
 * in full; at 400 stacks the HTML report stays near 20 MB instead of passing 100 MB.
 */
export const LISTED_ROWS = 2000;
/** Declaring constructs listed per acknowledgement (the example's widest has 64). */
export const LISTED_PLACES = 100;

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
