/**
 * The `pipeline` section of the config: scale-out delivery through CDK Pipelines (CodePipeline V2).
 * Imported by schema.ts; the cross-field rules are in validator.ts (`checkPipeline`), and
 * lib/config/pipeline-plan.ts turns a valid config into the waves the pipeline deploys.
 *
 * Leaving the section out (or `enabled: false`) keeps the kit's default: every stack in one app,
 * deployed with `cdk deploy --all` (docs/operators/scale-out.md says when to use which).
 */
import { z } from 'zod';
import { visibleText } from './text';

/** The stack name of the pipeline when the config does not choose one. */
export const DEFAULT_PIPELINE_STACK_NAME = 'WickrKit-pipeline';

/** A CodeConnections (formerly CodeStar Connections) connection ARN; both service prefixes are accepted. */
export const CONNECTION_ARN = /^arn:aws(-us-gov|-cn)?:(codestar-connections|codeconnections):[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:connection\/[0-9a-f-]{36}$/;

export const PipelineSourceSchema = z
  .strictObject({
    connectionArn: z
      .string()
      .regex(CONNECTION_ARN, 'must be a CodeConnections connection ARN such as arn:aws:codeconnections:ap-southeast-2:111122223333:connection/<uuid>')
      .meta({
        description:
          'The CodeConnections (CodeStar Connections) connection to GitHub, GitHub Enterprise Server, GitLab or Bitbucket, created and authorised in the console beforehand. CodeCommit is closed to new customers, so the kit does not offer it.',
      }),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'name the repository as owner/name, e.g. dea-platform/wickr-deployment')
      .meta({ description: 'The repository holding this config and the kit, as owner/name.' }),
    branch: z.string().min(1).max(255).default('main').meta({ description: 'The branch the pipeline deploys (default main).' }),
    triggerOnPush: z.boolean().default(true).meta({ description: 'Start the pipeline on every push to the branch (default true).' }),
  })
  .meta({ description: 'Where the pipeline reads the kit and its config from.' });

export const PipelineSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .meta({ description: 'Build the pipeline stack instead of deploying agencies directly (default true when the section is present; false keeps the section but deploys with cdk deploy --all).' }),
    account: z
      .string()
      .regex(/^\d{12}$/, 'account must be a 12-digit AWS account id')
      .meta({ description: "The tooling account the pipeline runs in. Every agency account trusts it (cdk bootstrap --trust)." }),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS Region code such as ap-southeast-2')
      .meta({ description: 'The Region the pipeline runs in (its source and build actions run here; deployments go to each agency Region).' }),
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a stack name is letters, digits and hyphens, starting with a letter (at most 128)')
      .default(DEFAULT_PIPELINE_STACK_NAME)
      .meta({ description: `Name of the pipeline stack and of the pipeline (default ${DEFAULT_PIPELINE_STACK_NAME}).` }),
    source: PipelineSourceSchema,
    configPath: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          'The config the synth step passes to cdk synth (-c config=<path>), relative to the repository root: a file or a folder of agency configs. Default: the path this synth was given.',
      }),
    approvers: visibleText(z.string().max(500))
      .optional()
      .meta({ description: 'Who approves production deployments, shown on the manual approval (e.g. "Wickr service owner, Platform CAB"). Default: a generic instruction.' }),
  })
  .meta({
    description:
      'Scale-out delivery (docs/operators/scale-out.md): a CDK Pipelines pipeline in a tooling account that runs the tests and strict nag, keeps the evidence pack as a pipeline artifact, and deploys each agency as Stages into its own account, Regions in waves, production after a manual approval.',
  });

export type PipelineConfig = z.output<typeof PipelineSchema>;
