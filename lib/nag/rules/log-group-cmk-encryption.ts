import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { NagRuleCompliance } from 'cdk-nag';
import { resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1985', 'ISM-0459', 'ISM-1080'];

/** CloudWatch log groups are encrypted with a customer-managed KMS key (`KmsKeyId`). */
export const LogGroupCMKEncryption: IsmRule = {
  name: 'LogGroupCMKEncryption',
  controls: CONTROLS,
  level: 'error',
  info: `The CloudWatch log group has no customer-managed KMS key (KmsKeyId) ${citing(CONTROLS)}.`,
  explanation:
    'Logs can hold identifiers and request details; a customer-managed key lets the agency decide who can read them, separately from who can read the log group.',
  check: (node) => {
    if (!(node instanceof CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    return resolved(node, node.kmsKeyId) === undefined ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
