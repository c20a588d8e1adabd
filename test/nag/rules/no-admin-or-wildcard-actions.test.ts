import * as iam from 'aws-cdk-lib/aws-iam';
import { NoAdminOrWildcardActions } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, cfn, testStack } from './helpers';

const role = (stack: ReturnType<typeof testStack>, id: string, props: Partial<iam.RoleProps> = {}) =>
  new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), ...props });

describe('ISM-NoAdminOrWildcardActions', () => {
  test('a policy of named actions is compliant', () => {
    const stack = testStack();
    const policy = new iam.ManagedPolicy(stack, 'P', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::b/*'] })] });
    expect(NoAdminOrWildcardActions.check(cfn(policy))).toBe(COMPLIANT);
    expect(NoAdminOrWildcardActions.check(cfn(role(stack, 'R')))).toBe(COMPLIANT);
  });

  test('fails on a service wildcard action', () => {
    const policy = new iam.ManagedPolicy(testStack(), 'P', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::b'] })] });
    expect(NoAdminOrWildcardActions.check(cfn(policy))).toBe(NON_COMPLIANT);
  });

  test('fails on Allow with NotAction', () => {
    const policy = new iam.ManagedPolicy(testStack(), 'P', { statements: [new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] })] });
    expect(NoAdminOrWildcardActions.check(cfn(policy))).toBe(NON_COMPLIANT);
  });

  test('fails when a role carries AdministratorAccess', () => {
    const r = role(testStack(), 'R', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] });
    expect(NoAdminOrWildcardActions.check(cfn(r))).toBe(NON_COMPLIANT);
  });
});
