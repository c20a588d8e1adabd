import { App, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { NagRecorder } from './evidence/recorder';
import { markNagOff } from './acknowledgements';
import { NagMode, resolveNagMode } from './nag-mode';
import { StrictnessPlugin } from './strictness-plugin';

export interface KitNagOptions {
  /** @default - from context/env, see `resolveNagMode` */
  readonly mode?: NagMode;
  /**
   * Records every rule × resource result of the packs, for the evidence pack (cdk-nag itself keeps
   * only violations).
   * @default - no recording
   */
  readonly recorder?: NagRecorder;
}

/** What `addKitNagPacks` registered on an app. */
export interface KitNagRegistration {
  readonly mode: NagMode;
  readonly recorder?: NagRecorder;
}

const registered = new WeakMap<IConstruct, KitNagRegistration>();

/** The mode and recorder `addKitNagPacks` registered on the app of `scope` (`writeEvidencePack` reads them), if it was called. */
export function kitNagOf(scope: IConstruct): KitNagRegistration | undefined {
  return registered.get(scope.node.root);
}

/**
 * Registers the nag packs the kit runs on every app: AWS Solutions, NIST 800-53 rev 5 and the
 * kit's ISM pack, each wrapped for the kit's strictness. cdk-nag is loaded only here, so an app with nag off does not
 * pay for loading it.
 *
 * @returns the mode in effect
 */
export function addKitNagPacks(app: App, options: KitNagOptions = {}): NagMode {
  const mode = options.mode ?? resolveNagMode(app.node);
  registered.set(app.node.root, { mode, recorder: options.recorder });
  if (mode === NagMode.OFF) {
    markNagOff(app);
    return mode;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nag = require('cdk-nag') as typeof import('cdk-nag');
  const packs: IPolicyValidationPlugin[] = options.recorder
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('./evidence/recording-packs') as typeof import('./evidence/recording-packs')).recordingKitPacks(app, options.recorder)
    : // eslint-disable-next-line @typescript-eslint/no-require-imports
      [new nag.AwsSolutionsChecks(app), new nag.NIST80053R5Checks(app), new (require('./ism-checks') as typeof import('./ism-checks')).IsmChecks(app)];
  Validations.of(app).addPlugins(...packs.map((p) => new StrictnessPlugin(p, mode)));
  return mode;
}
