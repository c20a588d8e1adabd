import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';

export const COMPLIANT = NagRuleCompliance.COMPLIANT;
export const NON_COMPLIANT = NagRuleCompliance.NON_COMPLIANT;
export const NOT_APPLICABLE = NagRuleCompliance.NOT_APPLICABLE;

/** A stack in a concrete account and Region, as the kit's stacks are. */
export function testStack(region = 'ap-southeast-2', id = 'Test'): Stack {
  return new Stack(new App(), id, { env: { account: '111122223333', region } });
}

/** The CloudFormation resource of an L2 construct (or the construct itself when it is one). */
export function cfn(c: IConstruct): CfnResource {
  if (CfnResource.isCfnResource(c)) return c;
  const child = c.node.defaultChild;
  if (!child || !CfnResource.isCfnResource(child)) throw new Error(`${c.node.path} has no CloudFormation resource`);
  return child;
}
