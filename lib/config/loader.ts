/**
 * Loads a config file: YAML (or JSON) → schema → cross-field validation. Every problem found in any
 * stage is collected and thrown as one `KitConfigError`, one line per problem.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { CONFIG_FILE_PATTERN, mergeConfigFiles } from './config-folder';
import { ConfigProblem, KitConfigError, formatPath } from './errors';
import type { KitConfig } from './config-types';
import { KitConfigSchema } from './schema';
import { validateConfig } from './validator';
import { fileSizeProblem, parseConfigSource } from './yaml-source';

/**
 * At most this many problems are listed; the rest are counted in one last line. A config with
 * thousands of problems is usually one mistake repeated, and printing them all helps nobody.
 */
export const MAX_LISTED_PROBLEMS = 100;

/** Where the app looks when `-c config=<path>` is not given. */
export const DEFAULT_CONFIG_PATH = 'config/example.yaml';

export interface LoadedConfig {
  /** The validated config with defaults applied. */
  readonly config: KitConfig;
  /** The path it was read from, as given. */
  readonly source: string;
  /** The exact text read, so reports can carry a hash of what was deployed. */
  readonly text: string;
}

export interface LoadConfigOptions {
  /**
   * How the caller is given a config path, for the hint when the file cannot be read.
   * @default '-c config=<path>' (the CDK app's context; the admin CLI passes its own '-c <path>')
   */
  readonly pathHint?: string;
}

/**
 * Reads, parses and validates a config file, or a folder of config files merged into one
 * (lib/config/config-folder.ts says how). Throws `KitConfigError` listing every problem of every file.
 */
export function loadConfigFile(path: string, options: LoadConfigOptions = {}): LoadedConfig {
  if (isFolder(path)) return loadConfigFolder(path);
  let text: string;
  try {
    // Refused before it is read, so a huge file costs nothing.
    const tooLarge = fileSizeProblem(statSync(path).size);
    if (tooLarge) throw new KitConfigError(path, [tooLarge]);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new KitConfigError(path, [
      {
        path: '(file)',
        message: `cannot read the config file (${code}); pass an existing file with ${options.pathHint ?? '-c config=<path>'}`,
        got: path,
      },
    ]);
  }
  return { config: parseConfig(text, path), source: path, text };
}

/** Parses and validates config text. `source` names it in messages. */
export function parseConfig(text: string, source: string): KitConfig {
  const { raw, problems } = parseConfigSource(text);
  if (problems.length > 0) throw configError(source, problems);
  return validateRaw(raw, source);
}

/** The error for a list of problems, the list cut to MAX_LISTED_PROBLEMS plus a line that counts the rest. */
function configError(source: string, problems: readonly ConfigProblem[]): KitConfigError {
  if (problems.length <= MAX_LISTED_PROBLEMS) return new KitConfigError(source, problems);
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return new KitConfigError(source, [
    ...problems.slice(0, MAX_LISTED_PROBLEMS),
    { path: '(file)', message: `and ${more} more problem(s), not listed; fix the ones above (often one mistake repeated) and run again` },
  ]);
}

