import { Emulator, startEmulator } from '../emulator';
import { REGION, SeededNetwork, callsTo, run, scratchDir, seedNetwork, seedUsers, userNames, writeFile, writes } from './support/harness';

describe('wickr-kit admin: dry runs, confirmation of deletes, and bad input change nothing', () => {
  let emulator: Emulator;
  let dir: string;
  let net: SeededNetwork;
  let ids: Map<string, string>;
  const names = userNames(60);
  const ALEX = names[0];
  const base = ['--config', 'config.yaml', '--network', 'canberra'];
  const reason = ['--reason', 'INC-4711'];

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = scratchDir();
    writeFile(dir, 'sixty.txt', names.join('\n'));
    writeFile(dir, 'three.txt', `${names[0]}\n${names[1]}  # trailing comment\n\n# a comment\n   ${names[2].toUpperCase()}\r\n`);
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    net = await seedNetwork(emulator);
    ids = await seedUsers(emulator, net, names);
    for (const n of names) emulator.addDevice(REGION, net.networkId, ids.get(n)!);
    emulator.clearRequests();
  });

  const snapshot = () => JSON.stringify(emulator.state.snapshot());

  describe('--dry-run makes no write call', () => {
    test.each([
      ['suspend', [], 'would suspend'],
      ['unsuspend', [], 'would unsuspend'],
      ['reinvite', [], 'would send the invitation again'],
      ['reset-devices', [], 'would reset 1 device'],
      ['delete', [], 'would delete (irreversible)'],
    ])('%s --dry-run over 60 users resolves them all, plans each and writes nothing', async (command, extra, detail) => {
      const before = snapshot();
      const r = await run(emulator, dir, ['admin', command, '--file', 'sixty.txt', ...base, '--dry-run', '--json', ...extra]);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ command, dryRun: true, summary: { users: 60, planned: 60 } });
      expect(r.json.users.every((u: any) => u.outcome === 'planned' && u.detail === detail)).toBe(true);
      expect(writes(emulator)).toEqual([]);
      expect(emulator.requests.length).toBeGreaterThan(0);
      expect(snapshot()).toBe(before);
    });

    test('the table says DRY RUN, and delete prints the confirmation it will need', async () => {
      const r = await run(emulator, dir, ['admin', 'delete', '--file', 'sixty.txt', ...base, '--dry-run']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^DRY RUN \(no changes made\): delete on network/);
      expect(r.stdout).toContain('To delete these 60 users, repeat without --dry-run and with --confirm-count 60 --reason <text>.');
      expect(writes(emulator)).toEqual([]);
    });
  });

  describe('delete refuses without confirmation', () => {
    test.each([
      [['delete', ALEX], /deletion is irreversible; repeat the user to confirm: --confirm user001@dea\.example\.gov\.au/],
      [['delete', ALEX, '--confirm', names[1]], /--confirm "user002@dea\.example\.gov\.au" does not match the user user001@dea\.example\.gov\.au \(id \d+\); nothing was deleted/],
      [['delete', ALEX, '--confirm-count', '1'], /--confirm-count goes with --file/],
      [['delete', '--file', 'sixty.txt'], /confirm the number of users in sixty\.txt with --confirm-count <n>/],
      [['delete', '--file', 'sixty.txt', '--confirm-count', '59'], /--confirm-count 59 does not match the 60 distinct user\(s\) in sixty\.txt; nothing was deleted/],
      [['delete', '--file', 'sixty.txt', '--confirm-count', 'sixty'], /--confirm-count sixty does not match/],
      [['delete', '--file', 'sixty.txt', '--confirm', ALEX], /--confirm goes with one user/],
    ])('rejects %j with exit code 2 and no write', async (args, message) => {
      const r = await run(emulator, dir, ['admin', ...args, ...base, ...reason]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(writes(emulator)).toEqual([]);
      expect(emulator.state.network(REGION, net.networkId)!.users).toHaveLength(60);
    });

    test('accepts --confirm-count equal to the distinct users of the file (duplicates counted once) and deletes in batches', async () => {
      writeFile(dir, 'dupes.txt', `${names.join('\n')}\n${names[5].toUpperCase()}\n`);
      const r = await run(emulator, dir, ['admin', 'delete', '--file', 'dupes.txt', '--confirm-count', '60', ...base, ...reason]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/note: dupes\.txt:61: USER006@DEA\.EXAMPLE\.GOV\.AU is already listed on line 6; counted once/);
      expect(callsTo(emulator, 'BatchDeleteUser').map((c) => (c.input!.userIds as string[]).length)).toEqual([50, 10]);
      expect(emulator.state.network(REGION, net.networkId)!.users).toHaveLength(0);
    });
  });

  describe('bad input gives a clear message and a non-zero exit code without touching anything', () => {
    test('rejects a user file naming an unknown user: exit 2, every unknown user named, no write', async () => {
      writeFile(dir, 'typo.txt', `${names[0]}\nuser001@dea.example.gov.ua\nid:99999\n${names[1]}\n`);
      const r = await run(emulator, dir, ['admin', 'suspend', '--file', 'typo.txt', ...base, ...reason]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `wickr-kit: 2 of 4 user(s) not found on network ${net.networkId}; nothing was changed\n` +
          `  user001@dea.example.gov.ua: no user named "user001@dea.example.gov.ua" on network ${net.networkId}\n` +
          `  id:99999: no user with id 99999 on network ${net.networkId}\n`,
      );
      expect(writes(emulator)).toEqual([]);
    });

    test('rejects a malformed user file before any call, listing every bad line', async () => {
      writeFile(dir, 'bad.txt', `${names[0]}\nalex citizen\nsam@x.gov.au, jo@x.gov.au\nid:12ab\n`);
      const r = await run(emulator, dir, ['admin', 'reset-devices', '--file', 'bad.txt', ...base, ...reason]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'wickr-kit: the user file bad.txt has 3 problem(s); nothing was changed\n' +
          'bad.txt:2: "alex citizen" contains whitespace; give one username per line\n' +
          'bad.txt:3: "sam@x.gov.au, jo@x.gov.au" contains a comma; give one username per line (the file is not CSV)\n' +
          'bad.txt:4: "id:12ab": a user id is 1 to 10 digits after "id:"\n',
      );
      expect(emulator.requests).toEqual([]);
    });

    test.each([
      ['a missing user file', ['suspend', '--file', 'nope.txt'], /^wickr-kit: cannot read the user file nope\.txt \(ENOENT\)\n$/],
      ['an empty user file', ['suspend', '--file', 'empty.txt'], /^wickr-kit: the user file empty\.txt lists no users\n$/],
      ['a binary user file', ['suspend', '--file', 'binary.txt'], /is not a text file/],
      ['no user at all', ['suspend'], /name a user \(username, email or id:<userId>\) or give --file <path>/],
      ['two users on the command line', ['suspend', 'a@x', 'b@x'], /one user per command \(got 2\)/],
      ['a user and a file', ['suspend', 'a@x', '--file', 'sixty.txt'], /give either one user or --file, not both/],
      ['an unknown option', ['suspend', 'a@x', '--force'], /admin suspend: Unknown option '--force'/],
      ['an option without its value', ['suspend', 'a@x', '--network'], /admin suspend: Option '-n, --network <value>' argument missing/],
      ['an unknown command', ['sudo'], /unknown admin command "sudo"/],
    ])('rejects %s with exit code 2 before any call', async (_what, args, message) => {
      writeFile(dir, 'empty.txt', '# nothing here\n\n');
      writeFile(dir, 'binary.txt', 'abc\0def');
      // An option missing its value must come last, or parseArgs reads the next option as its value.
      const withBase = args[0] === 'sudo' ? args : args.includes('--network') ? [args[0], ...reason, ...args.slice(1)] : [...args, ...base, ...reason];
      const r = await run(emulator, dir, ['admin', ...withBase]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(emulator.requests).toEqual([]);
    });

    test('rejects a missing --reason on a write (but not on a dry run)', async () => {
      const r = await run(emulator, dir, ['admin', 'suspend', ALEX, ...base]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--reason <text> is required/);
      const blank = await run(emulator, dir, ['admin', 'suspend', ALEX, ...base, '--reason', ' x ']);
      expect(blank.stderr).toMatch(/--reason must be one line of 3 to 500 characters/);
      expect(emulator.requests).toEqual([]);
    });

    test.each([
      ['an unknown network name', ['--network', 'sydney'], /^wickr-kit: no network "sydney" in agency dea; use a network id or name from the config, or an 8-digit Wickr network id\n  canberra \(name "dea-canberra", ap-southeast-2\)\n  london/],
      ['a network not deployed yet', ['--network', 'london'], /^wickr-kit: no Wickr network named "dea-london" in eu-west-2; has the stack been deployed\?/],
      ['an 8-digit id that does not exist', ['--network', '87654321', '--region', REGION], /^wickr-kit: no Wickr network 87654321 in ap-southeast-2 \(GetNetwork failed for network 87654321: ResourceNotFoundError \(404\)/],
      ['an 8-digit id without a Region', ['--network', '87654321'], /network 87654321 is not in the config \(no network adopts it\); give its Region with --region/],
      ['a Region outside the data-residency list', ['--network', '87654321', '--region', 'us-east-1'], /--region us-east-1 is outside the agency's allowedRegions \(ap-southeast-2, eu-west-2\)/],
      ['no --network when the agency has several', [], /agency dea has 2 networks; choose one with --network/],
      ['an unknown agency', ['--network', 'canberra', '--agency', 'dfat'], /no agency "dfat" in config\.yaml/],
      ['a missing config', ['--network', 'canberra', '--config', 'missing.yaml'], /the config missing\.yaml has 1 problem\(s\)\n.*missing\.yaml:\(file\): cannot read the config file \(ENOENT\); pass an existing file with -c <path> \(or set WICKR_KIT_CONFIG\)/],
    ])('rejects %s with exit code 2 and no write', async (_what, args, message) => {
      const r = await run(emulator, dir, ['admin', 'suspend', ALEX, '--config', 'config.yaml', ...args, ...reason]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(writes(emulator)).toEqual([]);
    });

    test('a broken config reports every problem, one per line, and --json also prints the error as JSON', async () => {
      writeFile(dir, 'broken.yaml', 'version: 1\nagencies:\n  - id: dea\n    colour: blue\n');
      const r = await run(emulator, dir, ['admin', 'suspend', ALEX, '--config', 'broken.yaml', ...reason, '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^wickr-kit: the config broken\.yaml has \d+ problem\(s\)\n/);
      expect(r.stderr).toMatch(/broken\.yaml:agencies\[0\]\.colour: unknown field/);
      expect(r.json).toEqual({ error: { message: expect.stringMatching(/the config broken\.yaml has/), details: expect.arrayContaining([expect.stringMatching(/colour: unknown field/)]) }, exitCode: 2 });
      expect(emulator.requests).toEqual([]);
    });
  });

  test('the file format: comments, blank lines, trailing comments, case-insensitive usernames', async () => {
    const r = await run(emulator, dir, ['admin', 'suspend', '--file', 'three.txt', ...base, ...reason, '--json']);
    expect(r.code).toBe(0);
    expect(r.json.users.map((u: any) => [u.given, u.username])).toEqual([
      [names[0], names[0]],
      [names[1], names[1]],
      [names[2].toUpperCase(), names[2]],
    ]);
  });
});
