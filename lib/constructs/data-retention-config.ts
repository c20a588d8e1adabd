import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { AgencyConfig, NetworkConfig } from '../config/config-types';
import { DataRetention } from './data-retention';
import { BotHost } from './data-retention-bot-host';
import { DataRetentionNetwork } from './data-retention-network';
import { BotImageVariant, DataRetentionRegistry } from './data-retention-registry';
import type { IRegionalKeys } from './regional-keys';
import type { IRetentionStorage } from './retention-storage';
import type { IWickrNetwork } from './wickr-network';
import type { WickrProvider } from './wickr-provider';

export interface DataRetentionFromConfigOptions {
  readonly agency: AgencyConfig;
  readonly config: NetworkConfig;
  readonly network: IWickrNetwork;
  readonly storage: IRetentionStorage;
  readonly keys: IRegionalKeys;
  readonly provider?: WickrProvider;
}

/** The ECR prefix of an agency's pull-through cache (unique per agency in a shared account). */
export function retentionRegistryPrefix(agencyId: string): string {
  return `wickr-kit-${agencyId}`;
}

/**
 * The `DataRetention` a network's config asks for, as child `DataRetention` of `scope` (the
 * network's container), or undefined when the network has no `dataRetention`.
 */
export function dataRetentionFromConfig(scope: Construct, options: DataRetentionFromConfigOptions): DataRetention | undefined {
  const { agency, config } = options;
  const dr = config.dataRetention;
  if (!dr) return undefined;
  const vpc = dr.vpc;
  return new DataRetention(scope, 'DataRetention', {
    network: options.network,
    storage: options.storage,
    keys: options.keys,
    imageTag: dr.imageTag,
    imageVariant: dr.imageVariant === undefined ? undefined : dr.imageVariant === 'govcloud' ? BotImageVariant.GOVCLOUD : BotImageVariant.COMMERCIAL,
    registry: DataRetentionRegistry.of(scope, { repositoryPrefix: retentionRegistryPrefix(agency.id) }),
    retentionNetwork: vpc
      ? DataRetentionNetwork.fromVpc(scope, 'DataRetentionVpc', {
          vpc: ec2.Vpc.fromVpcAttributes(scope, 'ImportedDataRetentionVpc', {
            vpcId: vpc.vpcId,
            vpcCidrBlock: vpc.cidr,
            availabilityZones: vpc.availabilityZones,
            isolatedSubnetIds: vpc.subnetIds,
            isolatedSubnetRouteTableIds: vpc.routeTableIds,
          }),
          createEndpoints: vpc.createEndpoints,
        })
      : undefined,
    storageFolder: dr.storageFolder ?? config.id,
    name: config.id,
    logRetention: agency.logRetentionDays as logs.RetentionDays,
    clientSideEncryption: dr.clientSideEncryption,
    fileRotation: Duration.minutes(dr.fileRotationMinutes),
    noRecordsAlarmAfter: Duration.hours(dr.noRecordsAlarmHours),
    alarmEmails: dr.alarmEmails,
    host:
      dr.host === 'fargate'
        ? BotHost.fargate()
        : BotHost.ec2({
            instanceType: dr.instanceType === undefined ? undefined : new ec2.InstanceType(dr.instanceType),
            volumeSize: dr.volumeSizeGiB === undefined ? undefined : Size.gibibytes(dr.volumeSizeGiB),
            snapshotInterval: dr.snapshots ? Duration.hours(dr.snapshots.intervalHours) : undefined,
            snapshotRetention: dr.snapshots ? Duration.days(dr.snapshots.retainDays) : undefined,
          }),
    cpu: dr.cpu,
    memoryLimitMiB: dr.memoryMiB,
    removalPolicy: (dr.removalPolicy ?? config.removalPolicy) === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    botSecret: dr.botSecretArn ? secretsmanager.Secret.fromSecretCompleteArn(scope, 'ExistingBotSecret', dr.botSecretArn) : undefined,
    logRouterImageTag: dr.sidecarImageTags.logRouter,
    captureImageTag: dr.sidecarImageTags.capture,
    provider: options.provider,
  });
}
