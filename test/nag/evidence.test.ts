import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { buildKitApp } from '../../lib/kit-app';
import { CSV_COLUMNS, csvField } from '../../lib/nag/evidence/csv';
import { nonStrictNotice } from '../../lib/nag/evidence/model';
import { writeComplianceEvidence } from '../../lib/nag/evidence/writer';
import { addEvidenceFile, addEvidenceSection, FEDERATION_MAP_SECTION_ID } from '../../lib/nag/evidence/sections';
import { ISM_CONTROLS } from '../../lib/nag/ism-controls';
import { NagMode } from '../../lib/nag/nag-mode';
import { packageRoot } from '../../lib/package-root';
import { EXAMPLE_CONFIG, cdkJsonContext, testAppProps, validationReport } from '../helpers/kit';

const STATUSES = ['Compliant', 'Non-compliant', 'Acknowledged', 'Not applicable'];

/** Splits one CSV record (RFC 4180) into fields. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

describe('the evidence pack of the example', () => {
  const props = testAppProps();
  const kit = buildKitApp({ appProps: props, configPath: EXAMPLE_CONFIG, nagMode: NagMode.STRICT });
  const assembly = kit.app.synth();
  const written = writeComplianceEvidence({ root: kit.app, assembly, recorder: kit.nagRecorder, nagMode: kit.nagMode, loaded: kit.loaded });
  const dir = join(props.outdir!, 'compliance');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const evidence = JSON.parse(read('evidence.json'));
  const results = kit.nagRecorder!.results;

  test('writes the report files into <outdir>/compliance/', () => {
    for (const f of ['index.html', 'report.md', 'results.csv', 'evidence.json', 'oscal-component-definition.json', 'oscal-assessment-results.json', 'region-restriction-scp-dea.json']) {
      expect([f, existsSync(join(dir, f))]).toEqual([f, true]);
    }
    expect(written.directory).toBe(dir);
  });

  test('records every rule x resource result of all three packs, with nothing open in strict mode', () => {
    expect(kit.nagRecorder!.packs.sort()).toEqual(['AwsSolutions', 'ISM', 'NIST.800.53.R5']);
    // Applicable results are kept one by one; not-applicable ones are counted per rule and per stack.
    expect(results.filter((r) => (r.status as string) === 'Not applicable')).toEqual([]);
    const notApplicable = [...kit.nagRecorder!.notApplicable.values()].reduce((a, b) => a + b, 0);
    expect([...kit.nagRecorder!.notApplicableByStack.values()].reduce((a, b) => a + b, 0)).toBe(notApplicable);
    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, s === 'Not applicable' ? notApplicable : results.filter((r) => r.status === s).length]));
    expect(kit.nagRecorder!.totals).toEqual(byStatus);
    expect(byStatus['Non-compliant']).toBe(0);
    expect(byStatus.Compliant).toBeGreaterThan(0);
    expect(byStatus.Acknowledged).toBeGreaterThan(0);
    expect(byStatus['Not applicable']).toBeGreaterThan(0);
    expect(evidence.nag.totals).toEqual(byStatus);
  });

  test('the CSV has one row per applicable result, quoted so every row has every column', () => {
    const lines = read('results.csv').trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.length - 1).toBe(results.length);
    const rows = lines.slice(1).map(parseCsvLine);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(rows.filter((r) => r[3] === 'Not applicable')).toEqual([]);
    const ack = rows.find((r) => r[3] === 'Acknowledged' && r[1] === 'ISM-S3CMKEncryption')!;
    expect(ack[11]).toMatch(/S3 cannot deliver access logs/);
    expect(ack[12]).toMatch(/^WickrKit-dea-[a-z0-9-]+\/RetentionStorage\/AccessLogs$/);
    expect(ack[13]).toBe('accessLogsBucketSseS3');
  });

  test('every acknowledgement CDK reports in validation-report.json appears as an acknowledged row with the same reason', () => {
    const suppressed = validationReport(props.outdir!).pluginReports.flatMap((p) =>
      (p.suppressedViolations ?? []).flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} ${c.constructPath} ${v.reason}`)),
    );
    const acknowledged = new Set(
      results.filter((r) => r.status === 'Acknowledged').map((r) => `${r.ruleId}${r.finding !== undefined ? `[${r.finding}]` : ''} ${r.resource.constructPath} ${r.acknowledgement?.reason}`),
    );
    expect(suppressed.length).toBeGreaterThan(0);
    expect(suppressed.filter((s) => !acknowledged.has(s))).toEqual([]);
    expect(acknowledged.size).toBe(new Set(suppressed).size);
  });

  test('evidence.json groups results by every registered ISM control, carries the kit version and the config hash', () => {
    expect(evidence.controls.map((c: { id: string }) => c.id)).toEqual(Object.keys(ISM_CONTROLS));
    for (const c of evidence.controls) expect([...STATUSES, 'Not checked']).toContain(c.status);
    expect(evidence.controls.find((c: { id: string }) => c.id === 'ISM-1572').status).not.toBe('Not applicable');
    expect(evidence.generator.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(evidence.config.sha256).toBe(createHash('sha256').update(readFileSync(EXAMPLE_CONFIG, 'utf8')).digest('hex'));
    expect(evidence.results.length).toBe(results.length);
    // Not-applicable results are counted per rule, in agreement with the rules' counts and the totals.
    const notApplicable = evidence.notApplicable as Record<string, number>;
    expect(Object.keys(notApplicable).length).toBeGreaterThan(0);
    for (const rule of evidence.rules as { ruleId: string; counts: Record<string, number> }[]) expect([rule.ruleId, rule.counts['Not applicable']]).toEqual([rule.ruleId, notApplicable[rule.ruleId] ?? 0]);
    expect(Object.values(notApplicable).reduce((a, b) => a + b, 0)).toBe(evidence.nag.totals['Not applicable']);
    expect(Object.values(evidence.notApplicableByStack as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(evidence.nag.totals['Not applicable']);
    expect(Object.keys(evidence.notApplicableByStack).sort()).toEqual(evidence.dataResidency.map((s: { stackName: string }) => s.stackName).sort());
    // A control whose rules found nothing applicable is still reported as such, from the counts alone.
    for (const c of evidence.controls as { status: string; counts: Record<string, number> }[]) {
      if (c.status === 'Not applicable') expect([c.counts.Compliant, c.counts.Acknowledged, c.counts['Non-compliant']]).toEqual([0, 0, 0]);
    }
  });

  test('a rule is either under the ISM controls it bears on or among the rules not mapped, never both', () => {
    const bearing = new Set((evidence.results as { ruleId: string; ismControls: string[] }[]).filter((r) => r.ismControls.length > 0).map((r) => r.ruleId));
    const md = read('report.md');
    const unmapped = md.slice(md.indexOf('## Rules not mapped to an ISM control'), md.indexOf('## Data residency'));
    const listedThere = [...unmapped.matchAll(/^\| `([^`]+)` \| /gm)].map((m) => m[1]);
    expect(listedThere.length).toBeGreaterThan(0);
    expect(listedThere.filter((r) => bearing.has(r))).toEqual([]);
    expect(bearing.has('AwsSolutions-ECS2')).toBe(true);
  });

  test('evidence.json summarises residency, retention, keys and trails from the templates', () => {
    // Every stack is listed, the federation stacks too: they are deployed in a Region like any other.
    const residency = evidence.dataResidency.map((s: { stackName: string; region: string; withinAllowedRegions: boolean }) => [s.stackName, s.region, s.withinAllowedRegions]);
    expect(residency.sort()).toEqual(
      ['ap-northeast-1', 'ap-southeast-2', 'eu-west-2', 'us-east-1']
        .flatMap((r) => [
          [`WickrKit-dea-${r}`, r, true],
          [`WickrKit-dea-${r}-federation`, r, true],
        ])
        .concat([['WickrKit-dea-ap-southeast-4-records', 'ap-southeast-4', true]])
        .sort(),
    );
    const records = evidence.retention.buckets.filter((b: { kind: string }) => b.kind === 'records');
    expect(records).toHaveLength(5);
    for (const b of records) expect([b.objectLock, b.versioning, b.deletionPolicy]).toEqual([{ mode: 'COMPLIANCE', days: 2557 }, true, 'Retain']);
    expect(records.filter((b: { replication: unknown[] }) => b.replication.length > 0).map((b: { replication: { region: string }[] }) => b.replication[0].region).sort()).toEqual([
      'ap-southeast-2',
      'ap-southeast-2',
      'ap-southeast-2',
      'ap-southeast-4',
    ]);
    const logsKey = evidence.kmsKeys.find((k: { aliases: string[]; region: string }) => k.aliases.includes('alias/wickr-kit/dea/logs') && k.region === 'ap-southeast-2');
    expect(logsKey).toMatchObject({ rotation: true, rotationPeriodDays: 365, deletionPolicy: 'Retain' });
    expect(evidence.auditTrails.map((t: { trail: string; logFileValidation: boolean }) => [t.trail, t.logFileValidation])).toEqual(Array(5).fill(['wickr-kit-dea', true]));
    expect(evidence.guardrails.permissionsBoundaries.every((b: { rolesBounded: number }) => b.rolesBounded > 0)).toBe(true);
  });

  test('the OSCAL component definition has the 1.1.2 shape with catalog-style control ids', () => {
    const doc = JSON.parse(read('oscal-component-definition.json'))['component-definition'];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(doc.uuid).toMatch(uuid);
    expect(doc.metadata['oscal-version']).toBe('1.1.2');
    expect(Number.isNaN(Date.parse(doc.metadata['last-modified']))).toBe(false);
    const impl = doc.components[0]['control-implementations'][0];
    expect(impl.source).toBe('https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_PROTECTED-baseline_profile.json');
    const ids = impl['implemented-requirements'].map((r: { 'control-id': string }) => r['control-id']);
    expect(ids).toEqual(Object.keys(ISM_CONTROLS).map((id) => id.toLowerCase()));
    for (const r of impl['implemented-requirements']) expect([r.uuid, r['control-id']]).toEqual([expect.stringMatching(uuid), expect.stringMatching(/^ism-\d{4}$/)]);
    const linked = impl['implemented-requirements'][0].links[0].href.slice(1);
    expect(doc['back-matter'].resources.map((r: { uuid: string }) => r.uuid)).toContain(linked);
  });

  test('the SCP denies every non-exempt action outside allowedRegions and fits the Organizations size limit', () => {
    const text = read('region-restriction-scp-dea.json');
    const scp = JSON.parse(text);
    expect(scp.Statement[0]).toMatchObject({ Effect: 'Deny', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['ap-southeast-2', 'ap-southeast-4', 'eu-west-2', 'ap-northeast-1', 'us-east-1'] } } });
    expect(scp.Statement[0].NotAction).toContain('iam:*');
    expect(JSON.stringify(scp).length).toBeLessThan(5120);
  });

  test('the Markdown report has a section per control and lists acknowledgements once each', () => {
    const md = read('report.md');
    for (const id of Object.keys(ISM_CONTROLS)) expect(md).toContain(`### ${id}: `);
    expect(md).toContain('## Acknowledgements');
    expect(md.match(/\| `accessLogsBucketSseS3` \|/g)).toHaveLength(1);
  });
});

describe('evidence pack extension points', () => {
  test('a section provider fills the federation map; other providers get their own section; files are written', () => {
    const props = testAppProps();
    const app = new App(props);
    const stack = new Stack(app, 'S', { env: { region: 'ap-southeast-2', account: '111122223333' } });
    new s3.Bucket(stack, 'B');
    addEvidenceSection(stack, {
      id: FEDERATION_MAP_SECTION_ID,
      collect: () => ({ id: 'federation', title: 'Federation map', columns: ['Network', 'Federates with'], rows: [['dea-canberra', 'ally-<net>']] }),
    });
    addEvidenceSection(stack, { id: 'extra-facts', collect: () => ({ id: 'extra-facts', title: 'Extra facts', columns: ['Fact'], rows: [['a | b']] }) });
    addEvidenceFile(stack, { fileName: 'extra.txt', description: 'An extra file.', render: () => 'hello\n' });
    const assembly = app.synth();
    const result = writeComplianceEvidence({ root: app, assembly, nagMode: NagMode.OFF });
    const html = readFileSync(join(result.directory, 'index.html'), 'utf8');
    expect(html).toContain('<td>ally-&lt;net&gt;</td>');
    expect(html).toContain('<h2>Extra facts</h2>');
    expect(html).toContain('Nag did not run');
    expect(readFileSync(join(result.directory, 'report.md'), 'utf8')).toContain('| a \\| b |');
    // Nag off is not strict: a registered text file gets the notice as its first line.
    expect(readFileSync(join(result.directory, 'extra.txt'), 'utf8')).toBe(`# ${nonStrictNotice('off')}\nhello\n`);
    expect(result.model.controls.every((c) => c.status === 'Not checked')).toBe(true);
  });

  test('rejects section ids and file names that are not plain', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => addEvidenceSection(stack, { id: 'Not Plain', collect: () => undefined })).toThrow('evidence section id "Not Plain" must be lower-case words joined by hyphens');
    expect(() => addEvidenceFile(stack, { fileName: '../escape.json', description: '', render: () => '' })).toThrow('evidence file name "../escape.json" must be a plain file name');
  });

  test('CSV fields with commas, quotes or line breaks are quoted', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', undefined].map(csvField)).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '']);
  });
});

/** Runs the app the way `cdk synth` does: a child process given context and an output folder. */
function runApp(configText: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-evidence-'));
  const context: Record<string, unknown> = { ...cdkJsonContext() };
  if (configText !== undefined) {
    context.config = join(dir, 'agency.yaml');
    writeFileSync(context.config as string, configText);
  }
  const out = join(dir, 'cdk.out');
  const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'bin/app.ts'], {
    cwd: packageRoot(),
    // An account the CLI resolved, so the kit prints no account hint.
    env: { ...process.env, CDK_DEFAULT_ACCOUNT: '111122223333', CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: out, CI: 'true' },
    encoding: 'utf8',
  });
  return { ...r, compliance: join(out, 'compliance') };
}

describe('the app as the CDK CLI runs it', () => {
  test('synth of the example writes the evidence pack next to the templates', () => {
    const r = runApp(undefined);
    expect([r.status, r.stderr]).toEqual([0, '']);
    for (const f of ['index.html', 'report.md', 'results.csv', 'evidence.json', 'oscal-component-definition.json']) expect(existsSync(join(r.compliance, f))).toBe(true);
  });

  test('fails (exit 1) on a GOVERNANCE records lock in CI, and still writes evidence showing the open finding', () => {
    const governance = readFileSync(EXAMPLE_CONFIG, 'utf8').replace('mode: COMPLIANCE', 'mode: GOVERNANCE');
    const r = runApp(governance);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Object Lock default mode is GOVERNANCE");
    expect(r.stderr).toMatch(/^wickr-cdk-kit: [\s\S]*A copy of this report can be found in: .*validation-report\.json\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const evidence = JSON.parse(readFileSync(join(r.compliance, 'evidence.json'), 'utf8'));
    expect(evidence.controls.find((c: { id: string }) => c.id === 'ISM-1708').status).toBe('Non-compliant');
    // One per records bucket: the four Regions' and Melbourne's copy.
    expect(evidence.nag.totals['Non-compliant']).toBe(5);
  });
});
