import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DRIFT_CHECK } from '../../lambda/handlers/drift/names';
import type { DriftDesiredState } from '../../lambda/shared/drift';
import { driftDesiredStates } from '../../lib/config/drift-plan';
import { parseConfig } from '../../lib/config/loader';
import { DriftDetection, type DriftDetectionProps } from '../../lib/constructs/drift-detection';
import { RegionalKeys } from '../../lib/constructs/regional-keys';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import { WickrRegionStack } from '../../lib/stacks/wickr-region-stack';
import { testApp } from '../helpers/kit';
import { problemLines } from '../helpers/problems';

const CONFIG = `version: 1
agencies:
  - id: dea
    name: Test agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2, eu-west-2]
    networks:
      - id: canberra
        name: dea-canberra
        region: ap-southeast-2
        adoptNetworkId: "12345678"
        settings: { readReceipts: ENABLED }
        securityGroups: [{ name: Staff, default: true, maxTtl: 30d }]
      - { id: london, name: dea-london, region: eu-west-2 }
federation:
  links:
    - between: [{ network: dea/canberra, groups: [Staff] }, { network: dea/london, groups: [Default] }]
`;

const config = parseConfig(CONFIG, 'test.yaml');
const [state] = driftDesiredStates(config, { region: 'ap-southeast-2' });

function make(props: Partial<DriftDetectionProps> = {}, app: App = testApp()) {
  const stack = new Stack(app, 'Drift', { env: { region: 'ap-southeast-2', account: '111122223333' } });
  const keys = new RegionalKeys(stack, 'Keys', { agencyId: 'dea' });
  const networks = [WickrNetwork.fromNetworkId(stack, 'Canberra', '12345678')];
  const drift = new DriftDetection(stack, 'Drift', { desiredState: state, networks, keys, ...props });
  return { app, stack, drift, keys, template: () => Template.fromStack(stack) };
}

