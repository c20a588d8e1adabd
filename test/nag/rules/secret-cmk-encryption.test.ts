import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SecretCMKEncryption } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, cfn, testStack } from './helpers';

describe('ISM-SecretCMKEncryption', () => {
  test('a secret with a customer-managed key is compliant', () => {
    const stack = testStack();
    expect(SecretCMKEncryption.check(cfn(new secretsmanager.Secret(stack, 'S', { encryptionKey: new kms.Key(stack, 'K') })))).toBe(COMPLIANT);
  });

  test('fails when the secret uses the AWS-managed key', () => {
    const stack = testStack();
    expect(SecretCMKEncryption.check(cfn(new secretsmanager.Secret(stack, 'S')))).toBe(NON_COMPLIANT);
    expect(SecretCMKEncryption.check(new secretsmanager.CfnSecret(stack, 'T', { kmsKeyId: 'alias/aws/secretsmanager' }))).toBe(NON_COMPLIANT);
  });
});
