import { suspendUsers } from '../../../lambda/handlers/lost-device/user-admin';
import { TARGET_DOCS, USERS_DOC, WRITE_DOCS } from '../args';
import { AdminCommand, WRITE_COMMAND_OPTIONS, runUserAction } from '../command';

export const unsuspendCommand: AdminCommand = {
  name: 'unsuspend',
  summary: 'lift a suspension (for example once the device is recovered and reset)',
  synopsis: 'unsuspend <user> | --file <path>  --reason <text> [--dry-run] [options]',
  description:
    'Lifts the suspension of each user with BatchToggleUserSuspendStatus (suspend=false), 50 users per\n' +
    'call, and reports the outcome per user. Devices that were reset stay logged out: the user signs in again.',
  options: WRITE_COMMAND_OPTIONS,
  optionDocs: [USERS_DOC, ...WRITE_DOCS, ...TARGET_DOCS],
  examples: ['wickr-kit admin unsuspend alex.citizen@dea.example.gov.au --network canberra --reason "INC-4711 device recovered"'],
  run: (parsed, ctx) =>
    runUserAction(parsed, ctx, {
      command: 'unsuspend',
      plannedDetail: 'would unsuspend',
      execute: (target, users) => suspendUsers(target.client, target.networkId, users, false),
    }),
};
