import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/config/loader';
import { federationMapOf } from '../../lib/federation/map';
import { buildKitApp } from '../../lib/kit-app';
import { writeComplianceEvidence } from '../../lib/nag/evidence/writer';
import { NagMode } from '../../lib/nag/nag-mode';
import { packageRoot } from '../../lib/package-root';
import { EXAMPLE_CONFIG, cdkJsonContext, testAppProps, validationReport } from '../helpers/kit';

const REGIONS = ['ap-southeast-2', 'eu-west-2', 'ap-northeast-1', 'us-east-1'];

describe('the federation stacks of the example', () => {
  const props = testAppProps();
  const kit = buildKitApp({ appProps: props, configPath: EXAMPLE_CONFIG, nagMode: NagMode.STRICT });
  const assembly = kit.app.synth();
  const { federationStacks, regionStacks } = kit.agencies[0];

  test('one federation stack per Region with networks, after its own network stack and those of every network it links to', () => {
    expect(federationStacks.map((s) => s.stackName)).toEqual(REGIONS.map((r) => `WickrKit-dea-${r}-federation`));
    const deps = (name: string) => assembly.getStackByName(name).dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets')).sort();
    expect(deps('WickrKit-dea-ap-southeast-2-federation')).toEqual(REGIONS.map((r) => `WickrKit-dea-${r}`).sort());
    for (const r of REGIONS.slice(1)) expect(deps(`WickrKit-dea-${r}-federation`)).toEqual([`WickrKit-dea-${r}`, 'WickrKit-dea-ap-southeast-2'].sort());
    // Network stacks never wait for federation: the cycle of ids is broken by deploying all networks first.
    for (const s of regionStacks) expect(s.dependencies.filter((d) => d.stackName.endsWith('-federation'))).toEqual([]);
  });

  test('federation stacks hold no cross-stack references: ids and the logs key come from SSM parameters the network stacks write', () => {
    for (const s of federationStacks) {
      const json = JSON.stringify(Template.fromStack(s).toJSON());
      expect(json).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput/);
    }
    const london = Template.fromStack(federationStacks[1]).toJSON();
    const defaults = Object.values(london.Parameters as Record<string, { Type: string; Default: string }>)
      .filter((p) => p.Type === 'AWS::SSM::Parameter::Value<String>' && p.Default.startsWith('/wickr-kit/'))
      .map((p) => p.Default)
      .sort();
    expect(defaults).toEqual(['/wickr-kit/dea/eu-west-2/logs-key-arn', '/wickr-kit/dea/london/network-id']);
    const parameters = Object.values(Template.fromStack(regionStacks[1]).findResources('AWS::SSM::Parameter')).map((r) => r.Properties);
    expect(parameters).toEqual(
      expect.arrayContaining([
        { Name: '/wickr-kit/dea/london/network-id', Type: 'String', Tier: 'Standard', Description: expect.any(String), Value: { 'Fn::GetAtt': [expect.stringMatching(/^NetworklondonNetwork/), 'NetworkId'] }, Tags: expect.anything() },
        { Name: '/wickr-kit/dea/eu-west-2/logs-key-arn', Type: 'String', Tier: 'Standard', Description: expect.any(String), Value: { 'Fn::GetAtt': [expect.stringMatching(/^KeysLogs/), 'Arn'] }, Tags: expect.anything() },
      ]),
    );
  });

  test('every federation stack is termination-protected, described, tagged, and bounded to the allowed Regions', () => {
    for (const s of federationStacks) {
      expect(s.terminationProtection).toBe(true);
      expect(s.templateOptions.description).toMatch(/: federation of its networks \(PROTECTED; records owner: /);
      const t = Template.fromStack(s);
      const role = Object.values(t.findResources('AWS::IAM::Role'))[0];
      expect(role.Properties.PermissionsBoundary).toEqual({ Ref: expect.stringMatching(/^RegionRestrictionBoundary/) });
      expect(role.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'wickr-kit:agency', Value: 'dea' }]));
    }
  });

  test('strict nag passes with the partner link: their side is reported as information, never as a finding', () => {
    const report = validationReport(props.outdir!);
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
    const info = assembly.getStackByName('WickrKit-dea-eu-west-2-federation').messages.filter((m) => m.level === 'info').map((m) => m.entry.data);
    expect(info).toEqual(['dea/london group Consular allow-lists partner uk-partner; their side is theirs to configure: federation works once they allow-list dea/london too']);
  });

  test('the evidence pack gets the federation map section, built from the same plan the stacks deploy', () => {
    const result = writeComplianceEvidence({ root: kit.app, assembly, nagMode: NagMode.STRICT, loaded: kit.loaded });
    const section = result.model.federationMap!;
    expect(section.columns).toEqual(['Network', 'Region', 'Group', 'Local federation', 'Global federation', 'Guests', 'Allow-list']);
    expect(section.rows).toHaveLength(8);
    expect(section.rows[0].slice(0, 6)).toEqual(['dea/canberra (dea-canberra)', 'ap-southeast-2 (Asia Pacific (Sydney))', 'DEA Staff (default group)', 'off', 'restricted', 'not allowed']);
    expect(section.notes).toEqual([expect.stringContaining('partner uk-partner (UK government partner network, London (example)) must allow-list dea/london')]);
    expect(readFileSync(join(result.directory, 'report.md'), 'utf8')).toContain('| dea/london (dea-london-post) | eu-west-2 (Europe (London)) | Consular |');
    expect(section.data).toBe(federationMapOf(kit.app));
  });
});

