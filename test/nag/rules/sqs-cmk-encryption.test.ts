import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SQSCMKEncryption } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, cfn, testStack } from './helpers';

describe('ISM-SQSCMKEncryption', () => {
  test('a queue with a customer-managed key is compliant', () => {
    const stack = testStack();
    const queue = new sqs.Queue(stack, 'Q', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: new kms.Key(stack, 'K') });
    expect(SQSCMKEncryption.check(cfn(queue))).toBe(COMPLIANT);
  });

  test('fails when the queue uses SQS-managed encryption or the AWS-managed key', () => {
    const stack = testStack();
    expect(SQSCMKEncryption.check(cfn(new sqs.Queue(stack, 'Q', { encryption: sqs.QueueEncryption.SQS_MANAGED })))).toBe(NON_COMPLIANT);
    expect(SQSCMKEncryption.check(cfn(new sqs.Queue(stack, 'R', { encryption: sqs.QueueEncryption.KMS_MANAGED })))).toBe(NON_COMPLIANT);
  });
});
