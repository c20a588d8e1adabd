import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { throwIfProblems } from '../config/errors';
import { acknowledge } from '../nag/acknowledgements';
import { addEvidenceFile } from '../nag/evidence/sections';

/** An action family exempted from the Region restriction, and why. */
export interface GlobalServiceExemption {
  /** IAM action pattern, e.g. `iam:*`. */
  readonly action: string;
  readonly why: string;
}

/**
 * Services whose API endpoints are global or pinned to one Region (mostly us-east-1): denying them
 * outside allowedRegions would break sign-in, identity, billing and support without keeping any
 * agency data in or out of a Region. Each entry says why; review the list against your own
 * organisation's needs before attaching the SCP.
 */
export const GLOBAL_SERVICE_EXEMPTIONS: readonly GlobalServiceExemption[] = [
  { action: 'iam:*', why: 'IAM is a global service; its API requests are recorded against us-east-1.' },
  { action: 'sts:*', why: 'The global STS endpoint is served from us-east-1; role assumption must keep working from every Region.' },
  { action: 'organizations:*', why: 'AWS Organizations is managed through a single global endpoint.' },
  { action: 'account:*', why: 'Account settings (alternate contacts, Region opt-in) are global.' },
  { action: 'support:*', why: 'AWS Support is reached through a global endpoint, needed during incidents.' },
  { action: 'health:*', why: 'The AWS Health API is served from one Region; incident status must stay readable.' },
  { action: 'trustedadvisor:*', why: 'Trusted Advisor is a global service.' },
  { action: 'budgets:*', why: 'AWS Budgets is a global service.' },
  { action: 'ce:*', why: 'Cost Explorer is a global service.' },
  { action: 'cur:*', why: 'Cost and Usage Report definitions live in us-east-1.' },
  { action: 'aws-portal:*', why: 'Billing console permissions are global.' },
  { action: 'pricing:*', why: 'The Price List API is served from a few fixed Regions and holds no agency data.' },
  { action: 'cloudfront:*', why: 'CloudFront is a global service configured through us-east-1.' },
  { action: 'route53:*', why: 'Route 53 DNS is a global service.' },
  { action: 'route53domains:*', why: 'Domain registration is served from us-east-1 only.' },
  { action: 'globalaccelerator:*', why: 'Global Accelerator is configured through us-west-2 only.' },
  { action: 'waf:*', why: 'AWS WAF Classic for CloudFront is global.' },
  { action: 'shield:*', why: 'AWS Shield Advanced subscriptions are global.' },
  { action: 's3:ListAllMyBuckets', why: 'Listing buckets is an account-wide call answered by one endpoint.' },
  { action: 's3:GetBucketLocation', why: 'Clients ask any endpoint where a bucket lives before they call its own Region.' },
];

export interface RegionRestrictionOptions {
  /** Actions exempted from the deny. @default GLOBAL_SERVICE_EXEMPTIONS */
  readonly exemptions?: readonly GlobalServiceExemption[];
  /**
   * Principals the SCP does not restrict (for example an organisation break-glass role), as ARN
   * patterns. Used in the SCP only; a permissions boundary applies to its own role by definition.
   * @default - none
   */
  readonly exemptPrincipalArns?: readonly string[];
}

/** The deny statement shared by the boundary and the SCP. */
export function denyOutsideRegionsStatement(allowedRegions: readonly string[], options: RegionRestrictionOptions = {}): Record<string, unknown> {
  const exemptions = options.exemptions ?? GLOBAL_SERVICE_EXEMPTIONS;
  const condition: Record<string, Record<string, string[]>> = { StringNotEquals: { 'aws:RequestedRegion': [...allowedRegions] } };
  if (options.exemptPrincipalArns && options.exemptPrincipalArns.length > 0) condition.ArnNotLike = { 'aws:PrincipalARN': [...options.exemptPrincipalArns] };
  return {
    Sid: 'DenyOutsideAllowedRegions',
    Effect: 'Deny',
    NotAction: exemptions.map((e) => e.action),
    Resource: '*',
    Condition: condition,
  };
}

