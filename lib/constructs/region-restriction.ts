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
 * The page the kit's exemptions are compared with: AWS Organizations' example SCP "Deny access to
 * AWS based on the requested AWS Region" (General examples). AWS says its list may lag behind new
 * global services and should be reviewed; so is this one.
 */
export const AWS_REGION_DENY_EXAMPLE_URL = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html';

/**
 * Actions the Region restriction lets through outside allowedRegions. Each is either a global
 * service (its endpoint sits in one Region, mostly us-east-1, so denying it by Region would deny it
 * everywhere), or an account-wide read that holds no agency data (the console's Region list,
 * `ec2:DescribeRegions`, is one). Together with `AWS_REGION_DENY_EXAMPLE_DEVIATIONS` this is AWS's
 * example list, reviewed for data residency: everything AWS exempts is here unless a deviation
 * says why it stays denied. Review it against your own organisation's needs before attaching the SCP.
 */
export const GLOBAL_SERVICE_EXEMPTIONS: readonly GlobalServiceExemption[] = [
  // Identity and sign-in.
  { action: 'iam:*', why: 'IAM is a global service; its API requests are recorded against us-east-1.' },
  { action: 'sts:*', why: 'The global STS endpoint is served from us-east-1; role assumption must keep working from every Region.' },
  { action: 'sso:*', why: "IAM Identity Center answers in its own home Region; sign-in through it must work whatever that Region is." },
  { action: 'access-analyzer:*', why: "IAM Access Analyzer's policy checks, which the IAM console runs on every policy edit, are served from us-east-1." },
  { action: 'organizations:*', why: 'AWS Organizations is managed through a single global endpoint.' },
  { action: 'account:*', why: 'Account settings (alternate contacts, Region opt-in) are global.' },
  // Support, health and compliance evidence.
  { action: 'support:*', why: 'AWS Support is reached through a global endpoint, needed during incidents.' },
  { action: 'supportapp:*', why: 'The AWS Support App for chat channels is configured through a global endpoint.' },
  { action: 'supportplans:*', why: 'Support plan details are global account settings.' },
  { action: 'health:*', why: 'The AWS Health API is served from one Region; incident status must stay readable.' },
  { action: 'trustedadvisor:*', why: 'Trusted Advisor is a global service.' },
  { action: 'artifact:*', why: "AWS Artifact's compliance reports (IRAP among them) are global downloads for assessors." },
  { action: 'compute-optimizer:*', why: 'Compute Optimizer recommendations are read through one endpoint for all Regions.' },
  { action: 'sustainability:*', why: 'The carbon footprint tool is a global billing view.' },
  { action: 'consoleapp:*', why: "The AWS Console Mobile Application's own settings are global." },
  { action: 'notifications:*', why: 'AWS User Notifications keeps its configuration in a global hub.' },
  { action: 'notifications-contacts:*', why: "User Notifications' contact list is global." },
  // Billing and purchasing.
  { action: 'aws-portal:*', why: 'Billing console permissions are global.' },
  { action: 'billing:*', why: 'Billing is a global service.' },
  { action: 'billingconductor:*', why: 'Billing Conductor is a global billing service.' },
  { action: 'budgets:*', why: 'AWS Budgets is a global service.' },
  { action: 'ce:*', why: 'Cost Explorer is a global service.' },
  { action: 'cur:*', why: 'Cost and Usage Report definitions live in us-east-1.' },
  { action: 'consolidatedbilling:*', why: 'Consolidated billing is an organisation-wide, global setting.' },
  { action: 'freetier:*', why: 'Free Tier usage is a global billing view.' },
  { action: 'invoicing:*', why: 'Invoices are global billing documents.' },
  { action: 'payments:*', why: 'Payment methods are global account settings.' },
  { action: 'tax:*', why: 'Tax settings are global account settings.' },
  { action: 'savingsplans:*', why: 'Savings Plans are purchased through a global endpoint.' },
  { action: 'pricing:*', why: 'The Price List API is served from a few fixed Regions and holds no agency data.' },
  { action: 'aws-marketplace:*', why: 'AWS Marketplace subscriptions are global.' },
  { action: 'aws-marketplace-management:*', why: 'The AWS Marketplace seller portal is global.' },
  { action: 'activate:*', why: 'AWS Activate credits are a global account programme.' },
  { action: 'iq:*', why: 'AWS IQ is a global marketplace service.' },
  { action: 'vendor-insights:ListEntitledSecurityProfiles', why: 'A read of Marketplace Vendor Insights entitlements, answered globally.' },
  { action: 'license-manager:ListReceivedLicenses', why: 'A read of licences granted to the account, answered globally.' },
  // Edge and DNS.
  { action: 'cloudfront:*', why: 'CloudFront is a global service configured through us-east-1.' },
  { action: 'route53:*', why: 'Route 53 DNS is a global service.' },
  { action: 'route53domains:*', why: 'Domain registration is served from us-east-1 only.' },
  { action: 'route53-recovery-cluster:*', why: 'Route 53 Application Recovery Controller routing controls are a global service.' },
  { action: 'route53-recovery-control-config:*', why: 'Route 53 Application Recovery Controller is configured through us-west-2 only.' },
  { action: 'route53-recovery-readiness:*', why: 'Route 53 readiness checks are configured through us-west-2 only.' },
  { action: 'globalaccelerator:*', why: 'Global Accelerator is configured through us-west-2 only.' },
  { action: 'networkmanager:*', why: "AWS Cloud WAN and Network Manager's global network is configured through us-west-2." },
  { action: 'directconnect:*', why: 'Direct Connect gateways are global objects; they carry traffic, they store nothing.' },
  { action: 'waf:*', why: 'AWS WAF Classic for CloudFront is global.' },
  { action: 'wafv2:*', why: 'AWS WAF web ACLs for CloudFront are managed in us-east-1; they hold rules, not agency data.' },
  { action: 'shield:*', why: 'AWS Shield Advanced subscriptions are global.' },
  { action: 'fms:*', why: 'Firewall Manager policies are administered for the whole organisation.' },
  { action: 'ecr-public:*', why: 'ECR Public is served from us-east-1 only; it holds public images, never agency data.' },
  // Account-wide reads the console makes from whatever Region it shows.
  { action: 'ec2:DescribeRegions', why: "The console's Region selector and every SDK's Region discovery call it; without it the Region list breaks for everyone under the SCP." },
  { action: 'ec2:DescribeTransitGateways', why: 'Read-only; the VPC console lists transit gateways of every Region through it.' },
  { action: 'ec2:DescribeVpnGateways', why: 'Read-only; the VPC console lists virtual private gateways of every Region through it.' },
  { action: 'cloudtrail:LookupEvents', why: "Read-only; the console's event history queries it from whichever Region is shown, and it stores nothing." },
  { action: 'tag:GetResources', why: "Read-only; the console's resource and tag views call it for every Region." },
  { action: 'resource-explorer-2:*', why: 'Resource Explorer searches an aggregated index of resource metadata (names, ARNs, tags), not their contents.' },
  { action: 'lightsail:Get*', why: "Read-only; the Lightsail console lists every Region's resources through it." },
  { action: 'datapipeline:GetAccountLimits', why: 'Read-only account limits.' },
  { action: 'quicksight:DescribeAccountSubscription', why: "Read-only; QuickSight's subscription is an account-wide setting." },
  { action: 's3:ListAllMyBuckets', why: 'Listing buckets is an account-wide call answered by one endpoint.' },
  { action: 's3:GetBucketLocation', why: 'Clients ask any endpoint where a bucket lives before they call its own Region.' },
  { action: 's3:GetAccountPublicAccessBlock', why: "Read-only; the account's Block Public Access setting is account-wide." },
  { action: 's3:PutAccountPublicAccessBlock', why: "Sets the account-wide Block Public Access, which only ever narrows access to every Region's buckets." },
  { action: 's3:GetBucketPolicyStatus', why: 'Read-only; the S3 console shows every bucket as public or not through it.' },
  { action: 's3:GetBucketPublicAccessBlock', why: "Read-only; the S3 console shows every bucket's Block Public Access through it." },
  { action: 's3:GetStorageLensConfiguration', why: 'Read-only; Storage Lens reports usage metrics across Regions, not objects.' },
  { action: 's3:GetStorageLensDashboard', why: 'Read-only; Storage Lens dashboards hold usage metrics, not objects.' },
  { action: 's3:ListStorageLensConfigurations', why: 'Read-only; lists the Storage Lens configurations.' },
  { action: 's3:DescribeMultiRegionAccessPointOperation', why: 'Read-only; Multi-Region Access Point requests are answered by us-west-2.' },
  { action: 's3:GetMultiRegionAccessPoint', why: 'Read-only; Multi-Region Access Points are described through us-west-2.' },
  { action: 's3:GetMultiRegionAccessPointPolicy', why: 'Read-only; described through us-west-2.' },
  { action: 's3:GetMultiRegionAccessPointPolicyStatus', why: 'Read-only; described through us-west-2.' },
  { action: 's3:ListMultiRegionAccessPoints', why: 'Read-only; listed through us-west-2.' },
];

