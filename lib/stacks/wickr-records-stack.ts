import { Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { storageRegion } from '../config/regions';
import type { AgencyConfig } from '../config/config-types';
import { IsmConformancePack } from '../constructs/ism-conformance-pack';
import { RegionRestriction } from '../constructs/region-restriction';
import { RegionalKeys } from '../constructs/regional-keys';
import { RetentionStorage } from '../constructs/retention-storage';
import { WickrAuditTrail } from '../constructs/wickr-audit-trail';
import { addAgencyRecords, agencyStackProps } from './agency-records';

export interface WickrRecordsStackProps extends StackProps {
  /** The agency, as validated by the config loader. */
  readonly agency: AgencyConfig;
  /** The Region that keeps the copy (a replication destination of the agency, without its networks). */
  readonly region: string;
}

/** The stack name the kit gives an agency's records-only stack in a Region. */
export function recordsStackName(agencyId: string, region: string): string {
  return `WickrKit-${agencyId}-${region}-records`;
}

/**
 * A second copy of an agency's records in a Region where it runs no Wickr network (often one
 * without Wickr at all: an Australian agency keeps Sydney's records in Melbourne): the replica
 * bucket, locked in the agency's Object Lock mode for the same period, versioned and retained, its
 * access logs, the Region's own retention key (replicas are re-encrypted with it) and logs key, the
 * audit trail recording every object read and write, and the Region restriction. The Region's stack
 * elsewhere replicates into the bucket by its deterministic name and the key by its alias, so no
 * cross-Region reference exists. Termination protection is on.
 */
export class WickrRecordsStack extends Stack {
  public readonly agency: AgencyConfig;
  public readonly retentionKey: kms.Key;
  public readonly logsKey: kms.Key;
  public readonly storage: RetentionStorage;
  public readonly auditTrail?: WickrAuditTrail;
  public readonly regionRestriction?: RegionRestriction;
  public readonly conformancePack?: IsmConformancePack;

  constructor(scope: Construct, id: string, props: WickrRecordsStackProps) {
    const { agency, region } = props;
    super(scope, id, agencyStackProps(agency, region, recordsStackName(agency.id, region), `${storageRegion(region)?.name ?? region}, a copy of its records only`, props));
    this.agency = agency;
    // The Region's own keys under the aliases the replicating Regions name (no network here, so no network key).
    const keys = new RegionalKeys(this, 'Keys', { agencyId: agency.id });
    this.retentionKey = keys.retentionKey;
    this.logsKey = keys.logsKey;

    const records = addAgencyRecords(this, agency, { retentionKey: this.retentionKey, logsKey: this.logsKey }, { replicate: false });
    this.storage = records.storage;
    this.auditTrail = records.auditTrail;
    this.regionRestriction = records.regionRestriction;
    this.conformancePack = records.conformancePack;
  }
}
