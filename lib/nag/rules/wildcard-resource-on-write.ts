import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { asList } from './resolve';
import { identityStatements, isReadOnlyAction } from './iam-statements';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1508', 'ISM-1852'];

/**
 * Identity policies do not allow write actions on every resource (`Resource: "*"`). Reports one
 * finding per action (`ISM-WildcardResourceOnWrite[Action::logs:CreateLogDelivery]`), so each can
 * be acknowledged with its own reason (typically: IAM offers the action only on "*").
 */
export const WildcardResourceOnWrite: IsmRule = {
  name: 'WildcardResourceOnWrite',
  controls: CONTROLS,
  level: 'error',
  info: `The IAM identity policy allows a write action on every resource (Resource "*") without a recorded reason ${citing(CONTROLS)}.`,
  explanation:
    'Write access is scoped to the resources the construct owns; where IAM supports no resource-level permission for an action, the kit records why the action is needed.',
  check: (node): NagRuleResult => {
    const statements = identityStatements(node);
    if (statements === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const findings = new Set<string>();
    for (const s of statements) {
      if (s.Effect !== 'Allow' || !asList(s.Resource as string | string[] | undefined).includes('*')) continue;
      for (const a of asList(s.Action)) if (typeof a === 'string' && !isReadOnlyAction(a)) findings.add(`Action::${a}`);
    }
    return [...findings];
  },
};