describe('federation stacks for other configs', () => {
  const minimal = (federation = '') => `version: 1
agencies:
  - id: ops
    name: Ops agency
    recordsOwner: Records Unit
    homeRegion: ca-central-1
    allowedRegions: [ca-central-1, ap-southeast-2]
    networks:
      - { id: sydney, name: ops-sydney, region: ap-southeast-2 }
${federation}`;

  test('no federation section still manages every group (federation off, no guests), and a Region without networks has no federation stack', () => {
    const config = parseConfig(minimal(), 'min.yaml');
    const kit = buildKitApp({ appProps: testAppProps(), loaded: { config, source: 'min.yaml', text: minimal() }, nagMode: NagMode.OFF });
    const { federationStacks, regionStacks } = kit.agencies[0];
    expect(regionStacks.map((s) => s.region)).toEqual(['ca-central-1', 'ap-southeast-2']);
    expect(federationStacks.map((s) => s.stackName)).toEqual(['WickrKit-ops-ap-southeast-2-federation']);
    Template.fromStack(federationStacks[0]).hasResourceProperties('Custom::WickrFederation', {
      Network: 'ops/sydney',
      Groups: [{ Name: 'Default', IsDefault: true, Local: 'none', Global: 'none', Guests: false }],
    });
    // No peer in another Region: no SSM read permission at all.
    expect(JSON.stringify(Template.fromStack(federationStacks[0]).toJSON())).not.toContain('ssm:GetParameter');
  });

  test('federation.refresh reaches every federation resource, so one config change makes all of them re-read their peers', () => {
    const text = minimal('federation:\n  refresh: "2026-03-01"\n');
    const config = parseConfig(text, 'min.yaml');
    const kit = buildKitApp({ appProps: testAppProps(), loaded: { config, source: 'min.yaml', text }, nagMode: NagMode.OFF });
    Template.fromStack(kit.agencies[0].federationStacks[0]).hasResourceProperties('Custom::WickrFederation', { Refresh: '2026-03-01' });
  });
});

describe('cdk synth (bin/app.ts)', () => {
  test('writes cdk.out/federation-map.md and .json beside the templates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-federation-'));
    const out = join(dir, 'cdk.out');
    const context = { ...cdkJsonContext(), config: join(dir, 'config.yaml') };
    writeFileSync(context.config, readFileSync(EXAMPLE_CONFIG, 'utf8'));
    const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'bin/app.ts'], {
      cwd: packageRoot(),
      // An account the CLI resolved, so the kit prints no account hint.
      env: { ...process.env, CDK_DEFAULT_ACCOUNT: '111122223333', CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: out, CI: 'true' },
      encoding: 'utf8',
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(existsSync(join(out, 'WickrKit-dea-ap-southeast-2-federation.template.json'))).toBe(true);
    const md = readFileSync(join(out, 'federation-map.md'), 'utf8');
    expect(md).toContain('| 3 | dea/london [Consular] (eu-west-2) | partner uk-partner (eu-west-2) | local restricted | kit (our side) and the partner (theirs) | Consular cooperation with the UK partner in London |');
    expect(md).toContain('- federation.links[3]: partner uk-partner');
    const json = JSON.parse(readFileSync(join(out, 'federation-map.json'), 'utf8'));
    const canberraStaff = json.networks[0].groups[0];
    expect(canberraStaff.allowList.map((p: { peer: string; region: string; scope: string }) => `${p.peer} ${p.region} ${p.scope}`)).toEqual([
      'dea/london eu-west-2 global',
      'dea/tokyo ap-northeast-1 global',
      'dea/washington us-east-1 global',
    ]);
  });
});