/** Schema, then cross-field rules; `locate` maps each problem to where it was written. */
function validateRaw(raw: unknown, source: string, locate: (p: ConfigProblem) => ConfigProblem = (p) => p, earlier: readonly ConfigProblem[] = []): KitConfig {
  const parsed = KitConfigSchema.safeParse(raw ?? {}, { reportInput: true });
  // Cross-field rules run even when the schema failed (on the raw input), so one run shows everything.
  const problems = [
    ...earlier,
    ...[...(parsed.success ? [] : parsed.error.issues.flatMap((i) => problemsFromIssue(i))), ...validateConfig(parsed.success ? parsed.data : raw)].map(locate),
  ];
  if (problems.length > 0 || !parsed.success) throw configError(source, problems);
  return parsed.data;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Loads every `*.yaml`, `*.yml` and `*.json` directly in a folder, in name order, merges them and
 * validates the result once. Problems name the file and the path inside it; a syntax error in any
 * file is reported with the syntax errors of every other file, before anything is merged.
 */
export function loadConfigFolder(folder: string): LoadedConfig {
  const names = readdirSync(folder)
    .filter((n) => CONFIG_FILE_PATTERN.test(n) && statSync(join(folder, n)).isFile())
    .sort();
  if (names.length === 0) {
    throw new KitConfigError(folder, [{ path: '(folder)', message: 'holds no config files; put one or more *.yaml, *.yml or *.json agency configs in it', got: folder }]);
  }
  const files = names.map((n) => {
    const path = join(folder, n);
    const tooLarge = fileSizeProblem(statSync(path).size);
    if (tooLarge) return { path, text: '', raw: undefined, problems: [tooLarge] };
    const text = readFileSync(path, 'utf8');
    return { path, text, ...parseConfigSource(text) };
  });
  const syntax = files.flatMap((f) => f.problems.map((p) => ({ ...p, source: f.path })));
  if (syntax.length > 0) throw configError(folder, syntax);
  const merged = mergeConfigFiles(files.map((f) => ({ path: f.path, document: f.raw })), folder);
  const config = validateRaw(merged.document, folder, merged.locate, merged.problems);
  // What was deployed, file by file, for the evidence pack's hash.
  const text = files.map((f) => `# ${f.path}\n${f.text}`).join('\n');
  return { config, source: folder, text };
}

type Issue = z.core.$ZodIssue;

/** Unknown fields of one mapping that get a "did you mean" (each costs one edit-distance search). */
const SUGGESTED_KEYS = MAX_LISTED_PROBLEMS;

/** How strings are measured, said wherever a length is the problem (lib/config/text.ts explains why). */
const CHARACTERS = 'characters, counted as Unicode code points';

function problemsFromIssue(issue: Issue): ConfigProblem[] {
  const path = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(issue.path);
      return issue.keys.map((key, i) => {
        const suggestion = i < SUGGESTED_KEYS ? didYouMean(key, known) : undefined;
        return {
          path: formatPath([...issue.path, key]),
          message: suggestion ? `unknown field; did you mean ${suggestion}?` : 'unknown field; check its spelling and where it sits',
          got: key,
          ...(suggestion === undefined && known.length > 0 ? { allowed: known.join(', ') } : {}),
        };
      });
    }
    case 'invalid_type': {
      const range = rangeAt(issue.path);
      if (input === undefined) return [{ path, message: `is required (${typeName(issue.expected)})` }];
      if (typeof input === 'number' && !Number.isFinite(input)) {
        return [{ path, message: 'must be a finite number (.nan and .inf are not numbers a config can use)', got: input, ...range }];
      }
      return [{ path, message: `must be ${typeName(issue.expected)}`, got: input, ...(typeof input === 'number' ? range : {}) }];
    }
    case 'invalid_value':
      return [{ path, message: 'is not one of the accepted values', got: input, allowed: issue.values.map(String).join(', ') }];
    case 'too_small':
    case 'too_big':
      return [sizeProblem(issue, path, input)];
    case 'invalid_union': {
      // Zod picks the closest branch when it can; when no branch comes close, say what the field takes.
      const branches = issue.errors.map((branch) => branch.filter((i) => i.code !== 'invalid_type' || i.path.length > 0));
      const closer = branches.find((b) => b.length > 0);
      if (closer) return problemsFromIssue({ ...closer[0], path: [...issue.path, ...closer[0].path] } as Issue);
      const expected = [...new Set(issue.errors.flatMap((b) => b.map((i) => (i.code === 'invalid_type' ? typeName(i.expected) : undefined)).filter((x) => x !== undefined)))];
      return [{ path, message: expected.length > 0 ? `must be ${expected.join(' or ')}` : cleanMessage(issue.message), ...(input !== undefined ? { got: input } : {}) }];
    }
    default:
      return [{ path, message: cleanMessage(issue.message), ...(input !== undefined ? { got: input } : {}) }];
  }
}

