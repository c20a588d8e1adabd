import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../lib/config';
import { planPipeline } from '../../lib/config/pipeline-plan';
import { recordsOnlyRegions, replicationDestination } from '../../lib/config/records-copies';
import { storageRegion } from '../../lib/config/regions';
import { addKitStacks } from '../../lib/stacks/kit-stacks';
import { EvidenceSection, evidenceSectionProviders } from '../../lib/nag/evidence/sections';
import { testApp } from '../helpers/kit';
import { problemLines } from '../helpers/problems';

const config = (storage: string, allowed: string = 'ap-southeast-2, ap-southeast-4, eu-west-2', extra = '') => `version: 1
agencies:
  - id: dea
    name: Example agency
    account: "111122223333"
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [${allowed}]
${storage}${extra}    networks:
      - { id: canberra, name: dea-canberra, region: ap-southeast-2 }
      - { id: london, name: dea-london, region: eu-west-2 }
`;

const problems = (text: string) => problemLines(() => parseConfig(text, 'test.yaml'));

const HOME_TO_MELBOURNE = '    storage:\n      replicateTo: ap-southeast-2\n      replicateToByRegion: { ap-southeast-2: ap-southeast-4 }\n';

describe('where each Region keeps its second copy (config)', () => {
  test('the posts replicate home, the home Region into a storage-only Region, which gets a records-only stack', () => {
    const agency = parseConfig(config(HOME_TO_MELBOURNE), 't.yaml').agencies[0];
    expect(replicationDestination(agency, 'eu-west-2')).toBe('ap-southeast-2');
    expect(replicationDestination(agency, 'ap-southeast-2')).toBe('ap-southeast-4');
    expect(recordsOnlyRegions(agency)).toEqual(['ap-southeast-4']);
    expect(storageRegion('ap-southeast-4')).toMatchObject({ name: 'Asia Pacific (Melbourne)', wickr: false });
  });

  test('a storage-only Region is accepted for records, never for a network', () => {
    const lines = problems(config(HOME_TO_MELBOURNE).replace("region: eu-west-2 }", 'region: ap-southeast-4 }'));
    expect(lines).toContainEqual(expect.stringMatching(/^test\.yaml:agencies\[0\]\.networks\[1\]\.region: AWS Wickr is not offered in this Region .*\(got "ap-southeast-4"; /));
  });

  test('fails when a copy would leave the residency list, naming the field, the value and the allowed Regions', () => {
    expect(problems(config(HOME_TO_MELBOURNE, 'ap-southeast-2, eu-west-2'))).toEqual([
      'test.yaml:agencies[0].storage.replicateToByRegion.ap-southeast-2: Region is outside agencies[0].allowedRegions (data residency); add it there only if the agency may hold data in it (got "ap-southeast-4"; allowed ap-southeast-2, eu-west-2)',
    ]);
  });

  test('fails for a Region the kit cannot keep records in, a Region without records of its own, a copy into itself, and across partitions', () => {
    const unknown = problems(config('    storage: { replicateTo: ap-east-9 }\n', 'ap-southeast-2, eu-west-2, ap-east-9'));
    expect(unknown).toEqual([expect.stringMatching(/^test\.yaml:agencies\[0\]\.storage\.replicateTo: the kit cannot keep records in this Region .*\(got "ap-east-9"; allowed us-east-1, .*ap-southeast-4.*\)$/)]);
    const notOurs = problems(config('    storage: { replicateToByRegion: { ap-southeast-4: ap-southeast-2 } }\n'));
    expect(notOurs).toEqual([
      'test.yaml:agencies[0].storage.replicateToByRegion.ap-southeast-4: names a Region where the agency keeps no records of its own (only its home Region and its networks\' Regions have a records bucket that replicates) (got "ap-southeast-4"; allowed ap-southeast-2, eu-west-2)',
    ]);
    const itself = problems(config('    storage: { replicateToByRegion: { eu-west-2: eu-west-2 } }\n'));
    expect(itself).toEqual([expect.stringContaining('test.yaml:agencies[0].storage.replicateToByRegion.eu-west-2: a Region cannot replicate its records into itself')]);
    const gov = problems(config('    storage: { replicateTo: us-gov-east-1 }\n', 'ap-southeast-2, eu-west-2, us-gov-east-1'));
    expect(gov).toEqual([expect.stringContaining('test.yaml:agencies[0].storage.replicateTo: records cannot be replicated across AWS partitions (the agency is in aws) (got "us-gov-east-1")')]);
  });

  test('fails when Regions replicate into each other, because no stack could deploy first', () => {
    const lines = problems(config('    storage:\n      replicateTo: ap-southeast-2\n      replicateToByRegion: { ap-southeast-2: eu-west-2 }\n'));
    expect(lines).toEqual([
      'test.yaml:agencies[0].storage: ap-southeast-2, eu-west-2 replicate into each other in a circle, so no stack could deploy first (each needs its destination\'s bucket); send one of them to a Region outside the circle (got "ap-southeast-2 → eu-west-2 → ap-southeast-2")',
    ]);
  });

  test('a records-only stack may also be a Wickr Region without the agency\'s networks', () => {
    const agency = parseConfig(config('    storage: { replicateTo: ap-southeast-1 }\n', 'ap-southeast-2, eu-west-2, ap-southeast-1'), 't.yaml').agencies[0];
    expect(recordsOnlyRegions(agency)).toEqual(['ap-southeast-1']);
  });
});

describe('the records-only stack and the copies (stacks)', () => {
  const app = testApp();
  const [dea] = addKitStacks(app, parseConfig(config(HOME_TO_MELBOURNE), 't.yaml'));
  const [sydney, london] = dea.regionStacks;
  const [melbourne] = dea.recordsStacks;
  const templates = { sydney: Template.fromStack(sydney), london: Template.fromStack(london), melbourne: Template.fromStack(melbourne) };

  test('is named for its Region, termination-protected, and deploys before the Region that replicates into it', () => {
    expect(melbourne.stackName).toBe('WickrKit-dea-ap-southeast-4-records');
    expect(melbourne.terminationProtection).toBe(true);
    expect(melbourne.region).toBe('ap-southeast-4');
    expect(sydney.dependencies).toContain(melbourne);
    expect(london.dependencies).toContain(sydney);
    expect(melbourne.dependencies).toEqual([]);
  });

  test('holds a locked, versioned, retained replica bucket, its own keys (no network key), access logs and a trail of every object read and write', () => {
    const t = templates.melbourne;
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketName: 'dea-wickr-records-ap-southeast-4-111122223333',
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } } },
        VersioningConfiguration: { Status: 'Enabled' },
        ReplicationConfiguration: Match.absent(),
      },
    });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/wickr-kit/dea/retention' });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/wickr-kit/dea/logs' });
    expect(t.findResources('AWS::KMS::Alias', { Properties: { AliasName: 'alias/wickr-kit/dea/network' } })).toEqual({});
    t.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'dea-wickr-s3logs-ap-southeast-4-111122223333' });
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      EnableLogFileValidation: true,
      AdvancedEventSelectors: Match.arrayWith([Match.objectLike({ Name: 'Records buckets: every object read and write' })]),
    });
    expect(Object.keys(t.findResources('AWS::EC2::VPC'))).toEqual([]);
  });

  test('the home Region replicates its own records there, re-encrypted with that Region\'s key; the posts keep replicating home', () => {
    const rules = (t: Template) => Object.values(t.findResources('AWS::S3::Bucket')).flatMap((b) => b.Properties.ReplicationConfiguration?.Rules ?? []);
    expect(rules(templates.sydney)).toEqual([
      expect.objectContaining({
        Id: 'RecordsTo-ap-southeast-4',
        Destination: {
          Bucket: 'arn:aws:s3:::dea-wickr-records-ap-southeast-4-111122223333',
          EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:ap-southeast-4:111122223333:alias/wickr-kit/dea/retention' },
        },
      }),
    ]);
    expect(rules(templates.london).map((r) => r.Id)).toEqual(['RecordsTo-ap-southeast-2']);
  });

  test('the pipeline deploys the records-only stack with the home Region, before the posts', () => {
    const text = config(HOME_TO_MELBOURNE).replace('version: 1\n', `version: 1
pipeline:
  account: "999988887777"
  region: ap-southeast-2
  source: { connectionArn: "arn:aws:codeconnections:ap-southeast-2:999988887777:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", repository: o/r }
`);
    const plan = planPipeline(parseConfig(text, 't.yaml'));
    expect(plan.waves.map((w) => [w.id, w.stages.map((s) => s.stacks.map((x) => `${x.kind}:${x.region}`))])).toEqual([
      ['prod-home', [['records:ap-southeast-4', 'region:ap-southeast-2']]],
      ['prod-regions', [['region:eu-west-2']]],
      ['prod-federation', [['federation:ap-southeast-2', 'federation:eu-west-2']]],
    ]);
  });
});

