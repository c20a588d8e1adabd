import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KitConfigError, parseConfig, riskAcceptanceReviewProblems } from '../../lib/config';
import { buildKitApp, synthKitApp } from '../../lib/kit-app';
import { ACKNOWLEDGEMENTS, Acknowledgement, acknowledgementCategory } from '../../lib/nag/acknowledgements';
import { NagMode } from '../../lib/nag/nag-mode';
import { kitRiskAcceptanceReviewProblems, reviewState } from '../../lib/nag/risk-acceptances';
import { testAppProps, validationReport } from '../helpers/kit';
import { problemLines } from '../helpers/problems';

/** One agency, one Region, records locked in GOVERNANCE mode (a warning, fatal in strict mode unless acknowledged). */
const config = (riskAcceptances: string) => `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2, eu-west-2]
    recordsRetention: { mode: GOVERNANCE }
    riskAcceptances:
${riskAcceptances}    networks:
      - { id: canberra, name: dea-canberra, region: ap-southeast-2 }
`;

const GOVERNANCE_ACCEPTED = `      - id: RA-2026-014
        rule: ISM-RecordsComplianceMode
        ismControls: [ISM-1708, ISM-1707]
        reason: Records administrators must be able to correct misfiled records during the pilot; deletions are alarmed.
        approver: Jane Citizen, CISO
        approvedOn: 2026-11-01
        reviewBy: 2027-05-01
`;

const problems = (text: string) => problemLines(() => parseConfig(text, 'agency.yaml'));

function synth(text: string, now: string, nagMode = NagMode.STRICT) {
  const props = testAppProps();
  const kit = buildKitApp({ appProps: props, loaded: { config: parseConfig(text, 'agency.yaml'), source: 'agency.yaml', text }, nagMode, now: new Date(now) });
  let error: unknown;
  try {
    synthKitApp(kit);
  } catch (e) {
    error = e;
  }
  const read = (f: string) => readFileSync(join(props.outdir!, 'compliance', f), 'utf8');
  return { kit, error, outdir: props.outdir!, read, evidence: JSON.parse(read('evidence.json')) };
}

describe('risk acceptances in the config', () => {
  test('fail validation without a reason, an approver or proper dates, naming each field and the fix', () => {
    const lines = problems(
      config(`      - id: RA-1
        rule: ISM-RecordsComplianceMode
        ismControls: []
        reason: because
        approver: " "
        approvedOn: 2026-11-31x
        reviewBy: 1 May 2027
`),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^agency\.yaml:agencies\[0\]\.riskAcceptances\[0\]\.ismControls: name the ISM controls the accepted risk concerns/),
        expect.stringMatching(/^agency\.yaml:agencies\[0\]\.riskAcceptances\[0\]\.reason: give the reason an assessor reads/),
        expect.stringMatching(/^agency\.yaml:agencies\[0\]\.riskAcceptances\[0\]\.approver: name who accepted the risk/),
        expect.stringMatching(/^agency\.yaml:agencies\[0\]\.riskAcceptances\[0\]\.approvedOn: the date the risk was accepted must be a date written YYYY-MM-DD.*\(got "2026-11-31x"/),
        expect.stringMatching(/^agency\.yaml:agencies\[0\]\.riskAcceptances\[0\]\.reviewBy: the date by which the acceptance must be reviewed must be a date written YYYY-MM-DD/),
      ]),
    );
  });

  test('fail validation on a review before the approval, a wildcard rule without its finding, a Region without a stack, a repeated id', () => {
    const lines = problems(
      config(`${GOVERNANCE_ACCEPTED.replace('reviewBy: 2027-05-01', 'reviewBy: 2026-10-01').replace('ISM-1708, ISM-1707', 'ISM-1708').replace('        approver', '        regions: [eu-west-2]\n        approver')}${GOVERNANCE_ACCEPTED.replace('rule: ISM-RecordsComplianceMode', 'rule: AwsSolutions-IAM5')}`),
    );
    expect(lines).toEqual([
      'agency.yaml:agencies[0].riskAcceptances[0].regions[0]: the agency has no stack in this Region (got "eu-west-2"; allowed ap-southeast-2)',
      'agency.yaml:agencies[0].riskAcceptances[0].reviewBy: the review date must come after the approval date (got "2026-10-01"; allowed a date after 2026-11-01)',
      'agency.yaml:agencies[0].riskAcceptances[1].id: risk acceptance ids must be unique within the agency (got "RA-2026-014")',
      expect.stringMatching(/^agency\.yaml:agencies\[0\]\.riskAcceptances\[1\]\.finding: AwsSolutions-IAM5 reports one finding per wildcard: name the finding accepted/),
    ]);
  });

  test('are reviewed against the clock: past their review date, or approved in the future', () => {
    const parsed = parseConfig(config(GOVERNANCE_ACCEPTED), 'agency.yaml');
    expect(riskAcceptanceReviewProblems(parsed, '2027-05-01')).toEqual([]);
    expect(riskAcceptanceReviewProblems(parsed, '2027-05-02')).toEqual([
      expect.objectContaining({ path: 'agencies[0].riskAcceptances[0].reviewBy', got: '2027-05-01', allowed: '2027-05-02 or later', message: expect.stringMatching(/"RA-2026-014" is past its review date/) }),
    ]);
    expect(riskAcceptanceReviewProblems(parsed, '2026-10-31')).toEqual([expect.objectContaining({ path: 'agencies[0].riskAcceptances[0].approvedOn' })]);
    expect([reviewState('2027-05-01', '2026-12-01'), reviewState('2027-05-01', '2027-04-15'), reviewState('2027-05-01', '2027-05-02')]).toEqual(['current', 'review-soon', 'expired']);
  });
});

