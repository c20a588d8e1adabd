/**
 * Bad input that once crashed, hung or misled (issue 18): each case gets one line per problem that
 * names the file, the path or line, and the rule, never a stack trace.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KitConfigError, loadConfigFile, parseConfig } from '../../lib/config';
import { MAX_LISTED_PROBLEMS } from '../../lib/config/loader';
import { CONFIG_SOURCE_LIMITS } from '../../lib/config/yaml-source';
import { EXAMPLE_CONFIG } from '../helpers/kit';

const example = readFileSync(EXAMPLE_CONFIG, 'utf8');

function problems(text: string, source = 'config.yaml'): string[] {
  let result: unknown;
  try {
    result = parseConfig(text, source);
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) return e.lines;
    throw e;
  }
  throw new Error(`expected the config to be rejected, got ${JSON.stringify(result).slice(0, 80)}`);
}

/** Every line is one line of printable text: no control, bidirectional or lone surrogate character. */
function expectPrintable(lines: readonly string[]): void {
  for (const line of lines) {
    expect(line).not.toMatch(/[\p{Cc}\p{Cs}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u);
    expect(line).not.toMatch(/\bat .+:\d+:\d+\)?$|TypeError|ReferenceError|RangeError|Maximum call stack/);
  }
}

const withName = (name: string) => example.replace('name: dea-canberra', `name: ${JSON.stringify(name)}`);

describe('YAML that once threw', () => {
  test('fails when an alias names no anchor, at the alias', () => {
    expect(problems(example.replace('version: 1', 'version: *nothere'))).toEqual([
      'config.yaml:line 7 column 10: broken YAML: the alias *nothere names no anchor; define &nothere on a value above it, or write the value out',
    ]);
  });

  test('accepts 150 aliases of one anchor (legal YAML, and small)', () => {
    const replies = `quickResponses: [&reply "On my way", ${Array.from({ length: 150 }, () => '*reply').join(', ')}]`;
    const text = example.replace(/quickResponses: \[[^\]]*\]/, replies);
    expect(text).not.toBe(example);
    const groups = parseConfig(text, 'config.yaml').agencies[0].networks.flatMap((n) => n.securityGroups);
    expect(groups.map((g) => g.quickResponses?.length ?? 0)).toContain(151);
  });

  test('fails on a "billion laughs" document, naming the alias limit', () => {
    const laughs = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) laughs.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    const lines = problems(`${laughs.join('\n')}\n${example}`);
    expect(lines).toEqual([
      expect.stringMatching(/^config\.yaml:line 5 column \d+: broken YAML: aliases expand the document by more than 100000 values \(a guard against "billion laughs" files\)/),
    ]);
  });

  test('fails when an alias sits inside the value it names', () => {
    expect(problems('version: 1\nagencies: &loop [*loop]\n')).toEqual([
      'config.yaml:line 2 column 18: broken YAML: the alias *loop is inside the value it names; a config cannot contain itself',
    ]);
  });

  test.each([
    ['a YAML flow list', (n: number) => example.replace('version: 1', `version: ${'['.repeat(n)}${']'.repeat(n)}`)],
    ['YAML block mappings', (n: number) => `${example}\nextra:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n`],
    ['JSON objects', (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`],
  ])('fails on %s nested 1000 deep, naming the limit', (_, nested) => {
    const lines = problems(nested(1000));
    expect(lines).toEqual([expect.stringMatching(/^config\.yaml:line \d+ column \d+: nests mappings and lists more than 64 deep, which no config needs/)]);
    // 64 levels are still read (and then judged by the schema).
    expect(problems(nested(60)).join('\n')).not.toContain('nests mappings');
  });

  test('fails on a second YAML document in the file', () => {
    expect(problems(`${example}---\nversion: 1\n`)).toEqual([expect.stringMatching(/^config\.yaml:line \d+ column 1: a config file holds one YAML document/)]);
  });
});

describe('size limits', () => {
  test(`fails on a file over ${CONFIG_SOURCE_LIMITS.maxFileBytes} bytes before reading it, and on text that large`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-size-'));
    const path = join(dir, 'huge.yaml');
    const big = `${example}\n# ${'x'.repeat(CONFIG_SOURCE_LIMITS.maxFileBytes)}\n`;
    writeFileSync(path, big);
    expect(() => loadConfigFile(path)).toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\(file\\): is larger than the kit reads in one config file \\(1 MiB\\).* \\(got "\\d+ bytes"; allowed at most 1048576 bytes\\)$`),
    );
    expect(problems(big)).toEqual([expect.stringContaining('config.yaml:(file): is larger than the kit reads in one config file (1 MiB)')]);
  });

  test(`lists at most ${MAX_LISTED_PROBLEMS} problems and counts the rest`, () => {
    const tags = Array.from({ length: 500 }, (_, i) => `      "bad tag ${i} <": x`).join('\n');
    const lines = problems(example.replace('    tags:\n', `    tags:\n${tags}\n`));
    expect(lines).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(lines[MAX_LISTED_PROBLEMS]).toBe('config.yaml:(file): and 400 more problem(s), not listed; fix the ones above (often one mistake repeated) and run again');
  });
});

/** The 1-based line of the example on which `needle` starts. */
const lineOf = (needle: string) => example.slice(0, example.indexOf(needle)).split('\n').length;

describe('indentation errors', () => {
  test('one line for a misindented field, with the indentation it should have', () => {
    const lines = problems(example.replace('        name: dea-canberra', '       name: dea-canberra'));
    const at = lineOf('        name: dea-canberra');
    expect(lines).toEqual([
      `config.yaml:line ${at} column 8: broken YAML: Sequence item without - indicator; line ${at} is indented 7 spaces, but the fields around it start at 8, 6, 4 spaces: indent it like the field it belongs with (spaces only) (fix this line first: the parser's later complaints follow from it)`,
    ]);
  });

  test('points at the deeper line, not the one before it', () => {
    const at = lineOf('        name: dea-canberra');
    expect(problems(example.replace('        name: dea-canberra', '          name: dea-canberra'))).toEqual([
      expect.stringMatching(new RegExp(`^config\\.yaml:line ${at} column 11: broken YAML: .*; line ${at} is indented 10 spaces, but the fields around it start at 8, 6, 4 spaces`)),
    ]);
  });

  test('says that YAML indents with spaces', () => {
    const at = lineOf('    logRetentionDays: 2557');
    expect(problems(example.replace('    logRetentionDays: 2557', '\tlogRetentionDays: 2557'))).toEqual([
      expect.stringMatching(new RegExp(`^config\\.yaml:line ${at} column 2: broken YAML: Tabs are not allowed as indentation; YAML indents with spaces only: replace the tab at the start of line ${at} with spaces`)),
    ]);
  });
});

