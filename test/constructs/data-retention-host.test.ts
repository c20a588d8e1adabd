import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { parseConfig } from '../../lib/config';
import { DataRetention } from '../../lib/constructs/data-retention';
import { BotHost } from '../../lib/constructs/data-retention-bot-host';
import { PASSWORD_CAPTURE_SCRIPT } from '../../lib/constructs/data-retention-capture';
import { BOT_HOST_STATE_DIR } from '../../lib/constructs/data-retention-host-script';
import { RegionalKeys } from '../../lib/constructs/regional-keys';
import { RetentionStorage } from '../../lib/constructs/retention-storage';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import { buildKitApp } from '../../lib/kit-app';
import { NagMode } from '../../lib/nag/nag-mode';
import { testApp, testAppProps } from '../helpers/kit';
import { oneAgencyConfig } from '../helpers/config-text';
import { problemLines } from '../helpers/problems';

const agency = (dataRetention: string, extra = '') => oneAgencyConfig(`      - { id: canberra, name: dea-canberra, region: ap-southeast-2, ${extra}dataRetention: ${dataRetention} }`);

type Resource = { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[]; UpdatePolicy?: any };

function synth(text: string): Record<string, Resource> {
  const config = parseConfig(text, 'test.yaml');
  const kit = buildKitApp({ appProps: testAppProps(), loaded: { config, source: 'test.yaml', text }, nagMode: NagMode.OFF });
  const assembly = kit.app.synth();
  expect(assembly.manifest.missing ?? []).toEqual([]);
  return assembly.getStackByName('WickrKit-dea-ap-southeast-2').template.Resources;
}

const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
function one(resources: Record<string, Resource>, type: string, pattern = /./): [string, Resource] {
  const found = ofType(resources, type).filter(([id]) => pattern.test(id));
  expect([type, pattern.source, found.length]).toEqual([type, pattern.source, 1]);
  return found[0]!;
}

const problems = (text: string) => problemLines(() => parseConfig(text, 'test.yaml'));

