import { Template } from 'aws-cdk-lib/assertions';
import { buildKitApp } from '../../lib/kit-app';
import { NagMode } from '../../lib/nag/nag-mode';
import { KIT_TAGS } from '../../lib/stacks/kit-stacks';
import { EXAMPLE_CONFIG, testAppProps, validationReport } from '../helpers/kit';

describe('the example app', () => {
  const props = testAppProps();
  const kit = buildKitApp({ appProps: props, configPath: EXAMPLE_CONFIG, nagMode: NagMode.STRICT });
  const assembly = kit.app.synth();
  const stacks = kit.agencies[0].regionStacks;

  test('writes one template per Region of the example, home Region first', () => {
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(
      expect.arrayContaining(['WickrKit-dea-ap-southeast-2', 'WickrKit-dea-eu-west-2', 'WickrKit-dea-ap-northeast-1', 'WickrKit-dea-us-east-1']),
    );
    expect(stacks.map((s) => s.region)).toEqual(['ap-southeast-2', 'eu-west-2', 'ap-northeast-1', 'us-east-1']);
  });

  test('has zero unacknowledged nag findings in strict mode, and every acknowledgement carries a reason', () => {
    const report = validationReport(props.outdir!);
    const open = report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName} ${v.ruleName}`));
    expect(open).toEqual([]);
    const acknowledged = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) expect(a.reason).toMatch(/ISM-\d{4}.*wickr-cdk-kit acknowledgement "/);
  });

  test('stacks are termination-protected, described and tagged once with agency, classification and records owner', () => {
    for (const s of assembly.stacks) {
      expect(s.terminationProtection).toBe(true);
      expect(s.template.Description).toMatch(/^AWS Wickr for Department of External Affairs \(example\) in .* \(PROTECTED; records owner: .*\)\. wickr-cdk-kit \d+\.\d+\.\d+\.$/);
    }
    const template = Template.fromStack(stacks[0]);
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0];
    expect(key.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: KIT_TAGS.agency, Value: 'dea' },
        { Key: KIT_TAGS.classification, Value: 'PROTECTED' },
        { Key: KIT_TAGS.recordsOwner, Value: 'Information and Records Management Branch' },
        { Key: 'CostCentre', Value: 'DEA-ICT-0042' },
      ]),
    );
  });

  test('Regions that replicate records depend on the home Region, which replicates nowhere', () => {
    const [home, ...others] = stacks;
    for (const s of others) expect(s.dependencies).toContain(home);
    expect(home.dependencies).toEqual([]);
    expect(Template.fromStack(home).findResources('AWS::S3::Bucket', { Properties: { ReplicationConfiguration: {} } })).toEqual({});
  });

  test('nothing in any stack can delete stored records: keys and buckets are retained, locks are COMPLIANCE', () => {
    for (const s of stacks) {
      const template = Template.fromStack(s).toJSON();
      for (const [id, r] of Object.entries(template.Resources as Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties?: any }>)) {
        if (r.Type === 'AWS::KMS::Key' || r.Type === 'AWS::S3::Bucket') {
          expect([id, r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual([id, 'Retain', 'Retain']);
        }
        if (r.Type === 'AWS::S3::Bucket' && r.Properties?.ObjectLockEnabled) {
          expect(r.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 2557 });
        }
      }
    }
  });

  test('synth needed no context lookups', () => {
    expect(assembly.manifest.missing ?? []).toEqual([]);
  });
});
