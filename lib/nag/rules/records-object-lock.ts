import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { ismPolicyOf } from './policy';
import { resolved } from './resolve';
import { isRecordsBucket, isRetained, isVersioned, objectLockDefault } from './records';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1511', 'ISM-1811'];

/**
 * Records buckets (Object Lock enabled, or marked as records buckets) lock every record for at
 * least the records period (policy `recordsRetentionDays`), keep versions, and survive stack
 * deletion and replacement (DeletionPolicy and UpdateReplacePolicy Retain).
 */
export const RecordsObjectLock: IsmRule = {
  name: 'RecordsObjectLock',
  controls: CONTROLS,
  level: 'error',
  info: (node) => {
    const period = ismPolicyOf(node).recordsRetentionDays;
    const days = node instanceof CfnBucket ? objectLockDefault(node).days : undefined;
    return `The records bucket does not lock records for the records period with versioning and RETAIN (Object Lock default ${days ?? 'none'} days, records period ${period} days) ${citing(CONTROLS)}.`;
  },
  explanation:
    'Retained messages and files are the agency\'s records; they must outlive the stack, keep every version and stay locked for at least the records period set in the config.',
  check: (node) => {
    if (!(node instanceof CfnBucket) || !isRecordsBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const { days } = objectLockDefault(node);
    const period = ismPolicyOf(node).recordsRetentionDays;
    const ok = resolved(node, node.objectLockEnabled) === true && days !== undefined && days >= period && isVersioned(node) && isRetained(node);
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
