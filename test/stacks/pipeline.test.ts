import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/config/loader';
import { planPipeline } from '../../lib/config/pipeline-plan';
import { buildKitApp } from '../../lib/kit-app';
import { synthWithEvidence } from '../../lib/nag/evidence/writer';
import { NagMode } from '../../lib/nag/nag-mode';
import { packageRoot } from '../../lib/package-root';
import { addKitStacks } from '../../lib/stacks/kit-stacks';
import { testApp, testAppProps, validationReport } from '../helpers/kit';

const PIPELINE_EXAMPLE = join(packageRoot(), 'config', 'example-pipeline.yaml');

interface Action {
  Name: string;
  ActionTypeId: { Category: string; Provider: string };
  RunOrder: number;
  Region?: string;
  InputArtifacts?: { Name: string }[];
  OutputArtifacts?: { Name: string }[];
  RoleArn?: unknown;
  Configuration?: Record<string, unknown>;
}
interface PipelineStage {
  Name: string;
  Actions: Action[];
}

function pipelineOf(template: Template): { PipelineType: string; Stages: PipelineStage[] } {
  const pipelines = template.findResources('AWS::CodePipeline::Pipeline');
  expect(Object.keys(pipelines)).toHaveLength(1);
  return Object.values(pipelines)[0].Properties;
}

