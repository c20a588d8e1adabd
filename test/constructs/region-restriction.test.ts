import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AWS_REGION_DENY_EXAMPLE_DEVIATIONS,
  GLOBAL_SERVICE_EXEMPTIONS,
  RegionRestriction,
  SCP_MAX_CHARACTERS,
  deniedOutsideAllowedRegions,
  regionRestrictionScp,
} from '../../lib/constructs/region-restriction';
import { evidenceFiles } from '../../lib/nag/evidence/sections';

function restricted(props: Partial<ConstructorParameters<typeof RegionRestriction>[2]> = {}) {
  const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'ap-southeast-2' } });
  new iam.Role(stack, 'SomeRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const restriction = new RegionRestriction(stack, 'RR', { allowedRegions: ['ap-southeast-2', 'ap-southeast-4'], agencyId: 'dea', ...props });
  return { stack, restriction, template: Template.fromStack(stack) };
}

describe('RegionRestriction', () => {
  test('creates a boundary that denies every non-exempt action outside allowedRegions', () => {
    restricted().template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Sid: 'AllowWithinBoundary', Effect: 'Allow', Action: '*', Resource: '*' },
          {
            Sid: 'DenyOutsideAllowedRegions',
            Effect: 'Deny',
            NotAction: GLOBAL_SERVICE_EXEMPTIONS.map((e) => e.action),
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:RequestedRegion': ['ap-southeast-2', 'ap-southeast-4'] } },
          },
        ],
      },
    });
  });

  test("attaches the boundary to the stack's roles by default, and not when told not to", () => {
    const boundary = { PermissionsBoundary: { Ref: Match.stringLikeRegexp('RRBoundary') } };
    restricted().template.hasResourceProperties('AWS::IAM::Role', boundary);
    expect(Object.values(restricted({ applyToStackRoles: false }).template.findResources('AWS::IAM::Role', { Properties: boundary }))).toHaveLength(0);
  });

  test('registers the SCP as an evidence file, with exempt principals in the SCP only', () => {
    const { restriction, stack } = restricted({ exemptPrincipalArns: ['arn:aws:iam::*:role/OrgBreakGlass'] });
    expect(restriction.scpFileName).toBe('region-restriction-scp-dea.json');
    const file = evidenceFiles(stack).find((f) => f.fileName === 'region-restriction-scp-dea.json')!;
    const scp = JSON.parse(file.render({} as never));
    expect(scp.Statement[0].Condition).toEqual({
      StringNotEquals: { 'aws:RequestedRegion': ['ap-southeast-2', 'ap-southeast-4'] },
      ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/OrgBreakGlass'] },
    });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('OrgBreakGlass');
  });

  test('explains every exemption', () => {
    for (const e of GLOBAL_SERVICE_EXEMPTIONS) expect([e.action, e.why.length > 20]).toEqual([e.action, true]);
  });

  test('rejects no Regions, malformed Regions, and an SCP over the Organizations size limit', () => {
    expect(() => restricted({ allowedRegions: [] })).toThrow(/allowedRegions: name at least one Region/);
    expect(() => restricted({ allowedRegions: ['sydney'] })).toThrow(/allowedRegions: must be an AWS Region code such as ap-southeast-2 \(got "sydney"\)/);
    const many = Array.from({ length: 400 }, (_, i) => `arn:aws:iam::111122223333:role/exempt-${i}`);
    expect(() => regionRestrictionScp(['ap-southeast-2'], { exemptPrincipalArns: many })).toThrow(`AWS Organizations accepts at most ${SCP_MAX_CHARACTERS}`);
  });
});

/**
 * The NotAction list of AWS's example SCP "Deny access to AWS based on the requested AWS Region"
 * (AWS Organizations User Guide, General examples, and AWS Control Tower's Region deny control,
 * which uses the same list), as the kit compared it. Every entry is either exempted by the kit or a
 * recorded deviation.
 */
