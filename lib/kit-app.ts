import { Annotations, App, AppProps } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { ConfigProblem, KitConfigError, formatProblem } from './config/errors';
import { DEFAULT_CONFIG_PATH, LoadedConfig, loadConfigFile } from './config/loader';
import { writeEvidencePack } from './evidence-pack';
import { IsmOscal, readIsmOscal } from './nag/baseline/ism-oscal';
import { profileLevelOf } from './nag/baseline/types';
import { evidenceGateProblems } from './nag/evidence-gate';
import { NagRecorder } from './nag/evidence/recorder';
import { addKitNagPacks } from './nag/kit-nag';
import { NagMode } from './nag/nag-mode';
import { applyRiskAcceptances, isoDay } from './nag/risk-acceptances';
import { setIsmPolicy } from './nag/rules/policy';
import { AgencyStacks, addKitStacks } from './stacks/kit-stacks';
import type { WickrPipelineStack } from './stacks/wickr-pipeline-stack';

export interface KitAppOptions {
  /** Props for the CDK App (context, outdir, ...). */
  readonly appProps?: AppProps;
  /** Config file to load. @default - context `config`, else `config/example.yaml` */
  readonly configPath?: string;
  /** Use this already-loaded config instead of reading a file. */
  readonly loaded?: LoadedConfig;
  /** Nag mode. @default - context `nag`/`strict`, else strict under CI, else advisory */
  readonly nagMode?: NagMode;
  /**
   * Folder with the ASD's OSCAL edition of the ISM (ISM_catalog.json and the baseline profiles),
   * read when nag runs so the evidence pack evaluates every control of the agency's baseline.
   * @default - context `ismOscal`, else the config's `evidence.ismOscal`, else the baseline is not evaluated
   */
  readonly ismOscal?: string;
  /**
   * The clock of the synth: the evidence pack's date, and the day risk acceptances are reviewed against.
   * @default - now
   */
  readonly now?: Date;
}

export interface KitApp {
  readonly app: App;
  readonly loaded: LoadedConfig;
  readonly agencies: AgencyStacks[];
  /** The pipeline stack, when the config enables `pipeline`. */
  readonly pipelineStack?: WickrPipelineStack;
  readonly nagMode: NagMode;
  /** Every nag result, recorded for the evidence pack (absent when nag is off). */
  readonly nagRecorder?: NagRecorder;
  /** The ASD's OSCAL, when a folder was given and nag runs. */
  readonly ismOscal?: IsmOscal;
  /** The clock of the synth. */
  readonly now: Date;
  /**
   * What would make the evidence wrong (expired risk acceptances, cited ids the catalog lacks):
   * warnings unless strict; in strict mode `synthKitApp` fails on them after writing the pack.
   */
  readonly evidenceProblems: readonly ConfigProblem[];
}

/**
 * Builds the kit's CDK app from a config: loads and validates the config once, composes the
 * stacks. Throws `KitConfigError` (every problem, one line each) when the config is bad.
 */
