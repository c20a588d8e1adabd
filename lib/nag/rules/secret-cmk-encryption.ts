import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagRuleCompliance } from 'cdk-nag';
import { isAwsManagedKeyAlias, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0459', 'ISM-1080'];

/** Secrets Manager secrets are encrypted with a customer-managed key (`KmsKeyId`). */
export const SecretCMKEncryption: IsmRule = {
  name: 'SecretCMKEncryption',
  controls: CONTROLS,
  level: 'error',
  info: `The Secrets Manager secret has no customer-managed KMS key (KmsKeyId missing or alias/aws/secretsmanager) ${citing(CONTROLS)}.`,
  explanation:
    'Secrets such as the retention bot\'s credentials must be readable only by the roles the agency names in its key policy, not by anything allowed to use the AWS-managed key.',
  check: (node) => {
    if (!(node instanceof CfnSecret)) return NagRuleCompliance.NOT_APPLICABLE;
    const key = resolved(node, node.kmsKeyId);
    return key === undefined || isAwsManagedKeyAlias(key) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
