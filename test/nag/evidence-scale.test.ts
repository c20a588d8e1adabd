/**
 * The evidence pack at scale: not-applicable results are counted rather than kept per resource,
 * the large files are written in bounded pieces, and the reports list a bounded number of rows per
 * control. The example's pack is covered by evidence.test.ts; these tests use small apps and
 * synthetic result lists so they stay fast.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { renderCsv } from '../../lib/nag/evidence/csv';
import { renderHtml } from '../../lib/nag/evidence/html';
import { writeJson } from '../../lib/nag/evidence/json';
import { LISTED_ROWS } from '../../lib/nag/evidence/listing';
import { renderMarkdown } from '../../lib/nag/evidence/markdown';
import { EvidenceModel, EvidenceRow } from '../../lib/nag/evidence/model';
import { NagRecorder } from '../../lib/nag/evidence/recorder';
import { recordingPack } from '../../lib/nag/evidence/recording-packs';
import { TextSink, writeTextFile } from '../../lib/nag/evidence/text-sink';
import { writeComplianceEvidence } from '../../lib/nag/evidence/writer';
import { IsmChecks } from '../../lib/nag/ism-checks';
import { NoIAMUsers, S3CMKEncryption, ismRuleId } from '../../lib/nag/rules';
import { testAppProps } from '../helpers/kit';

/** Two stacks, each with a KMS-encrypted bucket, checked by two ISM rules only. */
function smallPack() {
  const props = testAppProps();
  const app = new App(props);
  for (const name of ['One', 'Two']) {
    const stack = new Stack(app, name, { env: { region: 'ap-southeast-2', account: '111122223333' } });
    new s3.Bucket(stack, 'B', { encryption: s3.BucketEncryption.KMS, enforceSSL: true });
  }
  const recorder = new NagRecorder();
  const Pack = recordingPack(IsmChecks, recorder);
  Validations.of(app).addPlugins(new Pack(app, { rules: [S3CMKEncryption, NoIAMUsers] }));
  const assembly = app.synth();
  return { app, recorder, written: writeComplianceEvidence({ root: app, assembly, recorder, nagMode: 'advisory' }) };
}

/** A sink that remembers the size of the largest piece it was given. */
class MeasuringSink implements TextSink {
  public largest = 0;
  private readonly parts: string[] = [];
  public write(text: string): void {
    this.largest = Math.max(this.largest, text.length);
    this.parts.push(text);
  }
  public text(): string {
    return this.parts.join('');
  }
}

/** A synthetic result on the control S3CMKEncryption checks, so the small pack's reports list it. */
function row(status: EvidenceRow['status'], i: number, control = S3CMKEncryption.controls[0]): EvidenceRow {
  return {
    pack: 'ISM',
    ruleId: 'ISM-Synthetic',
    status,
    ismControls: [control],
    stackName: `Stack${i % 800}`,
    region: 'ap-southeast-2',
    logicalId: `Resource${i}`,
    resourceType: 'AWS::IAM::Role',
    constructPath: `Stack${i % 800}/Role${i}/Resource`,
    message: status === 'Non-compliant' ? 'Synthetic finding.' : undefined,
  };
}

/** The small pack's model with its results replaced by synthetic rows. */
function withRows(model: EvidenceModel, rows: EvidenceRow[]): EvidenceModel {
  return { ...model, results: rows };
}

