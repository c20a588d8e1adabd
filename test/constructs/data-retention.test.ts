import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/config/loader';
import { PASSWORD_CAPTURE_SCRIPT } from '../../lib/constructs/data-retention-capture';
import { DataRetention } from '../../lib/constructs/data-retention';
import { BotHost } from '../../lib/constructs/data-retention-bot-host';
import { NetworkSettings } from '../../lib/constructs/network-settings';
import { RegionalKeys } from '../../lib/constructs/regional-keys';
import { RetentionStorage } from '../../lib/constructs/retention-storage';
import { AccessLevel, WickrNetwork } from '../../lib/constructs/wickr-network';
import { buildKitApp } from '../../lib/kit-app';
import { NagMode } from '../../lib/nag/nag-mode';
import type { WickrRegionStack } from '../../lib/stacks/wickr-region-stack';
import { testApp, testAppProps } from '../helpers/kit';

const agency = (region: string, networks: string[], extra = '') => `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ${region}
    allowedRegions: [${region}]
${extra}    networks:
${networks.map((n) => `      - ${n}`).join('\n')}
`;

function synth(text: string): { stacks: WickrRegionStack[]; missing: unknown[] } {
  const config = parseConfig(text, 'test.yaml');
  const kit = buildKitApp({ appProps: testAppProps(), loaded: { config, source: 'test.yaml', text }, nagMode: NagMode.OFF });
  const assembly = kit.app.synth();
  return { stacks: kit.agencies[0]!.regionStacks, missing: assembly.manifest.missing ?? [] };
}

type Resources = Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }>;
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

