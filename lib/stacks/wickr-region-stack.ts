import { Duration, Fn, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { AgencyConfig, KitConfig, NetworkConfig } from '../config/config-types';
import { driftDesiredStates } from '../config/drift-plan';
import { wickrRegion } from '../config/regions';
import { RegionalKeys } from '../constructs/regional-keys';
import { RetentionStorage } from '../constructs/retention-storage';
import { DataRetention } from '../constructs/data-retention';
import { dataRetentionFromConfig } from '../constructs/data-retention-config';
import { NetworkSettings, ReadReceipts } from '../constructs/network-settings';
import { AccessLevel, WickrNetwork } from '../constructs/wickr-network';
import { WickrProvider } from '../constructs/wickr-provider';
import { IsmConformancePack } from '../constructs/ism-conformance-pack';
import { RegionRestriction } from '../constructs/region-restriction';
import { WickrAuditTrail } from '../constructs/wickr-audit-trail';
import { LostDeviceRunbook } from '../constructs/lost-device-runbook';
import { DriftDetection } from '../constructs/drift-detection';
import { recordDriftEvidence } from '../constructs/drift-detection-evidence';
import { SecurityGroup, securityGroupsFromConfig } from '../constructs/security-group';
import { WickrSso, ssoFromConfig } from '../constructs/wickr-sso';
import { WickrUsers, usersFromConfig } from '../constructs/wickr-users';
import { FederationKeyParameter, NetworkIdParameter } from '../constructs/federation-handoff';
import { networkIdParameterName } from '../../lambda/shared/federation-props';
import { addAgencyRecords, agencyStackProps } from './agency-records';

/** The constructs the kit composes for one network of the config. */
export interface NetworkDeployment {
  readonly config: NetworkConfig;
  /** Container construct `Network-<id>`; its children's ids are stable. */
  readonly scope: Construct;
  readonly network: WickrNetwork;
  /** The network's data retention (bot, registration, alarms), when the config asks for it. */
  readonly dataRetention?: DataRetention;
  /** The network's SSO, when the config has an sso section. */
  readonly sso?: WickrSso;
  /** The network's security groups, in config order (ids `DefaultGroup` and `Group-<name>`). */
  readonly securityGroups: SecurityGroup[];
  /** The network's users and bots, when the config lists any. */
  readonly users?: WickrUsers;
}

export interface WickrRegionStackProps extends StackProps {
  /** The agency, as validated by the config loader. */
  readonly agency: AgencyConfig;
  /** The Region of this stack (must be one of the agency's Regions). */
  readonly region: string;
  /**
   * The whole config, so drift detection knows the federation the federation stacks deploy.
   * @default - this agency alone: drift detection leaves federation out of its comparison
   */
  readonly config?: KitConfig;
}

/** The stack name the kit gives an agency's stack in a Region. */
export function regionStackName(agencyId: string, region: string): string {
  return `WickrKit-${agencyId}-${region}`;
}

/**
 * Everything one agency runs in one Region: its keys, its locked retention storage, and (as the
 * kit grows) its Wickr networks and their retention bots. Termination protection is on, because
 * deleting this stack by accident must never be one command away.
 */
export class WickrRegionStack extends Stack {
  public readonly agency: AgencyConfig;
  public readonly keys: RegionalKeys;
  public readonly storage: RetentionStorage;
  /** The stack's custom-resource provider, created when the stack has Wickr resources. */
  public readonly provider?: WickrProvider;
  /** The agency's networks in this Region, in config order. */
  public readonly networks: NetworkDeployment[] = [];
  /** CloudTrail for this Region (guardrails.auditTrail), unless an organisation trail is declared. */
  public readonly auditTrail?: WickrAuditTrail;
  /** Permissions boundary and SCP from allowedRegions (guardrails.regionRestriction). */
  public readonly regionRestriction?: RegionRestriction;
  /** AWS Config conformance packs for the ACSC ISM (guardrails.conformancePack). */
  public readonly conformancePack?: IsmConformancePack;
  /** The lost-device runbook for this Region's networks (runbooks.lostDevice). */
  public readonly lostDeviceRunbook?: LostDeviceRunbook;
  /** The scheduled drift check of this Region's networks (driftDetection). */
  public readonly driftDetection?: DriftDetection;

  constructor(scope: Construct, id: string, props: WickrRegionStackProps) {
    const { agency, region } = props;
    super(scope, id, agencyStackProps(agency, region, regionStackName(agency.id, region), wickrRegion(region)?.name ?? region, props));
    this.agency = agency;

    // A network key only where a network asks for one: the service never confirms it uses it.
    const networkKey = agency.networks.some((n) => n.region === region && n.requestEncryptionKey);
    this.keys = new RegionalKeys(this, 'Keys', { agencyId: agency.id, networkKey });

    const records = addAgencyRecords(this, agency, this.keys, { replicate: true });
    this.storage = records.storage;
    this.regionRestriction = records.regionRestriction;
    this.auditTrail = records.auditTrail;
    this.conformancePack = records.conformancePack;

    const networks = agency.networks.filter((n) => n.region === region);
    if (networks.length > 0) {
      this.provider = WickrProvider.of(this, {
        logsKey: this.keys.logsKey,
        logRetention: agency.logRetentionDays as logs.RetentionDays,
      });
      for (const n of networks) this.networks.push(this.addNetwork(n));
      // For the federation stack of this Region, which deploys after this one (docs/federation.md).
      new FederationKeyParameter(this, 'FederationKeyParameter', { agencyId: agency.id, logsKey: this.keys.logsKey });
    }
    const lostDevice = agency.runbooks.lostDevice;
    if (lostDevice.enabled && this.networks.length > 0) {
      this.lostDeviceRunbook = new LostDeviceRunbook(this, 'LostDeviceRunbook', {
        networks: this.networks.map((n) => n.network),
        logsKey: this.keys.logsKey,
        logRetention: agency.logRetentionDays as logs.RetentionDays,
        documentName: `WickrKit-${agency.id}-LostDevice`,
        logGroupName: `/wickr-kit/${agency.id}/lost-device-runbook`,
        allowDelete: lostDevice.allowDelete,
        approvalRequiredForDelete: lostDevice.approvalRequiredForDelete,
        approvers: lostDevice.approvers,
        minimumApprovals: lostDevice.minimumApprovals,
        approvalTimeout: Duration.hours(lostDevice.approvalTimeoutHours),
      });
    }
    const drift = agency.driftDetection;
    if (this.networks.length > 0) {
      if (drift.enabled) {
        const [desiredState] = driftDesiredStates(props.config ?? { agencies: [agency] }, { agency: agency.id, region, federation: props.config !== undefined });
        this.driftDetection = new DriftDetection(this, 'DriftDetection', {
          desiredState,
          networks: this.networks.map((n) => n.network),
          keys: this.keys,
          schedule: ScheduleExpression.expression(drift.schedule),
          notifyEmails: drift.notify,
          securityHub: drift.securityHub,
          logRetention: agency.logRetentionDays as logs.RetentionDays,
        });
      }
      recordDriftEvidence(this, {
        agency: agency.id,
        region,
        enabled: drift.enabled,
        schedule: drift.enabled ? drift.schedule : undefined,
        securityHub: drift.enabled && drift.securityHub,
        notifyEmails: drift.enabled ? drift.notify.length : 0,
        networks: this.networks.map((n) => `${agency.id}/${n.config.id}`),
      });
    }
  }

  /**
   * The stack's Availability Zones as CloudFormation resolves them for the account (`Fn::GetAZs`), as
   * many as the kit's Region catalog lists. ec2.Vpc asks the stack even when it is given zones, and
   * the default answer for a stack with a known account is a context lookup: this keeps synth free
   * of lookups (and of AWS credentials) whether or not the agency names its account.
   */
  public override get availabilityZones(): string[] {
    const count = wickrRegion(this.region)?.availabilityZones.length ?? 2;
    return Array.from({ length: count }, (_, i) => Fn.select(i, Fn.getAzs(this.region)));
  }

  private addNetwork(config: NetworkConfig): NetworkDeployment {
    const scope = new Construct(this, `Network-${config.id}`);
    const network = new WickrNetwork(scope, 'Network', {
      networkName: config.name,
      accessLevel: config.accessLevel === 'PREMIUM' ? AccessLevel.PREMIUM : AccessLevel.STANDARD,
      encryptionKey: config.requestEncryptionKey ? this.keys.networkKey : undefined,
      adoptNetworkId: config.adoptNetworkId,
      removalPolicy: config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      provider: this.provider,
    });
    const { settings } = config;
    if (settings.readReceipts !== undefined || settings.clientMetrics !== undefined || settings.trustedDataFormat !== undefined) {
      new NetworkSettings(scope, 'Settings', {
        network,
        readReceipts: settings.readReceipts as ReadReceipts | undefined,
        clientMetrics: settings.clientMetrics,
        trustedDataFormat: settings.trustedDataFormat,
        provider: this.provider,
      });
    }
    const dataRetention = dataRetentionFromConfig(scope, { agency: this.agency, config, network, storage: this.storage, keys: this.keys, provider: this.provider });
    const sso = ssoFromConfig(scope, { config, network, provider: this.provider });
    const securityGroups = securityGroupsFromConfig(scope, { config, network, sso, provider: this.provider });
    const users = usersFromConfig(scope, { config, network, groups: securityGroups, secretsKey: this.keys.retentionKey, provider: this.provider });
    // The network's id for the federation stacks of every Region (docs/federation.md).
    new NetworkIdParameter(scope, 'NetworkIdParameter', { network, parameterName: networkIdParameterName(this.agency.id, config.id) });
    return { config, scope, network, dataRetention, sso, securityGroups, users };
  }
}
