/**
 * `oscal-assessment-results.json`: an OSCAL 1.1.2 assessment-results document of this synth, for
 * GRC tools that import OSCAL. One result, whose findings are one per control of the baseline
 * profile (or, when the baseline was not evaluated, one per control the kit cites), each with the
 * verdict of evidence.json; and whose observations are the rule results, one per rule with its
 * counts, pointing at results.csv for the rows.
 *
 * OSCAL's finding status has two states. Only `met` is `satisfied` (reason `pass`); `not-met` is
 * `not-satisfied` (reason `fail`); `partially-met` and `not-assessed` are `not-satisfied` with
 * reason `other`, and the kit's verdict and responsibility are properties of the finding, so no tool
 * reads a control nobody assessed as satisfied.
 */
import { oscalControlId } from '../ism-controls';
import { EvidenceModel, RuleSummary } from './model';
import { KIT_OSCAL_NS, nameUuid, oscalMetadata, oscalScope, profileHref } from './oscal';

const STATE = {
  met: { state: 'satisfied', reason: 'pass' },
  'not-met': { state: 'not-satisfied', reason: 'fail' },
  'partially-met': { state: 'not-satisfied', reason: 'other' },
  'not-assessed': { state: 'not-satisfied', reason: 'other' },
} as const;

interface FindingSource {
  readonly id: string;
  readonly oscalId: string;
  readonly statementId?: string;
  readonly title: string;
  readonly responsibility: string;
  readonly verdict: keyof typeof STATE;
  readonly rationale: string;
  readonly verdictBasis: string;
  readonly rules: readonly string[];
}

export function renderAssessmentResults(m: EvidenceModel): Record<string, unknown> {
  const scope = oscalScope(m);
  const planUuid = nameUuid(`${scope}/resource/assessment-plan`);
  const b = m.baseline;
  const observationOf = new Map<string, string>();
  const observations = m.rules.map((r) => {
    const uuid = nameUuid(`${scope}/observation/${r.ruleId}`);
    observationOf.set(r.ruleId, uuid);
    return observation(r, uuid, m.generatedAt);
  });
  const sources: FindingSource[] = b.evaluated
    ? b.controls.map((c) => ({ ...c, title: `${c.id}: ${c.topic}` }))
    : m.controls.map((c) => ({
        id: c.id,
        oscalId: oscalControlId(c.id),
        title: `${c.id}: ${c.topic}`,
        responsibility: c.responsibility,
        verdict: c.verdict,
        rationale: c.rationale,
        verdictBasis: c.verdictBasis,
        rules: c.rules.filter((r) => r.ismControls.includes(c.id)).map((r) => r.ruleId),
      }));
  const findings = sources.map((c) => {
    const status = STATE[c.verdict];
    const related = c.rules.map((r) => observationOf.get(r)).filter((u): u is string => u !== undefined);
    return {
      uuid: nameUuid(`${scope}/finding/${c.oscalId}`),
      title: c.title,
      description: `${c.rationale} ${c.verdictBasis}`,
      props: [
        { name: 'responsibility', ns: KIT_OSCAL_NS, value: c.responsibility },
        { name: 'verdict', ns: KIT_OSCAL_NS, value: c.verdict },
      ],
      target: {
        type: 'statement-id',
        'target-id': c.statementId ?? `${c.oscalId}_smt`,
        status: { state: status.state, reason: status.reason, ...(status.reason === 'other' ? { remarks: `wickr-cdk-kit verdict: ${c.verdict}.` } : {}) },
      },
      ...(related.length > 0 ? { 'related-observations': related.map((u) => ({ 'observation-uuid': u })) } : {}),
    };
  });
  const what = b.evaluated ? `every control of the ${b.profileTitle} (ISM ${b.release}, OSCAL ${b.version})` : `the controls wickr-cdk-kit cites (${b.notEvaluated})`;
  return {
    'assessment-results': {
      uuid: nameUuid(`${scope}/assessment-results`),
      metadata: oscalMetadata(m, 'wickr-cdk-kit: synth-time ISM assessment results'),
      'import-ap': { href: `#${planUuid}` },
      results: [
        {
          uuid: nameUuid(`${scope}/result`),
          title: `Synth-time evaluation against the ${b.profile} baseline`,
          description: `wickr-cdk-kit's rules evaluated on every resource of every stack at synth time (nag mode ${m.run.nagMode}), and a verdict for ${what}.`,
          start: m.generatedAt,
          end: m.generatedAt,
          props: [
            { name: 'baseline-profile', ns: KIT_OSCAL_NS, value: b.profile },
            { name: 'baseline-evaluated', ns: KIT_OSCAL_NS, value: b.evaluated ? 'true' : 'false' },
          ],
          'reviewed-controls': { 'control-selections': [{ 'include-controls': sources.map((c) => ({ 'control-id': c.oscalId })) }] },
          ...(observations.length > 0 ? { observations } : {}),
          findings,
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: planUuid,
            title: 'Assessment plan: the synth-time checks of wickr-cdk-kit',
            description: 'The three nag packs (AwsSolutions, NIST 800-53 rev 5, the kit\'s ISM pack) run on every resource of every stack at synth time; docs/assessor-guide.md describes them and how to read this pack.',
            rlinks: [{ href: './index.html', 'media-type': 'text/html' }],
          },
          { uuid: nameUuid(`${scope}/resource/profile`), title: `ISM ${b.profile} baseline profile`, rlinks: [{ href: profileHref(m), 'media-type': 'application/json' }] },
          { uuid: nameUuid(`${scope}/resource/evidence`), title: 'Evidence pack (this directory)', rlinks: [{ href: './evidence.json', 'media-type': 'application/json' }] },
        ],
      },
    },
  };
}

function observation(r: RuleSummary, uuid: string, collected: string): Record<string, unknown> {
  const c = r.counts;
  return {
    uuid,
    title: r.ruleId,
    description: `${r.pack} rule ${r.ruleId} (${r.level}): ${c.Compliant} compliant, ${c.Acknowledged} acknowledged, ${c['Non-compliant']} non-compliant, ${c['Not applicable']} not applicable. ${r.explanation || r.description}`.trim(),
    props: [
      { name: 'pack', ns: KIT_OSCAL_NS, value: r.pack },
      { name: 'compliant', ns: KIT_OSCAL_NS, value: String(c.Compliant) },
      { name: 'acknowledged', ns: KIT_OSCAL_NS, value: String(c.Acknowledged) },
      { name: 'non-compliant', ns: KIT_OSCAL_NS, value: String(c['Non-compliant']) },
    ],
    methods: ['TEST'],
    collected,
    'relevant-evidence': [{ href: './results.csv', description: `The rows of rule ${r.ruleId} in results.csv, one per resource.` }],
  };
}
