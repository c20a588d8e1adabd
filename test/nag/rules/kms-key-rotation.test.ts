import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { KMSKeyRotation } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

describe('ISM-KMSKeyRotation', () => {
  test('a symmetric key rotating at least yearly is compliant', () => {
    const stack = testStack();
    expect(KMSKeyRotation.check(cfn(new kms.Key(stack, 'K', { enableKeyRotation: true })))).toBe(COMPLIANT);
    expect(KMSKeyRotation.check(cfn(new kms.Key(stack, 'L', { enableKeyRotation: true, rotationPeriod: Duration.days(90) })))).toBe(COMPLIANT);
  });

  test('fails when rotation is off or slower than yearly', () => {
    const stack = testStack();
    expect(KMSKeyRotation.check(cfn(new kms.Key(stack, 'K', { enableKeyRotation: false })))).toBe(NON_COMPLIANT);
    expect(KMSKeyRotation.check(cfn(new kms.Key(stack, 'L', { enableKeyRotation: true, rotationPeriod: Duration.days(730) })))).toBe(NON_COMPLIANT);
  });

  test('does not apply to asymmetric keys, which KMS cannot rotate', () => {
    const key = new kms.Key(testStack(), 'K', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    expect(KMSKeyRotation.check(cfn(key))).toBe(NOT_APPLICABLE);
  });
});
