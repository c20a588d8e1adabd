import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { LoadedConfig } from './config/loader';
import { writeFederationMapFiles } from './federation/map';
import type { IsmOscal } from './nag/baseline/ism-oscal';
import type { NagRecorder } from './nag/evidence/recorder';
import { COMPLIANCE_DIR, synthWithEvidence } from './nag/evidence/writer';
import { kitNagOf } from './nag/kit-nag';
import { NagMode } from './nag/nag-mode';

export interface EvidencePackOptions {
  /**
   * Every nag result, recorded while the packs ran.
   * @default - the recorder given to `addKitNagPacks` for this app
   */
  readonly recorder?: NagRecorder;
  /**
   * The nag mode the packs ran in, for the reports.
   * @default - the mode `addKitNagPacks` applied to this app; `off` when it was not called
   */
  readonly nagMode?: NagMode;
  /**
   * The config the app was built from, for the SHA-256 of the config and the agency summary.
   * @default - none: the pack describes the app's stacks and results only
   */
  readonly loaded?: LoadedConfig;
  /**
   * The ASD's OSCAL edition of the ISM (`readIsmOscal(folder)`), to evaluate the baseline of the
   * agency's classification: a responsibility and a verdict for every control.
   * @default - the baseline is not evaluated, and the pack says how to supply it
   */
  readonly ismOscal?: IsmOscal;
  /**
   * The clock of the synth: the pack's date, and the day risk acceptances are reviewed against.
   * @default - now
   */
  readonly generatedAt?: Date;
}

export interface EvidencePack {
  /** The synthesized cloud assembly. */
  readonly assembly: CloudAssembly;
  /** The evidence pack's folder, `<assembly>/compliance/`. */
  readonly directory: string;
  /** `federation-map.md` and `.json` beside the templates, when the app has federation. */
  readonly federationMapFiles: readonly string[];
}

/**
 * Synthesizes `app` (or takes the assembly an earlier `app.synth()` made) and writes the evidence
 * pack to `<outdir>/compliance/` and the federation map beside the templates: what `cdk synth` of the
 * kit's own app writes. Call it instead of `app.synth()` at the end of your app.
 *
 * The pack and the map are written even when the nag packs fail synth, so they show the open
 * findings; CDK's `ValidationFailed` error is then rethrown.
 *
 * @example
 * const app = new App();
 * addKitNagPacks(app, { recorder: new NagRecorder() });
 * // ... your stacks, with the kit's constructs ...
 * writeEvidencePack(app);
 */
export function writeEvidencePack(app: App, options: EvidencePackOptions = {}): EvidencePack {
  const registered = kitNagOf(app);
  const nagMode = options.nagMode ?? registered?.mode ?? NagMode.OFF;
  const recorder = options.recorder ?? registered?.recorder;
  if (nagMode !== NagMode.OFF && !recorder) {
    throw new Error(
      `the nag packs run on this app (${nagMode}) without a recorder, so the evidence pack would show every control as not checked: ` +
        'add them with addKitNagPacks(app, { recorder: new NagRecorder() }), or pass writeEvidencePack(app, { recorder })',
    );
  }
  let assembly: CloudAssembly;
  try {
    assembly = synthWithEvidence(app, { recorder, nagMode, loaded: options.loaded, ismOscal: options.ismOscal, generatedAt: options.generatedAt });
  } catch (e) {
    // The federation map describes the app, not the findings: written either way.
    writeFederationMapFiles(app, app.outdir);
    throw e;
  }
  const federationMapFiles = writeFederationMapFiles(app, app.outdir);
  return { assembly, directory: join(assembly.directory, COMPLIANCE_DIR), federationMapFiles };
}
