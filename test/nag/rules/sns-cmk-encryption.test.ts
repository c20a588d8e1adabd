import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SNSCMKEncryption } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, cfn, testStack } from './helpers';

describe('ISM-SNSCMKEncryption', () => {
  test('a topic with a customer-managed key is compliant', () => {
    const stack = testStack();
    expect(SNSCMKEncryption.check(cfn(new sns.Topic(stack, 'T', { masterKey: new kms.Key(stack, 'K') })))).toBe(COMPLIANT);
  });

  test('fails when the topic is unencrypted or uses alias/aws/sns', () => {
    const stack = testStack();
    expect(SNSCMKEncryption.check(cfn(new sns.Topic(stack, 'T')))).toBe(NON_COMPLIANT);
    expect(SNSCMKEncryption.check(new sns.CfnTopic(stack, 'U', { kmsMasterKeyId: 'alias/aws/sns' }))).toBe(NON_COMPLIANT);
  });
});
