import { NagRuleCompliance } from 'cdk-nag';
import { asList } from './resolve';
import { attachedAdminPolicies, identityStatements } from './iam-statements';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1508', 'ISM-1852'];

/**
 * Identity policies allow no wildcard actions (`*` or `service:*`), no Allow with NotAction, and no
 * AWS-managed admin policies (AdministratorAccess, PowerUserAccess, IAMFullAccess).
 */
export const NoAdminOrWildcardActions: IsmRule = {
  name: 'NoAdminOrWildcardActions',
  controls: CONTROLS,
  level: 'error',
  info: `The IAM identity policy allows wildcard or admin actions (Action "*", "service:*", Allow with NotAction, or an AWS-managed admin policy) ${citing(CONTROLS)}.`,
  explanation:
    'Every principal the kit creates gets the named actions its job needs; wildcard actions grant whatever a service adds later, and admin policies grant everything.',
  check: (node) => {
    const statements = identityStatements(node);
    const admin = attachedAdminPolicies(node);
    if (statements === undefined && admin.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    if (admin.length > 0) return NagRuleCompliance.NON_COMPLIANT;
    const wildcard = (statements ?? []).some(
      (s) => s.Effect === 'Allow' && (s.NotAction !== undefined || asList(s.Action).some((a) => typeof a === 'string' && (a === '*' || /^[^:]+:\*$/.test(a)))),
    );
    return wildcard ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
