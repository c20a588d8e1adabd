import {
  BatchLookupUserUnameCommand,
  GetUserCommand,
  ListUsersCommand,
  type User,
} from '../../../lambda/wickr';
import { BATCH_LIMIT, chunk, classifyError, mapLimit, parseUserRef, type UserRef } from '../../../lambda/handlers/lost-device/user-admin';
import { TARGET_DOCS, TARGET_OPTIONS, USERS_OPTIONS, flag, stringOption } from '../args';
import { AdminCommand, targetOptions } from '../command';
import { EXIT } from '../exit-codes';
import { UsageError } from '../io';
import { callsText, json, renderTable } from '../output';
import { Target, resolveTarget, wickrFailure } from '../target';
import { readUserFile } from '../user-list';

interface Found {
  readonly query: string;
  readonly userId?: string;
  readonly username?: string;
  readonly status?: string;
  readonly suspended?: boolean;
  /** exact: the username is the query (ignoring case); partial: the service's filter matched it. */
  readonly match?: 'exact' | 'partial' | 'id' | 'uname';
  readonly problem?: string;
}

const STATUS: Record<number, string> = { 1: 'pending', 2: 'active' };

function view(query: string, u: User, match: Found['match']): Found {
  return {
    query,
    userId: u.userId,
    username: u.username,
    ...(u.status !== undefined ? { status: STATUS[u.status] ?? String(u.status) } : {}),
    ...(u.suspended !== undefined ? { suspended: u.suspended } : {}),
    match,
  };
}

async function listByUsername(target: Target, username: string): Promise<User[]> {
  const users: User[] = [];
  let nextToken: string | undefined;
  do {
    const page = await target.client.send(new ListUsersCommand({ networkId: target.networkId, username, maxResults: 100, nextToken }));
    users.push(...(page.users ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken !== undefined);
  return users;
}

async function findByRef(target: Target, ref: UserRef): Promise<Found[]> {
  if (ref.userId !== undefined) {
    try {
      const u = await target.client.send(new GetUserCommand({ networkId: target.networkId, userId: ref.userId }));
      return [view(ref.given, { ...u, userId: u.userId ?? ref.userId }, 'id')];
    } catch (err) {
      if (classifyError(err) === 'client') return [{ query: ref.given, problem: 'no user with this id' }];
      throw err;
    }
  }
  const users = await listByUsername(target, ref.username!);
  if (users.length === 0) return [{ query: ref.given, problem: 'no user matches' }];
  const lower = ref.username!.toLowerCase();
  return users.map((u) => view(ref.given, u, u.username?.toLowerCase() === lower ? 'exact' : 'partial'));
}

async function findByUnames(target: Target, unames: readonly string[]): Promise<Found[]> {
  const found: Found[] = [];
  for (const batch of chunk(unames, BATCH_LIMIT)) {
    const response = await target.client.send(new BatchLookupUserUnameCommand({ networkId: target.networkId, unames: batch }));
    const names = new Map((response.successful ?? []).map((s) => [s.uname, s.username]));
    for (const uname of batch) {
      const username = names.get(uname);
      if (username === undefined) {
        found.push({ query: uname, problem: 'no user has this username hash' });
        continue;
      }
      const exact = (await listByUsername(target, username)).filter((u) => u.username === username);
      if (exact.length === 0) found.push({ query: uname, username, problem: `maps to ${username}, but ListUsers does not return that user` });
      else found.push(...exact.map((u) => view(uname, u, 'uname')));
    }
  }
  return found;
}

export const findUserCommand: AdminCommand = {
  name: 'find-user',
  summary: 'find users by username (usually the email address), by id:<userId>, or by username hash; read-only',
  synopsis: 'find-user <username|email|id:<userId>> | --file <path> | --uname <hash>... [options]',
  description:
    "Wickr's admin API has no email field: a user's email address is their username. This command asks\n" +
    "ListUsers with its username filter and shows every user the service returns, marking which match the\n" +
    'query exactly (ignoring case) and which only partly; id:<userId> reads that user with GetUser.\n' +
    '--uname maps username hashes (the "uname" shown in client logs and guest lists) back to usernames\n' +
    'with BatchLookupUserUname (50 per call), then reads those users. Read-only. Exit code 1 when some\n' +
    'query matched nobody.',
  options: { ...TARGET_OPTIONS, ...USERS_OPTIONS, uname: { type: 'string', multiple: true } },
  optionDocs: [
    { flag: '-f, --file <path>', description: 'look up every entry of the file (same format as for the other commands)' },
    { flag: '--uname <hash>', description: 'a username hash to map back to its user (repeatable)' },
    ...TARGET_DOCS,
  ],
  examples: [
    'wickr-kit admin find-user alex.citizen@dea.example.gov.au --network canberra',
    'wickr-kit admin find-user --uname 5e884898da28047151d0e56f8dc62927 --network canberra --json',
  ],
  run: async (parsed, ctx) => {
    const unames = (parsed.values.uname as string[] | undefined) ?? [];
    const file = stringOption(parsed, 'file');
    const given = [parsed.positionals.length > 0, file !== undefined, unames.length > 0].filter(Boolean).length;
    if (given !== 1) throw new UsageError('find-user: give exactly one of: a username (or email or id:<userId>), --file <path>, or --uname <hash>');
    if (parsed.positionals.length > 1) throw new UsageError('find-user: one query per command; list several in a file and use --file');
    let refs: UserRef[] = [];
    if (file !== undefined) refs = readUserFile(file, ctx.io.cwd).refs;
    else if (parsed.positionals.length === 1) {
      const ref = parseUserRef(parsed.positionals[0]);
      if ('problem' in ref) throw new UsageError(`find-user: ${ref.problem}`);
      refs = [ref];
    }
    for (const u of unames) if (!/^\S{1,256}$/.test(u)) throw new UsageError(`find-user: --uname "${u}" is not a username hash`);

    const target = await resolveTarget(targetOptions(parsed), ctx.io, ctx.runId);
    try {
      let found: Found[];
      try {
        found = unames.length > 0 ? await findByUnames(target, unames) : (await mapLimit(refs, 4, (r) => findByRef(target, r))).flat();
      } catch (err) {
        throw wickrFailure(err, 'looking up users');
      }
      const missing = found.filter((f) => f.problem !== undefined).length;
      const exitCode = missing > 0 ? EXIT.PARTIAL : EXIT.OK;
      if (flag(parsed, 'json')) {
        ctx.io.stdout(
          json({
            command: 'find-user',
            runId: ctx.runId,
            agency: target.agency.id,
            network: { id: target.networkId, ...(target.networkName ? { name: target.networkName } : {}), region: target.region },
            calls: { ...target.client.calls },
            results: found,
            exitCode,
          }),
        );
        return exitCode;
      }
      const rows = found.map((f) => [
        f.query,
        f.userId ?? '',
        f.username ?? '',
        f.status ?? '',
        f.suspended === undefined ? '' : f.suspended ? 'yes' : 'no',
        f.problem ?? f.match ?? '',
      ]);
      ctx.io.stdout(`users on network ${target.networkId}${target.networkName ? ` "${target.networkName}"` : ''} in ${target.region}\n\n`);
      ctx.io.stdout(renderTable(['QUERY', 'USER ID', 'USERNAME', 'STATUS', 'SUSPENDED', 'MATCH'], rows));
      ctx.io.stdout(`\nWickr API calls: ${callsText(target.client.calls)}.\n`);
      return exitCode;
    } finally {
      target.close();
    }
  },
};