/** Out of range, too long, too short, too many: the rule, with the bounds and how they are counted. */
function sizeProblem(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, path: string, input: unknown): ConfigProblem {
  const small = issue.code === 'too_small';
  const bound = small ? issue.minimum : issue.maximum;
  const custom = !/^(Too (small|big)|Invalid input)/.test(issue.message);
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    const range = rangeAt(issue.path);
    const whole = typeof input === 'number' && Number.isInteger(input) ? 'a whole number ' : '';
    const message = custom ? issue.message : range ? `must be ${whole}from ${range.allowed}` : `must be ${small ? 'at least' : 'at most'} ${bound}`;
    return { path, message, got: input, allowed: range?.allowed ?? `${small ? 'at least' : 'at most'} ${bound}` };
  }
  const one = Number(bound) === 1;
  const unit =
    issue.origin === 'string' ? (one ? ' character' : ` ${CHARACTERS}`) : issue.origin === 'array' || issue.origin === 'set' ? (one ? ' entry' : ' entries') : '';
  const what = issue.origin === 'string' ? (small ? (Number(bound) <= 1 ? 'must not be empty' : 'is too short') : 'is too long') : small ? 'has too few entries' : 'has too many entries';
  return { path, message: custom ? issue.message : what, got: input, allowed: `${small ? 'at least' : 'at most'} ${bound}${unit}` };
}

/** A known field within two edits of an unknown one (one for short names), or the same ignoring case. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0 || key.length > 64) return undefined;
  const sameCase = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (sameCase) return sameCase;
  const best = closest(key, known as string[]);
  const limit = key.length <= 4 ? 1 : 2;
  return distance(key, best) <= limit ? best : undefined;
}

/** Zod's type names, as a config author would say them. */
function typeName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'object':
      return 'a mapping of fields';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    default:
      return `${article(expected)} ${expected}`;
  }
}

/** Zod's default messages start with "Invalid input:"; ours are phrased as fixes already. */
function cleanMessage(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/^Too (small|big): /, '');
}

interface ZodDefLike {
  readonly type: string;
  readonly innerType?: { _zod: { def: ZodDefLike } };
  readonly in?: { _zod: { def: ZodDefLike } };
  readonly element?: { _zod: { def: ZodDefLike } };
  readonly shape?: Record<string, { _zod: { def: ZodDefLike } }>;
  readonly valueType?: { _zod: { def: ZodDefLike } };
  readonly items?: readonly { _zod: { def: ZodDefLike } }[];
  readonly options?: readonly { _zod: { def: ZodDefLike } }[];
  readonly checks?: readonly { _zod: { def: { check: string; value?: unknown } } }[];
}

/** The schema at a config path (wrappers such as optional and default taken off), for messages. */
function schemaAt(path: readonly PropertyKey[]): ZodDefLike | undefined {
  let def: ZodDefLike | undefined = (KitConfigSchema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
  const unwrap = () => {
    while (def && (def.innerType || (def.type === 'pipe' && def.in))) def = (def.innerType ?? def.in)!._zod.def;
  };
  for (const seg of path) {
    unwrap();
    if (!def) return undefined;
    if (typeof seg === 'number' && def.items) def = def.items[seg]?._zod.def;
    else if (typeof seg === 'number' && def.element) def = def.element._zod.def;
    else if (def.shape && typeof seg === 'string') def = def.shape[seg]?._zod.def;
    else if (def.valueType) def = def.valueType._zod.def;
    else return undefined;
  }
  unwrap();
  return def;
}

/** The field names an object accepts at a config path, for "allowed" in unknown-field messages. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  const def = schemaAt(path);
  return def?.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : [];
}

/** The documented range of the number at a config path ("0 to 100"), when the schema gives one. */
function rangeAt(path: readonly PropertyKey[]): { allowed: string } | undefined {
  const def = schemaAt(path);
  const numeric = def?.type === 'number' ? def : def?.options?.map((o) => o._zod.def).find((d) => d.type === 'number');
  let min: unknown;
  let max: unknown;
  for (const c of numeric?.checks ?? []) {
    if (c._zod.def.check === 'greater_than') min = c._zod.def.value;
    if (c._zod.def.check === 'less_than') max = c._zod.def.value;
  }
  return typeof min === 'number' && typeof max === 'number' ? { allowed: `${min} to ${max}` } : undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
