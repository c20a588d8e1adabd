import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMode } from './nag-mode';

/**
 * Wraps a validation plugin (a cdk-nag pack) to apply the kit's strictness.
 *
 * cdk-nag 3 reports a pack as failed whenever it has any violation, so warnings fail synth too.
 * CDK, once it has moved acknowledged findings aside, re-judges a report by severity instead,
 * so the same warning may or may not fail depending on whether anything else was acknowledged.
 * This wrapper makes the outcome explicit and stable:
 *
 * - strict: warnings are raised to errors (the original severity is kept in `ruleMetadata`), so
 *   every unacknowledged finding fails synth however CDK re-judges the report;
 * - advisory: only errors fail; warnings stay in the report.
 *
 * The wrapper keeps the pack's name, because CDK derives the acknowledgement namespace
 * (`AwsSolutions::AwsSolutions-S1`) from it.
 */
export class StrictnessPlugin implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  public readonly ruleIds?: string[];

  constructor(
    private readonly inner: IPolicyValidationPlugin,
    public readonly mode: NagMode.STRICT | NagMode.ADVISORY,
  ) {
    this.name = inner.name;
    this.version = inner.version;
    this.ruleIds = inner.ruleIds;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.inner.validate(context);
    if (this.mode === NagMode.STRICT) {
      const violations = report.violations.map((v) =>
        v.severity === 'warning'
          ? { ...v, severity: 'error', ruleMetadata: { ...(v.ruleMetadata ?? {}), originalSeverity: 'warning', raisedBy: 'wickr-cdk-kit strict mode' } }
          : v,
      );
      return { ...report, violations, success: violations.length === 0 };
    }
    return { ...report, success: report.violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal') };
  }
}
