import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { GLOBAL_SERVICE_EXEMPTIONS, RegionRestriction, SCP_MAX_CHARACTERS, regionRestrictionScp } from '../../lib/constructs/region-restriction';
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