const AWS_EXAMPLE_NOT_ACTIONS = [
  'a4b:*', 'access-analyzer:*', 'account:*', 'acm:*', 'activate:*', 'artifact:*', 'aws-marketplace-management:*', 'aws-marketplace:*',
  'aws-portal:*', 'billing:*', 'billingconductor:*', 'budgets:*', 'ce:*', 'chatbot:*', 'chime:*', 'cloudfront:*', 'cloudtrail:LookupEvents',
  'compute-optimizer:*', 'config:*', 'consoleapp:*', 'consolidatedbilling:*', 'cur:*', 'datapipeline:GetAccountLimits', 'devicefarm:*',
  'directconnect:*', 'ec2:DescribeRegions', 'ec2:DescribeTransitGateways', 'ec2:DescribeVpnGateways', 'ecr-public:*', 'fms:*', 'freetier:*',
  'globalaccelerator:*', 'health:*', 'iam:*', 'importexport:*', 'invoicing:*', 'iq:*', 'kms:*', 'license-manager:ListReceivedLicenses',
  'lightsail:Get*', 'mobileanalytics:*', 'networkmanager:*', 'notifications-contacts:*', 'notifications:*', 'organizations:*', 'payments:*',
  'pricing:*', 'quicksight:DescribeAccountSubscription', 'resource-explorer-2:*', 'route53:*', 'route53domains:*', 'route53-recovery-cluster:*',
  'route53-recovery-control-config:*', 'route53-recovery-readiness:*', 's3:CreateMultiRegionAccessPoint', 's3:DeleteMultiRegionAccessPoint',
  's3:DescribeMultiRegionAccessPointOperation', 's3:GetAccountPublicAccessBlock', 's3:GetBucketLocation', 's3:GetBucketPolicyStatus',
  's3:GetBucketPublicAccessBlock', 's3:GetMultiRegionAccessPoint', 's3:GetMultiRegionAccessPointPolicy', 's3:GetMultiRegionAccessPointPolicyStatus',
  's3:GetStorageLensConfiguration', 's3:GetStorageLensDashboard', 's3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints',
  's3:ListStorageLensConfigurations', 's3:PutAccountPublicAccessBlock', 's3:PutMultiRegionAccessPointPolicy', 'savingsplans:*', 'shield:*',
  'sso:*', 'sts:*', 'support:*', 'supportapp:*', 'supportplans:*', 'sustainability:*', 'tag:GetResources', 'tax:*', 'trustedadvisor:*',
  'vendor-insights:ListEntitledSecurityProfiles', 'waf-regional:*', 'waf:*', 'wafv2:*',
];

describe('the Region-restriction SCP compared with AWS\'s example', () => {
  const scp = regionRestrictionScp(['ap-southeast-2', 'ap-southeast-4']) as { Statement: { NotAction: string[] }[] };
  const notActions = scp.Statement[0].NotAction;

  test.each(GLOBAL_SERVICE_EXEMPTIONS.map((e) => [e.action, e.why]))('exempts %s: %s', (action, why) => {
    expect(notActions).toContain(action);
    expect(why.length).toBeGreaterThan(20);
  });

  test.each(AWS_REGION_DENY_EXAMPLE_DEVIATIONS.map((d) => [d.action, d.why]))('keeps %s denied outside allowedRegions: %s', (action, why) => {
    expect(AWS_EXAMPLE_NOT_ACTIONS).toContain(action);
    expect(notActions).not.toContain(action);
    expect(deniedOutsideAllowedRegions(action.replace('*', 'CreateSomething'))).toBe(true);
    expect(why.length).toBeGreaterThan(20);
  });

  test("every action of AWS's example is either exempted or a recorded deviation, and the kit exempts nothing AWS does not", () => {
    const deviations = AWS_REGION_DENY_EXAMPLE_DEVIATIONS.map((d) => d.action);
    expect(AWS_EXAMPLE_NOT_ACTIONS.filter((a) => !notActions.includes(a) && !deviations.includes(a))).toEqual([]);
    expect(notActions.filter((a) => !AWS_EXAMPLE_NOT_ACTIONS.includes(a))).toEqual([]);
    expect(new Set(notActions).size).toBe(notActions.length);
  });

  test('keeps the console Region list and other account-wide reads working, and denies the calls that place data or keys in a Region', () => {
    for (const allowed of ['ec2:DescribeRegions', 'EC2:describeregions', 's3:ListAllMyBuckets', 'sts:AssumeRole', 'iam:CreateRole', 'lightsail:GetRegions', 'cloudtrail:LookupEvents']) {
      expect([allowed, deniedOutsideAllowedRegions(allowed)]).toEqual([allowed, false]);
    }
    for (const denied of [
      's3:PutObject', 's3:GetObject', 's3:CreateBucket', 's3:PutReplicationConfiguration', 's3:CreateMultiRegionAccessPoint',
      'kms:CreateKey', 'kms:Encrypt', 'kms:Decrypt', 'secretsmanager:CreateSecret', 'ec2:RunInstances', 'ec2:CreateVolume', 'ec2:CreateSnapshot',
      'ec2:CopySnapshot', 'ec2:DescribeInstances', 'logs:PutLogEvents', 'config:PutConfigurationRecorder', 'acm:RequestCertificate',
      'wickr:CreateNetwork', 'ecs:RunTask', 'dynamodb:PutItem', 'cloudtrail:CreateTrail', 'lightsail:CreateInstances', 'backup:StartCopyJob',
    ]) {
      expect([denied, deniedOutsideAllowedRegions(denied)]).toEqual([denied, true]);
    }
  });

  test('fits AWS Organizations\' size limit with room for an agency\'s Regions and break-glass roles', () => {
    const eight = ['ap-southeast-2', 'ap-southeast-4', 'eu-west-2', 'ap-northeast-1', 'us-east-1', 'ca-central-1', 'eu-central-1', 'ap-southeast-1'];
    const roles = Array.from({ length: 5 }, (_, i) => `arn:aws:iam::*:role/OrgBreakGlass-${i}`);
    expect(JSON.stringify(regionRestrictionScp(eight, { exemptPrincipalArns: roles })).length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });
});
