import { CfnAccessKey, CfnUser } from 'aws-cdk-lib/aws-iam';
import { NagRuleCompliance } from 'cdk-nag';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1173', 'ISM-0974'];

/** No IAM users and no access keys: people come in through the agency's federated identity and its MFA. */
export const NoIAMUsers: IsmRule = {
  name: 'NoIAMUsers',
  controls: CONTROLS,
  level: 'error',
  info: `The stack creates an IAM user or access key; use roles assumed through federated identity with MFA ${citing(CONTROLS)}.`,
  explanation:
    'IAM users carry long-lived passwords and access keys outside the agency\'s identity provider, its MFA and its joiner-mover-leaver process.',
  check: (node) => (node instanceof CfnUser || node instanceof CfnAccessKey ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.NOT_APPLICABLE),
};