describe('the data-retention bot on its EC2 host (the default)', () => {
  const resources = synth(agency('{ imageTag: 6.60.05.78 }'));
  const [volumeId, volume] = one(resources, 'AWS::EC2::Volume');
  const [launchTemplateId, launchTemplate] = one(resources, 'AWS::EC2::LaunchTemplate');
  const [groupId, group] = one(resources, 'AWS::AutoScaling::AutoScalingGroup');
  const data = launchTemplate.Properties.LaunchTemplateData;
  const userData = (data.UserData['Fn::Base64']['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p)}>`)).join('');
  const retentionKey = { 'Fn::GetAtt': [expect.stringMatching(/^KeysRetentionKey/), 'Arn'] };

  test('the state volume: a separate 1 TB gp3 volume, encrypted with the retention key, retained, in the host subnet\'s Availability Zone', () => {
    expect(volume).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { Size: 1024, VolumeType: 'gp3', Encrypted: true, KmsKeyId: retentionKey, MultiAttachEnabled: false },
    });
    expect(group.Properties.VPCZoneIdentifier).toHaveLength(1);
    const subnetId = group.Properties.VPCZoneIdentifier[0].Ref;
    expect(resources[subnetId]!.Properties.AvailabilityZone).toEqual(volume.Properties.AvailabilityZone);
    expect(volume.Properties.AvailabilityZone).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': 'ap-southeast-2' }] });
  });

  test('the host: m8i.large from the ECS-optimized AMI, IMDSv2 only, no key pair, no inbound rule, root volume encrypted with the retention key', () => {
    expect(data).toMatchObject({
      InstanceType: 'm8i.large',
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
      Monitoring: { Enabled: true },
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, KmsKeyId: retentionKey, DeleteOnTermination: true, VolumeType: 'gp3' } }],
    });
    expect(data.KeyName).toBeUndefined();
    expect(data.ImageId.Ref).toMatch(/^SsmParameterValueawsserviceecsoptimizedamiamazonlinux2023recommendedimageid/);
    const [sgId] = data.SecurityGroupIds.map((g: { 'Fn::GetAtt': [string] }) => g['Fn::GetAtt'][0]);
    const sg = resources[sgId]!;
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(ofType(resources, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => JSON.stringify(r.Properties.GroupId).includes(sgId))).toEqual([]);
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })]);
  });

  test('an Auto Scaling group of exactly one that terminates before it launches and replaces an impaired instance', () => {
    expect(group.Properties).toMatchObject({
      MinSize: '1',
      MaxSize: '1',
      HealthCheckType: 'EC2',
      InstanceMaintenancePolicy: { MinHealthyPercentage: 0, MaxHealthyPercentage: 100 },
      LaunchTemplate: { LaunchTemplateId: { Ref: launchTemplateId } },
    });
    expect(group.UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({ MaxBatchSize: 1, MinInstancesInService: 0 });
    expect(group.DependsOn).toContain(volumeId);
  });

  test('its first boot turns SSH off, keeps no container output on the host, attaches the volume, mounts it, and only then starts the ECS agent', () => {
    const order = [
      'systemctl stop ecs.service',
      'systemctl disable --now sshd.service sshd.socket',
      '{"log-opts":{"cache-disabled":"true"}}',
      `WICKR_KIT_VOLUME_ID="$VOLUME_ID" WICKR_KIT_DEVICE=/dev/xvdf python3 /opt/wickr-kit/attach-volume.py`,
      'mount /var/lib/wickr-kit',
      `install -d -o 1000 -g 1000 -m 750 ${BOT_HOST_STATE_DIR}`,
      'ECS_AWSVPC_BLOCK_IMDS=true',
      'systemctl enable --now --no-block ecs.service',
    ].map((s) => userData.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(userData).toContain(`VOLUME_ID=<{"Ref":"${volumeId}"}>`);
    expect(userData).toMatch(/ECS_CLUSTER=<\{"Ref":"NetworkcanberraDataRetentionBotCluster[0-9A-F]+"\}>/);
    expect(userData).toMatch(/^#!\/bin\/bash\n/);
    expect(userData).toContain('set -euo pipefail');
    // Raw user data is limited to 16 KB.
    expect(userData.length).toBeLessThan(16 * 1024);
  });

  test('snapshots: Data Lifecycle Manager, every 24 hours, kept 35 days, of this volume only (by its tag)', () => {
    const [, policy] = one(resources, 'AWS::DLM::LifecyclePolicy');
    const tag = volume.Properties.Tags.find((t: { Key: string }) => t.Key === 'wickr-kit:bot-state');
    expect(tag).toBeDefined();
    expect(policy.Properties).toMatchObject({
      State: 'ENABLED',
      PolicyDetails: {
        ResourceTypes: ['VOLUME'],
        TargetTags: [{ Key: 'wickr-kit:bot-state', Value: tag.Value }],
        Schedules: [{ CreateRule: { Interval: 24, IntervalUnit: 'HOURS' }, RetainRule: { Interval: 35, IntervalUnit: 'DAYS' }, CopyTags: true }],
      },
    });
    const [, snapshotPolicy] = one(resources, 'AWS::IAM::ManagedPolicy', /HostSnapshotPolicy/);
    const deletes = snapshotPolicy.Properties.PolicyDocument.Statement.find((s: { Sid: string }) => s.Sid === 'ExpireItsOwnSnapshots');
    expect(deletes.Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/wickr-kit:bot-state': tag.Value } });
  });

  test('the instance role only joins the bot cluster, attaches this volume to this host, and runs Session Manager: no records, secret or topic', () => {
    const [, policy] = one(resources, 'AWS::IAM::ManagedPolicy', /HostInstancePolicy/);
    const statements = policy.Properties.PolicyDocument.Statement as { Sid: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[];
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => /^(s3|secretsmanager|sns|kms:(Decrypt|Encrypt|GenerateDataKey)|wickr):/.test(a))).toEqual([]);
    expect(statements.find((s) => s.Sid === 'AttachTheBotStateVolume')!.Resource).toEqual({ 'Fn::Join': ['', ['arn:aws:ec2:ap-southeast-2:', { Ref: 'AWS::AccountId' }, ':volume/', { Ref: volumeId }]] });
    const tag = launchTemplate.Properties.LaunchTemplateData.TagSpecifications[0].Tags.find((t: { Key: string }) => t.Key === 'wickr-kit:bot-host');
    expect(statements.find((s) => s.Sid === 'AttachItToTheBotHostOnly')!.Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/wickr-kit:bot-host': tag.Value } });
    expect(statements.find((s) => s.Sid === 'RunAsAContainerInstanceOfTheBotCluster')!.Condition).toEqual({ ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [expect.stringMatching(/BotCluster/), 'Arn'] } } });
  });

  test('the bot runs as the same ECS task, on the EC2 launch type in the host\'s subnet, after the host exists; its state is on the volume', () => {
    const [, service] = one(resources, 'AWS::ECS::Service');
    expect(service.Properties).toMatchObject({
      LaunchType: 'EC2',
      DesiredCount: 1,
      DeploymentConfiguration: { MinimumHealthyPercent: 0, MaximumPercent: 100, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: group.Properties.VPCZoneIdentifier } },
    });
    expect(service.DependsOn).toContain(groupId);
    const [, task] = one(resources, 'AWS::ECS::TaskDefinition');
    expect(task.Properties).toMatchObject({ NetworkMode: 'awsvpc', RequiresCompatibilities: ['EC2'], Volumes: [{ Name: 'bot-state', Host: { SourcePath: BOT_HOST_STATE_DIR } }] });
    expect(ofType(resources, 'AWS::EFS::FileSystem')).toEqual([]);
  });

  test('the password capture is the same as on Fargate: the bot logs only to the capture sidecar on the loopback', () => {
    const fargate = synth(agency('{ imageTag: 6.60.05.78, host: fargate }'));
    const containers = (r: Record<string, Resource>) =>
      // On EC2 each container reserves memory, and CDK sets AWS_REGION, which Fargate sets itself.
      (one(r, 'AWS::ECS::TaskDefinition')[1].Properties.ContainerDefinitions as Record<string, unknown>[]).map(
        ({ MemoryReservation, Environment, ...c }): Record<string, unknown> => ({ ...c, Environment: ((Environment ?? []) as { Name: string }[]).filter((e) => e.Name !== 'AWS_REGION') }),
      );
    expect(containers(resources)).toEqual(containers(fargate));
    const bot = containers(resources).find((c) => c.Name === 'bot')!;
    expect(bot.LogConfiguration).toEqual({ LogDriver: 'awsfirelens', Options: expect.objectContaining({ Name: 'http', Host: '127.0.0.1', Port: '8877' }) });
    const capture = containers(resources).find((c) => c.Name === 'password-capture')!;
    expect(capture.EntryPoint).toEqual(['node', '-e', PASSWORD_CAPTURE_SCRIPT]);
  });

  test('alarms cover the host too: its status checks, besides the bot not running, no records and bot errors', () => {
    const alarms = ofType(resources, 'AWS::CloudWatch::Alarm').filter(([id]) => id.includes('DataRetention')).map(([id, a]) => [id.replace(/^NetworkcanberraDataRetentionAlarms|[0-9A-F]{8}$/g, ''), a.Properties]);
    expect(alarms.map(([id]) => id).sort()).toEqual(['BotErrors', 'BotNotRunning', 'HostStatusCheckFailed', 'NoRecordsWritten']);
    const [, status] = alarms.find(([id]) => id === 'HostStatusCheckFailed')!;
    expect(status).toMatchObject({
      Namespace: 'AWS/EC2',
      MetricName: 'StatusCheckFailed',
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: { Ref: groupId } }],
      Statistic: 'Maximum',
      Threshold: 1,
      EvaluationPeriods: 2,
      AlarmActions: [{ Ref: expect.stringMatching(/DataRetentionEvents/) }],
    });
  });

  test('the VPC gains the endpoints the host needs (ECS agent, EC2, Session Manager), in the host subnet only', () => {
    const endpoints = ofType(resources, 'AWS::EC2::VPCEndpoint').map(([, e]) => [JSON.stringify(e.Properties.ServiceName).match(/\.([a-z0-9.-]+)"\]\]\}$|ap-southeast-2\.([a-z0-9.-]+)"/)?.slice(1).find(Boolean), e.Properties.SubnetIds?.length]);
    for (const name of ['ecs', 'ecs-agent', 'ecs-telemetry', 'ec2', 'ssm', 'ssmmessages', 'ec2messages']) expect(endpoints).toContainEqual([name, 1]);
    expect(endpoints).toContainEqual(['secretsmanager', 3]);
  });

  test('Auto Scaling may use the retention key for the encrypted root volume, through EC2 only', () => {
    const [, key] = one(resources, 'AWS::KMS::Key', /^KeysRetentionKey/);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Sid: 'AutoScalingUsesKeyForEncryptedVolumes',
        Principal: { AWS: '*' },
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling']] } },
          StringEquals: { 'kms:ViaService': 'ec2.ap-southeast-2.amazonaws.com' },
        },
      }),
    );
  });
});

