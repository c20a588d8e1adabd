import { Annotations, CustomResource, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { federationPlanProblems, federationProblem } from '../../lambda/shared/federation-mode';
import {
  DOMAIN_PATTERN,
  FederationGroupProperties,
  FederationPeerProperties,
  FederationProperties,
  NETWORK_ID_PATTERN,
  REGION_PATTERN,
  networkIdParameterName,
} from '../../lambda/shared/federation-props';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { ConfigProblem, throwIfProblems } from '../config/errors';
import { parameterArn } from './federation-handoff';
import { WickrProvider } from './wickr-provider';

/** How far a security group federates, in one scope (same Region, or across Regions and Enterprise). */
export enum FederationScope {
  /** No federation in this scope. */
  NONE = 'none',
  /** Every network in this scope. */
  ALL = 'all',
  /** Only the networks the group permits (its links). */
  RESTRICTED = 'restricted',
}

/** Identifies a network of this app that federation can name: its key, Region and the SSM parameter holding its id. */
export interface AppNetworkPeerProps {
  /** How the app names it, `<agency id>/<network id>` (e.g. `dea/london`). */
  readonly key: string;
  readonly region: string;
  /**
   * The SSM parameter (in `region`, in this app's account) holding the network's id.
   * @default `/wickr-kit/<agency id>/<network id>/network-id`, as `NetworkIdParameter` writes it
   */
  readonly parameterName?: string;
  /**
   * The network's plan, so synth can refuse what its plan cannot hold (STANDARD networks cannot
   * federate with every network of the Region).
   * @default - not known: only the handler's read-back catches a plan limit
   */
  readonly accessLevel?: 'STANDARD' | 'PREMIUM';
}

export interface AwsPartnerPeerProps {
  /** Who it is, for messages and the federation map. */
  readonly label: string;
  readonly region: string;
  /** Their 8-digit network id. */
  readonly networkId: string;
}

export interface EnterprisePartnerPeerProps {
  readonly label: string;
  /** Their Wickr Enterprise domain. */
  readonly domain: string;
  readonly networkId: string;
}

/** A network that a security group can allow-list. */
export abstract class FederationPeer {
  /** A network of this app, in any Region: its side is configured by its own `NetworkFederation`. */
  public static appNetwork(props: AppNetworkPeerProps): AppNetworkPeer {
    return new AppNetworkPeer(props);
  }
  /** An AWS Wickr network outside this app: its side is theirs to configure. */
  public static awsNetwork(props: AwsPartnerPeerProps): FederationPeer {
    return new PartnerPeer('aws-partner', props.label, props.networkId, props.region, undefined);
  }
  /** A Wickr Enterprise network: its side is theirs to configure. */
  public static enterpriseNetwork(props: EnterprisePartnerPeerProps): FederationPeer {
    return new PartnerPeer('enterprise-partner', props.label, props.networkId, undefined, props.domain);
  }

  public abstract readonly kind: 'app-network' | 'aws-partner' | 'enterprise-partner';
  /** How messages and the map name it. */
  public abstract readonly label: string;
  /** Its Region (absent for Wickr Enterprise). */
  public abstract readonly region?: string;
}

export class AppNetworkPeer extends FederationPeer {
  public readonly kind = 'app-network' as const;
  public readonly label: string;
  public readonly key: string;
  public readonly region: string;
  public readonly parameterName: string;
  public readonly accessLevel?: 'STANDARD' | 'PREMIUM';

  constructor(props: AppNetworkPeerProps) {
    super();
    this.key = props.key;
    this.accessLevel = props.accessLevel;
    this.label = props.key;
    this.region = props.region;
    const [agency, network] = props.key.split('/');
    this.parameterName = props.parameterName ?? networkIdParameterName(agency ?? props.key, network ?? props.key);
  }
}

class PartnerPeer extends FederationPeer {
  constructor(
    public readonly kind: 'aws-partner' | 'enterprise-partner',
    public readonly label: string,
    public readonly networkId: string,
    public readonly region: string | undefined,
    public readonly domain: string | undefined,
  ) {
    super();
  }
}

/** One side of a link: a network of the app and the groups of it the link applies to. */
export interface FederationLinkSide {
  readonly network: AppNetworkPeer;
  readonly groups: readonly string[];
}

/**
 * Restricted federation between two sides, each allow-listing the other in the named groups. Give
 * the same link to the `NetworkFederation` of each network it names (a `WickrFederationStack` does):
 * each takes its own side. A partner side is theirs to configure.
 */
export class FederationLink {
  /** Between two networks of the app (any Regions), or a network of the app and a partner. */
  public static between(a: FederationLinkSide, b: FederationLinkSide | FederationPeer, description?: string): FederationLink {
    return new FederationLink(a, b, description);
  }

  private constructor(
    public readonly a: FederationLinkSide,
    public readonly b: FederationLinkSide | FederationPeer,
    public readonly description?: string,
  ) {}

  /** What the link asks of `network`'s groups: the peer each named group permits. */
  public permitsFor(network: AppNetworkPeer): { readonly group: string; readonly peer: FederationPeer }[] {
    const sides: [FederationLinkSide | FederationPeer, FederationLinkSide | FederationPeer][] = [
      [this.a, this.b],
      [this.b, this.a],
    ];
    const out: { group: string; peer: FederationPeer }[] = [];
    for (const [self, other] of sides) {
      if (self instanceof FederationPeer || self.network.key !== network.key) continue;
      const peer = other instanceof FederationPeer ? other : other.network;
      for (const group of self.groups) out.push({ group, peer });
    }
    return out;
  }
}

/** One security group's federation. */
export interface FederatedGroup {
  /** The group's name (for the default group, the name messages use; it is found by its flag). */
  readonly name: string;
  /**
   * The network's default group (found by Wickr's `isDefault` flag, whatever it is called).
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * Federation with networks in the same Region.
   * @default - RESTRICTED when the group permits a network of its Region, else NONE
   */
  readonly local?: FederationScope;
  /**
   * Federation across Regions and with Wickr Enterprise.
   * @default - RESTRICTED when the group permits a network of another Region or an Enterprise network, else NONE
   */
  readonly global?: FederationScope;
  /**
   * Whether the group's users may talk to guest users (needs global federation on the group).
   * @default false
   */
  readonly guests?: boolean;
  /**
   * Networks the group allow-lists (besides those its links name).
   * @default - none
   */
  readonly permit?: readonly FederationPeer[];
}

export interface NetworkFederationProps {
  /** The network whose groups are configured; it must be in this stack's Region. */
  readonly network: AppNetworkPeer;
  /** Every group whose federation the kit manages (a group with no permits and no options gets federation off and no guests). */
  readonly groups: readonly FederatedGroup[];
  /**
   * Links; each one that names this network adds its peer to the named groups.
   * @default - none
   */
  readonly links?: readonly FederationLink[];
  /**
   * Any text; changing it makes the handler re-read the ids of peers in other Regions at the next deploy.
   * @default - none
   */
  readonly refresh?: string;
  /** @default - the stack's `WickrProvider` */
  readonly provider?: WickrProvider;
}

interface ResolvedGroup {
  readonly name: string;
  readonly isDefault: boolean;
  readonly local: FederationScope;
  readonly global: FederationScope;
  readonly guests: boolean;
  readonly peers: FederationPeer[];
}

const FEDERATION_MARK = Symbol.for('wickr-cdk-kit.NetworkFederation');

/**
 * The federation of every managed security group of one network (`Custom::WickrFederation`):
 * local federation (same Region) and global federation (other Regions, Wickr Enterprise) with
 * their allow-lists, and guest users. Belongs in a stack that deploys after the network stacks of
 * every network it names (`WickrFederationStack`): the network's id and the ids of app peers in
 * its Region come from SSM parameters CloudFormation resolves on every deploy, and the ids of app
 * peers in other Regions are read by the handler from those Regions' parameters.
 *
 * At synth, every `NetworkFederation` of the app checks that each network of the app it permits
 * permits it back in at least one group (federation needs both sides); a partner's side is
 * reported as information, since it is theirs to configure.
 */
export class NetworkFederation extends Construct {
  /** True for a `NetworkFederation` (works across copies of the library). */
  public static isNetworkFederation(x: unknown): x is NetworkFederation {
    return x !== null && typeof x === 'object' && FEDERATION_MARK in x;
  }

  public readonly network: AppNetworkPeer;
  /** The groups as deployed: scopes decided, peers merged from links. */
  public readonly groups: readonly ResolvedGroup[];
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: NetworkFederationProps) {
    super(scope, id);
    Object.defineProperty(this, FEDERATION_MARK, { value: true });
    this.network = props.network;
    const stack = Stack.of(this);
    const problems: ConfigProblem[] = [];
    if (!Token.isUnresolved(stack.region) && props.network.region !== stack.region) {
      problems.push({ path: 'network', message: `the network is in ${props.network.region}; put its NetworkFederation in a stack of that Region`, got: props.network.key, allowed: stack.region });
    }
    if (props.groups.length === 0) problems.push({ path: 'groups', message: 'name at least the groups whose federation the kit manages (the default group at least)', got: [] });
    const names = new Set<string>();
    props.groups.forEach((g, i) => {
      if (names.has(g.name)) problems.push({ path: `groups[${i}].name`, message: 'each group is configured once', got: g.name });
      names.add(g.name);
    });
    if (props.groups.filter((g) => g.isDefault).length > 1) problems.push({ path: 'groups', message: 'only one group is the default group', got: props.groups.filter((g) => g.isDefault).map((g) => g.name) });

    // Per group, by position (a name given twice is reported above; links go to its first use).
    const permits = props.groups.map((g) => [...(g.permit ?? [])]);
    (props.links ?? []).forEach((link, i) => {
      for (const { group, peer } of link.permitsFor(props.network)) {
        const at = props.groups.findIndex((g) => g.name === group);
        if (at < 0) problems.push({ path: `links[${i}]`, message: `the link names group ${group} of ${props.network.key}, which is not in groups`, got: group, allowed: [...names].join(', ') });
        else permits[at].push(peer);
      }
    });

    this.groups = props.groups.map((g, i) => {
      const peers = dedupe(permits[i]);
      const isLocal = (p: FederationPeer) => p.region !== undefined && p.region === props.network.region;
      for (const p of peers) problems.push(...peerProblems(p, `groups[${i}].permit`, props.network));
      const localPeers = peers.filter(isLocal);
      const globalPeers = peers.filter((p) => !isLocal(p));
      const local = g.local ?? (localPeers.length > 0 ? FederationScope.RESTRICTED : FederationScope.NONE);
      const global = g.global ?? (globalPeers.length > 0 ? FederationScope.RESTRICTED : FederationScope.NONE);
      for (const [s, chosen, linked] of [
        ['local', local, localPeers],
        ['global', global, globalPeers],
      ] as const) {
        if (chosen !== FederationScope.RESTRICTED && linked.length > 0) {
          problems.push({
            path: `groups[${i}].${s}`,
            message: `conflicting modes: ${s} is ${chosen} but the group permits ${linked.map((p) => p.label).join(', ')}; use RESTRICTED (or leave ${s} out), or drop the permits`,
            got: chosen,
            allowed: 'RESTRICTED',
          });
        }
      }
      const guests = g.guests ?? false;
      for (const p of federationPlanProblems({ local, global, guests }, { accessLevel: props.network.accessLevel })) {
        problems.push({ path: `groups[${i}].${p.field}`, message: p.message, got: p.field === 'local' ? local : guests });
      }
      const problem = federationProblem({ local, global, guests });
      if (problem) problems.push({ path: `groups[${i}].guests`, message: `${problem}; set global to RESTRICTED or ALL, or guests to false`, got: true });
      return { name: g.name, isDefault: g.isDefault ?? false, local, global, guests, peers };
    });
    throwIfProblems(this.node.path, problems);

    const provider = props.provider ?? WickrProvider.of(this);
    provider.allowResource('federation');
    // Ids in this Region: template parameters CloudFormation resolves from SSM on every deploy, so a
    // replaced network is noticed without any change to the template.
    const sameRegionId = (parameterName: string) => ssm.StringParameter.valueForStringParameter(stack, parameterName);
    const remote = new Map<string, string>();
    const peerProps = (p: FederationPeer): FederationPeerProperties => {
      if (p instanceof AppNetworkPeer) {
        if (p.region === props.network.region) return { Label: p.label, NetworkId: sameRegionId(p.parameterName) };
        remote.set(`${p.region}|${p.parameterName}`, parameterArn(this, p.parameterName, p.region));
        return { Label: p.label, Region: p.region, Parameter: p.parameterName };
      }
      const partner = p as PartnerPeer;
      return partner.kind === 'aws-partner'
        ? { Label: partner.label, Region: partner.region, NetworkId: partner.networkId }
        : { Label: partner.label, Domain: partner.domain, NetworkId: partner.networkId };
    };
    const groups: FederationGroupProperties[] = this.groups.map((g) => {
      const isLocal = (p: FederationPeer) => p.region === props.network.region;
      const local = g.peers.filter(isLocal).map(peerProps);
      const aws = g.peers.filter((p) => !isLocal(p) && p.kind !== 'enterprise-partner').map(peerProps);
      const enterprise = g.peers.filter((p) => p.kind === 'enterprise-partner').map(peerProps);
      return {
        Name: g.name,
        IsDefault: g.isDefault,
        Local: g.local,
        Global: g.global,
        Guests: g.guests,
        ...(local.length > 0 ? { LocalPeers: local } : {}),
        ...(aws.length > 0 ? { AwsPeers: aws } : {}),
        ...(enterprise.length > 0 ? { EnterprisePeers: enterprise } : {}),
      };
    });
    const properties: FederationProperties = {
      NetworkId: sameRegionId(props.network.parameterName),
      Network: props.network.key,
      Groups: groups,
      ...(props.refresh !== undefined ? { Refresh: props.refresh } : {}),
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: WICKR_RESOURCES.federation.type,
      properties,
      // The handler decides what Delete does (it leaves the groups as they are).
      removalPolicy: RemovalPolicy.DESTROY,
    });

    if (remote.size > 0) {
      // A managed policy, not an inline one, and only the parameters of the peers this network names.
      const policy = new iam.ManagedPolicy(this, 'PeerNetworkIds', {
        description: `wickr-cdk-kit federation of ${props.network.key}: read the ids of its peer networks in other Regions`,
        roles: [provider.role],
        statements: [new iam.PolicyStatement({ sid: 'ReadPeerNetworkIds', actions: ['ssm:GetParameter'], resources: [...remote.values()].sort() })],
      });
      this.resource.node.addDependency(policy);
    }

    for (const g of this.groups) {
      for (const p of g.peers) {
        if (!(p instanceof AppNetworkPeer)) {
          Annotations.of(this).addInfo(
            `${props.network.key} group ${g.name} allow-lists ${p.label}; their side is theirs to configure: federation works once they allow-list ${props.network.key} too`,
          );
        }
      }
    }
    this.node.addValidation({ validate: () => this.oneSided() });
  }

  /** Networks of the app this one permits, which do not permit it back (federation needs both sides). */
  private oneSided(): string[] {
    // Walked only when this network permits one of the app's: every federation walking the whole
    // tree made synth quadratic in stacks (about 35 ms a stack at 128 stacks, minutes at 400).
    let all: NetworkFederation[] | undefined;
    const federations = () => (all ??= this.node.root.node.findAll().filter((c: IConstruct): c is NetworkFederation => NetworkFederation.isNetworkFederation(c)));
    const errors: string[] = [];
    for (const g of this.groups) {
      for (const p of g.peers) {
        if (!(p instanceof AppNetworkPeer)) continue;
        const other = federations().find((f) => f.network.key === p.key);
        if (!other) {
          errors.push(
            `group ${g.name} of ${this.network.key} permits ${p.key}, which has no NetworkFederation in this app, so its side would never allow ${this.network.key}; ` +
              'add one for it, or name it with FederationPeer.awsNetwork if another app manages its side',
          );
          continue;
        }
        if (!other.groups.some((og) => og.peers.some((q) => q instanceof AppNetworkPeer && q.key === this.network.key))) {
          errors.push(`group ${g.name} of ${this.network.key} permits ${p.key}, but no group of ${p.key} permits ${this.network.key}: a restricted link must be configured on both sides`);
        }
      }
    }
    return errors;
  }
}

