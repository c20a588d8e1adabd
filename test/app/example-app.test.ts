import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildKitApp, synthKitApp } from '../../lib/kit-app';
import { NagMode } from '../../lib/nag/nag-mode';
import { KIT_TAGS } from '../../lib/stacks/kit-stacks';
import { EXAMPLE_CONFIG, testAppProps, validationReport } from '../helpers/kit';

describe('the example app', () => {
  const props = testAppProps();
  const kit = buildKitApp({ appProps: props, configPath: EXAMPLE_CONFIG, nagMode: NagMode.STRICT });
  const assembly = synthKitApp(kit);
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

  test('every Region keeps a locked second copy: the posts in the home Region, the home Region in its records-only stack in Melbourne', () => {
    const [home, ...others] = stacks;
    for (const s of others) expect(s.dependencies).toContain(home);
    const [melbourne] = kit.agencies[0].recordsStacks;
    expect(melbourne.stackName).toBe('WickrKit-dea-ap-southeast-4-records');
    expect(home.dependencies).toEqual([melbourne]);
    const destinations = (s: typeof home) =>
      Object.values(Template.fromStack(s).findResources('AWS::S3::Bucket'))
        .flatMap((b) => b.Properties.ReplicationConfiguration?.Rules ?? [])
        .map((r: { Destination: { EncryptionConfiguration: { ReplicaKmsKeyID: unknown } } }) => JSON.stringify(r.Destination.EncryptionConfiguration.ReplicaKmsKeyID).match(/kms:([a-z0-9-]+):/)![1]);
    expect(stacks.map((s) => [s.region, destinations(s)])).toEqual([
      ['ap-southeast-2', ['ap-southeast-4']],
      ['eu-west-2', ['ap-southeast-2']],
      ['ap-northeast-1', ['ap-southeast-2']],
      ['us-east-1', ['ap-southeast-2']],
    ]);
    Template.fromStack(melbourne).hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: { ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } } }, ReplicationConfiguration: Match.absent() },
    });
  });

  test("every records bucket's object reads and writes are recorded by its own stack's trail, with log file validation", () => {
    for (const s of [...stacks, ...kit.agencies[0].recordsStacks]) {
      const template = Template.fromStack(s);
      const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } }));
      template.hasResourceProperties('AWS::CloudTrail::Trail', {
        EnableLogFileValidation: true,
        AdvancedEventSelectors: Match.arrayWith([
          {
            Name: 'Records buckets: every object read and write',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              { Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/']] }] },
            ],
          },
        ]),
      });
    }
  });

  test("the Region-restriction SCP keeps ec2:DescribeRegions working", () => {
    const scp = JSON.parse(readFileSync(join(props.outdir!, 'compliance', 'region-restriction-scp-dea.json'), 'utf8'));
    expect(scp.Statement[0].NotAction).toContain('ec2:DescribeRegions');
    expect(scp.Statement[0].NotAction).not.toContain('kms:*');
    expect(scp.Statement[0].Condition.StringNotEquals['aws:RequestedRegion']).toEqual(['ap-southeast-2', 'ap-southeast-4', 'eu-west-2', 'ap-northeast-1', 'us-east-1']);
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