describe('the pipeline of config/example-pipeline.yaml', () => {
  const props = testAppProps();
  const kit = buildKitApp({ appProps: props, configPath: PIPELINE_EXAMPLE, nagMode: NagMode.OFF });
  kit.app.synth();
  const template = Template.fromStack(kit.pipelineStack!);
  const pipeline = pipelineOf(template);
  const stageNames = pipeline.Stages.map((s) => s.Name);
  const stage = (name: string) => pipeline.Stages.find((s) => s.Name === name)!;
  const deployedStacks = (name: string) => stage(name).Actions.filter((a) => a.ActionTypeId.Category === 'Deploy').map((a) => a.Configuration!.StackName);

  test('is a CodePipeline V2 in the tooling account and Region, with its stages and waves in the order of the config', () => {
    expect(pipeline.PipelineType).toBe('V2');
    expect(kit.pipelineStack!.account).toBe('999988887777');
    expect(kit.pipelineStack!.region).toBe('ap-southeast-2');
    // A wave of one Stage is named after the Stage by CDK Pipelines.
    expect(stageNames).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'dta-home', 'dta-federation', 'dea-home', 'dea-regions', 'dea-federation']);
    expect(kit.pipelineStack!.plan.waves.map((w) => [w.id, w.stages.map((s) => s.id)])).toEqual([
      ['nonprod-home', ['dta-home']],
      ['nonprod-federation', ['dta-federation']],
      ['prod-home', ['dea-home']],
      ['prod-regions', ['dea-regions']],
      ['prod-federation', ['dea-federation']],
    ]);
  });

  test('home Region first, the other Regions in parallel, federation stacks after every network stack', () => {
    expect(deployedStacks('dea-home')).toEqual(['WickrKit-dea-ap-southeast-2']);
    const regions = stage('dea-regions').Actions;
    expect(regions.map((a) => [a.Configuration!.StackName, a.Region, a.RunOrder])).toEqual([
      ['WickrKit-dea-eu-west-2', 'eu-west-2', 1],
      ['WickrKit-dea-us-east-1', 'us-east-1', 1],
    ]);
    expect(deployedStacks('dea-federation')).toEqual(['WickrKit-dea-ap-southeast-2-federation', 'WickrKit-dea-eu-west-2-federation', 'WickrKit-dea-us-east-1-federation']);
    expect(stageNames.indexOf('dea-federation')).toBeGreaterThan(stageNames.indexOf('dea-regions'));
    // One CloudFormation action per stack (no change-set pair), so a wave holds up to 50 stacks.
    for (const s of pipeline.Stages) for (const a of s.Actions.filter((x) => x.ActionTypeId.Category === 'Deploy')) expect(a.Configuration!.ActionMode).toBe('CREATE_UPDATE');
  });

  test('a manual approval runs before the production agency, and not before the non-production one', () => {
    const prod = stage('dea-home').Actions;
    const approval = prod.find((a) => a.ActionTypeId.Category === 'Approval')!;
    expect(approval).toMatchObject({ Name: 'ApproveProduction', ActionTypeId: { Provider: 'Manual' } });
    expect(approval.Configuration!.CustomData).toMatch(/production agencies \(dea\).*evidence pack.*Approvers: Wickr service owner/);
    for (const a of prod.filter((x) => x !== approval)) expect(a.RunOrder).toBeGreaterThan(approval.RunOrder);
    const approvals = pipeline.Stages.flatMap((s) => s.Actions.filter((a) => a.ActionTypeId.Category === 'Approval').map(() => s.Name));
    expect(approvals).toEqual(['dea-home']);
  });

  test('the synth step runs npm ci, the tests and a synth with strict nag on the config in the repository', () => {
    const projects = template.findResources('AWS::CodeBuild::Project');
    const synth = Object.values(projects).find((p) => JSON.stringify(p.Properties.Source.BuildSpec).includes('cdk synth'))!;
    const spec = JSON.parse(synth.Properties.Source.BuildSpec);
    expect(spec.phases.install.commands).toEqual(['npm ci']);
    expect(spec.phases.build.commands).toEqual(['npm test', 'npx cdk synth -c strict=true -c config=config/example-pipeline.yaml']);
    expect(spec.phases.install['runtime-versions']).toEqual({ nodejs: '20' });
    // The evidence pack is a second artifact of the build, next to the cloud assembly.
    expect(spec.artifacts['secondary-artifacts']).toEqual({
      Synth_Output: expect.objectContaining({ 'base-directory': 'cdk.out' }),
      Synth_cdk_out_compliance: expect.objectContaining({ 'base-directory': 'cdk.out/compliance' }),
    });
  });

  test('the evidence pack is a pipeline artifact, checked by its own step before any deployment', () => {
    const build = stage('Build').Actions[0];
    expect(build.OutputArtifacts!.map((o) => o.Name)).toEqual(['Synth_Output', 'Synth_cdk_out_compliance']);
    const first = stage('dta-home').Actions;
    const check = first.find((a) => a.Name === 'EvidencePack')!;
    expect(check.InputArtifacts).toEqual([{ Name: 'Synth_cdk_out_compliance' }]);
    for (const a of first.filter((x) => x !== check)) expect(a.RunOrder).toBeGreaterThan(check.RunOrder);
    const consumers = pipeline.Stages.flatMap((s) => s.Actions).filter((a) => (a.InputArtifacts ?? []).some((i) => i.Name === 'Synth_cdk_out_compliance'));
    expect(consumers.map((a) => a.Name)).toEqual(['EvidencePack']);
    const projects = Object.values(template.findResources('AWS::CodeBuild::Project'));
    const evidence = projects.find((p) => JSON.stringify(p.Properties.Source.BuildSpec).includes('evidence.json'))!;
    expect(JSON.parse(evidence.Properties.Source.BuildSpec).phases.build.commands.join('\n')).toMatch(/nag\.mode!=='strict'.*Non-compliant/);
  });

  test("each agency deploys into its own account through that account's CDK bootstrap roles", () => {
    const deploys = pipeline.Stages.flatMap((s) => s.Actions).filter((a) => a.ActionTypeId.Category === 'Deploy');
    for (const a of deploys) {
      const account = String(a.Configuration!.StackName).startsWith('WickrKit-dta-') ? '444455556666' : '111122223333';
      const region = a.Region ?? 'ap-southeast-2';
      expect(JSON.stringify(a.RoleArn)).toContain(`:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-${region}`);
      expect(JSON.stringify(a.Configuration!.RoleArn)).toContain(`:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`);
    }
  });

  test('artifacts are encrypted with a rotated customer-managed key, versioned and access-logged; build logs are encrypted and kept', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'artifacts/' },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 2557 });
    // CodePipeline's artifact stores in the other Regions, hardened the same way.
    const support = kit.app.node.findAll().filter((c) => c.node.id.startsWith('cross-region-stack-'));
    expect(support.length).toBe(2);
  });

  test('the agency stacks sit in their Stages, with dependencies only inside a Stage', () => {
    const home = kit.agencies.find((a) => a.agency.id === 'dea')!;
    expect(home.regionStacks.map((s) => Stage.of(s)!.node.id)).toEqual(['dea-home', 'dea-regions', 'dea-regions']);
    for (const a of kit.agencies) for (const s of [...a.regionStacks, ...a.federationStacks]) for (const d of s.dependencies) expect(Stage.of(d)).toBe(Stage.of(s));
  });
});

