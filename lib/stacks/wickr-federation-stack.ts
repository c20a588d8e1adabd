import { Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AgencyConfig } from '../config/config-types';
import { wickrRegion } from '../config/regions';
import type { PlanGroup, PlanNetwork, PlanPeer } from '../config/federation-plan';
import { AppNetworkPeer, FederatedGroup, FederationPeer, FederationScope, NetworkFederation } from '../constructs/federation';
import { logsKeyParameterName } from '../constructs/federation-handoff';
import { RegionRestriction } from '../constructs/region-restriction';
import { WickrProvider } from '../constructs/wickr-provider';
import { setIsmPolicy } from '../nag/rules/policy';
import { KIT_VERSION } from '../version';

/** The stack name of an agency's federation stack in a Region. */
export function federationStackName(agencyId: string, region: string): string {
  return `WickrKit-${agencyId}-${region}-federation`;
}

export interface WickrFederationStackProps extends StackProps {
  readonly agency: AgencyConfig;
  readonly region: string;
  /** The agency's networks in this Region, as the federation plan resolved them. */
  readonly networks: readonly PlanNetwork[];
  /** `federation.refresh` of the config. */
  readonly refresh?: string;
}

/**
 * The federation of one agency's networks in one Region: a `NetworkFederation` per network, with
 * its own provider. It deploys after the network stacks of every network it names (the kit adds
 * those dependencies), which is what breaks the cycle of two networks that must each allow-list the
 * other's id: every network exists before any federation is written. It holds no cross-stack
 * references; what it needs from the network stacks (network ids, the logs key) comes from SSM.
 */
export class WickrFederationStack extends Stack {
  public readonly agency: AgencyConfig;
  public readonly provider: WickrProvider;
  /** One per network of the agency in this Region, in config order. */
  public readonly federations: NetworkFederation[] = [];
  public readonly regionRestriction?: RegionRestriction;

  constructor(scope: Construct, id: string, props: WickrFederationStackProps) {
    const { agency, region } = props;
    super(scope, id, {
      stackName: federationStackName(agency.id, region),
      terminationProtection: true,
      description:
        `AWS Wickr for ${agency.name} in ${wickrRegion(region)?.name ?? region}: federation of its networks ` +
        `(${agency.classification}; records owner: ${agency.recordsOwner}). wickr-cdk-kit ${KIT_VERSION}.`,
      ...props,
      env: { account: agency.account ?? props.env?.account, region },
    });
    this.agency = agency;
    setIsmPolicy(this, { allowedRegions: agency.allowedRegions, recordsRetentionDays: agency.recordsRetention.days });
    if (agency.guardrails.regionRestriction.enabled) {
      this.regionRestriction = new RegionRestriction(this, 'RegionRestriction', { allowedRegions: agency.allowedRegions, agencyId: agency.id, ...agency.guardrails.regionRestriction });
    }
    const logsKey = kms.Key.fromKeyArn(this, 'LogsKey', ssm.StringParameter.valueForStringParameter(this, logsKeyParameterName(agency.id, region)));
    // Federation finishes within onEvent: no isComplete function and no waiter state machine here.
    this.provider = WickrProvider.of(this, { logsKey, logRetention: agency.logRetentionDays as logs.RetentionDays, asynchronous: false });
    for (const n of props.networks) {
      this.federations.push(
        new NetworkFederation(this, `Federation-${n.networkId}`, {
          network: FederationPeer.appNetwork({ key: n.key, region: n.region, parameterName: n.parameterName, accessLevel: n.accessLevel }),
          groups: n.groups.map(federatedGroup),
          refresh: props.refresh,
          provider: this.provider,
        }),
      );
    }
  }
}

function appPeer(n: { key: string; region: string; parameterName: string }): AppNetworkPeer {
  return FederationPeer.appNetwork({ key: n.key, region: n.region, parameterName: n.parameterName });
}

function peerOf(p: PlanPeer): FederationPeer {
  switch (p.kind) {
    case 'network':
      return appPeer(p);
    case 'aws-partner':
      return FederationPeer.awsNetwork({ label: `partner ${p.id}`, region: p.region, networkId: p.networkId });
    case 'enterprise-partner':
      return FederationPeer.enterpriseNetwork({ label: `partner ${p.id}`, domain: p.domain, networkId: p.networkId });
  }
}

function federatedGroup(g: PlanGroup): FederatedGroup {
  return {
    name: g.name,
    isDefault: g.isDefault,
    local: g.local as FederationScope,
    global: g.global as FederationScope,
    guests: g.guests,
    permit: g.peers.map(peerOf),
  };
}
