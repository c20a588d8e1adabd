import { CfnResource } from 'aws-cdk-lib';
import { CfnGroup, CfnManagedPolicy, CfnPolicy, CfnRole, CfnUser } from 'aws-cdk-lib/aws-iam';
import { asList, field, resolved } from './resolve';

/** One statement of an identity policy, resolved. */
export interface IdentityStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
}

/**
 * The identity-policy statements a resource carries (IAM policies, managed policies, and inline
 * policies of roles, users and groups), or undefined when the resource carries none. Resource
 * policies (buckets, keys, topics) are not identity policies and are not returned.
 */
export function identityStatements(node: CfnResource): IdentityStatement[] | undefined {
  const docs: unknown[] = [];
  if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy) docs.push(resolved(node, node.policyDocument));
  else if (node instanceof CfnRole || node instanceof CfnUser || node instanceof CfnGroup) {
    for (const p of asList(resolved<unknown[]>(node, node.policies))) docs.push(field(p, 'policyDocument', 'PolicyDocument'));
  } else return undefined;
  return docs.flatMap((d) => asList(field<IdentityStatement[]>(d, 'statement', 'Statement')));
}

/** AWS-managed policies that grant administration or broad write access. */
export const ADMIN_MANAGED_POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'];

/** AWS-managed admin policies attached to a role, user or group (by name). */
export function attachedAdminPolicies(node: CfnResource): string[] {
  if (!(node instanceof CfnRole || node instanceof CfnUser || node instanceof CfnGroup)) return [];
  const arns = asList(resolved<unknown[]>(node, node.managedPolicyArns)).map((a) => JSON.stringify(a));
  return ADMIN_MANAGED_POLICIES.filter((name) => arns.some((a) => new RegExp(`:iam::aws:policy/${name}"`).test(a)));
}

const READ_VERBS = /^(Get|List|Describe|Head|BatchGet|Query|Scan|Search|Lookup|Select|View)/;

/** True for actions that only read (by the verb IAM action names start with). */
export function isReadOnlyAction(action: string): boolean {
  const [, name] = action.split(':');
  return name !== undefined && !name.includes('*') && READ_VERBS.test(name);
}
