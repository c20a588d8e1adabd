import { suspendUsers } from '../../../lambda/handlers/lost-device/user-admin';
import { TARGET_DOCS, USERS_DOC, WRITE_DOCS } from '../args';
import { AdminCommand, WRITE_COMMAND_OPTIONS, runUserAction } from '../command';

export const suspendCommand: AdminCommand = {
  name: 'suspend',
  summary: 'suspend users: they can no longer sign in or send messages (reversible with unsuspend)',
  synopsis: 'suspend <user> | --file <path>  --reason <text> [--dry-run] [options]',
  description:
    'Suspends each user with BatchToggleUserSuspendStatus, 50 users per call, and reports the\n' +
    "service's answer for every user. Suspending a suspended user is harmless (the call is idempotent).\n" +
    'First step of the lost-device response; follow with reset-devices.',
  options: WRITE_COMMAND_OPTIONS,
  optionDocs: [USERS_DOC, ...WRITE_DOCS, ...TARGET_DOCS],
  examples: [
    'wickr-kit admin suspend alex.citizen@dea.example.gov.au --network canberra --reason "INC-4711 phone stolen"',
    'wickr-kit admin suspend --file lost.txt --network dea-canberra --dry-run',
  ],
  run: (parsed, ctx) =>
    runUserAction(parsed, ctx, {
      command: 'suspend',
      plannedDetail: 'would suspend',
      execute: (target, users) => suspendUsers(target.client, target.networkId, users, true),
    }),
};