describe('the pipeline under strict nag', () => {
  test('has zero open findings, and the evidence pack covers the stacks of every Stage', () => {
    const props = testAppProps();
    const kit = buildKitApp({ appProps: props, configPath: PIPELINE_EXAMPLE, nagMode: NagMode.STRICT });
    synthWithEvidence(kit.app, { recorder: kit.nagRecorder, nagMode: kit.nagMode, loaded: kit.loaded });
    const report = validationReport(props.outdir!);
    expect(report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName} ${v.ruleName} ${v.violatingConstructs[0]?.constructPath}`))).toEqual([]);
    const evidence = JSON.parse(readFileSync(join(props.outdir!, 'compliance', 'evidence.json'), 'utf8'));
    const stacks = new Set<string>(evidence.results.map((r: { stackName: string }) => r.stackName));
    for (const name of ['WickrKit-pipeline', 'WickrKit-dea-ap-southeast-2', 'WickrKit-dea-eu-west-2-federation', 'WickrKit-dta-ap-southeast-2']) expect(stacks).toContain(name);
    expect(evidence.nag.totals['Non-compliant']).toBe(0);
  });
});

describe('the pipeline plan', () => {
  const agency = (id: string, environment: string, regions: string[], extra = '') => `  - id: ${id}
    name: ${id}
    account: "${id === 'a' ? '111111111111' : '222222222222'}"
    environment: ${environment}
    recordsOwner: Records
    homeRegion: ${regions[0]}
    allowedRegions: [${regions.join(', ')}]
${extra}    networks:
${regions.map((r, i) => `      - { id: n${i}, name: ${id}-n${i}, region: ${r} }\n`).join('')}`;
  const config = (agencies: string, federation = '') => `version: 1
pipeline:
  account: "999988887777"
  region: ap-southeast-2
  source: { connectionArn: "arn:aws:codeconnections:ap-southeast-2:999988887777:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", repository: o/r }
agencies:
${agencies}${federation}`;

  test('the replication destination deploys with the home Region, before the Regions that replicate into it', () => {
    const plan = planPipeline(parseConfig(config(agency('a', 'production', ['ap-southeast-2', 'eu-west-2', 'us-east-1'], '    storage: { replicateTo: eu-west-2 }\n')), 't.yaml'));
    expect(plan.waves.map((w) => [w.id, w.stages.map((s) => s.stacks.map((x) => `${x.kind}:${x.region}`))])).toEqual([
      ['prod-home', [['region:ap-southeast-2', 'region:eu-west-2']]],
      ['prod-regions', [['region:us-east-1']]],
      ['prod-federation', [['federation:ap-southeast-2', 'federation:eu-west-2', 'federation:us-east-1']]],
    ]);
    expect(plan.waves[0].approval).toBe(true);
  });

  test('a non-production federation stack that names a production network waits for the production networks', () => {
    const agencies = agency('a', 'non-production', ['ap-southeast-2']) + agency('b', 'production', ['ap-southeast-2']).replace('222222222222', '111111111111');
    const federation = `federation:
  links:
    - between: [{ network: a/n0, groups: [Default] }, { network: b/n0, groups: [Default] }]
`;
    const plan = planPipeline(parseConfig(config(agencies, federation), 't.yaml'));
    expect(plan.waves.map((w) => [w.id, w.stages.map((s) => s.id)])).toEqual([
      ['nonprod-home', ['a-home']],
      ['prod-home', ['b-home']],
      ['prod-federation', ['a-federation', 'b-federation']],
    ]);
    expect(plan.guaranteedByWaves({ agencyId: 'a', region: 'ap-southeast-2', kind: 'federation' }, { agencyId: 'b', region: 'ap-southeast-2', kind: 'region' })).toBe(true);
  });

  test('waves are split at 50 stacks (CodePipeline actions per stage), the approval counting as one action', () => {
    const many = Array.from({ length: 60 }, (_, i) => agency('a', 'production', ['ap-southeast-2']).replace('id: a\n', `id: a${i}\n`).replace(/name: a-n0/, `name: a${i}-n0`)).join('');
    const plan = planPipeline(parseConfig(config(many), 't.yaml'));
    expect(plan.waves.map((w) => [w.id, w.stages.length])).toEqual([
      ['prod-home-1', 49],
      ['prod-home-2', 11],
      ['prod-federation-1', 50],
      ['prod-federation-2', 10],
    ]);
    expect(plan.problems).toEqual([]);
  });

  test('addKitStacks: a dependency between Stages that the order does not guarantee fails synth instead of being dropped', () => {
    const app = testApp();
    const parsed = parseConfig(config(agency('a', 'production', ['ap-southeast-2', 'eu-west-2'], '    storage: { replicateTo: ap-southeast-2 }\n')), 't.yaml');
    const stages: Record<string, Stage> = { 'ap-southeast-2': new Stage(app, 'one'), 'eu-west-2': new Stage(app, 'two') };
    expect(() => addKitStacks(app, parsed, { scopeFor: (p) => stages[p.region], orderedAcrossStages: () => false })).toThrow(
      /WickrKit-a-eu-west-2 must deploy after WickrKit-a-ap-southeast-2 \(replicates records into its bucket\), but they are in different Stages/,
    );
  });
});
