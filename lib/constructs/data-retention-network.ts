import { Annotations, Aws, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { throwIfProblems } from '../config/errors';
import { wickrRegion } from '../config/regions';

/** The private network the data-retention bots of a stack run in. */
export interface IDataRetentionNetwork {
  readonly vpc: ec2.IVpc;
  /** The subnets the bots' tasks and file systems use. */
  readonly subnets: ec2.SubnetSelection;
  /**
   * Adds interface endpoints (by id → service name) in some subnets, once per id, when the network
   * manages its endpoints; a network whose VPC brings its own does nothing.
   */
  addInterfaceEndpoints?(endpoints: Readonly<Record<string, string>>, subnets: ec2.SubnetSelection): void;
}

/** The interface endpoints the bot and Fargate need when the subnets reach nothing outside the VPC. */
export const DATA_RETENTION_INTERFACE_ENDPOINTS = {
  /** The Wickr messaging service the bot receives messages from (documented by AWS Wickr). */
  WickrMessaging: 'wickr-messaging',
  SecretsManager: 'secretsmanager',
  Kms: 'kms',
  Logs: 'logs',
  Monitoring: 'monitoring',
  Sns: 'sns',
  EcrApi: 'ecr.api',
  EcrDocker: 'ecr.dkr',
} as const;

/**
 * The interface endpoints an EC2 host of the bot needs on top of those: the ECS agent's (it
 * registers the host and runs the bot's task), EC2 (the host attaches the bot's state volume) and
 * Systems Manager Session Manager (how operators reach the host; there is no SSH). Created in the
 * host's subnet only.
 */
export const BOT_HOST_INTERFACE_ENDPOINTS = {
  Ecs: 'ecs',
  EcsAgent: 'ecs-agent',
  EcsTelemetry: 'ecs-telemetry',
  Ec2: 'ec2',
  Ssm: 'ssm',
  SsmMessages: 'ssmmessages',
  Ec2Messages: 'ec2messages',
} as const;

export interface DataRetentionNetworkProps {
  /**
   * The CIDR of the VPC. The VPC has no route out, so the range only matters if the agency later
   * peers it or attaches it to a transit gateway.
   * @default '10.100.0.0/24'
   */
  readonly cidr?: string;
  /**
   * Availability Zones. Note that ec2.Vpc also asks the stack for its zones, which is a context
   * lookup when the stack names its account; `WickrRegionStack` answers without one (override
   * `availabilityZones` the same way in your own stacks).
   * @default - the first N zones CloudFormation lists for the account (`Fn::GetAZs`), N from the
   * kit's Region catalog (`WickrRegion.availabilityZones`)
   */
  readonly availabilityZones?: string[];
  /** Encrypts the VPC flow log group. */
  readonly logsKey: kms.IKey;
  /**
   * How long VPC flow logs are kept.
   * @default logs.RetentionDays.SEVEN_YEARS
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/** An existing VPC for the bots: the agency's own, with explicit subnets (no lookups). */
export interface DataRetentionNetworkAttributes {
  readonly vpc: ec2.IVpc;
  /** @default - the VPC's isolated subnets */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * Create the interface and gateway endpoints the bot needs. Leave this off when the VPC already
   * has them (two endpoints with private DNS for one service cannot coexist in a VPC).
   * @default true
   */
  readonly createEndpoints?: boolean;
}

class ImportedDataRetentionNetwork extends Construct implements IDataRetentionNetwork {
  public readonly vpc: ec2.IVpc;
  public readonly subnets: ec2.SubnetSelection;
  private readonly endpointSecurityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, attrs: DataRetentionNetworkAttributes) {
    super(scope, id);
    this.vpc = attrs.vpc;
    this.subnets = attrs.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    if (attrs.createEndpoints ?? true) this.endpointSecurityGroup = addEndpoints(this, this.vpc, this.subnets, this.vpc.vpcCidrBlock);
  }

  public addInterfaceEndpoints(endpoints: Readonly<Record<string, string>>, subnets: ec2.SubnetSelection): void {
    if (this.endpointSecurityGroup) addInterfaceEndpoints(this, this.vpc, endpoints, subnets, this.endpointSecurityGroup);
  }
}

/**
 * A VPC for the data-retention bots of one stack that can reach nothing but AWS: isolated subnets
 * in explicit Availability Zones (no NAT gateway, no internet gateway, so no route to 0.0.0.0/0),
 * interface endpoints for the Wickr messaging service, Secrets Manager, KMS, CloudWatch Logs and
 * metrics, SNS and ECR, a gateway endpoint for S3, flow logs to an encrypted log group, and the
 * default security group closed.
 *
 * One per stack (`DataRetentionNetwork.of`), shared by every network's bot in the stack: the
 * endpoints cost per hour and per Availability Zone, and nothing is gained by one VPC per bot.
 */
export class DataRetentionNetwork extends Construct implements IDataRetentionNetwork {
  /** The stack's retention network, created on first use. */
  public static of(scope: IConstruct, props: DataRetentionNetworkProps): DataRetentionNetwork {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(DataRetentionNetwork.ID);
    return existing instanceof DataRetentionNetwork ? existing : new DataRetentionNetwork(stack, DataRetentionNetwork.ID, props);
  }

  /** Uses an existing VPC; the endpoints are added unless `createEndpoints` is false. */
  public static fromVpc(scope: Construct, id: string, attrs: DataRetentionNetworkAttributes): IDataRetentionNetwork {
    return new ImportedDataRetentionNetwork(scope, id, attrs);
  }

  private static readonly ID = 'DataRetentionNetwork';

  public readonly vpc: ec2.Vpc;
  public readonly subnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  public readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DataRetentionNetworkProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cidr = props.cidr ?? '10.100.0.0/24';
    // Zones by index of what CloudFormation lists for the account (Fn::GetAZs): no lookup at synth,
    // no hard-coded zone names that an account may not have (ap-northeast-1b, for one).
    const count = Token.isUnresolved(stack.region) ? 2 : (wickrRegion(stack.region)?.availabilityZones.length ?? 0);
    const azs = props.availabilityZones ?? Array.from({ length: count }, (_, i) => Fn.select(i, Fn.getAzs(stack.region)));
    throwIfProblems(this.node.path, [
      ...(azs === undefined || azs.length === 0
        ? [{ path: 'availabilityZones', message: 'name the Availability Zones (the kit does not look them up, so synth needs no credentials)', got: azs, allowed: `e.g. ${stack.region}a, ${stack.region}b` }]
        : []),
      ...(!Token.isUnresolved(cidr) && !/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/.test(cidr)
        ? [{ path: 'cidr', message: 'must be an IPv4 CIDR from /16 to /24', got: cidr }]
        : []),
    ]);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      availabilityZones: azs,
      natGateways: 0,
      createInternetGateway: false,
      subnetConfiguration: [{ name: 'Bots', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: subnetMask(cidr, azs!.length) }],
      restrictDefaultSecurityGroup: true,
    });

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: props.logsKey,
      retention: props.flowLogRetention ?? logs.RetentionDays.SEVEN_YEARS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const flowLogRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'VPC flow logs of the data-retention VPC into their own encrypted log group',
    });
    // A managed policy instead of the grants' inline one, with exactly what flow log delivery needs.
    const flowLogPolicy = new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [flowLogRole],
      description: 'Deliver VPC flow logs of the data-retention VPC to its log group',
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.flowLogGroup.logGroupArn],
        }),
      ],
    });
    const flowLog = new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup, flowLogRole.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    flowLog.node.addDependency(flowLogPolicy);

    this.endpointSecurityGroup = addEndpoints(this, this.vpc, this.subnets, cidr);
  }

  public addInterfaceEndpoints(endpoints: Readonly<Record<string, string>>, subnets: ec2.SubnetSelection): void {
    addInterfaceEndpoints(this, this.vpc, endpoints, subnets, this.endpointSecurityGroup);
  }

  private readonly endpointSecurityGroup: ec2.SecurityGroup;
}

