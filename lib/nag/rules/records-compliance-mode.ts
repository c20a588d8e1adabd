import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { isRecordsBucket, objectLockDefault } from './records';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1814', 'ISM-1707', 'ISM-1708'];

/**
 * Records buckets lock in COMPLIANCE mode. GOVERNANCE mode lets principals with
 * s3:BypassGovernanceRetention delete locked records, so it is a warning: reported in advisory
 * mode, fatal in strict mode (CI) unless acknowledged with a reason.
 */
export const RecordsComplianceMode: IsmRule = {
  name: 'RecordsComplianceMode',
  controls: CONTROLS,
  level: 'warning',
  info: (node) =>
    `The records bucket's Object Lock default mode is ${(node instanceof CfnBucket && objectLockDefault(node).mode) || 'not set'}, not COMPLIANCE, so some principals can delete locked records ${citing(CONTROLS)}.`,
  explanation:
    'Only COMPLIANCE mode stops every principal, administrators and the root user included, from deleting or overwriting a record before its lock expires.',
  check: (node) => {
    if (!(node instanceof CfnBucket) || !isRecordsBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    return objectLockDefault(node).mode === 'COMPLIANCE' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
