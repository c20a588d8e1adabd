import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KitConfigError } from '../../lib/config/errors';
import { buildKitApp, synthKitApp } from '../../lib/kit-app';
import { RESPONSIBILITIES, VERDICTS } from '../../lib/nag/baseline/types';
import { buildEvidence } from '../../lib/nag/evidence/model';
import { NagMode } from '../../lib/nag/nag-mode';
import { packageRoot } from '../../lib/package-root';
import { describeWithIsmOscal, ISM_OSCAL_DIR } from '../helpers/ism';
import { EXAMPLE_CONFIG, cdkJsonContext, testAppProps } from '../helpers/kit';

const profileIds = (level: string): string[] =>
  JSON.parse(readFileSync(join(ISM_OSCAL_DIR, `ISM_${level}-baseline_profile.json`), 'utf8')).profile.imports[0]['include-controls'][0]['with-ids'];

/** Synthesizes a config the way synthKitApp does, strict unless told, with the clock fixed. */
function synth(options: { configPath?: string; ismOscal?: string; nagMode?: NagMode } = {}) {
  const props = testAppProps();
  const kit = buildKitApp({ appProps: props, configPath: options.configPath ?? EXAMPLE_CONFIG, nagMode: options.nagMode ?? NagMode.STRICT, ismOscal: options.ismOscal, now: new Date('2026-12-01T00:00:00Z') });
  let error: unknown;
  let assembly;
  try {
    assembly = synthKitApp(kit);
  } catch (e) {
    error = e;
  }
  const dir = join(props.outdir!, 'compliance');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { kit, assembly, error, dir, outdir: props.outdir!, read, evidence: JSON.parse(read('evidence.json')) };
}

