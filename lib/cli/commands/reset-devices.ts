import { resetDevicesForUsers } from '../../../lambda/handlers/lost-device/user-admin';
import { TARGET_DOCS, USERS_DOC, WRITE_DOCS } from '../args';
import { AdminCommand, WRITE_COMMAND_OPTIONS, runUserAction } from '../command';

export const resetDevicesCommand: AdminCommand = {
  name: 'reset-devices',
  summary: "log out every device of users: the lost device must sign in again (and cannot, if suspended)",
  synopsis: 'reset-devices <user> | --file <path>  --reason <text> [--dry-run] [options]',
  description:
    "Lists each user's devices (ListDevicesForUser) and logs out those not already reset with\n" +
    'BatchResetDevicesForUser. The API takes one user per call (the user is part of the request path)\n' +
    'and at most 50 devices per call, so this makes one reset call per user with devices, more for a\n' +
    'user with over 50. A user without devices to reset succeeds with nothing to do. Every device\n' +
    'is reported: --json lists each with its status as read before the reset and the outcome.',
  options: WRITE_COMMAND_OPTIONS,
  optionDocs: [USERS_DOC, ...WRITE_DOCS, ...TARGET_DOCS],
  examples: [
    'wickr-kit admin reset-devices alex.citizen@dea.example.gov.au --network canberra --reason "INC-4711 phone stolen"',
    'wickr-kit admin reset-devices --file lost.txt --network canberra --dry-run --json',
  ],
  run: (parsed, ctx) =>
    runUserAction(parsed, ctx, {
      command: 'reset-devices',
      plannedDetail: 'would reset devices',
      plan: (target, users) => resetDevicesForUsers(target.client, target.networkId, users, { dryRun: true }),
      execute: (target, users) => resetDevicesForUsers(target.client, target.networkId, users),
    }),
};
