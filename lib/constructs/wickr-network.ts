import { Arn, ArnFormat, CfnResource, CustomResource, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { NETWORK_ATTRIBUTES, NetworkProperties, networkClaimParameterName } from '../../lambda/shared/network-props';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { ConfigProblem, throwIfProblems } from '../config/errors';
import { networkNameProblems } from '../config/limits';
import { recordNetworkEvidence } from './wickr-network-evidence';
import { WickrProvider } from './wickr-provider';

/** The Wickr plan of a network. */
export enum AccessLevel {
  STANDARD = 'STANDARD',
  /** Needed for data retention. */
  PREMIUM = 'PREMIUM',
}

/** A Wickr network, created by the kit or adopted. */
export interface IWickrNetwork extends IResource {
  /** The 8-digit network id. */
  readonly networkId: string;
  /** `arn:<partition>:wickr:<region>:<account>:network/<id>`. */
  readonly networkArn: string;
  /** The network's plan, when known: synth refuses what the plan cannot hold. Undefined for an import that did not name it. */
  readonly accessLevel?: AccessLevel;
}

export interface WickrNetworkProps {
  /** The name users see, 1 to 20 characters. The kit keeps names unique per account and Region. */
  readonly networkName: string;
  /**
   * The Wickr plan.
   * @default AccessLevel.PREMIUM
   */
  readonly accessLevel?: AccessLevel;
  /**
   * A customer-managed KMS key to ask Wickr to use for the network (`encryptionKeyArn`, for example
   * `RegionalKeys.networkKey` with `networkKey: true`). It is a request, not a control the kit can show:
   * the live service accepts the key on CreateNetwork and UpdateNetwork but never stores or returns
   * it (the live-tested fork `SMonaghan/terraform-provider-aws`, network.go @4b379437), so the kit
   * sends it on create and when it changes, and reports it as requested, not confirmed.
   * @default - no key is requested; Wickr protects network data with keys it manages
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Adopt this existing network (8-digit id) instead of creating one; the kit then keeps its name
   * as configured.
   * @default - a new network is created
   */
  readonly adoptNetworkId?: string;
  /**
   * What Delete does. RETAIN leaves the network and everything in it; DESTROY deletes the network,
   * its users, bots and groups, permanently. DESTROY is an explicit opt-in.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The provider serving the custom resource.
   * @default - the stack's `WickrProvider`
   */
  readonly provider?: WickrProvider;
}

/** Attributes to import a network. */
export interface WickrNetworkAttributes {
  readonly networkId: string;
  /**
   * The network's plan. Give it so synth can refuse what the plan cannot hold (PREMIUM-only
   * security-group members, STANDARD's lockout floor, data retention).
   * @default - not known: those checks run only at deploy, where the service refuses them
   */
  readonly accessLevel?: AccessLevel;
  /** @default - the scope's Region */
  readonly region?: string;
  /** @default - the scope's account */
  readonly account?: string;
}

function networkArn(scope: Construct, networkId: string, region?: string, account?: string): string {
  return Arn.format({ service: 'wickr', resource: 'network', resourceName: networkId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME, region, account }, Stack.of(scope));
}

class ImportedWickrNetwork extends Resource implements IWickrNetwork {
  public readonly networkId: string;
  public readonly networkArn: string;
  public readonly accessLevel?: AccessLevel;

  constructor(scope: Construct, id: string, attrs: WickrNetworkAttributes) {
    super(scope, id, { region: attrs.region, account: attrs.account });
    throwIfProblems(this.node.path, validateNetworkId('networkId', attrs.networkId));
    this.networkId = attrs.networkId;
    this.accessLevel = attrs.accessLevel;
    this.networkArn = networkArn(this, attrs.networkId, attrs.region, attrs.account);
  }
}

/**
 * An AWS Wickr network, created through the Wickr admin API by a custom resource (see
 * docs/design/custom-resources.md for why not `AWS::Wickr::Network`): adoption of existing
 * networks, names kept unique, the plan checked at synth, and RETAIN unless destruction is opted into.
 */
export class WickrNetwork extends Resource implements IWickrNetwork {
  /** Refers to an existing network by id (no resource is created; nothing is managed). */
  public static fromNetworkId(scope: Construct, id: string, networkId: string): IWickrNetwork {
    return new ImportedWickrNetwork(scope, id, { networkId });
  }

  public static fromNetworkAttributes(scope: Construct, id: string, attrs: WickrNetworkAttributes): IWickrNetwork {
    return new ImportedWickrNetwork(scope, id, attrs);
  }

  public readonly networkId: string;
  public readonly networkArn: string;
  public readonly networkName: string;
  public readonly accessLevel: AccessLevel;
  /** True when the network was adopted rather than created. */
  public readonly adopted: boolean;
  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: WickrNetworkProps) {
    super(scope, id);
    const removal = props.removalPolicy ?? RemovalPolicy.RETAIN;
    throwIfProblems(this.node.path, [
      // Counted as the config validator counts it (code points), so a config never passes one and fails the other.
      ...(!Token.isUnresolved(props.networkName) ? networkNameProblems('networkName', props.networkName) : []),
      ...(props.adoptNetworkId !== undefined ? validateNetworkId('adoptNetworkId', props.adoptNetworkId) : []),
      ...(removal !== RemovalPolicy.RETAIN && removal !== RemovalPolicy.DESTROY
        ? [{ path: 'removalPolicy', message: 'a network is either retained or destroyed', got: removal, allowed: 'RETAIN, DESTROY' }]
        : []),
    ]);
    this.networkName = props.networkName;
    this.accessLevel = props.accessLevel ?? AccessLevel.PREMIUM;
    this.adopted = props.adoptNetworkId !== undefined;

    const provider = props.provider ?? WickrProvider.of(this);
    provider.allowResource('network');
    const properties: NetworkProperties = {
      NetworkName: props.networkName,
      AccessLevel: this.accessLevel,
      ...(props.encryptionKey ? { EncryptionKeyArn: props.encryptionKey.keyArn } : {}),
      ...(props.adoptNetworkId ? { AdoptNetworkId: props.adoptNetworkId } : {}),
      RemovalPolicy: removal === RemovalPolicy.DESTROY ? 'destroy' : 'retain',
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: WICKR_RESOURCES.network.type,
      properties,
      // The custom resource itself must stay in CloudFormation's hands: the handler decides what Delete does.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.networkId = this.resource.getAttString(NETWORK_ATTRIBUTES.networkId);
    this.networkArn = this.resource.getAttString(NETWORK_ATTRIBUTES.networkArn);
    // The handler's creation claim: exactly this resource's parameter (network-claim.ts).
    const stack = Stack.of(this);
    const claim = networkClaimParameterName(stack.stackName, stack.getLogicalId(this.resource.node.defaultChild as CfnResource));
    provider.grantParameterReadWrite(stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: claim.slice(1), arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
    recordNetworkEvidence(this, {
      networkName: props.networkName,
      region: Stack.of(this).region,
      accessLevel: this.accessLevel,
      adopted: this.adopted,
      keyRequested: props.encryptionKey !== undefined,
    });
  }
}

function validateNetworkId(path: string, value: string): ConfigProblem[] {
  return Token.isUnresolved(value) || /^[0-9]{8}$/.test(value)
    ? []
    : [{ path, message: 'a Wickr network id is 8 digits', got: value, allowed: '8 digits, e.g. 12345678' }];
}