// The EC2 host (the default) is covered by data-retention-host.test.ts; what both hosts share is tested here on Fargate.
describe('DataRetention from the config, in Sydney, on Fargate', () => {
  const { stacks, missing } = synth(
    agency('ap-southeast-2', ['{ id: canberra, name: dea-canberra, region: ap-southeast-2, dataRetention: { imageTag: 6.60.05.78, host: fargate, alarmEmails: [records@example.gov.au] } }']),
  );
  const stack = stacks[0]!;
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Resources;
  const [[, taskDefinition]] = ofType(resources, 'AWS::ECS::TaskDefinition') as [[string, any]];
  const containers = taskDefinition.Properties.ContainerDefinitions as any[];
  const container = (name: string) => containers.find((c) => c.Name === name);
  const logical = (type: string, pattern: RegExp) => {
    const found = ofType(resources, type).filter(([id]) => pattern.test(id));
    expect([type, pattern.source, found.length]).toEqual([type, pattern.source, 1]);
    return found[0]![0];
  };
  const secretId = logical('AWS::SecretsManager::Secret', /DataRetentionBotSecret/);
  const registrationId = logical('Custom::WickrDataRetentionBot', /Registration/);

  test('synth needs no context lookups', () => {
    expect(missing).toEqual([]);
  });

  test('bot state and the bot secret are retained; the state is encrypted with the retention key, backed up and TLS-only', () => {
    const [[, fs]] = ofType(resources, 'AWS::EFS::FileSystem') as [[string, any]];
    expect([fs.DeletionPolicy, fs.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(fs.Properties).toMatchObject({ Encrypted: true, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KeysRetentionKey/), 'Arn'] }, BackupPolicy: { Status: 'ENABLED' } });
    expect(fs.Properties.FileSystemPolicy.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': [expect.stringMatching(/BotTaskRole/), 'Arn'] } },
        Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      }),
    ]);
    const secret = resources[secretId]!;
    expect([secret.DeletionPolicy, secret.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    // Created empty: no placeholder password is generated, and no value is in the template.
    expect(secret.Properties.GenerateSecretString).toBeUndefined();
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^KeysRetentionKey/), 'Arn'] });
  });

  test('records storage stays retained and locked in COMPLIANCE mode', () => {
    const buckets = ofType(resources, 'AWS::S3::Bucket').filter(([, b]) => b.Properties?.ObjectLockEnabled);
    expect(buckets).toHaveLength(1);
    const [, bucket] = buckets[0]!;
    expect([bucket.DeletionPolicy, bucket.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(bucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode).toBe('COMPLIANCE');
    // Request metrics on the bot's folder feed the "no records written" alarm.
    expect(bucket.Properties.MetricsConfigurations).toEqual([{ Id: 'wickr-dr-canberra', Prefix: 'canberra/' }]);
  });

  test('one task at most: desired 1, never two during a deployment, circuit breaker on, no public IP', () => {
    const [[, service]] = ofType(resources, 'AWS::ECS::Service') as [[string, any]];
    expect(service.Properties).toMatchObject({
      DesiredCount: 1,
      LaunchType: 'FARGATE',
      DeploymentConfiguration: { MaximumPercent: 100, MinimumHealthyPercent: 0, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
    });
    expect(ofType(resources, 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
    // The service starts only after the registration wrote the challenge into the secret.
    expect(JSON.stringify(service)).toContain(registrationId);
  });

  test('the bot subnets have no route to 0.0.0.0/0: no internet or NAT gateway, isolated subnets, endpoints for every service the bot needs', () => {
    expect(ofType(resources, 'AWS::EC2::InternetGateway')).toEqual([]);
    expect(ofType(resources, 'AWS::EC2::NatGateway')).toEqual([]);
    expect(ofType(resources, 'AWS::EC2::Route')).toEqual([]);
    const subnets = ofType(resources, 'AWS::EC2::Subnet');
    // Zones by index of the account's list (no lookup, no zone name the account may lack).
    expect(subnets.map(([, s]) => [s.Properties.AvailabilityZone, s.Properties.MapPublicIpOnLaunch])).toEqual([
      [{ 'Fn::Select': [0, { 'Fn::GetAZs': 'ap-southeast-2' }] }, false],
      [{ 'Fn::Select': [1, { 'Fn::GetAZs': 'ap-southeast-2' }] }, false],
      [{ 'Fn::Select': [2, { 'Fn::GetAZs': 'ap-southeast-2' }] }, false],
    ]);
    const endpoints = ofType(resources, 'AWS::EC2::VPCEndpoint').map(([, e]) => [
      JSON.stringify(e.Properties.ServiceName).replace(/[^a-z0-9.-]/g, ''),
      e.Properties.VpcEndpointType,
      e.Properties.PrivateDnsEnabled ?? null,
    ]);
    expect(endpoints).toEqual(
      expect.arrayContaining([
        ['com.amazonaws.ap-southeast-2.wickr-messaging', 'Interface', true],
        ['com.amazonaws.ap-southeast-2.secretsmanager', 'Interface', true],
        ['com.amazonaws.ap-southeast-2.kms', 'Interface', true],
        ['com.amazonaws.ap-southeast-2.logs', 'Interface', true],
        ['com.amazonaws.ap-southeast-2.monitoring', 'Interface', true],
        ['com.amazonaws.ap-southeast-2.sns', 'Interface', true],
        ['com.amazonaws.ap-southeast-2.ecr.api', 'Interface', true],
        ['com.amazonaws.ap-southeast-2.ecr.dkr', 'Interface', true],
      ]),
    );
    expect(endpoints.filter(([, type]) => type === 'Gateway').map(([name]) => name)).toEqual([expect.stringMatching(/s3$/)]);
    expect(endpoints).toHaveLength(9);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
  });

  test('the bot is configured through its secret, and its output goes only to the capture sidecar on the loopback', () => {
    const bot = container('bot');
    const env = Object.fromEntries(bot.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
    expect(env).toEqual({
      WICKRIO_BOT_NAME: { 'Fn::GetAtt': [registrationId, 'BotName'] },
      AWS_SECRET_NAME: { Ref: secretId },
      AWS_SECRET_REGION: { Ref: 'AWS::Region' },
      AWS_DEFAULT_REGION: { Ref: 'AWS::Region' },
      WICKRIO_METRICS_TYPE: 'cloudwatch',
      WICKRIO_COMP_TIMEROTATE: '60',
      WICKR_KIT_SETTINGS_VERSION: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(bot.Secrets).toBeUndefined();
    expect(bot.LogConfiguration).toEqual({
      LogDriver: 'awsfirelens',
      Options: { Name: 'http', Host: '127.0.0.1', Port: '8877', URI: '/bot-output', Format: 'json_lines', Retry_Limit: 'False' },
    });
    expect(bot.DependsOn).toEqual([{ ContainerName: 'password-capture', Condition: 'HEALTHY' }]);
    expect(bot.MountPoints).toEqual([{ SourceVolume: 'bot-state', ContainerPath: { 'Fn::Join': ['', ['/tmp/', { 'Fn::GetAtt': [registrationId, 'BotName'] }]] }, ReadOnly: false }]);
    expect(taskDefinition.Properties.Volumes).toEqual([
      {
        Name: 'bot-state',
        EFSVolumeConfiguration: expect.objectContaining({ TransitEncryption: 'ENABLED', AuthorizationConfig: expect.objectContaining({ IAM: 'ENABLED' }) }),
      },
    ]);
    const capture = container('password-capture');
    expect(capture.EntryPoint).toEqual(['node', '-e', PASSWORD_CAPTURE_SCRIPT]);
    expect(capture).toMatchObject({ Essential: true, ReadonlyRootFilesystem: true, User: '1000:1000', LogConfiguration: { LogDriver: 'awslogs' } });
    expect(container('log-router')).toMatchObject({ FirelensConfiguration: { Type: 'fluentbit' }, LogConfiguration: { LogDriver: 'awslogs' } });
    expect(taskDefinition.Properties).toMatchObject({ Cpu: '2048', Memory: '8192', RequiresCompatibilities: ['FARGATE'] });
  });

  test('every image comes from the agency registry through its ECR pull-through cache of public.ecr.aws, pinned', () => {
    template.hasResourceProperties('AWS::ECR::PullThroughCacheRule', { EcrRepositoryPrefix: 'wickr-kit-dea', UpstreamRegistry: 'ecr-public', UpstreamRegistryUrl: 'public.ecr.aws' });
    const images = containers.map((c) => [c.Name, c.Image['Fn::Join'][1]]);
    const registry = [{ Ref: 'AWS::AccountId' }, '.dkr.ecr.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }];
    expect(images).toEqual([
      ['password-capture', [...registry, '/wickr-kit-dea/docker/library/node:20.18.1-alpine3.20']],
      ['log-router', [...registry, '/wickr-kit-dea/aws-observability/aws-for-fluent-bit:2.32.2.20241008']],
      ['bot', [...registry, '/wickr-kit-dea/x3s2s6k3/wickrio/bot-compliance-cloud:6.60.05.78']],
    ]);
  });

  test('the task role reaches only its folder, its secret, its topic, its metrics namespace and its state', () => {
    const policy = ofType(resources, 'AWS::IAM::ManagedPolicy').find(([id]) => /DataRetentionBotTaskPolicy/.test(id))![1];
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['WriteRecordsUnderItsFolder', 's3:PutObject'],
      ['ReadAndUpdateItsSecret', ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue']],
      ['RetentionKeyThroughS3AndSecretsManager', ['kms:Decrypt', 'kms:GenerateDataKey']],
      ['PublishBotEvents', 'sns:Publish'],
      ['LogsKeyThroughSns', ['kms:Decrypt', 'kms:GenerateDataKey']],
      ['PublishBotMetrics', 'cloudwatch:PutMetricData'],
      ['MountItsStateThroughItsAccessPoint', ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite']],
    ]);
    expect(statements[0].Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^RetentionStorage/), 'Arn'] }, '/canberra/*']] });
    expect(statements[1].Resource).toEqual({ Ref: secretId });
    expect(statements[5]).toMatchObject({ Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'WickrIO' } } });
    expect(statements[2].Condition).toEqual({ StringEquals: { 'kms:ViaService': ['s3.ap-southeast-2.amazonaws.com', 'secretsmanager.ap-southeast-2.amazonaws.com'] } });
    // The roles carry no inline policies: everything they may do is in the managed policies above.
    const roles = ofType(resources, 'AWS::IAM::Role').filter(([id]) => /DataRetentionBot(Task|Execution)Role/.test(id)).map(([id]) => id);
    expect(roles).toHaveLength(2);
    for (const [, p] of ofType(resources, 'AWS::IAM::Policy')) for (const r of roles) expect(JSON.stringify(p.Properties.Roles)).not.toContain(r);
  });

  test('the execution role only pulls its three images and writes its log group', () => {
    const policy = ofType(resources, 'AWS::IAM::ManagedPolicy').find(([id]) => /DataRetentionBotExecutionPolicy/.test(id))![1];
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    expect(statements.map((s) => s.Sid)).toEqual(['EcrRegistryToken', 'PullDataRetentionImages', 'FillPullThroughCacheOnFirstPull', 'WriteItsLogGroup']);
    const repos = JSON.stringify(statements[1].Resource);
    for (const path of ['x3s2s6k3/wickrio/bot-compliance-cloud', 'aws-observability/aws-for-fluent-bit', 'docker/library/node']) expect(repos).toContain(`:repository/wickr-kit-dea/${path}`);
    expect(statements[3].Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DataRetentionBotLogs/), 'Arn'] });
  });

  test('logs encrypted with the logs key and kept as long as the agency keeps logs; topic encrypted, TLS-only, with alarm emails', () => {
    const [, logGroup] = ofType(resources, 'AWS::Logs::LogGroup').find(([id]) => /DataRetentionBotLogs/.test(id))!;
    expect(logGroup.Properties).toMatchObject({ RetentionInDays: 2557, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KeysLogsKey/), 'Arn'] } });
    expect([logGroup.DeletionPolicy]).toEqual(['Retain']);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysLogsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'records@example.gov.au' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    // CloudWatch alarms may publish to a topic encrypted with the logs key.
    const [, logsKey] = ofType(resources, 'AWS::KMS::Key').find(([id]) => /^KeysLogsKey/.test(id))!;
    expect(JSON.stringify(logsKey.Properties.KeyPolicy)).toContain('AllowCloudWatchAlarmsToPublishToEncryptedTopics');
  });

  test('alarms: bot not running, no records written for 48 hours, bot errors, each to the topic', () => {
    // The data-retention alarms (the stack's drift check has its own: test/constructs/drift-detection.test.ts).
    const alarms = ofType(resources, 'AWS::CloudWatch::Alarm').filter(([id]) => id.includes('DataRetention')).map(([, a]) => a.Properties);
    expect(alarms.map((a) => [a.Namespace, a.MetricName, a.ComparisonOperator, a.Threshold, a.EvaluationPeriods, a.TreatMissingData])).toEqual([
      ['ECS/ContainerInsights', 'RunningTaskCount', 'LessThanThreshold', 1, 2, 'breaching'],
      ['AWS/S3', 'PutRequests', 'LessThanThreshold', 1, 48, 'breaching'],
      ['WickrKit/DataRetention', 'BotErrorLines-canberra', 'GreaterThanOrEqualToThreshold', 1, 1, 'notBreaching'],
    ]);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/DataRetentionEvents/) }]);
    template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: '?"ERROR" ?"CRITICAL" ?"FATAL"' });
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
  });

  test('the registration resources carry only names and ARNs, and the activation follows the service', () => {
    const registration = resources[registrationId]!;
    expect(registration.Properties).toEqual({
      ServiceToken: expect.anything(),
      NetworkId: { 'Fn::GetAtt': [expect.stringMatching(/Network/), 'NetworkId'] },
      SecretArn: { Ref: secretId },
      BotConfig: {
        s3_bucket_name: { Ref: expect.stringMatching(/^RetentionStorage/) },
        s3_region: 'ap-southeast-2',
        s3_folder_name: 'canberra',
        sns_topic_arn: { Ref: expect.stringMatching(/DataRetentionEvents/) },
      },
      RemovalPolicy: 'retain',
    });
    const [[activationId, activation]] = ofType(resources, 'Custom::WickrDataRetention');
    expect(activationId).toMatch(/Activation/);
    expect(activation!.Properties).toMatchObject({ BotName: { 'Fn::GetAtt': [registrationId, 'BotName'] }, RemovalPolicy: 'retain' });
    const serviceId = ofType(resources, 'AWS::ECS::Service')[0]![0];
    expect(activation!.DependsOn).toEqual(expect.arrayContaining([serviceId]));
    // The provider may write exactly this secret.
    const access = ofType(resources, 'AWS::IAM::ManagedPolicy').find(([id]) => /HandlerSecretAccess/.test(id))![1];
    expect(access.Properties.PolicyDocument.Statement[0]).toMatchObject({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], Resource: { Ref: secretId } });
    expect(registration.DependsOn).toEqual(expect.arrayContaining([ofType(resources, 'AWS::IAM::ManagedPolicy').find(([id]) => /HandlerSecretAccess/.test(id))![0]]));
  });

  test('no secret value anywhere in the template', () => {
    const text = JSON.stringify(template.toJSON()).replace(JSON.stringify(PASSWORD_CAPTURE_SCRIPT).slice(1, -1), '');
    expect(text).not.toMatch(/"password"\s*:|"SecretString"|"GenerateSecretString"|WICKRIO_BOT_PASSWORD|"Secrets"/);
  });
});