describeWithIsmOscal('the evidence pack of the example, evaluated against the ASD OSCAL', () => {
  const { kit, error, outdir, read, evidence } = synth({ ismOscal: ISM_OSCAL_DIR });
  type Entry = { id: string; oscalId: string; responsibility: string; verdict: string; rationale: string; rules: string[] };
  const baseline = evidence.baseline as { evaluated: boolean; profile: string; release: string; controls: Entry[]; counts: Record<string, Record<string, number>> };

  test('synthesizes in strict mode with nothing to refuse', () => {
    expect(error).toBeUndefined();
    expect(kit.evidenceProblems).toEqual([]);
    expect(evidence.run).toEqual({ nagMode: 'strict', strict: true });
  });

  test('has one baseline entry for each of the 992 ids of the PROTECTED profile, each with a responsibility, a verdict and a rationale', () => {
    expect(baseline).toMatchObject({ evaluated: true, profile: 'PROTECTED', release: 'December 2025' });
    expect(baseline.controls.map((c) => c.oscalId)).toEqual(profileIds('PROTECTED'));
    expect(baseline.controls).toHaveLength(992);
    for (const c of baseline.controls) {
      expect([c.id, RESPONSIBILITIES.includes(c.responsibility as never), VERDICTS.includes(c.verdict as never), c.rationale.length > 20]).toEqual([c.oscalId.toUpperCase(), true, true, true]);
    }
    const total = Object.values(baseline.counts).flatMap((byVerdict) => Object.values(byVerdict)).reduce((a, b) => a + b, 0);
    expect(total).toBe(992);
  });

  test('a control is met only when the kit answers for all of it: partial and shared controls are partially met, MFA is not assessed', () => {
    const byId = new Map(baseline.controls.map((c) => [c.id, c]));
    // ISM-1139 asks for the latest TLS only; the kit's floor is 1.2. Its rule passes everywhere, yet the control is not met.
    const tls = evidence.controls.find((c: { id: string }) => c.id === 'ISM-1139');
    expect([tls.coverage, tls.status, tls.verdict]).toEqual(['partial', 'Compliant', 'partially-met']);
    expect(byId.get('ISM-1139')?.verdict).toBe('partially-met');
    // No IAM users is not evidence that people use MFA.
    for (const id of ['ISM-1173', 'ISM-0974']) expect([id, byId.get(id)?.responsibility, byId.get(id)?.verdict]).toEqual([id, 'agency', 'not-assessed']);
    for (const c of baseline.controls) if (c.verdict === 'met') expect([c.id, c.responsibility]).toEqual([c.id, 'kit']);
    for (const c of baseline.controls) if (c.responsibility === 'aws' || c.responsibility === 'agency') expect([c.id, c.verdict]).toEqual([c.id, 'not-assessed']);
    expect(baseline.counts.kit.met).toBeGreaterThan(0);
  });

  test('lists every template and asset with a SHA-256 that matches the file, by paths relative to the project', () => {
    const artefacts = evidence.artefacts as { path: string; sha256: string; kind: string }[];
    const label = outdir.split('/').pop();
    const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
    expect(artefacts.filter((a) => a.kind === 'template').map((a) => a.path).sort()).toEqual(templates.map((t) => `${label}/${t}`).sort());
    for (const a of artefacts) {
      expect(a.path.startsWith(`${label}/`)).toBe(true);
      const abs = join(outdir, a.path.slice(label!.length + 1));
      const digest =
        a.kind === 'directory-asset'
          ? spawnSync('bash', ['-c', "(find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs -d '\\n' sha256sum) | sha256sum"], { cwd: abs, encoding: 'utf8' }).stdout.split(' ')[0]
          : createHash('sha256').update(readFileSync(abs)).digest('hex');
      expect([a.path, a.sha256]).toEqual([a.path, digest]);
    }
    expect(artefacts.some((a) => a.kind === 'directory-asset')).toBe(true);
  });

  test('writes OSCAL assessment results with a finding per baseline control carrying the same verdict, and rule results as observations', () => {
    const ar = JSON.parse(read('oscal-assessment-results.json'))['assessment-results'];
    expect(ar.metadata['oscal-version']).toBe('1.1.2');
    expect(ar['import-ap'].href.slice(1)).toBe(ar['back-matter'].resources[0].uuid);
    const result = ar.results[0];
    expect(result['reviewed-controls']['control-selections'][0]['include-controls'].map((c: { 'control-id': string }) => c['control-id'])).toEqual(profileIds('PROTECTED'));
    const verdicts = new Map(baseline.controls.map((c) => [`${c.oscalId}_smt`, c.verdict]));
    expect(result.findings).toHaveLength(992);
    const observations = new Set(result.observations.map((o: { uuid: string }) => o.uuid));
    for (const f of result.findings) {
      const verdict = f.props.find((p: { name: string }) => p.name === 'verdict').value;
      expect([f.target['target-id'], verdict, f.target.status.state]).toEqual([f.target['target-id'], verdicts.get(f.target['target-id']), verdict === 'met' ? 'satisfied' : 'not-satisfied']);
      for (const o of f['related-observations'] ?? []) expect(observations.has(o['observation-uuid'])).toBe(true);
    }
    expect(result.observations.map((o: { title: string }) => o.title)).toEqual(evidence.rules.map((r: { ruleId: string }) => r.ruleId));
    const component = JSON.parse(read('oscal-component-definition.json'))['component-definition'];
    expect(component.components[0]['control-implementations'][0].source).toBe('https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_PROTECTED-baseline_profile.json');
  });

  test('the HTML report opens on a one-page summary and lists acknowledgements without their construct paths', () => {
    const html = read('index.html');
    const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>', html.indexOf('<section id="summary">')));
    expect(summary).toContain('Information security manual PROTECTED Baseline (PROTECTED), ISM December 2025');
    expect(summary).toMatch(/<td>kit<\/td><td>\d+<\/td>/);
    expect(summary).toContain('Open risk acceptances');
    const acks = html.slice(html.indexOf('<section id="acknowledgements">'), html.indexOf('<section id="unmapped">'));
    expect(acks).toMatch(/declared on \d+ construct\(s\): every one is a row of results\.csv/);
    expect(acks).not.toMatch(/<code>WickrKit-dea-/);
    expect(html).not.toContain('NOT FOR ASSESSMENT');
  });

  test('without the catalog, the pack says the baseline was not evaluated and how to supply it', () => {
    const model = buildEvidence({ root: kit.app, assembly: kit.app.synth(), recorder: kit.nagRecorder, nagMode: kit.nagMode, loaded: kit.loaded });
    expect(model.baseline).toMatchObject({ evaluated: false, profile: 'PROTECTED', controls: [] });
    expect(model.baseline.notEvaluated).toMatch(/no ASD OSCAL folder was given\. Download ISM_catalog\.json and ISM_PROTECTED-baseline_profile\.json from https:\/\/www\.cyber\.gov\.au\/ism\/oscal .* -c ismOscal=<folder>/);
  });
});

describeWithIsmOscal('an OFFICIAL variant of the example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-official-'));
  const configPath = join(dir, 'official.yaml');
  writeFileSync(configPath, readFileSync(EXAMPLE_CONFIG, 'utf8').replace('classification: PROTECTED', 'classification: OFFICIAL'));
  const { error, evidence, read } = synth({ configPath, ismOscal: ISM_OSCAL_DIR });

  test('is evaluated against the NON_CLASSIFIED profile, every id of it, and its OSCAL cites that profile', () => {
    expect(error).toBeUndefined();
    expect(evidence.baseline).toMatchObject({ evaluated: true, profile: 'NON_CLASSIFIED', agencies: [{ id: 'dea', classification: 'OFFICIAL', profile: 'NON_CLASSIFIED' }] });
    expect(evidence.baseline.controls.map((c: { oscalId: string }) => c.oscalId)).toEqual(profileIds('NON_CLASSIFIED'));
    const component = JSON.parse(read('oscal-component-definition.json'))['component-definition'];
    expect(component.components[0]['control-implementations'][0].source).toBe('https://www.cyber.gov.au/ism/oscal/v2025.12.9/artifacts/ISM_NON_CLASSIFIED-baseline_profile.json');
    expect(read('report.md')).not.toMatch(/PROTECTED baseline|PROTECTED Baseline/);
  });
});

