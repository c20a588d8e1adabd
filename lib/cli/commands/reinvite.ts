import { reinviteUsers } from '../../../lambda/handlers/lost-device/user-admin';
import { TARGET_DOCS, USERS_DOC, WRITE_DOCS } from '../args';
import { AdminCommand, WRITE_COMMAND_OPTIONS, runUserAction } from '../command';

export const reinviteCommand: AdminCommand = {
  name: 'reinvite',
  summary: 'send the invitation again to users who have not accepted it yet',
  synopsis: 'reinvite <user> | --file <path>  --reason <text> [--dry-run] [options]',
  description:
    'Sends the invitation again with BatchReinviteUser, 50 users per call. The service refuses users who\n' +
    'have already accepted their invitation; each refusal is listed (exit code 1).',
  options: WRITE_COMMAND_OPTIONS,
  optionDocs: [USERS_DOC, ...WRITE_DOCS, ...TARGET_DOCS],
  examples: ['wickr-kit admin reinvite --file new-starters.txt --network canberra --reason "CHG-0815 onboarding"'],
  run: (parsed, ctx) =>
    runUserAction(parsed, ctx, {
      command: 'reinvite',
      plannedDetail: 'would send the invitation again',
      execute: (target, users) => reinviteUsers(target.client, target.networkId, users),
    }),
};
