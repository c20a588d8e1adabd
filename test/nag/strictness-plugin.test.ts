import { App, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagMode, resolveNagMode } from '../../lib/nag/nag-mode';
import { StrictnessPlugin } from '../../lib/nag/strictness-plugin';
import { addKitNagPacks } from '../../lib/nag/kit-nag';
import { testAppProps, validationReport } from '../helpers/kit';

class FakePack implements IPolicyValidationPlugin {
  public readonly name = 'Fake';
  constructor(private readonly severities: string[]) {}
  public validate(_: IPolicyValidationContext): PolicyValidationPluginReport {
    return {
      success: this.severities.length === 0,
      violations: this.severities.map((severity, i) => ({ ruleName: `Fake-R${i}`, description: 'd', severity, violatingResources: [] })),
    };
  }
}

const ctx = {} as IPolicyValidationContext;

describe('StrictnessPlugin', () => {
  test('strict: a warning fails and is raised to an error, keeping its original severity', () => {
    const report = new StrictnessPlugin(new FakePack(['warning']), NagMode.STRICT).validate(ctx);
    expect(report.success).toBe(false);
    expect(report.violations[0].severity).toBe('error');
    expect(report.violations[0].ruleMetadata).toEqual({ originalSeverity: 'warning', raisedBy: 'wickr-cdk-kit strict mode' });
  });

  test('advisory: warnings are reported but do not fail; errors still fail', () => {
    const warn = new StrictnessPlugin(new FakePack(['warning']), NagMode.ADVISORY).validate(ctx);
    expect(warn.success).toBe(true);
    expect(warn.violations).toHaveLength(1);
    expect(new StrictnessPlugin(new FakePack(['warning', 'error']), NagMode.ADVISORY).validate(ctx).success).toBe(false);
  });

  test('keeps the pack name, which CDK uses as the acknowledgement namespace', () => {
    expect(new StrictnessPlugin(new FakePack([]), NagMode.STRICT).name).toBe('Fake');
  });
});

describe('nag mode', () => {
  const node = (context: Record<string, unknown>) => new App({ context }).node;
  test('context wins; CI means strict; otherwise advisory', () => {
    expect(resolveNagMode(node({ nag: 'off' }), { CI: 'true' })).toBe(NagMode.OFF);
    expect(resolveNagMode(node({ strict: 'true' }), {})).toBe(NagMode.STRICT);
    expect(resolveNagMode(node({}), { CI: 'true' })).toBe(NagMode.STRICT);
    expect(resolveNagMode(node({}), { CI: 'false' })).toBe(NagMode.ADVISORY);
    expect(resolveNagMode(node({}), {})).toBe(NagMode.ADVISORY);
  });

  test('fails on an unknown mode, naming the allowed ones', () => {
    expect(() => resolveNagMode(node({ nag: 'lenient' }), {})).toThrow('context nag=lenient is not a nag mode; use one of strict, advisory, off');
  });
});

describe('kit nag packs on a real stack', () => {
  function appWithUnencryptedBucket(mode: NagMode) {
    const props = testAppProps();
    const app = new App({ ...props, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Bad', { env: { region: 'ap-southeast-2' } });
    new s3.Bucket(stack, 'Plain', { encryption: s3.BucketEncryption.S3_MANAGED });
    addKitNagPacks(app, { mode });
    return { app, stack, outdir: props.outdir! };
  }

  test('strict: an unacknowledged finding fails synth and names the rule', () => {
    const { app } = appWithUnencryptedBucket(NagMode.STRICT);
    expect(() => app.synth()).toThrow(/AwsSolutions-S1|NIST\.800\.53\.R5-S3DefaultEncryptionKMS/);
  });

  test('an acknowledgement in namespaced form moves the finding to suppressedViolations with its reason', () => {
    const { app, stack, outdir } = appWithUnencryptedBucket(NagMode.ADVISORY);
    Validations.of(stack).acknowledge({ id: 'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'test reason' });
    expect(() => app.synth()).toThrow(); // other findings remain errors
    const nist = validationReport(outdir).pluginReports.find((r) => r.pluginName === 'NIST.800.53.R5')!;
    expect(nist.suppressedViolations).toContainEqual(
      expect.objectContaining({ ruleName: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'test reason', acknowledgedAt: 'Bad' }),
    );
    expect(nist.violations.map((v) => v.ruleName)).not.toContain('NIST.800.53.R5-S3DefaultEncryptionKMS');
  });

  test('off: nothing runs', () => {
    const { app } = appWithUnencryptedBucket(NagMode.OFF);
    expect(() => app.synth()).not.toThrow();
  });
});
