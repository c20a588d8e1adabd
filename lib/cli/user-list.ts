/**
 * The users a command acts on: one on the command line, or many from a file.
 *
 * File format (UTF-8 text):
 *   - one user per line: a username (usually the user's email) or `id:<userId>`;
 *   - blank lines and lines starting with `#` are ignored, and so is a trailing ` # comment`;
 *   - surrounding spaces are trimmed; anything else with a space or a comma in it is an error
 *     (the file is not CSV), reported with its line number;
 *   - a user listed twice (ignoring case) counts once, with a note.
 * Every problem in the file is reported at once, and nothing is called until the file is clean.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseUserRef, type UserRef } from '../../lambda/handlers/lost-device/user-admin';
import { UsageError } from './io';

export interface UserList {
  readonly refs: UserRef[];
  /** The file, as given, when the users came from one. */
  readonly file?: string;
  /** Notes for stderr (duplicates), not errors. */
  readonly notes: string[];
}

export const USER_FILE_HELP = `User file format (--file):
  One user per line: a username (usually the user's email address) or id:<userId>.
  Blank lines and lines starting with # are ignored; so is a trailing " # comment".
  Not CSV: a line with a space or comma inside it is an error. A user listed twice counts once.
  Example:
    # INC-4711 lost laptop bag, 2 staff
    alex.citizen@dea.example.gov.au
    id:10042          # contractor, no email`;

export function readUserList(command: string, positionals: readonly string[], file: string | undefined, cwd: string): UserList {
  if (file !== undefined && positionals.length > 0) {
    throw new UsageError(`${command}: give either one user or --file, not both`);
  }
  if (file === undefined) {
    if (positionals.length === 0) throw new UsageError(`${command}: name a user (username, email or id:<userId>) or give --file <path>`);
    if (positionals.length > 1) throw new UsageError(`${command}: one user per command (got ${positionals.length}); list several in a file and use --file`);
    const ref = parseUserRef(positionals[0]);
    if ('problem' in ref) throw new UsageError(`${command}: ${ref.problem}`);
    return { refs: [ref], notes: [] };
  }
  return readUserFile(file, cwd);
}

export function readUserFile(file: string, cwd: string): UserList {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot read the user file ${file} (${code})`, [], false);
  }
  if (text.includes('\0')) throw new UsageError(`the user file ${file} is not a text file`, [], false);
  const problems: string[] = [];
  const notes: string[] = [];
  const refs: UserRef[] = [];
  const firstSeen = new Map<string, number>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const lineNo = index + 1;
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line === '' || line.startsWith('#')) return;
      if (line.includes(',')) {
        problems.push(`${file}:${lineNo}: "${line}" contains a comma; give one username per line (the file is not CSV)`);
        return;
      }
      const ref = parseUserRef(line);
      if ('problem' in ref) {
        problems.push(`${file}:${lineNo}: ${ref.problem}`);
        return;
      }
      const key = ref.given.toLowerCase();
      const earlier = firstSeen.get(key);
      if (earlier !== undefined) {
        notes.push(`${file}:${lineNo}: ${ref.given} is already listed on line ${earlier}; counted once`);
        return;
      }
      firstSeen.set(key, lineNo);
      refs.push(ref);
    });
  if (problems.length > 0) throw new UsageError(`the user file ${file} has ${problems.length} problem(s); nothing was changed`, problems, false);
  if (refs.length === 0) throw new UsageError(`the user file ${file} lists no users`, [], false);
  return { refs, file, notes };
}