describe('the EC2 host from the config', () => {
  test('takes the instance type, volume size and snapshot schedule', () => {
    const resources = synth(agency('{ imageTag: 6.60.05.78, instanceType: r7i.xlarge, volumeSizeGiB: 2048, snapshots: { intervalHours: 12, retainDays: 90 } }'));
    expect(one(resources, 'AWS::EC2::LaunchTemplate')[1].Properties.LaunchTemplateData.InstanceType).toBe('r7i.xlarge');
    expect(one(resources, 'AWS::EC2::Volume')[1].Properties.Size).toBe(2048);
    expect(one(resources, 'AWS::DLM::LifecyclePolicy')[1].Properties.PolicyDetails.Schedules[0]).toMatchObject({ CreateRule: { Interval: 12 }, RetainRule: { Interval: 90 } });
  });

  test('in an existing VPC: the host and its volume go in the first named subnet and its zone', () => {
    const vpc = '{ vpcId: vpc-0123456789abcdef0, cidr: 10.20.0.0/16, subnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1], availabilityZones: [ap-southeast-2a, ap-southeast-2b], routeTableIds: [rtb-0123456789abcdef0, rtb-0123456789abcdef1] }';
    const resources = synth(agency(`{ imageTag: 6.60.05.78, vpc: ${vpc} }`));
    expect(one(resources, 'AWS::EC2::Volume')[1].Properties.AvailabilityZone).toBe('ap-southeast-2a');
    expect(one(resources, 'AWS::AutoScaling::AutoScalingGroup')[1].Properties.VPCZoneIdentifier).toEqual(['subnet-0123456789abcdef0']);
    expect(ofType(resources, 'AWS::EC2::VPCEndpoint')).toHaveLength(9 + 7);
  });

  test.each([
    ['m7g.large', /Graviton \(arm64\) instances cannot run the bot image/],
    ['t3.large', /the bot needs a current-generation general-purpose or memory-optimised instance/],
    ['c7i.large', /the bot needs a current-generation general-purpose or memory-optimised instance/],
    ['m5.medium', /smaller than AWS recommends for the bot in production/],
    ['large', /not an EC2 instance type/],
  ])('rejects the instance type %s, saying why', (type, message) => {
    expect(problems(agency(`{ imageTag: 6.60.05.78, instanceType: ${type} }`))).toEqual([
      expect.stringMatching(new RegExp(`^test\\.yaml:agencies\\[0\\]\\.networks\\[0\\]\\.dataRetention\\.instanceType: ${message.source}.*\\(got "${type}"; allowed m or r families`)),
    ]);
  });

  test('rejects a volume under 1 TB, a schedule DLM cannot run, and fields of the other host', () => {
    // The schema reports what is out of range; the host rules add what a range cannot say, each once.
    expect(problems(agency('{ imageTag: 6.60.05.78, volumeSizeGiB: 500, snapshots: { intervalHours: 5, retainDays: 0 }, cpu: 4096 }'))).toEqual([
      'test.yaml:agencies[0].networks[0].dataRetention.volumeSizeGiB: must be a whole number from 1024 to 16384 (got 500; allowed 1024 to 16384)',
      'test.yaml:agencies[0].networks[0].dataRetention.snapshots.retainDays: must be a whole number from 1 to 36500 (got 0; allowed 1 to 36500)',
      'test.yaml:agencies[0].networks[0].dataRetention.cpu: sizes a Fargate task; on the EC2 host (the default) choose instanceType instead, or set host to fargate (got 4096; allowed host: fargate)',
      'test.yaml:agencies[0].networks[0].dataRetention.snapshots.intervalHours: Data Lifecycle Manager takes snapshots only at these intervals (got 5; allowed 1, 2, 3, 4, 6, 8, 12, 24)',
    ]);
    expect(problems(agency('{ imageTag: 6.60.05.78, host: fargate, instanceType: m8i.large }'))).toEqual([
      'test.yaml:agencies[0].networks[0].dataRetention.instanceType: applies to the EC2 host only; remove it, or set host to ec2 (got "m8i.large"; allowed host: ec2)',
    ]);
  });
});