describe('numbers', () => {
  test.each([
    ['.nan', 'must be a finite number (.nan and .inf are not numbers a config can use) (got NaN; allowed 1 to 3653)'],
    ['-.inf', 'must be a finite number (.nan and .inf are not numbers a config can use) (got -Infinity; allowed 1 to 3653)'],
    ['-9007199254740992', 'must be a whole number from 1 to 3653 (got -9007199254740992; allowed 1 to 3653)'],
    ['365.5', 'must be a whole number (got 365.5; allowed 1 to 3653)'],
  ])('fails on logRetentionDays %s, naming the range', (value, message) => {
    expect(problems(example.replace('logRetentionDays: 2557', `logRetentionDays: ${value}`))[0]).toBe(`config.yaml:agencies[0].logRetentionDays: ${message}`);
  });

  test('fails on a huge dataRetention.cpu, listing the Fargate sizes', () => {
    expect(problems(example.replace('imageTag: 6.60.05.78\n', 'imageTag: 6.60.05.78\n          host: fargate\n          cpu: 1e300\n'))).toEqual([
      'config.yaml:agencies[0].networks[0].dataRetention.cpu: is not one of the accepted values (got 1e+300; allowed 256, 512, 1024, 2048, 4096, 8192, 16384)',
    ]);
  });

  test('fails on memory Fargate does not offer with the cpu, at the config path (not the construct)', () => {
    expect(problems(example.replace('imageTag: 6.60.05.78\n', 'imageTag: 6.60.05.78\n          host: fargate\n          cpu: 256\n'))).toEqual([
      'config.yaml:agencies[0].networks[0].dataRetention.memoryMiB: Fargate does not offer this memory with 256 CPU units (got 8192; allowed 512 to 2048 in steps of 512)',
    ]);
  });

  test('fails on a lockout threshold and password minimums no one would mean', () => {
    const text = example.replace('lockoutThreshold: 10', 'lockoutThreshold: 10000000').replace(/passwordRequirements: \{ minLength: \d+/, 'passwordRequirements: { minLength: 10000000');
    expect(problems(text)).toEqual([
      'config.yaml:agencies[0].networks[0].securityGroups[0].lockoutThreshold: must be a whole number from 0 to 100 (got 10000000; allowed 0 to 100)',
      'config.yaml:agencies[0].networks[1].securityGroups[0].passwordRequirements.minLength: must be a whole number from 0 to 128 (got 10000000; allowed 0 to 128)',
    ]);
  });

  test('fails on a message expiry longer than a year, written with a unit or in seconds', () => {
    expect(problems(example.replace('maxTtl: 30d', 'maxTtl: 400d'))).toEqual([
      'config.yaml:agencies[0].networks[0].securityGroups[0].maxTtl: is longer than Wickr offers (got "400d"; allowed 0 to 31536000 seconds (365d))',
    ]);
    expect(problems(example.replace('maxTtl: 30d', 'maxTtl: 31536001'))).toEqual([
      'config.yaml:agencies[0].networks[0].securityGroups[0].maxTtl: must be a whole number from 0 to 31536000 (got 31536001; allowed 0 to 31536000)',
    ]);
  });
});

describe('names people see', () => {
  test('an emoji counts one character, as Wickr counts (Unicode code points)', () => {
    expect(parseConfig(withName('😀'.repeat(11)), 'config.yaml').agencies[0].networks[0].name).toBe('😀'.repeat(11));
    expect(problems(withName('😀'.repeat(21)))).toEqual([
      `config.yaml:agencies[0].networks[0].name: network name must be 1 to 20 characters (got "${'😀'.repeat(21)}"; allowed at most 20 characters, counted as Unicode code points)`,
    ]);
  });

  test.each([
    ['a NUL byte', 'dea\u0000canberra', 'must not contain control characters (U+0000)', 'dea\\u0000canberra'],
    ['a newline', 'dea\ncanberra', 'must not contain control characters (U+000A)', 'dea\\ncanberra'],
    ['ESC', 'dea\u001b[31m', 'must not contain control characters (U+001B)', 'dea\\u001b[31m'],
    ['BEL', 'dea\u0007', 'must not contain control characters (U+0007)', 'dea\\u0007'],
    ['a right-to-left override', 'dea\u202eartsua', 'must not contain bidirectional control characters (U+202E)', 'dea\\u202eartsua'],
    ['a lone surrogate', 'dea\ud800', 'must not contain an unpaired surrogate (U+D800)', 'dea\\ud800'],
  ])('fails on a network name with %s, and prints it escaped', (_, name, rule, shown) => {
    const lines = problems(withName(name));
    expect(lines).toEqual([expect.stringContaining(`config.yaml:agencies[0].networks[0].name: ${rule}`)]);
    expect(lines[0]).toContain(`(got "${shown}")`);
    expectPrintable(lines);
  });

  test('refuses control characters in every name people see', () => {
    const text = example
      .replace('name: Department of External Affairs (example)', 'name: "Department\\u0007 of External Affairs"')
      .replace('- name: DEA Staff', '- name: "DEA\\u202e Staff"')
      .replace(/username: ([^\s,}]+)/, 'username: "$1\\u0000"')
      .replace(/displayName: ([^,}\n]+)/, 'displayName: "bot\\u2066"');
    const lines = problems(text);
    expectPrintable(lines);
    for (const path of ['agencies[0].name', 'agencies[0].networks[0].securityGroups[0].name', 'users[0].username', 'displayName']) {
      expect([path, lines.some((l) => l.includes(path) && /must not contain/.test(l))]).toEqual([path, true]);
    }
  });

  test('an unknown key with a newline in it is still one line', () => {
    const lines = problems(example.replace('version: 1', 'version: 1\n"bad\\nkey": 1'));
    expect(lines).toEqual(['config.yaml:bad\\u000akey: unknown field; check its spelling and where it sits (got "bad\\nkey"; allowed version, policy, agencies, federation, pipeline, evidence)']);
  });

  test('fails on a blank SSO company id', () => {
    expect(problems(example.replace(/companyId: \S+/, 'companyId: "   "'))).toEqual(['config.yaml:agencies[0].networks[0].sso.companyId: must not be blank (got "   ")']);
  });
});
