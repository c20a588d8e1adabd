import { Stack, Stage, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AgencyConfig, KitConfig } from '../config/config-types';
import { agencyRegions } from '../config/validator';
import { analyzeFederation } from '../config/federation-plan';
import { registerFederationMap } from '../federation/map';
import { recordsOnlyRegions, replicationDestination } from '../config/records-copies';
import { WickrFederationStack, federationStackName } from './wickr-federation-stack';
import { WickrRecordsStack, recordsStackName } from './wickr-records-stack';
import { WickrRegionStack, regionStackName } from './wickr-region-stack';

/** Tag keys the kit applies to every resource of an agency. */
export const KIT_TAGS = {
  agency: 'wickr-kit:agency',
  classification: 'wickr-kit:data-classification',
  recordsOwner: 'wickr-kit:records-owner',
  managedBy: 'wickr-kit:managed-by',
} as const;

/** The stacks the kit composed for one agency. */
export interface AgencyStacks {
  readonly agency: AgencyConfig;
  /** One stack per Region, home Region first. */
  readonly regionStacks: WickrRegionStack[];
  /** One federation stack per Region with networks, deployed after the network stacks of every network it names. */
  readonly federationStacks: WickrFederationStack[];
  /** One records-only stack per replication destination without the agency's networks (`WickrKit-<agency>-<region>-records`). */
  readonly recordsStacks: WickrRecordsStack[];
}

/** Which kit stack is being placed: an agency's stack in a Region, or its federation stack there. */
export interface KitStackPlacement {
  readonly agency: AgencyConfig;
  readonly region: string;
  readonly kind: 'region' | 'federation' | 'records';
}

export interface AddKitStacksOptions {
  /** Account for agencies that name none (usually CDK_DEFAULT_ACCOUNT). @default - account-agnostic */
  readonly defaultAccount?: string;
  /**
   * The scope of each stack, e.g. the pipeline Stage it deploys in (lib/stacks/wickr-pipeline-stack.ts).
   * @default - every stack directly in `scope`
   */
  readonly scopeFor?: (placement: KitStackPlacement) => Construct;
  /**
   * For stacks that land in different Stages, where CDK cannot add a stack dependency: whether the
   * deployment order (the pipeline's waves) already deploys `dependency` before `dependent`. A
   * dependency it does not guarantee fails synth rather than being dropped.
   * @default - no dependency between Stages is guaranteed
   */
  readonly orderedAcrossStages?: (dependent: KitStackPlacement, dependency: KitStackPlacement) => boolean;
}

/**
 * Composes the kit's stacks for every agency of a validated config: one `WickrRegionStack` per
 * agency and Region. Stacks that replicate records depend on the stack holding the destination
 * bucket, so `cdk deploy --all` creates destinations first.
 */
export function addKitStacks(scope: Construct, config: KitConfig, options: AddKitStacksOptions = {}): AgencyStacks[] {
  const depend = dependOnce(options);
  const composed = config.agencies.map((agency) => {
    const regionStacks = agencyRegions(agency).map(
      (region) =>
        new WickrRegionStack(options.scopeFor?.({ agency, region, kind: 'region' }) ?? scope, regionStackName(agency.id, region), {
          agency,
          region,
          config,
          env: { account: agency.account ?? options.defaultAccount, region },
        }),
    );
    const recordsStacks = recordsOnlyRegions(agency).map(
      (region) =>
        new WickrRecordsStack(options.scopeFor?.({ agency, region, kind: 'records' }) ?? scope, recordsStackName(agency.id, region), {
          agency,
          region,
          env: { account: agency.account ?? options.defaultAccount, region },
        }),
    );
    // A Region's stack replicates into its destination's bucket, so the destination deploys first.
    for (const s of regionStacks) {
      const region = replicationDestination(agency, s.region);
      const destination = [...regionStacks, ...recordsStacks].find((d) => d.region === region);
      if (destination) depend(s, destination, 'replicates records into its bucket');
    }
    for (const stack of [...regionStacks, ...recordsStacks]) tagAgency(stack, agency);
    return { agency, regionStacks, recordsStacks };
  });
  const federationStacks = addFederationStacks(scope, config, composed, options);
  return composed.map((c, i) => ({ ...c, federationStacks: federationStacks[i] }));
}

