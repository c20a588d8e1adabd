import { CfnFileSystem } from 'aws-cdk-lib/aws-efs';
import { NagRuleCompliance } from 'cdk-nag';
import { isAwsManagedKeyAlias, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0459', 'ISM-1080'];

/** EFS file systems are encrypted (`Encrypted: true`) with a customer-managed key (`KmsKeyId`). */
export const EFSCMKEncryption: IsmRule = {
  name: 'EFSCMKEncryption',
  controls: CONTROLS,
  level: 'error',
  info: `The EFS file system is not encrypted with a customer-managed KMS key (Encrypted and KmsKeyId) ${citing(CONTROLS)}.`,
  explanation:
    'Without KmsKeyId an encrypted file system uses the AWS-managed aws/elasticfilesystem key, which the agency cannot restrict or rotate on its own schedule.',
  check: (node) => {
    if (!(node instanceof CfnFileSystem)) return NagRuleCompliance.NOT_APPLICABLE;
    const encrypted = resolved(node, node.encrypted);
    const key = resolved(node, node.kmsKeyId);
    return encrypted === true && key !== undefined && !isAwsManagedKeyAlias(key) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
