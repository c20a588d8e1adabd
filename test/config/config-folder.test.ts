import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KitConfigError, loadConfigFile, parseConfig } from '../../lib/config';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-config-folder-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function problems(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) return e.lines;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

const agency = (id: string, extra = '') => `  - id: ${id}
    name: Agency ${id}
    account: "111122223333"
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2, eu-west-2]
${extra}    networks:
      - { id: main, name: ${id}-main, region: ap-southeast-2, securityGroups: [{ name: Staff, default: true }] }
`;

const PIPELINE = `pipeline:
  account: "999988887777"
  region: ap-southeast-2
  source: { connectionArn: "arn:aws:codeconnections:ap-southeast-2:999988887777:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", repository: o/r }
`;

describe('a folder of agency configs', () => {
  test('merges agencies and federation lists across files, in name order, and validates them as one config', () => {
    const dir = folder({
      '00-common.yaml': `version: 1\npolicy: { minimumLogRetentionDays: 365 }\n${PIPELINE}`,
      'b.yml': `agencies:\n${agency('beta')}federation:\n  links:\n    - between: [{ network: alpha/main, groups: [Staff] }, { network: beta/main, groups: [Staff] }]\n`,
      'a.json': JSON.stringify({ version: 1, agencies: [{ id: 'alpha', name: 'Agency alpha', account: '111122223333', recordsOwner: 'Records', homeRegion: 'ap-southeast-2', allowedRegions: ['ap-southeast-2'], networks: [{ id: 'main', name: 'alpha-main', region: 'ap-southeast-2', securityGroups: [{ name: 'Staff', default: true }] }] }] }),
      'notes.txt': 'not a config',
    });
    const loaded = loadConfigFile(dir);
    expect(loaded.source).toBe(dir);
    expect(loaded.config.agencies.map((a) => a.id)).toEqual(['alpha', 'beta']);
    expect(loaded.config.federation.links).toHaveLength(1);
    expect(loaded.config.pipeline?.account).toBe('999988887777');
    expect(loaded.text).toContain(`# ${join(dir, 'a.json')}`);
  });

  test('reports every problem of every file together, each with its file and the path inside that file', () => {
    const dir = folder({
      'common.yaml': `version: 1\n${PIPELINE}`,
      'dea.yaml': `agencies:\n${agency('dea', '    logRetentionDays: 10\n')}`,
      'dta.yaml': `agencies:\n${agency('dta').replace('    account: "111122223333"\n', '')}${agency('dea').replace('dea-main', 'dea-two')}`,
      'late.yaml': 'version: 2\n',
    });
    const lines = problems(() => loadConfigFile(dir));
    expect(lines).toEqual(
      expect.arrayContaining([
        `${join(dir, 'late.yaml')}:version: is also set, differently, in ${join(dir, 'common.yaml')}; set it in one file of the folder (or the same in each)`,
        expect.stringMatching(new RegExp(`^${escape(join(dir, 'dea.yaml'))}:agencies\\[0\\]\\.logRetentionDays: CloudWatch Logs does not accept this retention period \\(got 10;`)),
        expect.stringMatching(new RegExp(`^${escape(join(dir, 'dta.yaml'))}:agencies\\[0\\]\\.account: the pipeline deploys each agency into its own account`)),
        `${join(dir, 'dta.yaml')}:agencies[1].id: agency id is already used by agencies[0] of ${join(dir, 'dea.yaml')} (got "dea")`,
      ]),
    );
    expect(lines).toHaveLength(4);
  });

  test('broken YAML in several files is reported for every file before anything is merged', () => {
    const dir = folder({ 'a.yaml': 'version: 1\nagencies: [\n', 'b.yaml': 'x: y\n  z: : w\n', 'c.yaml': `agencies:\n${agency('ok')}` });
    const lines = problems(() => loadConfigFile(dir));
    expect(lines.some((l) => l.startsWith(`${join(dir, 'a.yaml')}:line `) && l.includes('broken YAML'))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${join(dir, 'b.yaml')}:line `) && l.includes('broken YAML'))).toBe(true);
    expect(lines.some((l) => l.includes('c.yaml'))).toBe(false);
  });

  test('an empty folder, or a file that is not a mapping, says what to put there', () => {
    expect(problems(() => loadConfigFile(folder({})))).toEqual([expect.stringMatching(/:\(folder\): holds no config files; put one or more \*\.yaml, \*\.yml or \*\.json agency configs in it/)]);
    const dir = folder({ 'a.yaml': `version: 1\nagencies:\n${agency('dea')}`, 'list.yaml': '- just\n- a list\n' });
    expect(problems(() => loadConfigFile(dir))).toEqual([`${join(dir, 'list.yaml')}:(root): a config file must be a mapping of fields (version, agencies, ...) (got ["just","a list"])`]);
  });
});

describe('pipeline rules', () => {
  const config = (agencies: string, pipeline = PIPELINE) => `version: 1\n${pipeline}agencies:\n${agencies}`;

  test('accepts a pipeline whose agencies all name their account, with the documented defaults', () => {
    const parsed = parseConfig(config(agency('dea')), 'p.yaml');
    expect(parsed.pipeline).toMatchObject({ enabled: true, stackName: 'WickrKit-pipeline', source: { branch: 'main', triggerOnPush: true } });
    expect(parsed.agencies[0].environment).toBe('production');
  });

  test('every agency must name its account, in the partition of the pipeline, and the config path is in the repository', () => {
    const gov = agency('gov').replace(/ap-southeast-2/g, 'us-gov-west-1').replace('allowedRegions: [us-gov-west-1, eu-west-2]', 'allowedRegions: [us-gov-west-1]');
    const lines = problems(() => parseConfig(config(agency('dea').replace('    account: "111122223333"\n', '') + gov, `${PIPELINE}  configPath: ../outside.yaml\n`), 'p.yaml'));
    expect(lines).toEqual([
      'p.yaml:agencies[0].account: the pipeline deploys each agency into its own account through that account\'s CDK bootstrap roles; name the account (12 digits), or set pipeline.enabled to false (got nothing)',
      'p.yaml:agencies[1]: deploys to us-gov-west-1, outside the partition of pipeline.region (aws); a pipeline cannot deploy across partitions: give these agencies a pipeline of their own (got "us-gov-west-1")',
      'p.yaml:pipeline.configPath: the synth step runs in a checkout of the repository: give the config path relative to the repository root, without .. (got "../outside.yaml")',
    ]);
  });

  test('with enabled: false the section stays and the agencies deploy without a pipeline, accounts optional', () => {
    const parsed = parseConfig(config(agency('dea').replace('    account: "111122223333"\n', ''), `${PIPELINE}  enabled: false\n`), 'p.yaml');
    expect(parsed.pipeline?.enabled).toBe(false);
  });

  test('the source is a CodeConnections connection and an owner/name repository', () => {
    const lines = problems(() => parseConfig(config(agency('dea'), PIPELINE.replace('arn:aws:codeconnections', 'arn:aws:codecommit').replace('repository: o/r', 'repository: just-a-name')), 'p.yaml'));
    expect(lines).toEqual([
      expect.stringMatching(/^p\.yaml:pipeline\.source\.connectionArn: must be a CodeConnections connection ARN/),
      expect.stringMatching(/^p\.yaml:pipeline\.source\.repository: name the repository as owner\/name/),
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
