import { KitConfigError, parseConfig } from '../../lib/config';

/** A one-agency config whose networks are given as YAML flow mappings. */
const config = (...networks: string[]) => `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2, us-east-1]
    networks:
${networks.map((n) => `      - ${n}`).join('\n')}
`;
const net = (id: string, dataRetention: string, extra = '') => `{ id: ${id}, name: dea-${id}, region: ap-southeast-2, ${extra}dataRetention: ${dataRetention} }`;

function problems(text: string): string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) return e.lines;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

describe('dataRetention in the config', () => {
  test('fills the documented defaults', () => {
    const parsed = parseConfig(config(net('canberra', '{ imageTag: 6.60.05.78 }')), 'ok.yaml');
    expect(parsed.agencies[0]!.networks[0]!.dataRetention).toEqual({
      imageTag: '6.60.05.78',
      clientSideEncryption: false,
      fileRotationMinutes: 60,
      noRecordsAlarmHours: 48,
      alarmEmails: [],
      host: 'ec2',
      sidecarImageTags: {},
    });
  });

  test.each([
    ['latest', /dataRetention\.imageTag: pin the bot image to a release tag such as 6\.60\.05\.78: "latest" changes under a running deployment/],
    ['""', /dataRetention\.imageTag: pin the bot image to a release tag such as 6\.60\.05\.78 \(an empty tag is not allowed\)/],
    ['6.60.05', /dataRetention\.imageTag: a Wickr bot release tag has four numbers, e\.g\. 6\.60\.05\.78/],
  ])('rejects the image tag %s with what to pin instead', (tag, message) => {
    const lines = problems(config(net('canberra', `{ imageTag: ${tag} }`)));
    expect(lines).toEqual([expect.stringMatching(message)]);
  });

  test('rejects data retention on a STANDARD network', () => {
    expect(problems(config(net('canberra', '{ imageTag: 6.60.05.78 }', 'accessLevel: STANDARD, ')))).toEqual([
      'test.yaml:agencies[0].networks[0].accessLevel: data retention is available only on PREMIUM networks; set accessLevel to PREMIUM or remove dataRetention (got "STANDARD"; allowed PREMIUM)',
    ]);
  });

  test('rejects a no-records alarm that would fire between two uploads', () => {
    expect(problems(config(net('canberra', '{ imageTag: 6.60.05.78, fileRotationMinutes: 180, noRecordsAlarmHours: 2 }')))).toEqual([
      'test.yaml:agencies[0].networks[0].dataRetention.noRecordsAlarmHours: must be longer than fileRotationMinutes, or the alarm fires between two uploads (got 2; allowed more than 3 hours)',
    ]);
  });

  test('rejects two networks of one Region writing to the same folder', () => {
    const lines = problems(config(net('canberra', '{ imageTag: 6.60.05.78, storageFolder: shared }'), net('sydney', '{ imageTag: 6.60.05.78, storageFolder: shared }')));
    expect(lines).toEqual([
      'test.yaml:agencies[0].networks[1].dataRetention.storageFolder: agencies[0].networks[0] already writes its records to this folder of the ap-southeast-2 bucket; give each network its own folder (got "shared")',
    ]);
  });

  test('rejects an existing VPC whose subnets and Availability Zones do not pair up, or lie in another Region', () => {
    const vpc = '{ vpcId: vpc-0123456789abcdef0, cidr: 10.20.0.0/16, subnetIds: [subnet-0123456789abcdef0], availabilityZones: [ap-southeast-2a, us-east-1b] }';
    expect(problems(config(net('canberra', `{ imageTag: 6.60.05.78, vpc: ${vpc} }`)))).toEqual([
      'test.yaml:agencies[0].networks[0].dataRetention.vpc.subnetIds: name one subnet per Availability Zone, in the same order as availabilityZones (got 1; allowed 2 (one per availability zone))',
      'test.yaml:agencies[0].networks[0].dataRetention.vpc.routeTableIds: the kit adds an S3 gateway endpoint to the subnets\' route tables; name them, or set createEndpoints to false if the VPC already has its endpoints (got nothing)',
      'test.yaml:agencies[0].networks[0].dataRetention.vpc.availabilityZones[1]: not an Availability Zone of the network\'s Region ap-southeast-2 (got "us-east-1b")',
    ]);
  });

  test('rejects route tables that do not pair up with the subnets', () => {
    const vpc =
      '{ vpcId: vpc-0123456789abcdef0, cidr: 10.20.0.0/16, subnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1], availabilityZones: [ap-southeast-2a, ap-southeast-2b], routeTableIds: [rtb-0123456789abcdef0] }';
    expect(problems(config(net('canberra', `{ imageTag: 6.60.05.78, vpc: ${vpc} }`)))).toEqual([
      'test.yaml:agencies[0].networks[0].dataRetention.vpc.routeTableIds: name the route table of each subnet, in the same order as subnetIds (got 1; allowed 2 (one per subnet))',
    ]);
  });

  test('rejects an existing bot secret in another Region', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bot-AbCdEf';
    expect(problems(config(net('canberra', `{ imageTag: 6.60.05.78, botSecretArn: "${arn}" }`)))).toEqual([
      'test.yaml:agencies[0].networks[0].dataRetention.botSecretArn: the bot reads its secret in the network\'s Region; use a secret in that Region (got "us-east-1"; allowed ap-southeast-2)',
    ]);
  });

  test('rejects unknown fields and malformed values with their paths', () => {
    const lines = problems(config(net('canberra', '{ imageTag: 6.60.05.78, imageVariant: gov, alarmEmails: [not-an-email], dataRetention: true }')));
    expect(lines).toEqual([
      'test.yaml:agencies[0].networks[0].dataRetention.imageVariant: is not one of the accepted values (got "gov"; allowed commercial, govcloud)',
      'test.yaml:agencies[0].networks[0].dataRetention.alarmEmails[0]: Invalid email address (got "not-an-email")',
      expect.stringMatching(/^test\.yaml:agencies\[0\]\.networks\[0\]\.dataRetention\.dataRetention: unknown field; check its spelling and where it sits \(got "dataRetention"; allowed imageTag, imageVariant, /),
    ]);
  });
});
