import { CustomResource, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { SECURITY_GROUP_ATTRIBUTES, SecurityGroupProperties, checkGroupPolicy, toManagedSettings } from '../../lambda/shared/security-group-props';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { ConfigProblem, throwIfProblems } from '../config/errors';
import type { NetworkConfig } from '../config/config-types';
import { SecurityGroupPolicyProps, policyFromProps, policyPropsFromConfig } from './security-group-policy';
import type { IWickrNetwork } from './wickr-network';
import { WickrProvider } from './wickr-provider';
import type { WickrSso } from './wickr-sso';

/** A Wickr security group: a set of users with one policy. Groups are identified by name within a network. */
export interface ISecurityGroup extends IConstruct {
  readonly network: IWickrNetwork;
  readonly groupName: string;
  /** The id Wickr gave the group. */
  readonly groupId: string;
}

export interface SecurityGroupProps extends SecurityGroupPolicyProps {
  readonly network: IWickrNetwork;
  /** The group's name, unique in the network (the kit finds groups by name). */
  readonly groupName: string;
  /**
   * Manage the network's default group (which every network has) instead of creating a group. It is
   * adopted, renamed to `groupName` if needed, and never deleted.
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * The network's SSO. Needed for the SSO-only settings (`ssoMaxIdleMinutes`,
   * `showMasterRecoveryKey`); the group is then configured after SSO.
   * @default - the network has no SSO
   */
  readonly sso?: WickrSso;
  /**
   * What Delete does to a non-default group. RETAIN leaves it (Wickr has no "reset"); DESTROY deletes
   * it when it has no members (a group with users or bots is retained with a warning).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** @default - the stack's `WickrProvider` */
  readonly provider?: WickrProvider;
}

/**
 * A security group of a Wickr network and its policy (calling, files, location, expiry, lockout,
 * passwords, shredder, ...). Creation follows the API: create with the federation/lockout subset
 * (no federation: `federationMode` 0, unless `lockoutThreshold` is set), then update with the rest,
 * then read back. Updates write only what differs. Federation settings are left to the federation
 * construct. The documented cross-field rules fail synth with a message naming the field and the fix.
 */
export class SecurityGroup extends Construct implements ISecurityGroup {
  public readonly network: IWickrNetwork;
  public readonly groupName: string;
  public readonly groupId: string;
  public readonly isDefault: boolean;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    const removal = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const { policy, problems } = policyFromProps(props);
    const ruleProblems = checkGroupPolicy(policy, { ssoConfigured: props.sso !== undefined }).map<ConfigProblem>((p) => ({
      path: p.field,
      message: p.message,
      ...('got' in p ? { got: p.got } : {}),
      ...(p.allowed !== undefined ? { allowed: p.allowed } : {}),
    }));
    throwIfProblems(this.node.path, [
      ...(!Token.isUnresolved(props.groupName) && (props.groupName.trim() === '' || props.groupName.length > 128)
        ? [{ path: 'groupName', message: 'a group name is 1 to 128 characters', got: props.groupName }]
        : []),
      ...(removal !== RemovalPolicy.RETAIN && removal !== RemovalPolicy.DESTROY
        ? [{ path: 'removalPolicy', message: 'a group is either retained or destroyed', got: removal, allowed: 'RETAIN, DESTROY' }]
        : []),
      ...(props.isDefault && removal === RemovalPolicy.DESTROY
        ? [{ path: 'removalPolicy', message: "the network's default group can never be deleted; leave removalPolicy unset", got: 'DESTROY' }]
        : []),
      ...problems,
      ...ruleProblems,
    ]);
    this.network = props.network;
    this.groupName = props.groupName;
    this.isDefault = props.isDefault ?? false;

    const provider = props.provider ?? WickrProvider.of(this);
    provider.allowResource('securityGroup');
    const properties: SecurityGroupProperties = {
      NetworkId: props.network.networkId,
      GroupName: props.groupName,
      IsDefault: this.isDefault,
      RemovalPolicy: removal === RemovalPolicy.DESTROY ? 'destroy' : 'retain',
      Settings: toManagedSettings(policy),
    };
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: WICKR_RESOURCES.securityGroup.type,
      properties,
      // The handler decides what Delete does.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    if (props.sso) resource.node.addDependency(props.sso);
    this.groupId = resource.getAttString(SECURITY_GROUP_ATTRIBUTES.groupId);
  }
}

/** The construct id of a config group: stable for the default group even when it is renamed. */
export function securityGroupConstructId(group: { name: string; default?: boolean }): string {
  return group.default ? 'DefaultGroup' : `Group-${group.name.replace(/\//g, '-')}`;
}

/**
 * The network's `securityGroups` config as `SecurityGroup`s. A group's removal policy defaults to
 * the network's; the default group is never deleted.
 */
export function securityGroupsFromConfig(
  scope: Construct,
  args: { config: NetworkConfig; network: IWickrNetwork; sso?: WickrSso; provider?: WickrProvider },
): SecurityGroup[] {
  return args.config.securityGroups.map((g) => {
    const removal = g.default ? undefined : (g.removalPolicy ?? args.config.removalPolicy);
    return new SecurityGroup(scope, securityGroupConstructId(g), {
      ...policyPropsFromConfig(g as unknown as Record<string, unknown>),
      network: args.network,
      groupName: g.name,
      isDefault: g.default,
      sso: args.sso,
      removalPolicy: removal === 'destroy' ? RemovalPolicy.DESTROY : removal === 'retain' ? RemovalPolicy.RETAIN : undefined,
      provider: args.provider,
    });
  });
}
