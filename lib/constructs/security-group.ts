import { CustomResource, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { SECURITY_GROUP_ATTRIBUTES, SecurityGroupProperties, checkGroupPolicy, toManagedSettings } from '../../lambda/shared/security-group-props';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { MAX_SECURITY_GROUPS_PER_NETWORK } from '../../lambda/shared/plan-tier';
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
 * (no federation, unless `lockoutThreshold` is set), then update with the rest, then read back.
 * Updates write only what differs; nested settings are read-modify-write, so members the live
 * service requires and the model lacks survive. Federation settings are left to the federation
 * construct. The documented cross-field rules, and what the network's plan refuses (PREMIUM-only
 * members and STANDARD's lockout floor, when the network's plan is known; at most 100 groups per
 * network), fail synth with a message naming the field and the fix. Screen sharing
 * (`CALLING.canStartScreenShare` on the live service) is reported by the handler, never written.
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
    const ruleProblems = checkGroupPolicy(policy, { ssoConfigured: props.sso !== undefined, accessLevel: props.network.accessLevel }).map<ConfigProblem>((p) => ({
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
    countGroup(this, props.network);

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

/** The groups of each network in the app, to refuse more than a network holds. */
const GROUPS_OF = new WeakMap<IWickrNetwork, { groups: SecurityGroup[] }>();

/** Counts the group against its network; the first group of a network checks the total at synth. */
function countGroup(group: SecurityGroup, network: IWickrNetwork): void {
  let entry = GROUPS_OF.get(network);
  if (entry) {
    entry.groups.push(group);
    return;
  }
  const groups = [group];
  GROUPS_OF.set(network, (entry = { groups }));
  group.node.addValidation({
    validate: () => {
      // The network's default group exists whether or not a SecurityGroup adopts it.
      const total = groups.length + (groups.some((g) => g.isDefault) ? 0 : 1);
      return total > MAX_SECURITY_GROUPS_PER_NETWORK
        ? [
            `${network.node.path}: a Wickr network holds at most ${MAX_SECURITY_GROUPS_PER_NETWORK} security groups, its default group included ` +
              `(got ${total}); merge groups or split them across networks`,
          ]
        : [];
    },
  });
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