function dedupe(peers: FederationPeer[]): FederationPeer[] {
  const seen = new Set<string>();
  return peers.filter((p) => {
    const key = p instanceof AppNetworkPeer ? `app:${p.key}` : `${p.kind}:${p.label}:${(p as PartnerPeer).networkId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function peerProblems(p: FederationPeer, path: string, self: AppNetworkPeer): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (p instanceof AppNetworkPeer) {
    if (p.key === self.key) out.push({ path, message: 'a network cannot federate with itself', got: p.key });
    if (!REGION_PATTERN.test(p.region)) out.push({ path, message: 'must be an AWS Region code such as eu-west-2', got: p.region });
    return out;
  }
  const partner = p as PartnerPeer;
  if (!Token.isUnresolved(partner.networkId) && !NETWORK_ID_PATTERN.test(partner.networkId)) out.push({ path, message: `${partner.label}: a Wickr network id is 8 digits`, got: partner.networkId });
  if (partner.region !== undefined && !REGION_PATTERN.test(partner.region)) out.push({ path, message: `${partner.label}: must be an AWS Region code such as eu-west-2`, got: partner.region });
  if (partner.domain !== undefined && !DOMAIN_PATTERN.test(partner.domain)) out.push({ path, message: `${partner.label}: must be a domain name such as wickr.partner.example`, got: partner.domain });
  return out;
}
