/**
 * The kit's nag packs with result recording: each is the upstream pack (or the ISM pack) with its
 * rule applications passed through a `NagRecorder`. What the packs report is unchanged.
 */
import { IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks, IApplyRule, NIST80053R5Checks, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { IsmChecks } from '../ism-checks';
import { NagRecorder } from './recorder';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PackClass = new (...args: any[]) => NagPack;

/** A subclass of a pack that records every rule result into `recorder`. */
export function recordingPack<T extends PackClass>(Base: T, recorder: NagRecorder): T {
  // Declared abstract only because NagPack's members are abstract to the type checker; every Base
  // passed in is a concrete pack.
  abstract class Recording extends Base {
    public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
      recorder.begin(this.readPackName);
      return super.validate(context);
    }

    protected applyRule(params: IApplyRule): void {
      super.applyRule(recorder.wrap(this.readPackName, params));
    }
  }
  return Recording as unknown as T;
}

/** The three packs the kit runs, recording into `recorder`. */
export function recordingKitPacks(scope: IConstruct, recorder: NagRecorder, props?: NagPackProps): NagPack[] {
  const Aws = recordingPack(AwsSolutionsChecks, recorder);
  const Nist = recordingPack(NIST80053R5Checks, recorder);
  const Ism = recordingPack(IsmChecks, recorder);
  return [new Aws(scope, props), new Nist(scope, props), new Ism(scope, props)];
}