/**
 * The federation stacks (docs/federation.md): per agency and Region with networks, one stack that
 * depends on the network stacks of its own networks and of every network they link to, in any
 * Region or agency, so `cdk deploy --all` creates every network before it writes any allow-list.
 */
function addFederationStacks(
  scope: Construct,
  config: KitConfig,
  composed: readonly { agency: AgencyConfig; regionStacks: WickrRegionStack[] }[],
  options: AddKitStacksOptions,
): WickrFederationStack[][] {
  const depend = dependOnce(options);
  const { plan } = analyzeFederation(config);
  registerFederationMap(scope, plan);
  const regionStackOf = (agencyId: string, region: string) => composed.find((c) => c.agency.id === agencyId)?.regionStacks.find((s) => s.region === region);
  return composed.map(({ agency }) =>
    agencyRegions(agency)
      .filter((region) => agency.networks.some((n) => n.region === region))
      .map((region) => {
        const networks = plan.networks.filter((n) => n.agencyId === agency.id && n.region === region);
        const stack = new WickrFederationStack(options.scopeFor?.({ agency, region, kind: 'federation' }) ?? scope, federationStackName(agency.id, region), {
          agency,
          region,
          networks,
          refresh: plan.refresh,
          env: { account: agency.account ?? options.defaultAccount, region },
        });
        const needed = new Map<WickrRegionStack, string>();
        const own = regionStackOf(agency.id, region);
        if (own) needed.set(own, 'its networks and the logs key are published by this stack');
        for (const n of networks) {
          for (const g of n.groups) {
            for (const p of g.peers) {
              if (p.kind !== 'network') continue;
              const [peerAgency] = p.key.split('/');
              const peerStack = regionStackOf(peerAgency, p.region);
              if (peerStack && !needed.has(peerStack)) needed.set(peerStack, `federates with ${p.key}, whose id this stack publishes`);
            }
          }
        }
        for (const [dep, reason] of needed) depend(stack, dep, reason);
        tagAgency(stack, agency);
        return stack;
      }),
  );
}

/**
 * Adds a stack dependency, or, between Stages (where CDK cannot have one), checks that the
 * deployment order guarantees it and leaves it out. With every stack in one scope (the default),
 * this is exactly `addStackDependency`.
 */
function dependOnce(options: AddKitStacksOptions): (stack: KitStack, dependency: KitStack, reason: string) => void {
  return (stack, dependency, reason) => {
    if (Stage.of(stack) === Stage.of(dependency)) {
      stack.addStackDependency(dependency, reason);
      return;
    }
    if (options.orderedAcrossStages?.(placementOf(stack), placementOf(dependency))) return;
    throw new Error(
      `${stack.stackName} must deploy after ${dependency.stackName} (${reason}), but they are in different Stages and the deployment order does not guarantee it; put them in one Stage or order their waves`,
    );
  };
}

type KitStack = WickrRegionStack | WickrFederationStack | WickrRecordsStack;

function placementOf(stack: KitStack): KitStackPlacement {
  return { agency: stack.agency, region: stack.region, kind: stack instanceof WickrFederationStack ? 'federation' : stack instanceof WickrRecordsStack ? 'records' : 'region' };
}

/** Applies the agency's tags once, at stack level, so every taggable resource carries them. */
export function tagAgency(stack: Stack, agency: AgencyConfig): void {
  const tags = Tags.of(stack);
  tags.add(KIT_TAGS.agency, agency.id);
  tags.add(KIT_TAGS.classification, agency.classification);
  tags.add(KIT_TAGS.recordsOwner, agency.recordsOwner);
  tags.add(KIT_TAGS.managedBy, 'wickr-cdk-kit');
  for (const [k, v] of Object.entries(agency.tags)) tags.add(k, v);
}