function statements(template: Template): any[] {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) => String(p.Properties.Description).startsWith('wickr-cdk-kit drift check: read'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

describe('DriftDetection', () => {
  test('runs daily by default on EventBridge Scheduler, with a role that can only invoke the function', () => {
    const { template } = make();
    template().hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 day)',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DriftFunction'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
    template().hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DriftFunction'), 'Arn'] }, Sid: 'InvokeTheDriftCheck' }] },
    });
    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } })] },
    });
  });

  test("its role gets only the read calls the desired state needs, the networks' id parameters, the topic, and metrics in the kit's namespace", () => {
    const stmts = statements(make().template());
    const bySid = Object.fromEntries(stmts.map((s) => [s.Sid, s]));
    expect(bySid.WickrReadsOfTheCheckedNetworks.Action).toEqual(['wickr:GetNetwork', 'wickr:GetNetworkSettings', 'wickr:ListSecurityGroups']);
    expect(bySid.WickrListNetworksHasNoResourceScope).toMatchObject({ Action: 'wickr:ListNetworks', Resource: '*' });
    // The adopted network's id is in the config; only its peer's parameter (another Region) is read.
    expect(JSON.stringify(bySid.ReadNetworkIdsTheStacksWrote)).toMatch(/arn:aws:ssm:eu-west-2:111122223333:parameter\/wickr-kit\/dea\/london\/network-id/);
    expect(bySid.PutDriftMetricsInTheKitNamespaceOnly).toMatchObject({ Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'WickrKit/Drift' } } });
    expect(bySid.PublishToTheDriftTopic.Action).toBe('sns:Publish');
    const actions = stmts.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => /^wickr:/.test(a) && !/^wickr:(Get|List)/.test(a))).toEqual([]);
    expect(actions.some((a: string) => a.startsWith('securityhub:'))).toBe(false);
  });

  test('with Security Hub on, it may import and read its own findings only', () => {
    const { template } = make({ securityHub: true });
    const bySid = Object.fromEntries(statements(template()).map((s) => [s.Sid, s]));
    expect(bySid.ImportOwnFindings.Action).toBe('securityhub:BatchImportFindings');
    expect(JSON.stringify(bySid.ImportOwnFindings.Resource)).toContain(':product/111122223333/default');
    expect(JSON.stringify(bySid.ReadFindingsToResolveConverged.Resource)).toContain(':hub/default');
    template().hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { [DRIFT_CHECK.env.securityHubProductArn]: Match.anyValue() } } });
  });

  test('publishes to a topic encrypted with the logs key, alarms on drift and on a failed check, logs kept and encrypted', () => {
    const { template } = make({ notifyEmails: ['secops@dea.example.gov.au'] });
    template().hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysLogsKey'), 'Arn'] } });
    template().hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'secops@dea.example.gov.au' });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'WickrKit/Drift',
      MetricName: 'DriftedMembers',
      Dimensions: [{ Name: 'Agency', Value: 'dea' }],
      Threshold: 1,
      TreatMissingData: 'ignore',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^DriftTopic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^DriftTopic') }],
    });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    template().hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 2557, KmsKeyId: Match.anyValue() } });
    // CloudWatch alarms may use the logs key to publish to the encrypted topic.
    template().hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics', Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
  });

  test('its code asset carries the desired state beside the handler', () => {
    const { app } = make();
    const assembly = app.synth();
    const template = assembly.getStackByName('Drift').template as { Resources: Record<string, { Type: string; Properties: any }> };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).startsWith('wickr-cdk-kit drift check'))!;
    const dir = join(assembly.directory, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const written = JSON.parse(readFileSync(join(dir, DRIFT_CHECK.desiredStateFile), 'utf8')) as DriftDesiredState;
    expect(written).toEqual(state);
    expect(readFileSync(join(dir, 'index.js'), 'utf8').length).toBeGreaterThan(1000);
  });

  test('a changed desired state is a new asset (the function is updated with the config)', () => {
    const a = make().template().findResources('AWS::Lambda::Function');
    const other = { ...state, networks: [{ ...state.networks[0], accessLevel: 'STANDARD' as const }] };
    const b = make({ desiredState: other }).template().findResources('AWS::Lambda::Function');
    const key = (r: Record<string, any>) => Object.values(r).map((f) => f.Properties.Code?.S3Key).find(Boolean);
    expect(key(a)).not.toEqual(key(b));
  });

  test('fails when the schedule is not a recurring EventBridge Scheduler expression, or the networks do not match', () => {
    expect(problemLines(() => make({ schedule: scheduler.ScheduleExpression.expression('rate(5 minutes)') })).join('\n')).toMatch(/Drift\/Drift:schedule: .*at most hourly.*\(got "rate\(5 minutes\)"\)/);
    expect(problemLines(() => make({ schedule: scheduler.ScheduleExpression.expression('at(2027-01-01T00:00:00)') })).join('\n')).toMatch(/runs once/);
    const stack = new Stack(testApp(), 'X', { env: { region: 'ap-southeast-2', account: '111122223333' } });
    const keys = new RegionalKeys(stack, 'Keys');
    expect(problemLines(() => new DriftDetection(stack, 'D', { desiredState: state, networks: [], keys })).join('\n')).toMatch(/networks: gives 0 network\(s\) for the 1 the desired state checks/);
    const topic = new sns.Topic(stack, 'T');
    expect(problemLines(() => new DriftDetection(stack, 'E', { desiredState: state, networks: [WickrNetwork.fromNetworkId(stack, 'N', '12345678')], keys, topic, notifyEmails: ['a@b.gov'] })).join('\n')).toMatch(/give notifyEmails or your own topic, not both/);
  });
});

describe('drift detection in the Region stack', () => {
  test('is on by default with the config\'s schedule, and off when the config says so', () => {
    const on = new WickrRegionStack(testApp(), 'On', { agency: config.agencies[0], region: 'ap-southeast-2', config });
    expect(on.driftDetection?.scheduleExpression).toBe('rate(1 day)');
    Template.fromStack(on).resourceCountIs('AWS::Scheduler::Schedule', 1);
    const off = parseConfig(CONFIG.replace('    networks:', '    driftDetection: { enabled: false }\n    networks:'), 'off.yaml');
    const stack = new WickrRegionStack(testApp(), 'Off', { agency: off.agencies[0], region: 'ap-southeast-2', config: off });
    expect(stack.driftDetection).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 0);
  });
});
