import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { replicationDestination } from '../config/records-copies';
import type { AgencyConfig } from '../config/config-types';
import { KIT_VERSION } from '../version';
import { IsmConformancePack } from '../constructs/ism-conformance-pack';
import { RegionRestriction } from '../constructs/region-restriction';
import { KeyPurpose, regionalKeyAlias } from '../constructs/regional-keys';
import { RecordsRetention, ReplicationDestination, RetentionStorage, accessLogsBucketName, retentionBucketName } from '../constructs/retention-storage';
import { WickrAuditTrail } from '../constructs/wickr-audit-trail';
import { declareReplicationRegion, setIsmPolicy } from '../nag/rules/policy';
import { addRecordsEvidence } from './records-evidence';

/**
 * What every stack that holds an agency's records in a Region has, whether it also runs Wickr
 * networks there (`WickrRegionStack`) or keeps a second copy only (`WickrRecordsStack`): the locked
 * records bucket with its access logs, the ISM policy the pack checks it against, and the
 * guardrails around it. Construct ids are the Region stack's (public contract: they hold records).
 */
export interface AgencyRecords {
  readonly storage: RetentionStorage;
  readonly auditTrail?: WickrAuditTrail;
  readonly regionRestriction?: RegionRestriction;
  readonly conformancePack?: IsmConformancePack;
}

export interface AgencyRecordsKeys {
  readonly retentionKey: kms.IKey;
  readonly logsKey: kms.IKey;
}

/**
 * The props of a stack of an agency in a Region: its name, termination protection on, a description
 * naming the agency, where (`place`), its classification and records owner, and the agency's account.
 */
export function agencyStackProps(agency: AgencyConfig, region: string, stackName: string, place: string, props: StackProps): StackProps {
  return {
    stackName,
    terminationProtection: true,
    description: `AWS Wickr for ${agency.name} in ${place} (${agency.classification}; records owner: ${agency.recordsOwner}). wickr-cdk-kit ${KIT_VERSION}.`,
    ...props,
    env: { account: agency.account ?? props.env?.account, region },
  };
}

/** The replication destination of an agency's records bucket in a Region, named without cross-stack references. */
export function replicationTarget(agency: AgencyConfig, region: string, account: string): ReplicationDestination | undefined {
  const dest = replicationDestination(agency, region);
  return dest === undefined
    ? undefined
    : { region: dest, bucketName: retentionBucketName(agency.id, dest, account), keyAlias: regionalKeyAlias(agency.id, KeyPurpose.RETENTION) };
}

/**
 * Adds the records bucket, the ISM policy and the guardrails of an agency to a stack. `replicate`
 * false makes the bucket a destination only (the records-only stack's replica bucket).
 */
export function addAgencyRecords(stack: Stack, agency: AgencyConfig, keys: AgencyRecordsKeys, options: { readonly replicate: boolean }): AgencyRecords {
  const region = stack.region;
  const replicateTo = options.replicate ? replicationTarget(agency, region, stack.account) : undefined;
  const storage = new RetentionStorage(stack, 'RetentionStorage', {
    encryptionKey: keys.retentionKey,
    retention:
      agency.recordsRetention.mode === 'COMPLIANCE'
        ? RecordsRetention.compliance(Duration.days(agency.recordsRetention.days))
        : RecordsRetention.governance(Duration.days(agency.recordsRetention.days)),
    bucketName: retentionBucketName(agency.id, region, stack.account),
    accessLogsBucketName: accessLogsBucketName(agency.id, region, stack.account),
    accessLogsRetention: Duration.days(agency.logRetentionDays),
    transitionToInfrequentAccessAfter: Duration.days(agency.storage.transitionToInfrequentAccessDays),
    transitionToGlacierInstantRetrievalAfter: Duration.days(agency.storage.transitionToGlacierInstantRetrievalDays),
    replicateTo,
  });

  // What the ISM pack checks this stack against, and the guardrails around it.
  const { guardrails } = agency;
  setIsmPolicy(stack, {
    allowedRegions: agency.allowedRegions,
    recordsRetentionDays: agency.recordsRetention.days,
    organizationTrailRecordsDataEvents: guardrails.auditTrail.organizationTrail && guardrails.auditTrail.organizationTrailRecordsDataEvents,
  });
  if (replicateTo) declareReplicationRegion(storage.bucket, replicateTo.region);
  const regionRestriction = guardrails.regionRestriction.enabled
    ? new RegionRestriction(stack, 'RegionRestriction', { allowedRegions: agency.allowedRegions, agencyId: agency.id, ...guardrails.regionRestriction })
    : undefined;
  const auditTrail =
    guardrails.auditTrail.enabled && !guardrails.auditTrail.organizationTrail
      ? new WickrAuditTrail(stack, 'AuditTrail', {
          encryptionKey: keys.logsKey,
          retention: Duration.days(agency.logRetentionDays),
          trailName: `wickr-kit-${agency.id}`,
          bucketName: `${agency.id}-wickr-trail-${region}-${stack.account}`,
          logGroupName: `/wickr-kit/${agency.id}/cloudtrail`,
          accessLogsBucket: storage.accessLogsBucket,
          recordsBuckets: [storage.bucket],
        })
      : undefined;
  const conformancePack = guardrails.conformancePack.enabled
    ? new IsmConformancePack(stack, 'IsmConformancePack', { templateS3Uris: guardrails.conformancePack.templateS3Uris, namePrefix: `wickr-kit-${agency.id}-acsc-ism` })
    : undefined;
  addRecordsEvidence(stack);
  return { storage, auditTrail, regionRestriction, conformancePack };
}
