import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../lib/package-root';
import { cdkJsonContext } from '../helpers/kit';

/** Runs the app the way `cdk synth` does: a child process given context and an output folder. */
function runApp(configText: string | undefined, extraContext: Record<string, unknown> = {}, extraEnv: Record<string, string | undefined> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-cli-'));
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...extraContext };
  if (configText !== undefined) {
    const path = join(dir, 'agency.yaml');
    writeFileSync(path, configText);
    context.config = path;
  }
  const out = join(dir, 'cdk.out');
  const result = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'bin/app.ts'], {
    cwd: packageRoot(),
    // No CDK_DEFAULT_ACCOUNT unless a test gives one: the CDK CLI sets it only when it found AWS credentials.
    env: { ...process.env, CDK_DEFAULT_ACCOUNT: undefined, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: out, CI: 'true', ...extraEnv },
    encoding: 'utf8',
  });
  return { ...result, out };
}

const BAD = `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2]
    recordsRetention: { days: 30 }
    colour: blue
    networks:
      - { id: london, name: dea-london-post-office-x, region: eu-west-2 }
      - { id: melbourne, name: dea-mel, region: ap-southeast-4 }
`;

describe('the app as the CDK CLI runs it', () => {
  test('a bad config exits 1 with one clear line per problem and no stack trace', () => {
    const r = runApp(BAD);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('wickr-cdk-kit: the config has 6 problem(s):');
    expect(lines).toHaveLength(7);
    expect(lines.slice(1)).toEqual(expect.arrayContaining([
      expect.stringMatching(/agency\.yaml:agencies\[0\]\.colour: unknown field/),
      expect.stringMatching(/agency\.yaml:agencies\[0\]\.networks\[0\]\.name: network name must be 1 to 20 characters \(got "dea-london-post-office-x"/),
      expect.stringMatching(/agency\.yaml:agencies\[0\]\.networks\[0\]\.region: Region is outside agencies\[0\]\.allowedRegions/),
      expect.stringMatching(/agency\.yaml:agencies\[0\]\.networks\[1\]\.region: AWS Wickr is not offered in this Region/),
      expect.stringMatching(/agency\.yaml:agencies\[0\]\.networks\[1\]\.region: Region is outside agencies\[0\]\.allowedRegions/),
      expect.stringMatching(/agency\.yaml:agencies\[0\]\.recordsRetention\.days: records retention is below the floor/),
    ]));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(r.out, 'manifest.json'))).toBe(false);
  });

  test('broken YAML exits 1 without a stack trace', () => {
    const r = runApp('version: 1\nagencies:\n  - id: [\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/agency\.yaml:line \d+ column \d+: broken YAML: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a missing config file exits 1 naming the path', () => {
    const r = runApp(undefined, { config: '/nonexistent/agency.yaml' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/nonexistent/agency.yaml:(file): cannot read the config file (ENOENT)');
  });

  test('a missing config file names the flag the app takes, -c config=<path>', () => {
    const r = runApp(undefined, { config: 'missing.yaml' });
    expect(r.stderr).toContain('missing.yaml:(file): cannot read the config file (ENOENT); pass an existing file with -c config=<path> (got "missing.yaml")');
  });

  test('without an account in the config or credentials, synth still succeeds and says in one line what cdk diff and deploy need', () => {
    const r = runApp(undefined);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'wickr-cdk-kit: no AWS account is known for agency dea (agencies[0]): the config names none and the CDK CLI found no AWS credentials. ' +
        'cdk synth works without one, but cdk diff and cdk deploy need it: add account: "<12-digit account id>" to agencies[0] in config/example.yaml, ' +
        "or run with credentials for the agency's account (AWS_PROFILE, or aws sso login)\n",
    );
  });

  test('the example synthesizes in strict mode (CI) with exit code 0, and nothing on stderr once the CLI knows the account', () => {
    const r = runApp(undefined, {}, { CDK_DEFAULT_ACCOUNT: '111122223333' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const region of ['ap-southeast-2', 'eu-west-2', 'ap-northeast-1', 'us-east-1']) {
      expect(existsSync(join(r.out, `WickrKit-dea-${region}.template.json`))).toBe(true);
    }
  });
});
