/**
 * The bare side of the benchmark: a plain aws-cdk-lib app that declares, by hand and without the
 * kit, the resource types and counts a synthesized kit stack holds (checked against the kit's
 * templates: the run prints both counts). It is what a team would write without the kit, so the
 * ratio kit/bare is the kit's own cost: config validation, its checks, the evidence pack.
 *
 * Nothing here imports lib/: the bare app must not pay for any of the kit's modules.
 */
import { App, Aws, CustomResource, Duration, Fn, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { BareNetworkShape, BareStackShape } from './bare-shape';

export interface BareAppOptions {
  /** Prebuilt handler bundle folders (each with index.js), as a team would ship them. */
  readonly handlerDirs: { readonly provider: string; readonly lostDevice: string; readonly drift: string };
  /** Add cdk-nag's AWS Solutions and NIST 800-53 rev 5 packs as validation plugins, as the kit does. */
  readonly nag: boolean;
}

/** Builds the bare app for a set of stacks; the caller synthesizes it. */
export function addBareStacks(app: App, shapes: readonly BareStackShape[], options: BareAppOptions): void {
  for (const shape of shapes) {
    const region = new BareRegionStack(app, `Bare-${shape.agency}-${shape.region}`, shape, options);
    const federation = new BareFederationStack(app, `Bare-${shape.agency}-${shape.region}-federation`, shape, options);
    federation.addStackDependency(region, 'reads the logs key parameter');
  }
  if (options.nag) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nag = require('cdk-nag') as typeof import('cdk-nag');
    Validations.of(app).addPlugins(new Advisory(new nag.AwsSolutionsChecks(app)), new Advisory(new nag.NIST80053R5Checks(app)));
  }
}

/** Findings reported, only errors failing synth: the same advisory treatment the kit gives its packs. */
class Advisory implements IPolicyValidationPlugin {
  public readonly name: string;
  constructor(private readonly inner: IPolicyValidationPlugin) {
    this.name = inner.name;
  }
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.inner.validate(context);
    return { ...report, success: true };
  }
}

function boundedRole(scope: Construct, id: string, service: string, description: string): iam.Role {
  return new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal(service), description });
}

function managedPolicy(scope: Construct, id: string, roles: iam.IRole[], statements: iam.PolicyStatement[]): iam.ManagedPolicy {
  return new iam.ManagedPolicy(scope, id, { roles, statements });
}

