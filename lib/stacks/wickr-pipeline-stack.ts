import { isAbsolute, relative, sep } from 'node:path';
import { Stack, StackProps, Stage } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { KitConfigError } from '../config/errors';
import { PipelinePlan, PlannedStage, planPipeline } from '../config/pipeline-plan';
import type { KitConfig, PipelineConfig } from '../config/config-types';
import { PipelineArtifactStore, hardenReplicationBucket } from '../constructs/pipeline-artifact-store';
import { acknowledge } from '../nag/acknowledgements';
import { KIT_PACKAGE, KIT_VERSION } from '../version';
import { AgencyStacks, addKitStacks } from './kit-stacks';

export interface WickrPipelineStackProps extends StackProps {
  /** The validated config; its `pipeline` section must be present. */
  readonly config: KitConfig;
  /** The config path this synth was given; the synth step uses it unless `pipeline.configPath` says otherwise. */
  readonly configPath: string;
  /**
   * Where the agencies' Stages are created (they are siblings of the pipeline stack, so their
   * assemblies are `assembly-<agency>-<phase>`). @default - the pipeline stack's scope
   */
  readonly stageScope?: Construct;
}

/** The name of the FileSet (and so of the pipeline artifact) holding the evidence pack. */
export const EVIDENCE_DIRECTORY = 'cdk.out/compliance';

/**
 * Scale-out delivery (docs/operators/scale-out.md): a CDK Pipelines pipeline (CodePipeline V2) in the
 * tooling account that
 *
 * 1. builds: `npm ci`, `npm test` and a synth with strict nag, keeping the evidence pack
 *    (`cdk.out/compliance/`) as a pipeline artifact of its own, which a step checks before any
 *    deployment;
 * 2. deploys each agency as Stages into its own account, in the waves of `planPipeline`: home Region
 *    (and the replication destination) first, the other Regions in parallel, federation last;
 *    non-production agencies before a manual approval, production agencies after it.
 *
 * Deployments use the CDK bootstrap roles of each agency account, which trust the tooling account
 * (`cdk bootstrap --trust`); artifacts cross accounts under a customer-managed KMS key.
 */
export class WickrPipelineStack extends Stack {
  public readonly pipeline: pipelines.CodePipeline;
  public readonly plan: PipelinePlan;
  /** The kit's stacks, in the Stages of the plan. */
  public readonly agencies: AgencyStacks[];
  /** The CDK Stages by id (`<agency>-<phase>`). */
  public readonly stages: ReadonlyMap<string, Stage>;
  public readonly artifactStore: PipelineArtifactStore;
  /** The evidence pack, as the synth step's second output. */
  public readonly evidence: pipelines.FileSet;
  public readonly settings: PipelineConfig;

