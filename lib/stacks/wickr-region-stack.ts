import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AgencyConfig } from '../config/schema';
import { wickrRegion } from '../config/regions';
import { KeyPurpose, RegionalKeys, regionalKeyAlias } from '../constructs/regional-keys';
import {
  RecordsRetention,
  RetentionStorage,
  accessLogsBucketName,
  retentionBucketName,
} from '../constructs/retention-storage';
import { KIT_VERSION } from '../version';

export interface WickrRegionStackProps extends StackProps {
  /** The agency, as validated by the config loader. */
  readonly agency: AgencyConfig;
  /** The Region of this stack (must be one of the agency's Regions). */
  readonly region: string;
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

  constructor(scope: Construct, id: string, props: WickrRegionStackProps) {
    const { agency, region } = props;
    super(scope, id, {
      stackName: regionStackName(agency.id, region),
      terminationProtection: true,
      description:
        `AWS Wickr for ${agency.name} in ${wickrRegion(region)?.name ?? region} ` +
        `(${agency.classification}; records owner: ${agency.recordsOwner}). wickr-cdk-kit ${KIT_VERSION}.`,
      ...props,
      env: { account: agency.account ?? props.env?.account, region },
    });
    this.agency = agency;

    this.keys = new RegionalKeys(this, 'Keys', { agencyId: agency.id });

    const replicateTo =
      agency.storage.replicateTo !== undefined && agency.storage.replicateTo !== region
        ? {
            region: agency.storage.replicateTo,
            bucketName: retentionBucketName(agency.id, agency.storage.replicateTo, this.account),
            keyAlias: regionalKeyAlias(agency.id, KeyPurpose.RETENTION),
          }
        : undefined;

    this.storage = new RetentionStorage(this, 'RetentionStorage', {
      encryptionKey: this.keys.retentionKey,
      retention:
        agency.recordsRetention.mode === 'COMPLIANCE'
          ? RecordsRetention.compliance(Duration.days(agency.recordsRetention.days))
          : RecordsRetention.governance(Duration.days(agency.recordsRetention.days)),
      bucketName: retentionBucketName(agency.id, region, this.account),
      accessLogsBucketName: accessLogsBucketName(agency.id, region, this.account),
      accessLogsRetention: Duration.days(agency.logRetentionDays),
      transitionToInfrequentAccessAfter: Duration.days(agency.storage.transitionToInfrequentAccessDays),
      transitionToGlacierInstantRetrievalAfter: Duration.days(agency.storage.transitionToGlacierInstantRetrievalDays),
      replicateTo,
    });
  }
}