describe('DataRetention in other shapes', () => {
  test('synth needs no context lookups when the agency names its account either', () => {
    const { missing } = synth(
      agency('ap-northeast-1', ['{ id: tokyo, name: dea-tokyo, region: ap-northeast-1, dataRetention: { imageTag: 6.60.05.78 } }'], '    account: "111122223333"\n'),
    );
    expect(missing).toEqual([]);
  });

  test('two networks of one Region share one VPC and one pull-through cache rule, and write to their own folders', () => {
    const { stacks } = synth(
      agency('ap-southeast-2', [
        '{ id: canberra, name: dea-canberra, region: ap-southeast-2, dataRetention: { imageTag: 6.60.05.78 } }',
        '{ id: sydney, name: dea-sydney, region: ap-southeast-2, dataRetention: { imageTag: 6.60.05.78, storageFolder: sydney-post } }',
      ]),
    );
    const resources = Template.fromStack(stacks[0]!).toJSON().Resources as Resources;
    expect(ofType(resources, 'AWS::EC2::VPC')).toHaveLength(1);
    expect(ofType(resources, 'AWS::ECR::PullThroughCacheRule')).toHaveLength(1);
    expect(ofType(resources, 'AWS::ECS::Service')).toHaveLength(2);
    const folders = ofType(resources, 'Custom::WickrDataRetentionBot').map(([, r]) => r.Properties.BotConfig.s3_folder_name);
    expect(folders.sort()).toEqual(['canberra', 'sydney-post']);
  });

  test('in GovCloud the WickrGov image runs by default, with GovCloud ARNs', () => {
    const { stacks, missing } = synth(agency('us-gov-west-1', ['{ id: gov, name: dea-gov, region: us-gov-west-1, dataRetention: { imageTag: 6.60.05.78 } }']));
    expect(missing).toEqual([]);
    const text = JSON.stringify(Template.fromStack(stacks[0]!).toJSON());
    expect(text).toContain('/x3s2s6k3/wickrio/bot-dataretention-govcloud:6.60.05.78');
    expect(text).not.toContain('bot-compliance-cloud');
    expect(text).toContain('com.amazonaws.us-gov-west-1.wickr-messaging');
    expect(text).toContain('arn:aws-us-gov:ecr:us-gov-west-1:');
  });

  test('the variant can be chosen explicitly', () => {
    const { stacks } = synth(agency('ap-southeast-2', ['{ id: c, name: dea-c, region: ap-southeast-2, dataRetention: { imageTag: 6.60.05.78, imageVariant: govcloud } }']));
    expect(JSON.stringify(Template.fromStack(stacks[0]!).toJSON())).toContain('/bot-dataretention-govcloud:6.60.05.78');
  });

  test('an existing VPC is used with its named subnets (no lookups), and gets endpoints unless told it has them', () => {
    const vpc = (createEndpoints: boolean) =>
      `{ vpcId: vpc-0123456789abcdef0, cidr: 10.20.0.0/16, subnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1], availabilityZones: [ap-southeast-2a, ap-southeast-2b], ${
        createEndpoints ? 'routeTableIds: [rtb-0123456789abcdef0, rtb-0123456789abcdef1], ' : ''
      }createEndpoints: ${createEndpoints} }`;
    for (const createEndpoints of [true, false]) {
      const { stacks, missing } = synth(agency('ap-southeast-2', [`{ id: c, name: dea-c, region: ap-southeast-2, dataRetention: { imageTag: 6.60.05.78, host: fargate, vpc: ${vpc(createEndpoints)} } }`]));
      expect(missing).toEqual([]);
      const resources = Template.fromStack(stacks[0]!).toJSON().Resources as Resources;
      expect(ofType(resources, 'AWS::EC2::VPC')).toEqual([]);
      const [[, service]] = ofType(resources, 'AWS::ECS::Service');
      expect(service!.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets).toEqual(['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1']);
      expect(ofType(resources, 'AWS::EC2::VPCEndpoint')).toHaveLength(createEndpoints ? 9 : 0);
      if (createEndpoints) {
        const [[, s3]] = ofType(resources, 'AWS::EC2::VPCEndpoint').filter(([, e]) => e.Properties.VpcEndpointType === 'Gateway');
        expect(s3!.Properties.RouteTableIds).toEqual(['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1']);
        const ingress = ofType(resources, 'AWS::EC2::SecurityGroup').flatMap(([, sg]) => sg.Properties.SecurityGroupIngress ?? []);
        expect(ingress).toEqual(expect.arrayContaining([expect.objectContaining({ CidrIp: '10.20.0.0/16', FromPort: 443, ToPort: 443 })]));
      }
    }
  });

  test('client-side encryption puts the retention key in the secret settings and lets the task encrypt with it', () => {
    const { stacks } = synth(agency('ap-southeast-2', ['{ id: c, name: dea-c, region: ap-southeast-2, dataRetention: { imageTag: 6.60.05.78, clientSideEncryption: true } }']));
    const resources = Template.fromStack(stacks[0]!).toJSON().Resources as Resources;
    const [[, registration]] = ofType(resources, 'Custom::WickrDataRetentionBot');
    expect(registration!.Properties.BotConfig).toMatchObject({ kms_master_key_arn: { 'Fn::GetAtt': [expect.stringMatching(/^KeysRetentionKey/), 'Arn'] }, kms_region: 'ap-southeast-2' });
    const policy = ofType(resources, 'AWS::IAM::ManagedPolicy').find(([id]) => /TaskPolicy/.test(id))![1];
    expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([expect.objectContaining({ Sid: 'ClientSideRecordEncryption', Action: ['kms:Encrypt', 'kms:GenerateDataKey'] })]));
  });

  test('removalPolicy destroy (from the network) is passed to both registration resources and lets the secret go', () => {
    const { stacks } = synth(agency('ap-southeast-2', ['{ id: c, name: dea-c, region: ap-southeast-2, removalPolicy: destroy, dataRetention: { imageTag: 6.60.05.78 } }']));
    const resources = Template.fromStack(stacks[0]!).toJSON().Resources as Resources;
    expect(ofType(resources, 'Custom::WickrDataRetentionBot')[0]![1].Properties.RemovalPolicy).toBe('destroy');
    expect(ofType(resources, 'Custom::WickrDataRetention')[0]![1].Properties.RemovalPolicy).toBe('destroy');
    expect(ofType(resources, 'AWS::SecretsManager::Secret')[0]![1].DeletionPolicy).toBe('Delete');
    // Bot state is never destroyed with the stack.
    expect(ofType(resources, 'AWS::EC2::Volume')[0]![1].DeletionPolicy).toBe('Retain');
  });
});

