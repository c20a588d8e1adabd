import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LogGroupCMKEncryption } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, cfn, testStack } from './helpers';

describe('ISM-LogGroupCMKEncryption', () => {
  test('a log group with a customer-managed key is compliant', () => {
    const stack = testStack();
    expect(LogGroupCMKEncryption.check(cfn(new logs.LogGroup(stack, 'L', { encryptionKey: new kms.Key(stack, 'K') })))).toBe(COMPLIANT);
  });

  test('fails when the log group has no KmsKeyId', () => {
    expect(LogGroupCMKEncryption.check(cfn(new logs.LogGroup(testStack(), 'L')))).toBe(NON_COMPLIANT);
  });
});
