import { ADMIN_COMMANDS, main } from '../../lib/cli/main';
import { KIT_VERSION } from '../../lib/version';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd: '/nonexistent' });
  return { code, stdout, stderr };
}

describe('wickr-kit help and usage', () => {
  test('wickr-kit --help and admin --help list the commands, the user file format and the exit codes', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('wickr-kit admin <command> [options]');
    const admin = await cli(['admin', '--help']);
    expect(admin.code).toBe(0);
    for (const c of ['find-user', 'list-devices', 'suspend', 'reset-devices', 'unsuspend', 'reinvite', 'delete']) {
      expect(admin.stdout).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    }
    expect(admin.stdout).toContain('User file format (--file):');
    expect(admin.stdout).toMatch(/^ {2}2 {2}usage or bad input .*nothing was changed$/m);
    expect(admin.stdout).toContain('WICKR_ENDPOINT_URL');
  });

  test.each(ADMIN_COMMANDS.map((c) => [c.name]))('admin %s --help shows usage, options and examples, even with other arguments', async (name) => {
    const r = await cli(['admin', name, 'someone@example.com', '--bogus', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: wickr-kit admin ${name} `));
    expect(r.stdout).toContain('-n, --network <name|id>');
    expect(r.stdout).toMatch(/\nExamples:\n {2}wickr-kit admin /);
    expect(r.stderr).toBe('');
  });

  test('every write command documents --reason and --dry-run; delete documents both confirmations', async () => {
    for (const name of ['suspend', 'unsuspend', 'reset-devices', 'reinvite', 'delete']) {
      const r = await cli(['admin', name, '-h']);
      expect(r.stdout).toContain('--reason <text>');
      expect(r.stdout).toContain('--dry-run');
    }
    const del = await cli(['admin', 'delete', '--help']);
    expect(del.stdout).toContain('--confirm <user>');
    expect(del.stdout).toContain('--confirm-count <n>');
  });

  test('--version prints the kit version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${KIT_VERSION}\n`, stderr: '' });
  });

  test('rejects no command or an unknown group with exit code 2 and a pointer to help', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage:');
    const adminOnly = await cli(['admin']);
    expect(adminOnly.code).toBe(2);
    const unknown = await cli(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('wickr-kit: unknown command "deploy"; the commands are "wickr-kit admin <command>" and "wickr-kit drift"\nRun "wickr-kit --help" for usage.\n');
  });
});
