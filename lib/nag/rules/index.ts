// The ISM pack's rules, in the order the pack applies them. Each rule lives in its own file.
import { CloudTrailCoverage } from './cloudtrail-coverage';
import { DataResidency } from './data-residency';
import { EBSCMKEncryption } from './ebs-cmk-encryption';
import { EFSCMKEncryption } from './efs-cmk-encryption';
import { KMSKeyRotation } from './kms-key-rotation';
import { LogGroupCMKEncryption } from './log-group-cmk-encryption';
import { LogRetention } from './log-retention';
import { NoAdminOrWildcardActions } from './no-admin-or-wildcard-actions';
import { NoIAMUsers } from './no-iam-users';
import { RecordsAccessLogged } from './records-access-logged';
import { RecordsComplianceMode } from './records-compliance-mode';
import { RecordsObjectLock } from './records-object-lock';
import { S3CMKEncryption } from './s3-cmk-encryption';
import { S3TLSOnly } from './s3-tls-only';
import { SNSCMKEncryption } from './sns-cmk-encryption';
import { SQSCMKEncryption } from './sqs-cmk-encryption';
import { SecretCMKEncryption } from './secret-cmk-encryption';
import { IsmRule } from './types';
import { WildcardResourceOnWrite } from './wildcard-resource-on-write';

export const ISM_RULES: readonly IsmRule[] = [
  DataResidency,
  S3CMKEncryption,
  LogGroupCMKEncryption,
  SNSCMKEncryption,
  SQSCMKEncryption,
  SecretCMKEncryption,
  EFSCMKEncryption,
  EBSCMKEncryption,
  KMSKeyRotation,
  S3TLSOnly,
  LogRetention,
  RecordsObjectLock,
  RecordsComplianceMode,
  RecordsAccessLogged,
  NoAdminOrWildcardActions,
  WildcardResourceOnWrite,
  NoIAMUsers,
  CloudTrailCoverage,
];

export * from './types';
export * from './policy';
export { isLogBucket, isRecordsBucket, markRecordsBucket, RECORDS_BUCKET_METADATA } from './records';
export { isReadOnlyAction } from './iam-statements';
export {
  CloudTrailCoverage,
  DataResidency,
  EBSCMKEncryption,
  EFSCMKEncryption,
  KMSKeyRotation,
  LogGroupCMKEncryption,
  LogRetention,
  NoAdminOrWildcardActions,
  NoIAMUsers,
  RecordsAccessLogged,
  RecordsComplianceMode,
  RecordsObjectLock,
  S3CMKEncryption,
  S3TLSOnly,
  SNSCMKEncryption,
  SQSCMKEncryption,
  SecretCMKEncryption,
  WildcardResourceOnWrite,
};
