import { buildKitApp } from '../../lib/kit-app';
import { NagMode } from '../../lib/nag/nag-mode';
import { EXAMPLE_CONFIG, testAppProps, validationReport } from '../helpers/kit';

/**
 * The CI gate for aws-cdk-lib's built-in CloudFormation schema validator. It costs ~4.5 s and
 * ~330 MB, so it runs here once, on the example, and is off everywhere else (README, "CI").
 */
describe('CloudFormation schema validation (CI gate)', () => {
  test('the example passes the built-in CloudFormation validator with no findings', () => {
    const props = testAppProps({ '@aws-cdk/core:validateAgainstDefaultRules': true });
    const kit = buildKitApp({ appProps: { ...props, builtinCloudFormationValidation: true }, configPath: EXAMPLE_CONFIG, nagMode: NagMode.OFF });
    const previous = process.env.CDK_VALIDATION;
    delete process.env.CDK_VALIDATION;
    try {
      kit.app.synth();
    } finally {
      process.env.CDK_VALIDATION = previous;
    }
    const report = validationReport(props.outdir!);
    const findings = report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`));
    expect(findings).toEqual([]);
    expect(report.pluginReports.map((r) => r.pluginName)).toEqual([]); // no plugin had anything to say
  });
});
