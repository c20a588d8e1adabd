/**
 * The evidence pack records whether drift detection is on and its schedule, and, given the output
 * of `wickr-kit drift --json` (`-c driftReport=<file>`), the last result beside the ISM controls it
 * bears on, with paths relative to the project (never absolute).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { driftRecord } from '../../lambda/shared/drift';
import { parseConfig } from '../../lib/config/loader';
import { buildKitApp } from '../../lib/kit-app';
import { writeComplianceEvidence } from '../../lib/nag/evidence/writer';
import { NagMode } from '../../lib/nag/nag-mode';
import { exampleConfigText } from '../helpers/lifecycle';
import { testAppProps } from '../helpers/kit';
import { problemLines } from '../helpers/problems';

interface Section {
  id: string;
  description?: string;
  columns: string[];
  rows: (string | number | boolean | null)[][];
  notes?: string[];
}

function evidence(text: string, context: Record<string, unknown> = {}): { sections: Section[]; raw: string } {
  const props = testAppProps(context);
  const config = parseConfig(text, 'example.yaml');
  const kit = buildKitApp({ appProps: props, loaded: { config, source: 'example.yaml', text }, nagMode: NagMode.OFF });
  const assembly = kit.app.synth();
  writeComplianceEvidence({ root: kit.app, assembly, recorder: kit.nagRecorder, nagMode: kit.nagMode, loaded: kit.loaded });
  const raw = readFileSync(join(props.outdir!, 'compliance', 'evidence.json'), 'utf8');
  return { sections: JSON.parse(raw).sections, raw };
}

const section = (sections: Section[], id: string) => sections.find((s) => s.id === id);

describe('the evidence pack on drift detection', () => {
  test('the example: the scheduled check is on in every Region with networks, daily, and how to attach a result is said', () => {
    const { sections } = evidence(exampleConfigText());
    const drift = section(sections, 'drift-detection')!;
    expect(drift.rows.map((r) => r.slice(0, 4).concat(r[5]))).toEqual([
      ['dea', 'ap-southeast-2', 'on', 'rate(1 day)', 'dea/canberra'],
      ['dea', 'eu-west-2', 'on', 'rate(1 day)', 'dea/london'],
      ['dea', 'ap-northeast-1', 'on', 'rate(1 day)', 'dea/tokyo'],
      ['dea', 'us-east-1', 'on', 'rate(1 day)', 'dea/washington'],
    ]);
    expect(drift.notes!.join('\n')).toMatch(/No drift result is attached: run wickr-kit drift -c <config> --json > drift\.json, then synth with -c driftReport=drift\.json/);
    expect(section(sections, 'drift-last-result')).toBeUndefined();
  });

  test('drift detection switched off is shown as off, never as a control', () => {
    const doc = YAML.parseDocument(exampleConfigText());
    doc.setIn(['agencies', 0, 'driftDetection'], { enabled: false });
    const drift = section(evidence(doc.toString()).sections, 'drift-detection')!;
    expect(drift.rows.every((r) => String(r[2]).startsWith('OFF (driftDetection.enabled: false)'))).toBe(true);
  });

  test('with -c driftReport: the last result beside ISM-0912 and ISM-1211, each difference listed, the file named without its absolute path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-drift-evidence-'));
    const file = join(dir, 'drift.json');
    const record = driftRecord(
      [
        {
          agency: 'dea',
          networks: ['canberra', 'london', 'tokyo', 'washington'].map((n) => ({ network: `dea/${n}`, region: 'ap-southeast-2', networkId: '12345678', foundBy: 'ssm' as const })),
          differences: [
            { network: 'dea/canberra', resource: 'settings', member: 'readReceipts', expected: 'ENABLED', actual: 'DISABLED' },
            { network: 'dea/canberra', resource: 'security-group:Executives', member: 'maxTtl', expected: '7d', actual: '60d' },
          ],
          reported: [],
          unresolved: [],
          notes: [],
        },
      ],
      { source: 'cli', runId: 'run-1', checkedAt: '2026-12-04T09:00:00.000Z', exitCode: 1 },
    );
    writeFileSync(file, JSON.stringify(record));
    const { sections, raw } = evidence(exampleConfigText(), { driftReport: file });
    const last = section(sections, 'drift-last-result')!;
    expect(last.description).toBe('From drift.json: wickr-kit drift (cli, run run-1) for dea.');
    expect(last.rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['ISM-0912', 'Change and configuration management plan', '2 difference(s) in 1 of 4 network(s), checked 2026-12-04T09:00:00.000Z'],
      ['ISM-1211', 'System administration processes and procedures', '2 difference(s) in 1 of 4 network(s), checked 2026-12-04T09:00:00.000Z'],
    ]);
    expect(section(sections, 'drift-differences')!.rows).toEqual([
      ['dea/canberra', 'settings', 'readReceipts', 'ENABLED', 'DISABLED'],
      ['dea/canberra', 'security-group:Executives', 'maxTtl', '7d', '60d'],
    ]);
    expect(raw).not.toContain(dir);
  });

  test('fails when the drift report cannot be read or is not one, naming the file and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-drift-evidence-'));
    expect(problemLines(() => evidence(exampleConfigText(), { driftReport: join(dir, 'none.json') })).join('\n')).toMatch(
      /^-c driftReport:driftReport: cannot be read \(ENOENT\); run wickr-kit drift -c <config> --json > none\.json first \(got "none\.json"\)$/,
    );
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ command: 'find-user' }));
    expect(problemLines(() => evidence(exampleConfigText(), { driftReport: join(dir, 'other.json') })).join('\n')).toMatch(/is not the output of wickr-kit drift --json/);
  });
});
