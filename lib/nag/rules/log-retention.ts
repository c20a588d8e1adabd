import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { ismPolicyOf } from './policy';
import { isLogBucket } from './records';
import { asList, field, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1988'];

/**
 * Event logs stay at least as long as the floor (policy `minimumLogRetentionDays`, 365 days by
 * default): log groups by their retention (never-expire passes), log buckets (targets of S3 server
 * access logging or of a CloudTrail trail in the same stack) by their lifecycle expiry.
 */
export const LogRetention: IsmRule = {
  name: 'LogRetention',
  controls: CONTROLS,
  level: 'error',
  info: (node) =>
    `The log ${node instanceof CfnBucket ? 'bucket expires objects' : 'group keeps events'} for less than the floor of ${ismPolicyOf(node).minimumLogRetentionDays} days ${citing(CONTROLS)}.`,
  explanation:
    'Investigations look back months; the ISM asks for event logs to stay searchable for at least 12 months, and agencies may set a longer floor in policy.minimumLogRetentionDays.',
  check: (node) => {
    const floor = ismPolicyOf(node).minimumLogRetentionDays;
    if (node instanceof CfnLogGroup) {
      const days = resolved(node, node.retentionInDays);
      if (days === undefined) return NagRuleCompliance.COMPLIANT; // never expires
      return typeof days === 'number' && days >= floor ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (node instanceof CfnBucket && isLogBucket(node)) {
      const lifecycle = resolved(node, node.lifecycleConfiguration);
      const expiries = asList(field<unknown[]>(lifecycle, 'rules', 'Rules'))
        .filter((r) => field(r, 'status', 'Status') !== 'Disabled')
        .map((r) => field<number>(r, 'expirationInDays', 'ExpirationInDays'))
        .filter((d): d is number => d !== undefined);
      return expiries.every((d) => typeof d === 'number' && d >= floor) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
};
