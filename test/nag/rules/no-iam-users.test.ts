import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NoIAMUsers } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

describe('ISM-NoIAMUsers', () => {
  test('roles are compliant evidence; other resources are out of scope', () => {
    const stack = testStack();
    expect(NoIAMUsers.check(cfn(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() })))).toBe(COMPLIANT);
    expect(NoIAMUsers.check(cfn(new s3.Bucket(stack, 'B')))).toBe(NOT_APPLICABLE);
  });

  test('fails on an IAM user and on an access key', () => {
    const stack = testStack();
    const user = new iam.User(stack, 'U');
    expect(NoIAMUsers.check(cfn(user))).toBe(NON_COMPLIANT);
    expect(NoIAMUsers.check(cfn(new iam.AccessKey(stack, 'K', { user })))).toBe(NON_COMPLIANT);
  });
});
