import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { asList, field, isAwsManagedKeyAlias, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0459', 'ISM-1080'];

/**
 * S3 buckets encrypt by default with SSE-KMS (or DSSE-KMS) under a customer-managed key. SSE-S3 and
 * the AWS-managed `aws/s3` key leave key policy and rotation outside the agency's control. The
 * kit's access-log buckets are the documented exception (S3 cannot deliver access logs to an
 * SSE-KMS bucket) and carry an acknowledgement.
 */
export const S3CMKEncryption: IsmRule = {
  name: 'S3CMKEncryption',
  controls: CONTROLS,
  level: 'error',
  info: `The S3 bucket is not encrypted by default with a customer-managed KMS key ${citing(CONTROLS)}.`,
  explanation:
    'Default encryption with a customer-managed key puts key policy, rotation and deletion under the agency\'s control and encrypts the whole bucket, not selected objects.',
  check: (node) => {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const encryption = resolved(node, node.bucketEncryption);
    const rules = asList(field<unknown[]>(encryption, 'serverSideEncryptionConfiguration', 'ServerSideEncryptionConfiguration'));
    if (rules.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    const ok = rules.every((r) => {
      const byDefault = field(r, 'serverSideEncryptionByDefault', 'ServerSideEncryptionByDefault');
      const algorithm = field<string>(byDefault, 'sseAlgorithm', 'SSEAlgorithm');
      const key = field(byDefault, 'kmsMasterKeyId', 'KMSMasterKeyID');
      return (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') && key !== undefined && !isAwsManagedKeyAlias(key);
    });
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
