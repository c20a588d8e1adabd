import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/config/loader';
import { IsmConformancePack } from '../../lib/constructs/ism-conformance-pack';

const stack = (region = 'ap-southeast-2') => new Stack(new App(), 'S', { env: { account: '111122223333', region } });

describe('IsmConformancePack', () => {
  test("deploys one conformance pack per agency template, from the stack's own Region", () => {
    const s = stack('eu-west-2');
    new IsmConformancePack(s, 'Pack', { templateS3Uris: ['s3://dea-config-{region}/acsc-ism-part-1.yaml', 's3://dea-config-{region}/acsc-ism-part-2.yaml'], namePrefix: 'wickr-kit-dea-acsc-ism' });
    const packs = Object.values(Template.fromStack(s).findResources('AWS::Config::ConformancePack')).map((r) => r.Properties);
    expect(packs).toEqual([
      { ConformancePackName: 'wickr-kit-dea-acsc-ism-part-1', TemplateS3Uri: 's3://dea-config-eu-west-2/acsc-ism-part-1.yaml' },
      { ConformancePackName: 'wickr-kit-dea-acsc-ism-part-2', TemplateS3Uri: 's3://dea-config-eu-west-2/acsc-ism-part-2.yaml' },
    ]);
  });

  test('rejects no templates, non-S3 URIs and bad name prefixes', () => {
    expect(() => new IsmConformancePack(stack(), 'P', { templateS3Uris: [] })).toThrow(/templateS3Uris: give at least one template S3 URI/);
    expect(() => new IsmConformancePack(stack(), 'P', { templateS3Uris: ['https://example.com/t.yaml'] })).toThrow(/templateS3Uris\[0\]: must be an S3 URI/);
    expect(() => new IsmConformancePack(stack(), 'P', { templateS3Uris: ['s3://b/t.yaml'], namePrefix: '9bad' })).toThrow(/namePrefix: must start with a letter/);
  });
});

describe('guardrails.conformancePack in the config', () => {
  const config = (pack: string, regions = '[ap-southeast-2]', networks = '') => `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: ${regions}
    guardrails:
      conformancePack: ${pack}
${networks}`;

  test('is off by default; the audit trail and Region restriction are on', () => {
    const g = parseConfig(config('{}'), 'a.yaml').agencies[0].guardrails;
    expect(g).toEqual({
      auditTrail: { enabled: true, organizationTrail: false, organizationTrailRecordsDataEvents: false },
      conformancePack: { enabled: false, templateS3Uris: [] },
      regionRestriction: { enabled: true, applyToStackRoles: true, exemptPrincipalArns: [] },
    });
  });

  test('rejects an enabled pack without templates', () => {
    expect(() => parseConfig(config('{ enabled: true }'), 'a.yaml')).toThrow(
      "a.yaml:agencies[0].guardrails.conformancePack.templateS3Uris: conformance packs need the S3 URIs of the agency's ACSC ISM templates (the kit does not ship AWS's templates) (got [])",
    );
  });

  test('rejects a template URI without {region} when the agency spans several Regions', () => {
    const networks = '    networks:\n      - { id: london, name: dea-london, region: eu-west-2 }\n';
    expect(() => parseConfig(config('{ enabled: true, templateS3Uris: ["s3://b/p1.yaml"] }', '[ap-southeast-2, eu-west-2]', networks), 'a.yaml')).toThrow(
      /templateS3Uris\[0\]: the agency deploys to several Regions and AWS Config reads templates only from the same Region; write \{region\} in the URI \(got "s3:\/\/b\/p1.yaml"\)/,
    );
    expect(() => parseConfig(config('{ enabled: true, templateS3Uris: ["s3://b-{region}/p1.yaml"] }', '[ap-southeast-2, eu-west-2]', networks), 'a.yaml')).not.toThrow();
  });
});