describe('kit acknowledgements', () => {
  test('are by design unless an entry says otherwise, and a kit risk acceptance past review is a problem', () => {
    expect(Object.values(ACKNOWLEDGEMENTS as Record<string, Acknowledgement>).every((a) => acknowledgementCategory(a) === 'by-design')).toBe(true);
    expect(kitRiskAcceptanceReviewProblems('2026-12-01')).toEqual([]);
    const accepted: Record<string, Acknowledgement> = {
      legacyCipher: { category: 'risk-accepted', rules: [], reason: 'x', ismControls: ['ISM-1139'], approval: { approver: 'Maintainers', approvedOn: '2026-01-01', reviewBy: '2026-06-30' } },
    };
    expect(kitRiskAcceptanceReviewProblems('2026-12-01', accepted)).toEqual([
      expect.objectContaining({ source: "wickr-cdk-kit's acknowledgements", path: 'legacyCipher.approval.reviewBy', got: '2026-06-30' }),
    ]);
  });
});

describe('a risk acceptance in synth', () => {
  test('acknowledges the finding it names, with its approver and dates, and the controls it concerns are partially met, not met', () => {
    const { error, evidence, read, outdir } = synth(config(GOVERNANCE_ACCEPTED), '2026-12-01T09:00:00Z');
    expect(error).toBeUndefined();
    const rows = evidence.results.filter((r: { ruleId: string }) => r.ruleId === 'ISM-RecordsComplianceMode');
    expect(rows.map((r: { status: string; acknowledgementKey: string; acknowledgementCategory: string }) => [r.status, r.acknowledgementKey, r.acknowledgementCategory])).toEqual([
      ['Acknowledged', 'dea/RA-2026-014', 'risk-accepted'],
    ]);
    expect(evidence.acknowledgements.find((a: { key: string }) => a.key === 'dea/RA-2026-014')).toMatchObject({
      declaredIn: 'config',
      category: 'risk-accepted',
      ismControls: ['ISM-1708', 'ISM-1707'],
      approval: { approver: 'Jane Citizen, CISO', approvedOn: '2026-11-01', reviewBy: '2027-05-01' },
      review: { state: 'current', daysLeft: 151 },
      configPath: 'agencies[0].riskAcceptances[0]',
      results: 1,
    });
    const verdicts = Object.fromEntries(evidence.controls.map((c: { id: string; verdict: string }) => [c.id, c.verdict]));
    expect([verdicts['ISM-1708'], verdicts['ISM-1707'], verdicts['ISM-1814']]).toEqual(['partially-met', 'partially-met', 'partially-met']);
    expect(read('index.html')).toMatch(/<h3>Open risk acceptances<\/h3>[\s\S]*<code>dea\/RA-2026-014<\/code>[\s\S]*Jane Citizen, CISO/);
    expect(read('results.csv')).toMatch(/,dea\/RA-2026-014,risk-accepted,2027-05-01,strict\r\n/);
    const suppressed = validationReport(outdir).pluginReports.flatMap((p) => p.suppressedViolations ?? []);
    expect(suppressed.find((v) => v.ruleName === 'ISM-RecordsComplianceMode')?.reason).toMatch(/risk accepted by Jane Citizen, CISO on 2026-11-01, review by 2027-05-01/);
  });

  test('fails strict synth once past its review date, naming the field, and the pack written shows it expired', () => {
    const { error, evidence, read } = synth(config(GOVERNANCE_ACCEPTED), '2027-05-02T00:00:00Z');
    expect(KitConfigError.isKitConfigError(error)).toBe(true);
    expect((error as KitConfigError).lines).toEqual([
      'agency.yaml:agencies[0].riskAcceptances[0].reviewBy: risk acceptance "RA-2026-014" is past its review date: review it with its approver and set a new reviewBy (or remove it and fix the finding) (got "2027-05-01"; allowed 2027-05-02 or later)',
    ]);
    expect(evidence.acknowledgements.find((a: { key: string }) => a.key === 'dea/RA-2026-014').review).toEqual({ state: 'expired', daysLeft: -1 });
    expect(evidence.controls.find((c: { id: string }) => c.id === 'ISM-1708')).toMatchObject({ verdict: 'not-met', verdictBasis: expect.stringMatching(/past its review date/) });
    expect(read('index.html')).toContain('expired 1 day(s) ago');
  });

  test('warns (and does not fail) outside strict mode, and an acceptance that matches nothing is listed with no results', () => {
    const unused = GOVERNANCE_ACCEPTED.replace('RA-2026-014', 'RA-2026-015').replace('rule: ISM-RecordsComplianceMode', 'rule: AwsSolutions-S1');
    const { error, kit, evidence, read } = synth(config(GOVERNANCE_ACCEPTED + unused), '2027-05-02T00:00:00Z', NagMode.ADVISORY);
    expect(error).toBeUndefined();
    const warnings = kit.app.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/^agency\.yaml:agencies\[0\]\.riskAcceptances\[0\]\.reviewBy: .* past its review date/), expect.stringMatching(/riskAcceptances\[1\]\.reviewBy/)]);
    expect(evidence.acknowledgements.find((a: { key: string }) => a.key === 'dea/RA-2026-015')).toMatchObject({ results: 0, rules: ['AwsSolutions-S1'] });
    expect(evidence.run).toEqual({ nagMode: 'advisory', strict: false, notice: expect.stringMatching(/^NOT FOR ASSESSMENT/) });
    expect(read('index.html')).toContain('It acknowledged no finding in this synth');
  });
});
