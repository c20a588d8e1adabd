import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { isAwsManagedKeyAlias, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0459', 'ISM-1080'];

/** SNS topics are encrypted with a customer-managed key, not the AWS-managed `alias/aws/sns`. */
export const SNSCMKEncryption: IsmRule = {
  name: 'SNSCMKEncryption',
  controls: CONTROLS,
  level: 'error',
  info: `The SNS topic is not encrypted with a customer-managed KMS key (KmsMasterKeyId missing or alias/aws/sns) ${citing(CONTROLS)}.`,
  explanation:
    'With the AWS-managed key any principal of the account allowed to use SNS can read messages; a customer-managed key keeps message access under the key policy.',
  check: (node) => {
    if (!(node instanceof CfnTopic)) return NagRuleCompliance.NOT_APPLICABLE;
    const key = resolved(node, node.kmsMasterKeyId);
    return key === undefined || isAwsManagedKeyAlias(key) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
