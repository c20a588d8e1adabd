import { Stack, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AgencyConfig, KitConfig } from '../config/schema';
import { agencyRegions } from '../config/validator';
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
}

export interface AddKitStacksOptions {
  /** Account for agencies that name none (usually CDK_DEFAULT_ACCOUNT). @default - account-agnostic */
  readonly defaultAccount?: string;
}

/**
 * Composes the kit's stacks for every agency of a validated config: one `WickrRegionStack` per
 * agency and Region. Stacks that replicate records depend on the stack holding the destination
 * bucket, so `cdk deploy --all` creates destinations first.
 */
export function addKitStacks(scope: Construct, config: KitConfig, options: AddKitStacksOptions = {}): AgencyStacks[] {
  return config.agencies.map((agency) => {
    const regionStacks = agencyRegions(agency).map(
      (region) =>
        new WickrRegionStack(scope, regionStackName(agency.id, region), {
          agency,
          region,
          env: { account: agency.account ?? options.defaultAccount, region },
        }),
    );
    const destination = regionStacks.find((s) => s.region === agency.storage.replicateTo);
    if (destination) for (const s of regionStacks) if (s !== destination) s.addStackDependency(destination, 'replicates records into its bucket');
    for (const stack of regionStacks) tagAgency(stack, agency);
    return { agency, regionStacks };
  });
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