/** The handler pair behind the Provider framework, as one stack's custom-resource provider. */
function provider(scope: Construct, logsKey: kms.IKey, code: lambda.Code): { token: string; grants: () => iam.ManagedPolicy } {
  const c = new Construct(scope, 'Provider');
  const logGroup = new logs.LogGroup(c, 'Logs', { encryptionKey: logsKey, retention: logs.RetentionDays.SEVEN_YEARS, removalPolicy: RemovalPolicy.RETAIN });
  const role = boundedRole(c, 'HandlerRole', 'lambda.amazonaws.com', 'custom-resource handlers');
  const policy = managedPolicy(c, 'HandlerPolicy', [role], [
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.logGroupArn}:*`] }),
    new iam.PolicyStatement({ actions: ['wickr:CreateNetwork', 'wickr:GetNetwork', 'wickr:UpdateNetwork', 'wickr:UpdateNetworkSettings'], resources: [`arn:${Aws.PARTITION}:wickr:${Aws.REGION}:${Aws.ACCOUNT_ID}:network/*`] }),
    new iam.PolicyStatement({ actions: ['wickr:ListNetworks'], resources: ['*'] }),
  ]);
  const fn = (id: string, handler: string) => {
    const f = new lambda.Function(c, id, {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code,
      handler,
      role,
      timeout: Duration.minutes(5),
      memorySize: 256,
      reservedConcurrentExecutions: 10,
      logGroup,
      environmentEncryption: logsKey,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
    f.node.addDependency(policy);
    return f;
  };
  const onEvent = fn('OnEvent', 'index.onEvent');
  const isComplete = fn('IsComplete', 'index.isComplete');
  const p = new cr.Provider(c, 'Framework', {
    onEventHandler: onEvent,
    isCompleteHandler: isComplete,
    queryInterval: Duration.seconds(30),
    totalTimeout: Duration.hours(1),
    logGroup,
    providerFunctionEnvEncryption: logsKey,
    waiterStateMachineLogOptions: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    disableWaiterStateMachineLogging: false,
  });
  let grants: iam.ManagedPolicy | undefined;
  return {
    token: p.serviceToken,
    grants: () => (grants ??= new iam.ManagedPolicy(c, 'HandlerGrants', { roles: [role] })),
  };
}

function custom(scope: Construct, id: string, type: string, token: string, properties: Record<string, unknown>): CustomResource {
  return new CustomResource(scope, id, { serviceToken: token, resourceType: type, properties });
}

function regionBoundary(stack: Stack, shape: BareStackShape): void {
  if (!shape.regionRestriction) return;
  const boundary = new iam.ManagedPolicy(stack, 'RegionBoundary', {
    statements: [
      new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }),
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        notActions: ['iam:*', 'sts:*', 'cloudfront:*', 'route53:*', 'support:*'],
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:RequestedRegion': [shape.region] } },
      }),
    ],
  });
  iam.PermissionsBoundary.of(stack).apply(boundary);
}

class BareRegionStack extends Stack {
  constructor(scope: App, id: string, shape: BareStackShape, options: BareAppOptions) {
    super(scope, id, { env: { region: shape.region }, terminationProtection: true, description: `bare ${shape.agency} ${shape.region}` });
    Tags.of(this).add('Agency', shape.agency);
    const key = (name: string) => {
      const k = new kms.Key(this, `${name}Key`, { enableKeyRotation: true, rotationPeriod: Duration.days(365), pendingWindow: Duration.days(30), removalPolicy: RemovalPolicy.RETAIN });
      k.addAlias(`alias/bare/${shape.agency}/${name.toLowerCase()}`);
      return k;
    };
    const retentionKey = key('Retention');
    const logsKey = key('Logs');
    logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${shape.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
      }),
    );
    regionBoundary(this, shape);

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(2557) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const records = new s3.Bucket(this, 'Records', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: retentionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(2557)),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'records/',
      metrics: [{ id: 'all' }],
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(2557) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (shape.auditTrail) {
      const trailBucket = new s3.Bucket(this, 'TrailBucket', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: logsKey,
        enforceSSL: true,
        versioned: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: 'trail/',
        lifecycleRules: [{ expiration: Duration.days(2557) }],
        removalPolicy: RemovalPolicy.RETAIN,
      });
      trailBucket.addToResourcePolicy(
        new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')], actions: ['s3:GetBucketAcl'], resources: [trailBucket.bucketArn] }),
      );
      trailBucket.addToResourcePolicy(
        new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')], actions: ['s3:PutObject'], resources: [trailBucket.arnForObjects('AWSLogs/*')] }),
      );
      const trailLogs = new logs.LogGroup(this, 'TrailLogs', { encryptionKey: logsKey, retention: logs.RetentionDays.SEVEN_YEARS, removalPolicy: RemovalPolicy.RETAIN });
      const trailRole = boundedRole(this, 'TrailRole', 'cloudtrail.amazonaws.com', 'CloudTrail to CloudWatch Logs');
      const trailPolicy = managedPolicy(this, 'TrailPolicy', [trailRole], [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${trailLogs.logGroupArn}:*`] }),
      ]);
      const trail = new cloudtrail.CfnTrail(this, 'Trail', {
        isLogging: true,
        s3BucketName: trailBucket.bucketName,
        kmsKeyId: logsKey.keyArn,
        enableLogFileValidation: true,
        includeGlobalServiceEvents: true,
        isMultiRegionTrail: false,
        cloudWatchLogsLogGroupArn: trailLogs.logGroupArn,
        cloudWatchLogsRoleArn: trailRole.roleArn,
        eventSelectors: [{ includeManagementEvents: true, readWriteType: 'All' }],
      });
      trail.node.addDependency(trailPolicy);
    }

    const code = lambda.Code.fromAsset(options.handlerDirs.provider);
    const p = provider(this, logsKey, code);
    const vpc = shape.networks.some((n) => n.dataRetention) ? retentionVpc(this, logsKey) : undefined;
    for (const n of shape.networks) {
      const scope = new Construct(this, `Network-${n.id}`);
      const network = custom(scope, 'Network', 'Custom::WickrNetwork', p.token, { NetworkName: n.name, AccessLevel: 'PREMIUM' });
      const networkId = network.getAttString('NetworkId');
      custom(scope, 'Settings', 'Custom::WickrNetworkSettings', p.token, { NetworkId: networkId, Settings: { readReceiptConfig: { status: 'ENABLED' } } });
      new ssm.StringParameter(scope, 'NetworkIdParameter', { parameterName: `/bare/${shape.agency}/${n.id}/network-id`, stringValue: networkId });
      for (let g = 0; g < n.groups; g++) custom(scope, `Group${g}`, 'Custom::WickrSecurityGroup', p.token, { NetworkId: networkId, GroupName: `group ${g}`, Settings: { lockoutThreshold: 10 } });
      if (n.sso) {
        const secret = secretsmanager.Secret.fromSecretNameV2(scope, 'ClientSecret', `bare/${n.id}/oidc`);
        p.grants().addStatements(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [`${secret.secretArn}-??????`] }));
        custom(scope, 'Sso', 'Custom::WickrOidc', p.token, { NetworkId: networkId, Issuer: 'https://idp.example', ClientSecretArn: secret.secretArn });
      }
      if (n.users > 0 || n.bots > 0) {
        const secrets = Array.from({ length: n.bots }, (_, b) => new secretsmanager.Secret(scope, `Bot${b}`, { encryptionKey: retentionKey, generateSecretString: { passwordLength: 32 } }));
        const grant = managedPolicy(scope, 'UsersSecretAccess', [], secrets.length > 0 ? [new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secrets.map((s) => s.secretArn) })] : [new iam.PolicyStatement({ actions: ['wickr:ListUsers'], resources: ['*'] })]);
        const users = custom(scope, 'Users', 'Custom::WickrUsers', p.token, { NetworkId: networkId, Users: Array.from({ length: n.users }, (_, u) => ({ username: `user${u}@example` })) });
        users.node.addDependency(grant);
      }
      if (n.dataRetention && vpc) dataRetention(scope, n, { token: p.token, networkId, vpc, logsKey, retentionKey, records });
    }
    new ssm.StringParameter(this, 'FederationKeyParameter', { parameterName: `/bare/${shape.agency}/${shape.region}/logs-key`, stringValue: logsKey.keyArn });
    if (shape.lostDevice) lostDevice(this, logsKey, options.handlerDirs.lostDevice);
    if (shape.driftDetection && shape.networks.length > 0) driftCheck(this, logsKey, options.handlerDirs.drift);
  }
}

function retentionVpc(stack: Stack, logsKey: kms.IKey): ec2.Vpc {
  const scope = new Construct(stack, 'RetentionNetwork');
  new ecr.CfnPullThroughCacheRule(stack, 'PullThroughCache', { ecrRepositoryPrefix: 'bare', upstreamRegistry: 'quay', upstreamRegistryUrl: 'quay.io' });
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.100.0.0/24'),
    availabilityZones: [0, 1, 2].map((i) => Fn.select(i, Fn.getAzs(stack.region))),
    natGateways: 0,
    createInternetGateway: false,
    subnetConfiguration: [{ name: 'Bots', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 26 }],
    restrictDefaultSecurityGroup: true,
  });
  const flowLogs = new logs.LogGroup(scope, 'FlowLogs', { encryptionKey: logsKey, retention: logs.RetentionDays.SEVEN_YEARS, removalPolicy: RemovalPolicy.RETAIN });
  const flowRole = boundedRole(scope, 'FlowLogRole', 'vpc-flow-logs.amazonaws.com', 'flow logs');
  const flowPolicy = managedPolicy(scope, 'FlowLogPolicy', [flowRole], [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [flowLogs.logGroupArn] })]);
  const flowLog = new ec2.FlowLog(scope, 'FlowLog', {
    resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
    destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs, flowRole.withoutPolicyUpdates()),
    trafficType: ec2.FlowLogTrafficType.ALL,
  });
  flowLog.node.addDependency(flowPolicy);
  const endpointSg = new ec2.SecurityGroup(scope, 'EndpointSecurityGroup', { vpc, allowAllOutbound: false });
  endpointSg.addIngressRule(ec2.Peer.ipv4('10.100.0.0/24'), ec2.Port.tcp(443));
  for (const name of ['wickr-messaging', 'secretsmanager', 'kms', 'logs', 'monitoring', 'sns', 'ecr.api', 'ecr.dkr']) {
    new ec2.InterfaceVpcEndpoint(scope, `Endpoint-${name}`, {
      vpc,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      service: new ec2.InterfaceVpcEndpointService(`com.amazonaws.${stack.region}.${name}`, 443),
      privateDnsEnabled: true,
      securityGroups: [endpointSg],
      open: false,
    });
  }
  new ec2.GatewayVpcEndpoint(scope, 'S3Endpoint', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return vpc;
}

interface RetentionDeps {
  readonly token: string;
  readonly networkId: string;
  readonly vpc: ec2.Vpc;
  readonly logsKey: kms.IKey;
  readonly retentionKey: kms.IKey;
  readonly records: s3.IBucket;
}

/** The retention bot on Fargate with its state on EFS, registration, activation and alarms. */
function dataRetention(parent: Construct, n: BareNetworkShape, d: RetentionDeps): void {
  const scope = new Construct(parent, 'DataRetention');
  const subnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  const logGroup = new logs.LogGroup(scope, 'BotLogs', { encryptionKey: d.logsKey, retention: logs.RetentionDays.SEVEN_YEARS, removalPolicy: RemovalPolicy.RETAIN });
  const topic = new sns.Topic(scope, 'Events', { masterKey: d.logsKey, enforceSSL: true });
  const secret = new secretsmanager.Secret(scope, 'BotSecret', { encryptionKey: d.retentionKey });
  const grant = managedPolicy(scope, 'HandlerSecretAccess', [], [new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], resources: [secret.secretArn] })]);
  const registration = custom(scope, 'Registration', 'Custom::WickrDataRetentionBot', d.token, { NetworkId: d.networkId, SecretArn: secret.secretArn });
  registration.node.addDependency(grant);

  const botSg = new ec2.SecurityGroup(scope, 'BotSecurityGroup', { vpc: d.vpc, allowAllOutbound: false });
  botSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
  const stateSg = new ec2.SecurityGroup(scope, 'StateSecurityGroup', { vpc: d.vpc, allowAllOutbound: false });
  stateSg.addIngressRule(botSg, ec2.Port.tcp(2049));
  botSg.addEgressRule(stateSg, ec2.Port.tcp(2049));
  const trust = new iam.ServicePrincipal('ecs-tasks.amazonaws.com');
  const taskRole = new iam.Role(scope, 'TaskRole', { assumedBy: trust });
  const executionRole = new iam.Role(scope, 'ExecutionRole', { assumedBy: trust });
  const fileSystem = new efs.FileSystem(scope, 'State', {
    vpc: d.vpc,
    vpcSubnets: subnets,
    securityGroup: stateSg,
    encrypted: true,
    kmsKey: d.retentionKey,
    enableAutomaticBackups: true,
    throughputMode: efs.ThroughputMode.ELASTIC,
    removalPolicy: RemovalPolicy.RETAIN,
    fileSystemPolicy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['*'], resources: ['*'], conditions: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ],
    }),
  });
  const accessPoint = fileSystem.addAccessPoint('BotState', { path: '/bot', createAcl: { ownerUid: '1000', ownerGid: '1000', permissions: '750' }, posixUser: { uid: '1000', gid: '1000' } });
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    cpu: 1024,
    memoryLimitMiB: 2048,
    taskRole: taskRole.withoutPolicyUpdates(),
    executionRole: executionRole.withoutPolicyUpdates(),
    volumes: [{ name: 'bot-state', efsVolumeConfiguration: { fileSystemId: fileSystem.fileSystemId, transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' } } }],
  });
  const capture = taskDefinition.addContainer('Capture', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
    essential: true,
    memoryReservationMiB: 64,
    readonlyRootFilesystem: true,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'capture' }),
  });
  taskDefinition.addFirelensLogRouter('LogRouter', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'),
    firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT },
    memoryReservationMiB: 64,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'log-router' }),
  });
  const bot = taskDefinition.addContainer('Bot', {
    image: ecs.ContainerImage.fromRegistry(`wickr/bot-compliance-cloud:6.60.05.78`),
    essential: true,
    environment: { WICKRIO_BOT_NAME: n.name, AWS_SECRET_NAME: secret.secretArn },
    logging: ecs.LogDrivers.firelens({ options: { Name: 'http', Host: '127.0.0.1', Port: '8080' } }),
  });
  bot.addContainerDependencies({ container: capture, condition: ecs.ContainerDependencyCondition.HEALTHY });
  bot.addMountPoints({ sourceVolume: 'bot-state', containerPath: '/tmp/bot', readOnly: false });
  managedPolicy(scope, 'TaskPolicy', [taskRole], [
    new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [d.records.arnForObjects(`${n.id}/*`)] }),
    new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], resources: [secret.secretArn] }),
    new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
  ]);
  managedPolicy(scope, 'ExecutionPolicy', [executionRole], [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] })]);
  const cluster = new ecs.Cluster(scope, 'Cluster', { vpc: d.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  new ecs.FargateService(scope, 'Service', {
    cluster,
    taskDefinition,
    desiredCount: 1,
    minHealthyPercent: 0,
    maxHealthyPercent: 100,
    circuitBreaker: { enable: true, rollback: true },
    vpcSubnets: subnets,
    securityGroups: [botSg],
    assignPublicIp: false,
  });
  custom(scope, 'Activation', 'Custom::WickrDataRetention', d.token, { NetworkId: d.networkId, BotName: n.name }).node.addDependency(registration);

  const action = new actions.SnsAction(topic);
  const alarm = (id: string, metric: cloudwatch.IMetric) => {
    const a = new cloudwatch.Alarm(scope, id, { metric, threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, treatMissingData: cloudwatch.TreatMissingData.BREACHING });
    a.addAlarmAction(action);
    a.addOkAction(action);
  };
  alarm('BotNotRunning', new cloudwatch.Metric({ namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', dimensionsMap: { ClusterName: cluster.clusterName }, period: Duration.minutes(5) }));
  alarm('NoRecordsWritten', new cloudwatch.Metric({ namespace: 'WickrIO', metricName: 'MessagesWritten', dimensionsMap: { Bot: n.name }, period: Duration.hours(1) }));
  const errors = new logs.MetricFilter(scope, 'BotErrorLines', { logGroup, filterPattern: logs.FilterPattern.anyTerm('ERROR'), metricNamespace: 'Bare', metricName: `${n.id}-errors` });
  alarm('BotErrors', errors.metric({ period: Duration.minutes(5) }));
}

/** A prebundled handler (`index.handler`) as the runbook and the drift check deploy it. */
function handlerFunction(
  scope: Construct,
  o: { handlerDir: string; role: iam.IRole; logGroup: logs.ILogGroup; logsKey: kms.IKey; concurrency: number; environment?: Record<string, string> },
): lambda.Function {
  return new lambda.Function(scope, 'Function', {
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    code: lambda.Code.fromAsset(o.handlerDir),
    handler: 'index.handler',
    role: o.role,
    timeout: Duration.minutes(5),
    reservedConcurrentExecutions: o.concurrency,
    logGroup: o.logGroup,
    environmentEncryption: o.logsKey,
    environment: o.environment,
  });
}

/** The lost-device runbook: a Lambda step and an SSM Automation document. */
function lostDevice(stack: Stack, logsKey: kms.IKey, handlerDir: string): void {
  const scope = new Construct(stack, 'LostDevice');
  const audit = new logs.LogGroup(scope, 'AuditLog', { encryptionKey: logsKey, retention: logs.RetentionDays.SEVEN_YEARS, removalPolicy: RemovalPolicy.RETAIN });
  const role = boundedRole(scope, 'FunctionRole', 'lambda.amazonaws.com', 'lost-device runbook step');
  const policy = managedPolicy(scope, 'FunctionPolicy', [role], [new iam.PolicyStatement({ actions: ['wickr:UpdateUser', 'wickr:ListDevicesForUser'], resources: ['*'] })]);
  const fn = handlerFunction(scope, { handlerDir, role, logGroup: audit, logsKey, concurrency: 2 });
  fn.node.addDependency(policy);
  const automationRole = boundedRole(scope, 'AutomationRole', 'ssm.amazonaws.com', 'lost-device automation');
  managedPolicy(scope, 'AutomationPolicy', [automationRole], [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] })]);
  new ssm.CfnDocument(scope, 'Document', {
    documentType: 'Automation',
    documentFormat: 'JSON',
    updateMethod: 'NewVersion',
    content: {
      schemaVersion: '0.3',
      assumeRole: automationRole.roleArn,
      parameters: { Usernames: { type: 'StringList' } },
      mainSteps: [{ name: 'Suspend', action: 'aws:invokeLambdaFunction', inputs: { FunctionName: fn.functionName, Payload: '{"usernames": "{{ Usernames }}"}' } }],
    },
  });
}

/** The scheduled drift check: a read-only Lambda on an EventBridge Scheduler schedule, an encrypted topic and two alarms. */
function driftCheck(stack: Stack, logsKey: kms.IKey, handlerDir: string): void {
  const scope = new Construct(stack, 'DriftCheck');
  const topic = new sns.Topic(scope, 'Topic', { masterKey: logsKey, enforceSSL: true });
  const logGroup = new logs.LogGroup(scope, 'Logs', { encryptionKey: logsKey, retention: logs.RetentionDays.SEVEN_YEARS, removalPolicy: RemovalPolicy.RETAIN });
  const role = boundedRole(scope, 'Role', 'lambda.amazonaws.com', 'drift check');
  const policy = managedPolicy(scope, 'Policy', [role], [
    new iam.PolicyStatement({ actions: ['wickr:GetNetwork', 'wickr:ListSecurityGroups', 'wickr:ListNetworks'], resources: ['*'] }),
    new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
    new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': 'Bare/Drift' } } }),
  ]);
  const fn = handlerFunction(scope, { handlerDir, role, logGroup, logsKey, concurrency: 1, environment: { TOPIC: topic.topicArn } });
  fn.node.addDependency(policy);
  const schedulerRole = boundedRole(scope, 'SchedulerRole', 'scheduler.amazonaws.com', 'drift check schedule');
  managedPolicy(scope, 'SchedulerPolicy', [schedulerRole], [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] })]);
  new scheduler.Schedule(scope, 'Schedule', {
    schedule: scheduler.ScheduleExpression.expression('rate(1 day)'),
    target: { bind: () => ({ arn: fn.functionArn, role: schedulerRole }) },
  });
  const action = new actions.SnsAction(topic);
  for (const [id, metric] of [
    ['DriftAlarm', new cloudwatch.Metric({ namespace: 'Bare/Drift', metricName: 'DriftedMembers', period: Duration.hours(1) })],
    ['CheckFailedAlarm', fn.metricErrors({ period: Duration.hours(1) })],
  ] as const) {
    const alarm = new cloudwatch.Alarm(scope, id, { metric, threshold: 1, evaluationPeriods: 1 });
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}

class BareFederationStack extends Stack {
  constructor(scope: App, id: string, shape: BareStackShape, options: BareAppOptions) {
    super(scope, id, { env: { region: shape.region }, terminationProtection: true, description: `bare ${shape.agency} ${shape.region} federation` });
    Tags.of(this).add('Agency', shape.agency);
    regionBoundary(this, shape);
    const logsKey = kms.Key.fromKeyArn(this, 'LogsKey', ssm.StringParameter.valueForStringParameter(this, `/bare/${shape.agency}/${shape.region}/logs-key`));
    const p = provider(this, logsKey, lambda.Code.fromAsset(options.handlerDirs.provider));
    for (const n of shape.networks) {
      const parameter = ssm.StringParameter.fromStringParameterName(this, `NetworkId-${n.id}`, `/bare/${shape.agency}/${n.id}/network-id`);
      p.grants().addStatements(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameter.parameterArn] }));
      custom(this, `Federation-${n.id}`, 'Custom::WickrFederation', p.token, { NetworkIdParameter: parameter.parameterName, Groups: [] });
    }
  }
}
