import { CfnAccessKey, CfnRole, CfnUser } from 'aws-cdk-lib/aws-iam';
import { NagRuleCompliance } from 'cdk-nag';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1173', 'ISM-0974'];

/**
 * No IAM users and no access keys: people come in through the agency's federated identity and its
 * MFA. Each role is recorded as compliant evidence (a principal without long-lived credentials).
 */
export const NoIAMUsers: IsmRule = {
  name: 'NoIAMUsers',
  controls: CONTROLS,
  level: 'error',
  info: `The stack creates an IAM user or access key; use roles assumed through federated identity with MFA ${citing(CONTROLS)}.`,
  explanation:
    'IAM users carry long-lived passwords and access keys outside the agency\'s identity provider, its MFA and its joiner-mover-leaver process.',
  check: (node) => {
    if (node instanceof CfnUser || node instanceof CfnAccessKey) return NagRuleCompliance.NON_COMPLIANT;
    return node instanceof CfnRole ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NOT_APPLICABLE;
  },
};