/** An action AWS's example exempts that the kit keeps denied outside allowedRegions, and why. */
export interface RegionDenyDeviation {
  /** The action pattern as AWS's example writes it. */
  readonly action: string;
  readonly why: string;
}

/**
 * Where the kit's SCP deliberately differs from AWS's example: actions the example exempts and the
 * kit still denies outside allowedRegions, because they would create or reach data or keys there.
 * An agency that needs one of them outside its Regions (acm:* for a CloudFront certificate in
 * us-east-1, say) adds it with `exemptions`, as its own recorded data-residency decision.
 */
export const AWS_REGION_DENY_EXAMPLE_DEVIATIONS: readonly RegionDenyDeviation[] = [
  {
    action: 'kms:*',
    why: 'KMS is regional: a key made outside allowedRegions, and every Encrypt request to it, puts key material and plaintext in that Region. The kit needs keys only in allowedRegions (replicas are re-encrypted with the destination Region\'s own key).',
  },
  {
    action: 'config:*',
    why: 'AWS Config is regional: a recorder or aggregator outside allowedRegions would copy configuration data (resource names, policies, tags) there.',
  },
  {
    action: 'acm:*',
    why: 'ACM is regional and keeps private keys in the Region called; the exemption only serves CloudFront certificates in us-east-1, which the kit does not use.',
  },
  {
    action: 'waf-regional:*',
    why: 'AWS WAF Classic (regional) protects only resources of its own Region, which cannot exist outside allowedRegions; exempting it buys nothing.',
  },
  {
    action: 'chime:*',
    why: 'Amazon Chime holds meeting and chat content; the agency communicates through Wickr, inside its Regions.',
  },
  {
    action: 'devicefarm:*',
    why: 'Device Farm runs in us-west-2 only and stores uploaded apps, test data and recordings there.',
  },
  {
    action: 'chatbot:*',
    why: 'Amazon Q Developer in chat applications (AWS Chatbot) relays notification content to chat services from us-west-2; approve it per case.',
  },
  {
    action: 'importexport:*',
    why: 'AWS Import/Export moves data on shipped devices; data leaves and enters Regions outside the kit\'s control.',
  },
  {
    action: 's3:CreateMultiRegionAccessPoint',
    why: 'A Multi-Region Access Point routes requests, records requests among them, to buckets in any Region; the kit uses none, so creating one stays denied (reads stay exempt).',
  },
  { action: 's3:DeleteMultiRegionAccessPoint', why: 'Changes a Multi-Region Access Point; denied with CreateMultiRegionAccessPoint.' },
  { action: 's3:PutMultiRegionAccessPointPolicy', why: 'Changes who may reach buckets through a Multi-Region Access Point; denied with CreateMultiRegionAccessPoint.' },
  { action: 'a4b:*', why: 'Alexa for Business has been discontinued; nothing is gained by exempting it.' },
  { action: 'mobileanalytics:*', why: 'Amazon Mobile Analytics has been discontinued; nothing is gained by exempting it.' },
];

/**
 * Whether an IAM action pattern (as written in a policy, `*` and `?` wildcards, case-insensitive
 * as IAM compares actions) matches an action.
 */
export function actionPatternMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

/** Whether the Region restriction denies an action outside allowedRegions (it is not exempted). */
export function deniedOutsideAllowedRegions(action: string, exemptions: readonly GlobalServiceExemption[] = GLOBAL_SERVICE_EXEMPTIONS): boolean {
  return !exemptions.some((e) => actionPatternMatches(e.action, action));
}

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