export function buildKitApp(options: KitAppOptions = {}): KitApp {
  // The built-in CloudFormation schema validator costs ~4.5 s and ~330 MB per synth; the kit runs it
  // once, deliberately, as a CI gate (test/app/cfn-validate.test.ts), or on demand with -c cfnValidate=true.
  const app = new App({
    builtinCloudFormationValidation: cliContextFlag('cfnValidate'),
    // No construct stack traces unless debugging (`cdk --debug` sets CDK_DEBUG): they cost synth time,
    // and the CLI would print a bundle line number above every annotation.
    ...options.appProps,
    context: { ...(process.env.CDK_DEBUG ? {} : { 'aws:cdk:disable-stack-trace': true }), ...options.appProps?.context },
  });
  const configPath = options.configPath ?? (app.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_PATH;
  const loaded = options.loaded ?? loadConfigFile(configPath);
  // With a pipeline section, the agencies' stacks go into the pipeline's Stages (docs/operators/scale-out.md).
  // Loaded only when enabled: CDK Pipelines brings CodePipeline and CodeBuild modules every other synth can skip.
  const pipelineStack = loaded.config.pipeline?.enabled
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      new (require('./stacks/wickr-pipeline-stack') as typeof import('./stacks/wickr-pipeline-stack')).WickrPipelineStack(app, loaded.config.pipeline.stackName, {
        config: loaded.config,
        configPath: loaded.source,
      })
    : undefined;
  const agencies = pipelineStack ? pipelineStack.agencies : addKitStacks(app, loaded.config, { defaultAccount: process.env.CDK_DEFAULT_ACCOUNT });
  // The ISM pack's log retention floor is the config's; each Region stack adds its agency's facts.
  setIsmPolicy(app, { minimumLogRetentionDays: loaded.config.policy.minimumLogRetentionDays });
  applyRiskAcceptances(agencies, loaded.config.agencies);
  const recorder = new NagRecorder();
  const nagMode = addKitNagPacks(app, { mode: options.nagMode, recorder });
  const now = options.now ?? new Date();
  // The catalog (2.5 MB) is read only when it is given and nag runs: other synths never pay for it.
  const fromContext = options.ismOscal ?? (app.node.tryGetContext('ismOscal') as string | undefined);
  const oscalPath = fromContext ?? loaded.config.evidence.ismOscal;
  const oscalSource = fromContext !== undefined ? '-c ismOscal' : `${loaded.source}:evidence.ismOscal`;
  const levels = loaded.config.agencies.map((a) => profileLevelOf(a.classification) ?? 'PROTECTED');
  const ismOscal = nagMode !== NagMode.OFF && oscalPath ? readIsmOscal(oscalPath, levels, oscalSource) : undefined;
  const evidenceProblems = evidenceGateProblems({ config: loaded.config, today: isoDay(now), ismOscal, ismOscalSource: `${oscalSource} ${oscalPath}`, root: app });
  if (nagMode !== NagMode.STRICT) {
    for (const p of evidenceProblems) Annotations.of(app).addWarningV2('wickr-kit:evidence', formatProblem(loaded.source, p));
  }
  return { app, loaded, agencies, pipelineStack, nagMode, nagRecorder: nagMode === NagMode.OFF ? undefined : recorder, ismOscal, now, evidenceProblems };
}

/**
 * Synthesizes the kit's app as `cdk synth` runs it: the templates, then the evidence pack
 * (`compliance/`) and the federation map beside them, through `writeEvidencePack` (which an app of
 * your own calls the same way). Both are written even when nag fails synth, so they show the
 * findings; the error (`ValidationFailed`) is then rethrown. In strict mode, the evidence problems
 * (`KitApp.evidenceProblems`) then fail synth too, as a `KitConfigError`.
 */
export function synthKitApp(kit: KitApp): CloudAssembly {
  const { assembly } = writeEvidencePack(kit.app, { recorder: kit.nagRecorder, nagMode: kit.nagMode, loaded: kit.loaded, ismOscal: kit.ismOscal, generatedAt: kit.now });
  if (kit.nagMode === NagMode.STRICT && kit.evidenceProblems.length > 0) throw new KitConfigError(kit.loaded.source, kit.evidenceProblems);
  return assembly;
}

/**
 * The one line `cdk synth` and `cdk diff` print when agencies name no `account` and the CDK CLI found
 * no AWS credentials (it sets CDK_DEFAULT_ACCOUNT when it can resolve one): synth works account-agnostic,
 * but diff and deploy then fail with CDK's generic "Unable to resolve AWS account", once per stack.
 * Undefined when every agency's account is known.
 */
export function accountHint(kit: Pick<KitApp, 'loaded'>, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.CDK_DEFAULT_ACCOUNT) return undefined;
  const unknown = kit.loaded.config.agencies.map((a, i) => ({ id: a.id, path: `agencies[${i}]`, account: a.account })).filter((a) => a.account === undefined);
  if (unknown.length === 0) return undefined;
  const named = unknown.map((a) => `${a.id} (${a.path})`).join(', ');
  return (
    `wickr-cdk-kit: no AWS account is known for agency ${named}: the config names none and the CDK CLI found no AWS credentials. ` +
    `cdk synth works without one, but cdk diff and cdk deploy need it: add account: "<12-digit account id>" to ${unknown.map((a) => a.path).join(', ')} ` +
    `in ${kit.loaded.source}, or run with credentials for the agency's account (AWS_PROFILE, or aws sso login)`
  );
}

/** Reads a boolean `-c key=true` the CDK CLI passed, before the App exists to ask. */
function cliContextFlag(key: string): boolean {
  try {
    const value = (JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as Record<string, unknown>)[key];
    return value === true || value === 'true';
  } catch {
    return false;
  }
}
