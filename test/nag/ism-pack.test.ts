import { App, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Duration } from 'aws-cdk-lib';
import { parseConfig } from '../../lib/config/loader';
import { RecordsRetention, RetentionStorage } from '../../lib/constructs/retention-storage';
import { IsmChecks, ismRuleIds } from '../../lib/nag/ism-checks';
import { addKitNagPacks } from '../../lib/nag/kit-nag';
import { NagMode } from '../../lib/nag/nag-mode';
import { setIsmPolicy } from '../../lib/nag/rules/policy';
import { StrictnessPlugin } from '../../lib/nag/strictness-plugin';
import { WickrRegionStack } from '../../lib/stacks/wickr-region-stack';
import { testAppProps, validationReport } from '../helpers/kit';

const CONFIG = `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2]
`;

describe('the ISM pack', () => {
  test('is named ISM (the acknowledgement namespace) and reports rule ids as ISM-<rule>', () => {
    const pack = new IsmChecks();
    expect(pack.name).toBe('ISM');
    expect(ismRuleIds()).toEqual(expect.arrayContaining(['ISM-DataResidency', 'ISM-S3CMKEncryption', 'ISM-CloudTrailCoverage', 'ISM-NoIAMUsers']));
    expect(new Set(ismRuleIds()).size).toBe(ismRuleIds().length);
  });

  test('fails synth for a kit stack in a Region outside allowedRegions, naming ISM-1572 and the Region', () => {
    const agency = parseConfig(CONFIG, 'test.yaml').agencies[0];
    const app = new App(testAppProps());
    // Bypasses the config validator on purpose: the pack is the second line of defence.
    new WickrRegionStack(app, 'Outside', { agency, region: 'eu-west-2' });
    addKitNagPacks(app, { mode: NagMode.STRICT });
    expect(() => app.synth()).toThrow(/Stack WickrKit-dea-eu-west-2 is in Region eu-west-2, outside the agency's allowedRegions \(ap-southeast-2\): data residency \(ISM-1572\)/);
  });

  test('an acknowledgement in the ISM:: namespace moves the finding to suppressedViolations with its reason', () => {
    const props = testAppProps();
    const app = new App(props);
    const stack = new Stack(app, 'S', { env: { region: 'ap-southeast-2', account: '111122223333' } });
    new s3.Bucket(stack, 'Plain', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, minimumTLSVersion: 1.2 });
    Validations.of(stack).acknowledge({ id: 'ISM::ISM-S3CMKEncryption', reason: 'test reason' });
    Validations.of(app).addPlugins(new StrictnessPlugin(new IsmChecks(app), NagMode.STRICT));
    app.synth();
    const ism = validationReport(props.outdir!).pluginReports.find((r) => r.pluginName === 'ISM')!;
    expect(ism.violations).toEqual([]);
    expect(ism.suppressedViolations).toContainEqual(expect.objectContaining({ ruleName: 'ISM-S3CMKEncryption', reason: 'test reason' }));
  });

  describe('warnings (GOVERNANCE-mode records)', () => {
    function governanceApp(mode: NagMode.STRICT | NagMode.ADVISORY) {
      const props = testAppProps();
      const app = new App(props);
      const stack = new Stack(app, 'S', { env: { region: 'ap-southeast-2', account: '111122223333' } });
      new RetentionStorage(stack, 'R', { encryptionKey: new kms.Key(stack, 'K', { enableKeyRotation: true }), retention: RecordsRetention.governance(Duration.days(2557)) });
      // Record access is covered elsewhere (ISM-RecordsAccessLogged): only the lock mode is under test.
      setIsmPolicy(stack, { organizationTrailRecordsDataEvents: true });
      Validations.of(app).addPlugins(new StrictnessPlugin(new IsmChecks(app), mode));
      return { app, outdir: props.outdir! };
    }

    test('advisory: reported, not fatal', () => {
      const { app, outdir } = governanceApp(NagMode.ADVISORY);
      expect(() => app.synth()).not.toThrow();
      const ism = validationReport(outdir).pluginReports.find((r) => r.pluginName === 'ISM')!;
      expect(ism.violations.map((v) => [v.ruleName, v.severity])).toEqual([['ISM-RecordsComplianceMode', 'warning']]);
    });

    test('strict: fails synth naming the rule', () => {
      const { app } = governanceApp(NagMode.STRICT);
      expect(() => app.synth()).toThrow(/ERROR The records bucket's Object Lock default mode is GOVERNANCE[\s\S]*ISM::ISM-RecordsComplianceMode/);
    });
  });
});