describe('DataRetention construct validation', () => {
  function base(id = 'Stack') {
    const app: App = testApp();
    const stack = new Stack(app, id, { env: { region: 'ap-southeast-2', account: '111122223333' } });
    const keys = new RegionalKeys(stack, 'Keys');
    const storage = new RetentionStorage(stack, 'Storage', { encryptionKey: keys.retentionKey });
    return { app, stack, keys, storage };
  }

  test('rejects an unpinned image, a STANDARD network and settings the bot cannot honour, naming each field', () => {
    const { stack, keys, storage } = base();
    const network = new WickrNetwork(stack, 'Network', { networkName: 'dea', accessLevel: AccessLevel.STANDARD });
    expect(
      () =>
        new DataRetention(stack, 'DataRetention', {
          network,
          keys,
          storage,
          imageTag: 'latest',
          storageFolder: 'Bad/Folder',
          fileRotation: Duration.minutes(120),
          noRecordsAlarmAfter: Duration.hours(1),
          alarmEmails: ['nobody'],
        }),
    ).toThrow(
      [
        'Stack/DataRetention:imageTag: pin an image version: "latest" and empty tags change under a running deployment (got "latest"; allowed a release tag, e.g. 6.60.05.78)',
        'Stack/DataRetention:network: data retention needs a PREMIUM network (the service answers "Action not permitted with current access level") (got "STANDARD"; allowed PREMIUM)',
        'Stack/DataRetention:storageFolder: must be one path segment of lower-case letters, digits and . _ - (at most 63) (got "Bad/Folder")',
        'Stack/DataRetention:noRecordsAlarmAfter: must be longer than fileRotation, or the alarm fires between two uploads (got "1 hour"; allowed more than 120 minutes)',
        'Stack/DataRetention:alarmEmails[0]: not an email address (got "nobody")',
      ].join('\n'),
    );
  });

  test('rejects a task size Fargate does not offer', () => {
    const { stack, keys, storage } = base();
    const network = new WickrNetwork(stack, 'Network', { networkName: 'dea' });
    expect(() => new DataRetention(stack, 'DataRetention', { network, keys, storage, imageTag: '6.60.05.78', host: BotHost.fargate(), cpu: 2048, memoryLimitMiB: 2048 })).toThrow(
      'Stack/DataRetention/Bot:memoryLimitMiB: Fargate does not offer this memory with 2048 CPU units (got 2048; allowed 4096 to 16384 in steps of 1024)',
    );
  });

  test('fails synth when network settings try to set dataRetention (the live service sets it only through UpdateDataRetention)', () => {
    const { stack } = base();
    const network = new WickrNetwork(stack, 'Network', { networkName: 'dea' });
    expect(() => new NetworkSettings(stack, 'Settings', { network, dataRetention: true })).toThrow(
      /Stack\/Settings:dataRetention: Wickr does not set data retention through its network settings \(only UpdateDataRetention does\); remove dataRetention and use DataRetention/,
    );
  });

  test('network settings of the same network that leave dataRetention alone are fine', () => {
    const { app, stack, keys, storage } = base();
    const network = new WickrNetwork(stack, 'Network', { networkName: 'dea' });
    new NetworkSettings(stack, 'Settings', { network, clientMetrics: false });
    new DataRetention(stack, 'DataRetention', { network, keys, storage, imageTag: '6.60.05.78' });
    expect(() => app.synth()).not.toThrow();
  });
});
