import { readFileSync } from 'node:fs';
import { KitConfigError, parseConfig, loadConfigFile } from '../../lib/config';
import { EXAMPLE_CONFIG } from '../helpers/kit';

const base = (over: string = '', networks: string = '') => `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2, eu-west-2]
${over}    networks:
      - { id: canberra, name: dea-canberra, region: ap-southeast-2 }
${networks}`;

function problems(text: string): string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) return e.lines;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

describe('config loader', () => {
  test('loads the embedded example with defaults applied', () => {
    const { config } = loadConfigFile(EXAMPLE_CONFIG);
    const agency = config.agencies[0];
    expect(agency.homeRegion).toBe('ap-southeast-2');
    expect(agency.networks.map((n) => n.region)).toEqual(['ap-southeast-2', 'eu-west-2', 'ap-northeast-1', 'us-east-1']);
    expect(agency.recordsRetention).toEqual({ mode: 'COMPLIANCE', days: 2557 });
    expect(agency.classification).toBe('PROTECTED');
  });

  test('accepts a minimal config and fills the defaults', () => {
    const config = parseConfig(base(), 'min.yaml');
    expect(config.policy).toEqual({ minimumRecordsRetentionDays: 2557, minimumLogRetentionDays: 365 });
    expect(config.agencies[0].logRetentionDays).toBe(2557);
    expect(config.agencies[0].networks[0].accessLevel).toBe('PREMIUM');
    expect(config.agencies[0].storage.replicateTo).toBeUndefined();
  });

  test('fails when a Region does not offer Wickr, naming the field, the value and the catalog', () => {
    const lines = problems(base('', '      - { id: melbourne, name: dea-mel, region: ap-southeast-4 }\n'));
    expect(lines).toContainEqual(
      expect.stringMatching(/^test\.yaml:agencies\[0\]\.networks\[1\]\.region: AWS Wickr is not offered in this Region .*\(got "ap-southeast-4"; allowed us-east-1, .*ap-southeast-2.*\)$/),
    );
  });

  test('fails when a Region is outside allowedRegions (data residency)', () => {
    const lines = problems(base('', '      - { id: tokyo, name: dea-tokyo, region: ap-northeast-1 }\n'));
    expect(lines).toEqual([
      'test.yaml:agencies[0].networks[1].region: Region is outside agencies[0].allowedRegions (data residency); add it there only if the agency may hold data in it (got "ap-northeast-1"; allowed ap-southeast-2, eu-west-2)',
    ]);
  });

  test('fails when a network name is longer than 20 characters', () => {
    const lines = problems(base('', '      - { id: london, name: dea-london-post-office, region: eu-west-2 }\n'));
    expect(lines).toEqual([
      'test.yaml:agencies[0].networks[1].name: network name must be 1 to 20 characters (got "dea-london-post-office"; allowed at most 20 characters, counted as Unicode code points)',
    ]);
  });

  test('fails when a network name is empty', () => {
    const lines = problems(base('', '      - { id: london, name: "", region: eu-west-2 }\n'));
    expect(lines).toEqual(['test.yaml:agencies[0].networks[1].name: network name must be 1 to 20 characters (got ""; allowed at least 1 character)']);
  });

  test('fails on an unknown field, listing the fields that exist there', () => {
    const lines = problems(base('    recordsRetention: { days: 2557, retainFor: 7y }\n'));
    expect(lines).toEqual([
      'test.yaml:agencies[0].recordsRetention.retainFor: unknown field; check its spelling and where it sits (got "retainFor"; allowed mode, days)',
    ]);
  });

  test('fails on a misspelt field, saying which field was meant', () => {
    expect(problems(base('    recordsRetention: { days: 2557, mod: COMPLIANCE }\n'))).toEqual([
      'test.yaml:agencies[0].recordsRetention.mod: unknown field; did you mean mode? (got "mod")',
    ]);
    const text = readFileSync(EXAMPLE_CONFIG, 'utf8').replace('lockoutThreshold: 10', 'lockoutTreshold: 10');
    expect(problems(text)).toEqual([
      'test.yaml:agencies[0].networks[0].securityGroups[0].lockoutTreshold: unknown field; did you mean lockoutThreshold? (got "lockoutTreshold")',
    ]);
    // Case alone, too.
    expect(problems(base('    LogRetentionDays: 2557\n'))).toEqual(['test.yaml:agencies[0].LogRetentionDays: unknown field; did you mean logRetentionDays? (got "LogRetentionDays")']);
  });

  test('fails when records retention is below the floor', () => {
    const lines = problems(base('    recordsRetention: { days: 365 }\n'));
    expect(lines).toEqual([
      'test.yaml:agencies[0].recordsRetention.days: records retention is below the floor set in policy.minimumRecordsRetentionDays (got 365; allowed at least 2557)',
    ]);
  });

  test('the floor is configurable', () => {
    const text = base('    recordsRetention: { days: 365 }\n').replace('version: 1\n', 'version: 1\npolicy: { minimumRecordsRetentionDays: 365 }\n');
    expect(parseConfig(text, 'floor.yaml').agencies[0].recordsRetention.days).toBe(365);
  });

  test('fails on broken YAML with the line and column', () => {
    const lines = problems('version: 1\nagencies:\n  - id: dea\n   name: [unclosed\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^test\.yaml:(line \d+ column \d+|\(file\)): broken YAML: /);
  });

  test('fails on duplicate keys in YAML', () => {
    expect(problems('version: 1\nversion: 1\nagencies: []\n')[0]).toMatch(/^test\.yaml:line 2 column 1: broken YAML: Map keys must be unique/);
  });

  test('fails on log retention CloudWatch does not accept, and below the ISM floor', () => {
    expect(problems(base('    logRetentionDays: 100\n'))).toEqual([
      expect.stringMatching(/^test\.yaml:agencies\[0\]\.logRetentionDays: CloudWatch Logs does not accept this retention period \(got 100; allowed 365, 400, .*3653\)$/),
    ]);
    expect(problems(base('    logRetentionDays: 180\n'))).toEqual([
      expect.stringMatching(/^test\.yaml:agencies\[0\]\.logRetentionDays: log retention is below the floor .*\(got 180; allowed 365, .*\)$/),
    ]);
  });

  test('fails on duplicate network ids and names', () => {
    const lines = problems(base('', '      - { id: canberra, name: dea-canberra, region: ap-southeast-2 }\n'));
    expect(lines).toEqual([
      expect.stringContaining('test.yaml:agencies[0].networks[1].id: network id is already used by agencies[0].networks[0]'),
      expect.stringContaining('test.yaml:agencies[0].networks[1].name: network name is already used in ap-southeast-2 by agencies[0].networks[0]'),
    ]);
  });

  test('fails when replication goes outside the residency list (other records-copy rules: test/stacks/records-copies.test.ts)', () => {
    const outside = problems(base('    storage: { replicateTo: us-east-1 }\n'));
    expect(outside).toContainEqual(expect.stringContaining('test.yaml:agencies[0].storage.replicateTo: Region is outside agencies[0].allowedRegions'));
  });

  test('fails on bad enum values and wrong types', () => {
    const lines = problems(base('    classification: SECRET\n    logRetentionDays: "long"\n'));
    expect(lines).toEqual([
      'test.yaml:agencies[0].classification: is not one of the accepted values (got "SECRET"; allowed OFFICIAL, OFFICIAL: Sensitive, PROTECTED)',
      'test.yaml:agencies[0].logRetentionDays: must be a number (got "long")',
    ]);
  });

  test('fails on values that cannot be AWS tags', () => {
    const lines = problems(base().replace('recordsOwner: Records Unit', 'recordsOwner: "Records <Unit>"'));
    expect(lines[0]).toMatch(/^test\.yaml:agencies\[0\]\.recordsOwner: recordsOwner may contain only letters, digits, spaces .*\(got "Records <Unit>"\)$/);
  });

  test('reports every problem of every kind together, schema and cross-field alike', () => {
    const text = base('    recordsRetention: { days: 30, mod: X }\n', [
      '      - { id: london, name: dea-london-post-office, region: eu-west-2 }',
      '      - { id: melbourne, name: dea-mel, region: ap-southeast-4, accessLevel: GOLD }',
      '',
    ].join('\n'));
    const lines = problems(text);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('agencies[0].recordsRetention.mod: unknown field'),
        expect.stringContaining('agencies[0].networks[1].name: network name must be 1 to 20 characters'),
        expect.stringContaining('agencies[0].networks[2].accessLevel: is not one of the accepted values'),
        expect.stringContaining('agencies[0].networks[2].region: AWS Wickr is not offered in this Region'),
        expect.stringContaining('agencies[0].networks[2].region: Region is outside agencies[0].allowedRegions'),
        expect.stringContaining('agencies[0].recordsRetention.days: records retention is below the floor'),
      ]),
    );
    expect(lines).toHaveLength(6);
  });

  test('fails plainly when the file does not exist', () => {
    expect(() => loadConfigFile('/nonexistent/wickr.yaml')).toThrow(
      '/nonexistent/wickr.yaml:(file): cannot read the config file (ENOENT); pass an existing file with -c config=<path> (got "/nonexistent/wickr.yaml")',
    );
  });

  test('the example config is the documented one', () => {
    expect(readFileSync(EXAMPLE_CONFIG, 'utf8')).toContain('$schema=../schema/wickr-kit-config.schema.json');
  });
});
