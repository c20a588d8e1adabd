import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { KeyPurpose, RegionalKeys, regionalKeyAlias } from '../../lib/constructs/regional-keys';
import { testApp } from '../helpers/kit';

function stackWithKeys(props: ConstructorParameters<typeof RegionalKeys>[2] = { agencyId: 'dea' }) {
  const stack = new Stack(testApp(), 'Keys', { env: { region: 'ap-southeast-2' } });
  const keys = new RegionalKeys(stack, 'Keys', props);
  return {
    stack,
    keys,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

describe('RegionalKeys', () => {
  test('creates a retention key and a logs key, and a network key only when asked for (the live service never confirms it uses one)', () => {
    expect(stackWithKeys().keys.networkKey).toBeUndefined();
    stackWithKeys().template.resourceCountIs('AWS::KMS::Key', 2);
    const asked = stackWithKeys({ agencyId: 'dea', networkKey: true });
    asked.template.resourceCountIs('AWS::KMS::Key', 3);
    asked.template.hasResourceProperties('AWS::KMS::Key', { Description: 'wickr-cdk-kit dea: requested for AWS Wickr networks (not confirmed by the service)' });
    expect(() => stackWithKeys().keys.keyFor(KeyPurpose.NETWORK)).toThrow(/these RegionalKeys have no network key: create them with networkKey: true/);
  });

  test('creates one rotated, retained customer-managed key per purpose with a predictable alias', () => {
    const { template } = stackWithKeys({ agencyId: 'dea', networkKey: true });
    template.resourceCountIs('AWS::KMS::Key', 3);
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, RotationPeriodInDays: 365, PendingWindowInDays: 30 });
    const keys = template.findResources('AWS::KMS::Key');
    for (const key of Object.values(keys)) {
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
    }
    for (const purpose of Object.values(KeyPurpose)) {
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: regionalKeyAlias('dea', purpose) });
    }
  });

  test('lets CloudWatch Logs use the logs key only for log groups of this account and Region', () => {
    const { template } = stackWithKeys();
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('CloudWatch log groups'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsForThisAccountAndRegion',
            Principal: { Service: 'logs.ap-southeast-2.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('grants no service principal on the network and retention keys', () => {
    const { template } = stackWithKeys({ agencyId: 'dea', networkKey: true });
    const keys = Object.values(template.findResources('AWS::KMS::Key')).filter((k) => !/CloudWatch/.test(k.Properties.Description));
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      const principals = key.Properties.KeyPolicy.Statement.map((s: { Principal: unknown }) => JSON.stringify(s.Principal));
      expect(principals.join()).not.toMatch(/Service/);
    }
  });

  test('alarm publishing is granted only when asked for', () => {
    const { stack, keys } = stackWithKeys();
    keys.allowCloudWatchAlarms();
    keys.allowCloudWatchAlarms();
    const statements = Template.fromStack(stack).toJSON().Resources;
    const logsKey = Object.values(statements as Record<string, { Type: string; Properties: { Description: string; KeyPolicy: { Statement: { Sid?: string }[] } } }>).find(
      (r) => r.Type === 'AWS::KMS::Key' && /CloudWatch/.test(r.Properties.Description),
    )!;
    expect(logsKey.Properties.KeyPolicy.Statement.filter((s) => s.Sid === 'AllowCloudWatchAlarmsToPublishToEncryptedTopics')).toHaveLength(1);
  });

  test('keyFor maps purposes to keys, also for imported keys', () => {
    const { stack, keys } = stackWithKeys();
    expect(keys.keyFor(KeyPurpose.RETENTION)).toBe(keys.retentionKey);
    const imported = RegionalKeys.fromKeyArns(stack, 'Imported', {
      networkKeyArn: 'arn:aws:kms:ap-southeast-2:111122223333:key/11111111-1111-1111-1111-111111111111',
      retentionKeyArn: 'arn:aws:kms:ap-southeast-2:111122223333:key/22222222-2222-2222-2222-222222222222',
      logsKeyArn: 'arn:aws:kms:ap-southeast-2:111122223333:key/33333333-3333-3333-3333-333333333333',
    });
    expect(imported.keyFor(KeyPurpose.LOGS).keyArn).toContain('33333333');
  });

  test('a removal policy can be given explicitly', () => {
    const { template } = stackWithKeys({ agencyId: 'dea', removalPolicy: RemovalPolicy.DESTROY });
    for (const key of Object.values(template.findResources('AWS::KMS::Key'))) expect(key.DeletionPolicy).toBe('Delete');
  });

  test('fails when the rotation period is outside what KMS accepts', () => {
    expect(() => stackWithKeys({ agencyId: 'dea', rotationPeriod: Duration.days(30) })).toThrow(
      /Keys\/Keys:rotationPeriod: KMS rotates keys every 90 to 2560 days \(got 30; allowed 90\.\.2560 days\)/,
    );
  });

  test('fails when the alias prefix is reserved', () => {
    expect(() => stackWithKeys({ aliasPrefix: 'alias/aws/wickr' })).toThrow(/aliasPrefix: must start with "alias\/" and not with the reserved "alias\/aws\/"/);
  });
});