/** AWS Organizations caps a service control policy at 5,120 characters. */
export const SCP_MAX_CHARACTERS = 5120;

/**
 * The service control policy document for the agency's organisation administrators: denies every
 * non-exempt action outside allowedRegions. Throws when the minified policy would exceed the
 * Organizations size limit.
 */
export function regionRestrictionScp(allowedRegions: readonly string[], options: RegionRestrictionOptions = {}): Record<string, unknown> {
  const scp = { Version: '2012-10-17', Statement: [denyOutsideRegionsStatement(allowedRegions, options)] };
  const size = JSON.stringify(scp).length;
  if (size > SCP_MAX_CHARACTERS) {
    throw new Error(`the Region-restriction SCP is ${size} characters; AWS Organizations accepts at most ${SCP_MAX_CHARACTERS}. Trim exemptions or exempt principals.`);
  }
  return scp;
}

export interface RegionRestrictionProps extends RegionRestrictionOptions {
  /** The only Regions the agency may use (data residency). */
  readonly allowedRegions: readonly string[];
  /** Used in the policy name and the SCP file name. @default 'default' */
  readonly agencyId?: string;
  /**
   * Attach the boundary to every IAM role of the stack, so no role the kit creates can act outside
   * allowedRegions even if a policy would let it.
   * @default true
   */
  readonly applyToStackRoles?: boolean;
}

/**
 * Region restriction generated from the agency's allowedRegions, in two forms:
 *
 * - a permissions boundary (customer-managed policy in this stack), by default attached to every
 *   role of the stack: it allows whatever each role's own policies allow, and denies every action
 *   outside allowedRegions except the global services of `GLOBAL_SERVICE_EXEMPTIONS`;
 * - a service control policy with the same deny, written by the evidence writer to
 *   `cdk.out/compliance/region-restriction-scp-<agency>.json` for the organisation administrators
 *   to attach to the agency's OU (the kit never changes the organisation itself).
 */
export class RegionRestriction extends Construct {
  public readonly boundary: iam.ManagedPolicy;
  /** The SCP document. */
  public readonly scp: Record<string, unknown>;
  /** The file name the SCP is written to under `cdk.out/compliance/`. */
  public readonly scpFileName: string;

  constructor(scope: Construct, id: string, props: RegionRestrictionProps) {
    super(scope, id);
    throwIfProblems(this.node.path, [
      ...(props.allowedRegions.length === 0 ? [{ path: 'allowedRegions', message: 'name at least one Region', got: [] as string[] }] : []),
      ...props.allowedRegions
        .filter((r) => !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r))
        .map((r) => ({ path: 'allowedRegions', message: 'must be an AWS Region code such as ap-southeast-2', got: r })),
    ]);
    const agencyId = props.agencyId ?? 'default';
    const stack = Stack.of(this);
    this.scp = regionRestrictionScp(props.allowedRegions, props);
    this.scpFileName = `region-restriction-scp-${agencyId}.json`;

    this.boundary = new iam.ManagedPolicy(this, 'Boundary', {
      description: `wickr-cdk-kit ${agencyId}: permissions boundary denying actions outside ${props.allowedRegions.join(', ')}`,
      document: iam.PolicyDocument.fromJson({
        Version: '2012-10-17',
        Statement: [
          // A boundary grants nothing by itself: this statement only lets each role keep its own grants.
          { Sid: 'AllowWithinBoundary', Effect: 'Allow', Action: '*', Resource: '*' },
          denyOutsideRegionsStatement(props.allowedRegions, { exemptions: props.exemptions }),
        ],
      }),
    });
    acknowledge(this.boundary, 'regionBoundaryCapsOnly');
    if (props.applyToStackRoles ?? true) iam.PermissionsBoundary.of(stack).apply(this.boundary);

    const scp = this.scp;
    addEvidenceFile(this, {
      fileName: this.scpFileName,
      description: `Service control policy denying actions outside ${props.allowedRegions.join(', ')} for agency ${agencyId} (attach to the agency's OU).`,
      render: () => `${JSON.stringify(scp, null, 2)}\n`,
    });
  }
}