describeWithIsmOscal('a cited id the supplied catalog does not have', () => {
  // The December 2025 release without ISM-1139, as a later release that rescinded it would be.
  const folder = mkdtempSync(join(tmpdir(), 'wickr-kit-rescinded-'));
  const catalog = JSON.parse(readFileSync(join(ISM_OSCAL_DIR, 'ISM_catalog.json'), 'utf8'));
  const drop = (g: { controls?: { id: string }[]; groups?: unknown[] }): void => {
    if (g.controls) g.controls = g.controls.filter((c) => c.id !== 'ism-1139');
    for (const x of g.groups ?? []) drop(x as typeof g);
  };
  drop(catalog.catalog);
  writeFileSync(join(folder, 'ISM_catalog.json'), JSON.stringify(catalog));
  const profile = JSON.parse(readFileSync(join(ISM_OSCAL_DIR, 'ISM_PROTECTED-baseline_profile.json'), 'utf8'));
  profile.profile.imports[0]['include-controls'][0]['with-ids'] = profileIds('PROTECTED').filter((id) => id !== 'ism-1139');
  writeFileSync(join(folder, 'ISM_PROTECTED-baseline_profile.json'), JSON.stringify(profile));
  copyFileSync(join(ISM_OSCAL_DIR, 'README.md'), join(folder, 'README.md'));
  const { error, evidence, read } = synth({ ismOscal: folder });

  test('fails strict synth naming the id and who cites it, after writing a pack that names it too', () => {
    expect(KitConfigError.isKitConfigError(error)).toBe(true);
    expect((error as KitConfigError).lines).toEqual([
      expect.stringMatching(/^-c ismOscal .*wickr-kit-rescinded-\w+:ISM_catalog\.json: ISM-1139, cited by the kit's control mapping, is not in this catalog \(ISM December 2025, OSCAL 2025\.12\.9\): it was rescinded or renumbered\./),
    ]);
    expect(evidence.baseline.missingCitedIds).toEqual([{ id: 'ISM-1139', citedBy: ["the kit's control mapping"] }]);
    expect(evidence.baseline.controls).toHaveLength(991);
    expect(read('index.html')).toContain("ISM-1139, cited by the kit&#39;s control mapping, is not in the supplied catalog: rescinded or renumbered.");
  });
});

describeWithIsmOscal('the app as the CDK CLI runs it, with absolute paths', () => {
  test('writes no absolute local path into any file of the pack, and marks a non-strict pack at the top of every file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-abs-'));
    const config = join(dir, 'agency.yaml');
    writeFileSync(config, readFileSync(EXAMPLE_CONFIG, 'utf8'));
    const out = join(dir, 'cdk.out');
    const context = { ...cdkJsonContext(), config, ismOscal: resolve(ISM_OSCAL_DIR), nag: 'advisory' };
    const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'bin/app.ts'], {
      cwd: packageRoot(),
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: out, CI: '' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const compliance = join(out, 'compliance');
    const files = readdirSync(compliance);
    expect(files.sort()).toEqual(['evidence.json', 'index.html', 'oscal-assessment-results.json', 'oscal-component-definition.json', 'region-restriction-scp-dea.json', 'report.md', 'results.csv']);
    for (const f of files) {
      const text = readFileSync(join(compliance, f), 'utf8');
      for (const local of [dir, packageRoot(), resolve(ISM_OSCAL_DIR), tmpdir()]) expect([f, text.includes(local)]).toEqual([f, false]);
      expect([f, /(^|["'\s(=])\/(tmp|work|home|Users|root|var)\//m.test(text)]).toEqual([f, false]);
    }
    const evidence = JSON.parse(readFileSync(join(compliance, 'evidence.json'), 'utf8'));
    expect([evidence.config.source, evidence.baseline.source.folder]).toEqual(['agency.yaml', 'ism']);
    const notice = evidence.run.notice as string;
    expect(Object.keys(evidence)[0]).toBe('run');
    expect(readFileSync(join(compliance, 'index.html'), 'utf8')).toMatch(new RegExp(`<body>\\n<p class="notice">${notice.replace(/[().]/g, '\\$&')}</p>`));
    expect(readFileSync(join(compliance, 'report.md'), 'utf8').split('\n')[0]).toBe(`> **${notice}**`);
    const csv = readFileSync(join(compliance, 'results.csv'), 'utf8').split('\r\n');
    expect(csv[0].split(',').pop()).toBe('nag_mode');
    expect(csv.slice(1, -1).every((l) => l.endsWith(',advisory'))).toBe(true);
    for (const f of ['oscal-component-definition.json', 'oscal-assessment-results.json']) {
      const doc = Object.values(JSON.parse(readFileSync(join(compliance, f), 'utf8')))[0] as { metadata: { title: string; props: { name: string; value: string }[] } };
      expect([f, doc.metadata.title.startsWith('NOT FOR ASSESSMENT (advisory run): '), doc.metadata.props[0]]).toEqual([f, true, expect.objectContaining({ name: 'nag-mode', value: 'advisory' })]);
    }
    expect(Object.keys(JSON.parse(readFileSync(join(compliance, 'region-restriction-scp-dea.json'), 'utf8')))[0]).toBe('wickrKitNotice');
  });
});
