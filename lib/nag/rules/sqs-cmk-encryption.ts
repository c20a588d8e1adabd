import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { NagRuleCompliance } from 'cdk-nag';
import { isAwsManagedKeyAlias, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0459', 'ISM-1080'];

/** SQS queues are encrypted with a customer-managed key (SQS-managed SSE and `alias/aws/sqs` do not count). */
export const SQSCMKEncryption: IsmRule = {
  name: 'SQSCMKEncryption',
  controls: CONTROLS,
  level: 'error',
  info: `The SQS queue is not encrypted with a customer-managed KMS key (KmsMasterKeyId missing or alias/aws/sqs) ${citing(CONTROLS)}.`,
  explanation:
    'Queues, dead-letter queues included, can hold message content; SQS-managed encryption and the AWS-managed key leave access to that content outside the agency\'s key policy.',
  check: (node) => {
    if (!(node instanceof CfnQueue)) return NagRuleCompliance.NOT_APPLICABLE;
    const key = resolved(node, node.kmsMasterKeyId);
    return key === undefined || isAwsManagedKeyAlias(key) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
