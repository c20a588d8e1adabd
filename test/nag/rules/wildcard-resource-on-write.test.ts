import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { WildcardResourceOnWrite, isReadOnlyAction } from '../../../lib/nag/rules';
import { NOT_APPLICABLE, cfn, testStack } from './helpers';

describe('ISM-WildcardResourceOnWrite', () => {
  test('read actions on "*" and write actions on named resources are compliant (no findings)', () => {
    const policy = new iam.ManagedPolicy(testStack(), 'P', {
      statements: [
        new iam.PolicyStatement({ actions: ['wickr:ListNetworks', 'logs:DescribeLogGroups'], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::b/*'] }),
      ],
    });
    expect(WildcardResourceOnWrite.check(cfn(policy))).toEqual([]);
  });

  test('fails with one finding per write action allowed on "*"', () => {
    const policy = new iam.ManagedPolicy(testStack(), 'P', {
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'kms:Decrypt'], resources: ['*'] })],
    });
    expect(WildcardResourceOnWrite.check(cfn(policy))).toEqual(['Action::logs:CreateLogDelivery', 'Action::kms:Decrypt']);
  });

  test('does not apply to resource policies', () => {
    expect(WildcardResourceOnWrite.check(cfn(new s3.Bucket(testStack(), 'B')))).toBe(NOT_APPLICABLE);
  });

  test('classifies actions by their verb', () => {
    expect(['s3:GetObject', 'ec2:DescribeInstances', 'dynamodb:Query', 'wickr:ListNetworks'].map(isReadOnlyAction)).toEqual([true, true, true, true]);
    expect(['s3:PutObject', 'kms:Decrypt', 's3:*', 's3:Get*', 'logs:CreateLogStream'].map(isReadOnlyAction)).toEqual([false, false, false, false, false]);
  });
});
