import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { NagRuleCompliance, rules } from 'cdk-nag';
import { resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0507'];
/** The kit's ceiling for the rotation period: once a year. */
export const MAX_ROTATION_DAYS = 365;

/**
 * Symmetric customer-managed keys rotate automatically, at least once a year. Uses cdk-nag's own
 * rotation rule for the "enabled" half, then checks the period.
 */
export const KMSKeyRotation: IsmRule = {
  name: 'KMSKeyRotation',
  controls: CONTROLS,
  level: 'error',
  info: `The symmetric KMS key does not rotate automatically at least every ${MAX_ROTATION_DAYS} days ${citing(CONTROLS)}.`,
  explanation:
    'Regular automatic rotation limits how much data any one key version protects, and is part of the key management the agency documents.',
  check: (node) => {
    if (!(node instanceof CfnKey)) return NagRuleCompliance.NOT_APPLICABLE;
    const keySpec = resolved(node, node.keySpec);
    if (keySpec !== undefined && keySpec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    const enabled = rules.kms.KMSBackingKeyRotationEnabled(node);
    if (enabled !== NagRuleCompliance.COMPLIANT) return enabled;
    const period = resolved(node, node.rotationPeriodInDays);
    if (period === undefined) return NagRuleCompliance.COMPLIANT; // KMS default: 365 days
    return typeof period === 'number' && period <= MAX_ROTATION_DAYS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