describe('an organisation trail instead of the kit\'s', () => {
  const orgTrail = (declared: boolean) =>
    config(HOME_TO_MELBOURNE, undefined, `    guardrails:\n      auditTrail: { organizationTrail: true${declared ? ', organizationTrailRecordsDataEvents: true' : ''} }\n`);

  test('must be declared to record the records buckets\' data events', () => {
    expect(problems(orgTrail(false))).toEqual([
      expect.stringMatching(
        /^test\.yaml:agencies\[0\]\.guardrails\.auditTrail\.organizationTrailRecordsDataEvents: with organizationTrail the kit deploys no trail, so the organisation trail must also record S3 data events .* \(got false; allowed true\)$/,
      ),
    ]);
  });

  test('then the kit deploys no trail, and the evidence pack names every bucket the organisation trail must cover', () => {
    const app = testApp();
    const [dea] = addKitStacks(app, parseConfig(orgTrail(true), 't.yaml'));
    for (const s of [...dea.regionStacks, ...dea.recordsStacks]) expect(Template.fromStack(s).findResources('AWS::CloudTrail::Trail')).toEqual({});
    const provider = evidenceSectionProviders(app).find((p) => p.id === 'records-access-logging')!;
    const section = provider.collect({ root: app, assembly: undefined as never }) as EvidenceSection;
    expect(section.rows.map((r) => [r[1], r[4]])).toEqual(
      ['ap-southeast-2', 'eu-west-2', 'ap-southeast-4'].map((region) => [region, 'organisation trail (declared: guardrails.auditTrail.organizationTrailRecordsDataEvents)']),
    );
    expect(section.notes?.join('\n')).toMatch(/must record.*S3 data events, reads and writes.*\ndea-wickr-records-ap-southeast-2-111122223333 \(ap-southeast-2, account 111122223333\)\ndea-wickr-records-eu-west-2-111122223333/s);
  });
});
