import { deleteUsers } from '../../../lambda/handlers/lost-device/user-admin';
import { TARGET_DOCS, USERS_DOC, WRITE_DOCS, stringOption } from '../args';
import { AdminCommand, WRITE_COMMAND_OPTIONS, runUserAction } from '../command';
import { UsageError } from '../io';

/**
 * Deletion cannot be undone, so it needs a confirmation that habit cannot supply:
 * - one user: `--confirm <username>` repeating the user (as given, or the username it resolves to);
 * - a file: `--confirm-count <n>` stating how many distinct users the file lists. A `--yes` would be
 *   typed by reflex; a count makes the operator look at the file, and a wrong file, a truncated or
 *   edited one, or a wrong path fails the check. It is compared with the users in the file before
 *   any call, and every user must then exist, or nothing is deleted.
 */
export const deleteCommand: AdminCommand = {
  name: 'delete',
  summary: 'delete users and their data permanently (IRREVERSIBLE; needs --confirm / --confirm-count)',
  synopsis: 'delete <user> --confirm <user> | --file <path> --confirm-count <n>  --reason <text> [--dry-run] [options]',
  description:
    'Deletes each user with BatchDeleteUser, 50 users per call. This cannot be undone: the account and\n' +
    "its data are gone. Confirmation is required and checked before any call:\n" +
    '  one user:  --confirm <user>        repeat the user exactly (as given, or its username)\n' +
    '  a file:    --confirm-count <n>     the number of distinct users in the file\n' +
    'Run with --dry-run first: it resolves every user, changes nothing and prints the count to confirm.\n' +
    'Usually preceded by suspend and reset-devices, and by the approval your agency requires.',
  options: { ...WRITE_COMMAND_OPTIONS, confirm: { type: 'string' }, 'confirm-count': { type: 'string' } },
  optionDocs: [
    USERS_DOC,
    { flag: '--confirm <user>', description: 'with one user: the same user again, to confirm the deletion' },
    { flag: '--confirm-count <n>', description: 'with --file: how many distinct users the file lists, to confirm the deletion' },
    ...WRITE_DOCS,
    ...TARGET_DOCS,
  ],
  examples: [
    'wickr-kit admin delete alex.citizen@dea.example.gov.au --confirm alex.citizen@dea.example.gov.au --network canberra --reason "INC-4711 approved by CISO"',
    'wickr-kit admin delete --file leavers.txt --network canberra --dry-run',
    'wickr-kit admin delete --file leavers.txt --confirm-count 12 --network canberra --reason "CHG-0900 leavers"',
  ],
  run: (parsed, ctx) =>
    runUserAction(parsed, ctx, {
      command: 'delete',
      plannedDetail: 'would delete (irreversible)',
      checkArguments: (p, list) => {
        if (p.values['dry-run'] === true) return;
        const confirm = stringOption(p, 'confirm');
        const count = stringOption(p, 'confirm-count');
        if (list.file === undefined) {
          if (count !== undefined) throw new UsageError('delete: --confirm-count goes with --file; for one user repeat it with --confirm <user>');
          if (confirm === undefined) {
            throw new UsageError(`delete: deletion is irreversible; repeat the user to confirm: --confirm ${list.refs[0].given}`);
          }
          return;
        }
        if (confirm !== undefined) throw new UsageError('delete: --confirm goes with one user; for a file state the number of users with --confirm-count <n>');
        if (count === undefined) {
          throw new UsageError(`delete: deletion is irreversible; confirm the number of users in ${list.file} with --confirm-count <n> (run with --dry-run to see them)`);
        }
        if (!/^[0-9]+$/.test(count) || Number(count) !== list.refs.length) {
          throw new UsageError(`delete: --confirm-count ${count} does not match the ${list.refs.length} distinct user(s) in ${list.file}; nothing was deleted`);
        }
      },
      checkUsers: (p, list, users) => {
        if (list.file !== undefined) return;
        const confirm = stringOption(p, 'confirm')!;
        const user = users[0];
        if (confirm !== list.refs[0].given && confirm !== user.username) {
          throw new UsageError(`delete: --confirm "${confirm}" does not match the user ${user.username} (id ${user.userId}); nothing was deleted`);
        }
      },
      dryRunHint: (list) =>
        list.file === undefined
          ? `To delete, repeat without --dry-run and with --confirm ${list.refs[0].given} --reason <text>.`
          : `To delete these ${list.refs.length} users, repeat without --dry-run and with --confirm-count ${list.refs.length} --reason <text>.`,
      execute: (target, users) => deleteUsers(target.client, target.networkId, users),
    }),
};