  constructor(scope: Construct, id: string, props: WickrPipelineStackProps) {
    const settings = props.config.pipeline;
    if (!settings) throw new Error('WickrPipelineStack needs a config with a pipeline section');
    super(scope, id, {
      stackName: settings.stackName,
      terminationProtection: true,
      description: `wickr-cdk-kit ${KIT_VERSION} delivery pipeline: tests, strict nag and the evidence pack, then every agency in waves.`,
      ...props,
      env: { account: settings.account, region: settings.region },
    });
    this.settings = settings;
    this.plan = planPipeline(props.config);
    if (this.plan.problems.length > 0) throw new KitConfigError(props.configPath, this.plan.problems);

    // The agencies' Stages and stacks, placed by the plan.
    const stageScope = props.stageScope ?? scope;
    const agencies = new Map(props.config.agencies.map((a) => [a.id, a]));
    const stages = new Map<string, Stage>();
    for (const wave of this.plan.waves) {
      for (const s of wave.stages) {
        const agency = agencies.get(s.agencyId)!;
        stages.set(s.id, new Stage(stageScope, s.id, { env: { account: s.account, region: agency.homeRegion } }));
      }
    }
    this.stages = stages;
    this.agencies = addKitStacks(stageScope, props.config, {
      scopeFor: (p) => stages.get(this.plan.placementOf(p.agency.id, p.region, p.kind).stage.id)!,
      orderedAcrossStages: (dependent, dependency) =>
        this.plan.guaranteedByWaves(
          { agencyId: dependent.agency.id, region: dependent.region, kind: dependent.kind },
          { agencyId: dependency.agency.id, region: dependency.region, kind: dependency.kind },
        ),
    });

    this.artifactStore = new PipelineArtifactStore(this, 'ArtifactStore');
    const configPath = settings.configPath ?? synthConfigPath(props.configPath);
    const synth = new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.connection(settings.source.repository, settings.source.branch, {
        connectionArn: settings.source.connectionArn,
        triggerOnPush: settings.source.triggerOnPush,
      }),
      installCommands: ['npm ci'],
      commands: ['npm test', `npx cdk synth -c strict=true -c config=${shellQuote(configPath)}`],
      primaryOutputDirectory: 'cdk.out',
    });
    this.evidence = synth.addOutputDirectory(EVIDENCE_DIRECTORY);

    const cliVersion = awsCdkCliVersion();
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: settings.stackName,
      synth,
      crossAccountKeys: true,
      enableKeyRotation: true,
      artifactBucket: this.artifactStore.bucket,
      // One CloudFormation action per stack (no separate change-set action): half the actions, so a
      // wave holds up to 50 stacks within CodePipeline's actions-per-stage quota.
      useChangeSets: false,
      // One action publishes every file asset: each Region stack's drift check has an asset of its own
      // (its desired state beside the handler), and one action per asset would take CodeBuild builds and
      // pipeline stages away from the waves (the plan counts one Assets stage).
      publishAssetsInParallel: false,
      ...(cliVersion ? { cliVersion } : {}),
      codeBuildDefaults: {
        buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL },
        logging: { cloudWatch: { logGroup: this.artifactStore.buildLogs } },
        partialBuildSpec: codebuild.BuildSpec.fromObject({ phases: { install: { 'runtime-versions': { nodejs: '20' } } } }),
      },
      // The synth step runs the kit's test suite and three nag packs: a larger instance.
      synthCodeBuildDefaults: { buildEnvironment: { computeType: codebuild.ComputeType.MEDIUM } },
    });

    const evidenceCheck = new pipelines.CodeBuildStep('EvidencePack', {
      input: this.evidence,
      commands: [
        // The synth already failed on any open finding (strict nag); this records the totals in the
        // build log next to the artifact, and stops the deployment if the pack is missing or not strict.
        `node -e "${EVIDENCE_CHECK}"`,
      ],
    });
    this.plan.waves.forEach((w, i) => {
      const pre: pipelines.Step[] = [];
      if (i === 0) pre.push(evidenceCheck);
      if (w.approval) {
        const approval = new pipelines.ManualApprovalStep('ApproveProduction', {
          comment: `Deploy the production agencies (${productionAgencies(this.plan)}). Review the evidence pack artifact of this run first.${settings.approvers ? ` Approvers: ${settings.approvers}.` : ''}`,
        });
        if (i === 0) approval.addStepDependency(evidenceCheck);
        pre.push(approval);
      }
      const wave = this.pipeline.addWave(w.id, { pre });
      for (const s of w.stages) wave.addStage(stages.get(s.id)!);
    });
    this.pipeline.buildPipeline();
    // CodePipeline's artifact stores in the other Regions (support stacks in the tooling account).
    for (const support of Object.values(this.pipeline.pipeline.crossRegionSupport)) hardenReplicationBucket(support.replicationBucket);
    acknowledge(this.pipeline, 'cdkPipelinesGeneratedRoles');
  }
}

/** Checks the evidence pack in the build step: present, produced by strict nag, no open finding. */
const EVIDENCE_CHECK = [
  "const e=require('./evidence.json');",
  "const t=e.nag&&e.nag.totals;",
  "if(!t)throw new Error('evidence.json has no nag totals: the synth ran with nag off');",
  "console.log('evidence pack: nag mode '+e.nag.mode+'; '+JSON.stringify(t));",
  "if(e.nag.mode!=='strict')throw new Error('the evidence pack was not produced with strict nag');",
  "if(t['Non-compliant']>0)throw new Error(t['Non-compliant']+' open findings in the evidence pack');",
].join('');

function productionAgencies(plan: PipelinePlan): string {
  const ids = new Set<string>();
  for (const w of plan.waves) if (w.production) for (const s of w.stages as PlannedStage[]) ids.add(s.agencyId);
  return [...ids].join(', ');
}

/**
 * The config path for the synth step when the config does not set pipeline.configPath: the path this
 * synth was given, relative to the project (the build runs in a checkout of the repository).
 */
function synthConfigPath(given: string): string {
  const path = isAbsolute(given) ? relative(process.cwd(), given) : given;
  if (path === '' || isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw new KitConfigError(given, [
      { path: 'pipeline.configPath', message: "the config is outside the project, so the pipeline's synth step cannot read it from the repository; set pipeline.configPath to its path in the repository" },
    ]);
  }
  return path.split(sep).join('/');
}

/** Quotes a path for the shell of the build step. */
function shellQuote(path: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** The aws-cdk CLI version the kit is developed with (an exact pin), so the pipeline does not install "latest". */
function awsCdkCliVersion(): string | undefined {
  const v = KIT_PACKAGE.devDependencies?.['aws-cdk'];
  return v && /^\d+\.\d+\.\d+$/.test(v) ? v : undefined;
}
