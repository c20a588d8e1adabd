import { errorText, listDevicesForUsers } from '../../../lambda/handlers/lost-device/user-admin';
import { TARGET_DOCS, TARGET_OPTIONS, USERS_DOC, USERS_OPTIONS, flag, stringOption } from '../args';
import { AdminCommand, exitCodeFor, resolveAllUsers, targetOptions } from '../command';
import { callsText, json, outcomeLabel, renderTable } from '../output';
import { resolveTarget } from '../target';
import { readUserList } from '../user-list';

export const listDevicesCommand: AdminCommand = {
  name: 'list-devices',
  summary: "list users' devices (app id, type, status, last login); read-only",
  synopsis: 'list-devices <user> | --file <path> [options]',
  description:
    "Lists every device of each user with ListDevicesForUser (all pages). Read-only. Use it before\n" +
    'reset-devices to record which devices were signed in, and after it to confirm they show "Reset".',
  options: { ...TARGET_OPTIONS, ...USERS_OPTIONS },
  optionDocs: [USERS_DOC, ...TARGET_DOCS],
  examples: ['wickr-kit admin list-devices alex.citizen@dea.example.gov.au --network canberra'],
  run: async (parsed, ctx) => {
    const list = readUserList('list-devices', parsed.positionals, stringOption(parsed, 'file'), ctx.io.cwd);
    for (const note of list.notes) ctx.io.stderr(`note: ${note}\n`);
    const target = await resolveTarget(targetOptions(parsed), ctx.io, ctx.runId);
    try {
      const users = await resolveAllUsers(target, list);
      const run = await listDevicesForUsers(target.client, target.networkId, users);
      const exitCode = exitCodeFor(run);
      if (flag(parsed, 'json')) {
        ctx.io.stdout(
          json({
            command: 'list-devices',
            runId: ctx.runId,
            agency: target.agency.id,
            network: { id: target.networkId, ...(target.networkName ? { name: target.networkName } : {}), region: target.region },
            calls: { ...target.client.calls },
            users: run.results,
            ...(run.stoppedBy !== undefined ? { stoppedBy: errorText(run.stoppedBy) } : {}),
            exitCode,
          }),
        );
        return exitCode;
      }
      const rows = run.results.flatMap((u) => {
        if (u.outcome !== 'succeeded') return [[u.username, u.userId, '', '', outcomeLabel(u.outcome), '', u.detail ?? '']];
        if ((u.devices ?? []).length === 0) return [[u.username, u.userId, '(no devices)', '', '', '', '']];
        return u.devices!.map((d) => [u.username, u.userId, d.appId, d.type ?? '', d.statusText ?? '', d.lastLogin ?? '', '']);
      });
      ctx.io.stdout(`devices on network ${target.networkId}${target.networkName ? ` "${target.networkName}"` : ''} in ${target.region}\n\n`);
      ctx.io.stdout(renderTable(['USER', 'USER ID', 'APP ID', 'TYPE', 'STATUS', 'LAST LOGIN', 'PROBLEM'], rows));
      ctx.io.stdout(`\nWickr API calls: ${callsText(target.client.calls)}.\n`);
      if (run.stoppedBy !== undefined) ctx.io.stdout(`Stopped early: ${errorText(run.stoppedBy)}\n`);
      return exitCode;
    } finally {
      target.close();
    }
  },
};