/** The largest subnet size that fits one subnet per Availability Zone (at most /26). */
function subnetMask(cidr: string, azCount: number): number {
  const prefix = Number(cidr.split('/')[1] ?? 24);
  const needed = Math.ceil(Math.log2(Math.max(azCount, 1)));
  return Math.min(Math.max(prefix + needed, 26), 28);
}

/** Interface endpoints `<id>Endpoint` of `scope`, each created once, behind the endpoints' security group. */
function addInterfaceEndpoints(scope: Construct, vpc: ec2.IVpc, endpoints: Readonly<Record<string, string>>, subnets: ec2.SubnetSelection, securityGroup: ec2.ISecurityGroup): void {
  const stack = Stack.of(scope);
  for (const [id, name] of Object.entries(endpoints)) {
    if (scope.node.tryFindChild(`${id}Endpoint`)) continue;
    new ec2.InterfaceVpcEndpoint(scope, `${id}Endpoint`, {
      vpc,
      subnets,
      service: new ec2.InterfaceVpcEndpointService(`com.amazonaws.${stack.region}.${name}`, 443),
      privateDnsEnabled: true,
      securityGroups: [securityGroup],
      open: false,
    });
  }
}

/** `cidr` is passed as written (not the VPC's CIDR attribute) so rule checkers can read the ingress rule. */
function addEndpoints(scope: Construct, vpc: ec2.IVpc, subnets: ec2.SubnetSelection, cidr: string): ec2.SecurityGroup {
  // One security group for every interface endpoint: HTTPS from inside the VPC only.
  const endpointSg = new ec2.SecurityGroup(scope, 'EndpointSecurityGroup', {
    vpc,
    allowAllOutbound: false,
    description: 'Interface endpoints of the data-retention VPC: HTTPS from inside the VPC',
  });
  endpointSg.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'HTTPS from the data-retention VPC');
  addInterfaceEndpoints(scope, vpc, DATA_RETENTION_INTERFACE_ENDPOINTS, subnets, endpointSg);
  // A gateway endpoint is a route: it needs the subnets' route tables, which an imported VPC knows
  // only when they were named.
  const routeTables = vpc.selectSubnets(subnets).subnets.map((s) => s.routeTable?.routeTableId);
  if (routeTables.length > 0 && routeTables.every((id) => id !== undefined)) {
    new ec2.GatewayVpcEndpoint(scope, 'S3Endpoint', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [subnets] });
  } else {
    Annotations.of(scope).addWarningV2(
      'wickr-kit:retention-s3-endpoint',
      'no S3 gateway endpoint was created because the route tables of the bot subnets are not known; name them (routeTableIds) or make sure the subnets already reach S3',
    );
  }
  return endpointSg;
}