describe('BotHost in the construct API', () => {
  function base() {
    const app = testApp();
    const stack = new Stack(app, 'Stack', { env: { region: 'ap-southeast-2', account: '111122223333' } });
    const keys = new RegionalKeys(stack, 'Keys');
    const storage = new RetentionStorage(stack, 'Storage', { encryptionKey: keys.retentionKey });
    const network = new WickrNetwork(stack, 'Network', { networkName: 'dea' });
    return { stack, keys, storage, network };
  }

  test('rejects a host too small, a snapshot schedule DLM cannot run, and Fargate sizes with an EC2 host, naming each field', () => {
    const { stack, keys, storage, network } = base();
    expect(
      () =>
        new DataRetention(stack, 'A', {
          network,
          keys,
          storage,
          imageTag: '6.60.05.78',
          host: BotHost.ec2({ instanceType: new ec2.InstanceType('t3.micro'), volumeSize: Size.gibibytes(100), snapshotInterval: Duration.hours(5) }),
        }),
    ).toThrow(
      [
        'Stack/A/Bot/Host:instanceType: the bot needs a current-generation general-purpose or memory-optimised instance (AWS recommends m8i.large or larger) (got "t3.micro"; allowed m or r families of generation 5 or later, x86 (no g for Graviton), large or bigger: m8i.large (default), m7i.xlarge, r7i.large, m6a.large, ...)',
        "Stack/A/Bot/Host:volumeSize: the bot's state volume is a gp3 volume of at least the 1 TB AWS recommends (got 100; allowed 1024 to 16384 GiB)",
        'Stack/A/Bot/Host:snapshotInterval: Data Lifecycle Manager takes snapshots only at these intervals (got 5; allowed 1, 2, 3, 4, 6, 8, 12, 24)',
      ].join('\n'),
    );
    expect(() => new DataRetention(stack, 'B', { network, keys, storage, imageTag: '6.60.05.78', cpu: 4096 })).toThrow(
      /Stack\/B:cpu: cpu and memoryLimitMiB size a Fargate task; on an EC2 host choose BotHost\.ec2\(\{ instanceType \}\) instead/,
    );
  });

  test('defaults to the EC2 host, and BotHost.fargate() keeps the Fargate service', () => {
    const { stack, keys, storage, network } = base();
    const ec2Bot = new DataRetention(stack, 'A', { network, keys, storage, imageTag: '6.60.05.78', storageFolder: 'a' });
    expect(ec2Bot.botService.host?.instanceType.toString()).toBe('m8i.large');
    expect(ec2Bot.botService.fileSystem).toBeUndefined();
    const fargateBot = new DataRetention(stack, 'B', { network: WickrNetwork.fromNetworkId(stack, 'Other', '12345678'), keys, storage, imageTag: '6.60.05.78', storageFolder: 'b', host: BotHost.fargate() });
    expect(fargateBot.botService.host).toBeUndefined();
    expect(fargateBot.botService.fileSystem).toBeDefined();
  });
});
