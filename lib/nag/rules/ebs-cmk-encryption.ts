import { CfnInstance, CfnLaunchTemplate, CfnVolume } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { asList, field, isAwsManagedKeyAlias, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0459', 'ISM-1080'];

const cmkEncrypted = (encrypted: unknown, key: unknown) => encrypted === true && key !== undefined && !isAwsManagedKeyAlias(key, 'ebs');

/** Block device mappings (of a launch template or an instance) encrypt every EBS volume with a customer-managed key. */
function mappingsEncrypted(mappings: unknown): boolean {
  return asList(mappings as unknown[])
    .map((m) => field(m, 'ebs', 'Ebs'))
    .filter((ebs) => ebs !== undefined)
    .every((ebs) => cmkEncrypted(field(ebs, 'encrypted', 'Encrypted'), field(ebs, 'kmsKeyId', 'KmsKeyId')));
}

/**
 * EBS volumes are encrypted with a customer-managed key: standalone volumes (`Encrypted` and
 * `KmsKeyId`) and the volumes launch templates and instances declare. The data-retention bot's
 * host keeps the bot's keys, database and not-yet-uploaded records on them.
 */
export const EBSCMKEncryption: IsmRule = {
  name: 'EBSCMKEncryption',
  controls: CONTROLS,
  level: 'error',
  info: `The EBS volume (or a volume the launch template or instance declares) is not encrypted with a customer-managed KMS key ${citing(CONTROLS)}.`,
  explanation:
    "Without KmsKeyId an encrypted volume uses the AWS-managed aws/ebs key, which the agency cannot restrict or rotate on its own schedule; the bot's host holds decrypted messages waiting for upload.",
  check: (node) => {
    if (node instanceof CfnVolume) {
      return cmkEncrypted(resolved(node, node.encrypted), resolved(node, node.kmsKeyId)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (node instanceof CfnLaunchTemplate) {
      const data = resolved(node, node.launchTemplateData);
      const mappings = field(data, 'blockDeviceMappings', 'BlockDeviceMappings');
      if (mappings === undefined) return NagRuleCompliance.NOT_APPLICABLE;
      return mappingsEncrypted(mappings) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (node instanceof CfnInstance) {
      const mappings = resolved(node, node.blockDeviceMappings);
      if (mappings === undefined) return NagRuleCompliance.NOT_APPLICABLE;
      return mappingsEncrypted(mappings) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
};