describe('not-applicable results are counted, not kept', () => {
  const { recorder, written } = smallPack();
  const model = written.model;

  test('the recorder keeps only applicable results and counts the rest per rule and per stack', () => {
    expect(recorder.results.length).toBeGreaterThan(0);
    // The type already says so; this checks it holds at run time.
    expect(recorder.results.filter((r) => (r.status as string) === 'Not applicable')).toEqual([]);
    // No IAM user in either stack: NoIAMUsers applies to nothing, once per resource of each stack.
    const resources = model.dataResidency.reduce((n, s) => n + s.resources.length, 0);
    expect(recorder.notApplicable.get(ismRuleId(NoIAMUsers))).toBe(resources);
    expect(Object.fromEntries(recorder.notApplicableByStack)).toEqual(
      Object.fromEntries(model.dataResidency.map((s) => [s.stackName, model.notApplicableByStack[s.stackName]])),
    );
    expect(Object.values(model.notApplicableByStack).reduce((a, b) => a + b, 0)).toBe(model.nag.totals['Not applicable']);
  });

  test('a control whose rules found nothing applicable is Not applicable, with its count', () => {
    const only = NoIAMUsers.controls.filter((c) => !S3CMKEncryption.controls.includes(c));
    expect(only.length).toBeGreaterThan(0);
    for (const id of only) {
      const control = model.controls.find((c) => c.id === id)!;
      expect([id, control.status, control.counts['Not applicable']]).toEqual([id, 'Not applicable', recorder.notApplicable.get(ismRuleId(NoIAMUsers))]);
    }
    const s3Control = model.controls.find((c) => c.id === S3CMKEncryption.controls[0])!;
    expect(s3Control.status).toBe('Compliant');
  });

  test('results.csv has no not-applicable rows; evidence.json has the counts', () => {
    const csv = readFileSync(join(written.directory, 'results.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv.length - 1).toBe(recorder.results.length);
    expect(csv.some((l) => l.includes(',Not applicable,'))).toBe(false);
    const evidence = JSON.parse(readFileSync(join(written.directory, 'evidence.json'), 'utf8'));
    expect(evidence.schemaVersion).toBe(3);
    expect(evidence.notApplicable).toEqual(Object.fromEntries(recorder.notApplicable));
    expect(evidence.nag.totals).toEqual(recorder.totals);
  });

  test('the summary of both reports states the not-applicable count', () => {
    const total = model.nag.totals['Not applicable'];
    for (const f of ['index.html', 'report.md']) {
      expect([f, readFileSync(join(written.directory, f), 'utf8').includes(`${total} not-applicable results`)]).toEqual([f, true]);
    }
  });

  test('a re-run of a pack starts its counts afresh', () => {
    const before = recorder.notApplicable.get(ismRuleId(NoIAMUsers));
    recorder.begin('ISM');
    expect(recorder.notApplicable.get(ismRuleId(NoIAMUsers))).toBeUndefined();
    expect(recorder.results).toEqual([]);
    expect(before).toBeGreaterThan(0);
  });
});

describe('the writers work in bounded pieces', () => {
  const { model } = smallPack().written;
  const many = Array.from({ length: 20_000 }, (_, i) => row(i % 3 === 0 ? 'Acknowledged' : 'Compliant', i));
  const big = withRows(model, many);

  test('evidence.json is the text JSON.stringify gives, written in pieces no larger than one row', () => {
    const sink = new MeasuringSink();
    writeJson(sink, big);
    expect(sink.text()).toBe(`${JSON.stringify(big)}\n`);
    expect(sink.largest).toBeLessThan(2_000);
  });

  test('a file written in batches holds every piece in order', () => {
    const path = join(testAppProps().outdir!, 'pieces.txt');
    const pieces = Array.from({ length: 50_000 }, (_, i) => `${i},`);
    writeTextFile(path, (sink) => pieces.forEach((p) => sink.write(p)));
    expect(readFileSync(path, 'utf8')).toBe(pieces.join(''));
  });

  test('the reports list at most LISTED_ROWS rows per control, open findings first, and say how many more are in results.csv', () => {
    const rows = [...Array.from({ length: LISTED_ROWS + 100 }, (_, i) => row('Compliant', i)), ...Array.from({ length: 5 }, (_, i) => row('Non-compliant', i))];
    const m = withRows(model, rows);
    const html = renderHtml(m);
    const listedRows = html.match(/<tr><td><span class="badge st-(compliant|non-compliant)">[^<]*<\/span><\/td><td>ISM-Synthetic/g) ?? [];
    expect(listedRows.length).toBe(LISTED_ROWS);
    expect(listedRows.slice(0, 5).every((r) => r.includes('non-compliant'))).toBe(true);
    expect(html).toContain('…and 105 more (105 compliant): every result is in results.csv.');
    const md = renderMarkdown(m);
    expect(md.match(/^\| (Compliant|Non-compliant) \| `ISM-Synthetic`/gm)?.length).toBe(LISTED_ROWS);
    expect(md).toContain('…and 105 more (105 compliant): every result is in results.csv.');
    expect(renderCsv(rows).trimEnd().split('\r\n').length - 1).toBe(rows.length);
  });
});
