import * as efs from 'aws-cdk-lib/aws-efs';
import { EFSCMKEncryption } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, testStack } from './helpers';

describe('ISM-EFSCMKEncryption', () => {
  const key = 'arn:aws:kms:ap-southeast-2:111122223333:key/11111111-2222-3333-4444-555555555555';

  test('an encrypted file system with a customer-managed key is compliant', () => {
    expect(EFSCMKEncryption.check(new efs.CfnFileSystem(testStack(), 'F', { encrypted: true, kmsKeyId: key }))).toBe(COMPLIANT);
  });

  test('fails when the file system is unencrypted or uses the AWS-managed key', () => {
    const stack = testStack();
    expect(EFSCMKEncryption.check(new efs.CfnFileSystem(stack, 'F', { encrypted: false }))).toBe(NON_COMPLIANT);
    expect(EFSCMKEncryption.check(new efs.CfnFileSystem(stack, 'G', { encrypted: true }))).toBe(NON_COMPLIANT);
  });
});
