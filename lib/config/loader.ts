/**
 * Loads a config file: YAML (or JSON) → schema → cross-field validation. Every problem found in any
 * stage is collected and thrown as one `KitConfigError`, one line per problem.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as YAML from 'yaml';
import type { z } from 'zod';
import { CONFIG_FILE_PATTERN, mergeConfigFiles } from './config-folder';
import { ConfigProblem, KitConfigError, formatPath } from './errors';
import type { KitConfig } from './config-types';
import { KitConfigSchema } from './schema';
import { validateConfig } from './validator';

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
    text = readFileSync(path, 'utf8');
  } catch (e) {
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
  const { raw, problems } = parseYaml(text);
  if (problems.length > 0) throw new KitConfigError(source, problems);
  return validateRaw(raw, source);
}

/** YAML (or JSON) text to a plain value, or the syntax problems with their lines. */
function parseYaml(text: string): { raw: unknown; problems: ConfigProblem[] } {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      raw: undefined,
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          path: pos ? `line ${pos.line} column ${pos.col}` : '(file)',
          message: `broken YAML: ${firstLine(e.message)}`,
        };
      }),
    };
  }
  return { raw: doc.toJS() as unknown, problems: [] };
}

/** Schema, then cross-field rules; `locate` maps each problem to where it was written. */
function validateRaw(raw: unknown, source: string, locate: (p: ConfigProblem) => ConfigProblem = (p) => p, earlier: readonly ConfigProblem[] = []): KitConfig {
  const parsed = KitConfigSchema.safeParse(raw ?? {}, { reportInput: true });
  // Cross-field rules run even when the schema failed (on the raw input), so one run shows everything.
  const problems = [
    ...earlier,
    ...[...(parsed.success ? [] : parsed.error.issues.flatMap((i) => problemsFromIssue(i))), ...validateConfig(parsed.success ? parsed.data : raw)].map(locate),
  ];
  if (problems.length > 0 || !parsed.success) throw new KitConfigError(source, problems);
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
    const text = readFileSync(path, 'utf8');
    return { path, text, ...parseYaml(text) };
  });
  const syntax = files.flatMap((f) => f.problems.map((p) => ({ ...p, source: f.path })));
  if (syntax.length > 0) throw new KitConfigError(folder, syntax);
  const merged = mergeConfigFiles(files.map((f) => ({ path: f.path, document: f.raw })), folder);
  const config = validateRaw(merged.document, folder, merged.locate, merged.problems);
  // What was deployed, file by file, for the evidence pack's hash.
  const text = files.map((f) => `# ${f.path}\n${f.text}`).join('\n');
  return { config, source: folder, text };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

type Issue = z.core.$ZodIssue;

function problemsFromIssue(issue: Issue): ConfigProblem[] {
  const path = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeysAt(issue.path);
        return {
          path: formatPath([...issue.path, key]),
          message: 'unknown field; check its spelling and where it sits',
          got: key,
          ...(known.length > 0 ? { allowed: known.join(', ') } : {}),
        };
      });
    case 'invalid_type':
      if (input === undefined) return [{ path, message: `is required (${article(issue.expected)} ${issue.expected})` }];
      return [{ path, message: `must be ${article(issue.expected)} ${issue.expected}`, got: input }];
    case 'invalid_value':
      return [{ path, message: 'is not one of the accepted values', got: input, allowed: issue.values.map(String).join(', ') }];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' entries' : '';
      return [{ path, message: cleanMessage(issue.message), got: input, allowed: `${bound}${unit}` }];
    }
    default:
      return [{ path, message: cleanMessage(issue.message), ...(input !== undefined ? { got: input } : {}) }];
  }
}

/** Zod's default messages start with "Invalid input:"; ours are phrased as fixes already. */
function cleanMessage(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/^Too (small|big): /, '');
}

interface ZodDefLike {
  readonly type: string;
  readonly innerType?: { _zod: { def: ZodDefLike } };
  readonly element?: { _zod: { def: ZodDefLike } };
  readonly shape?: Record<string, { _zod: { def: ZodDefLike } }>;
  readonly valueType?: { _zod: { def: ZodDefLike } };
}

/** The field names an object accepts at a config path, for "allowed" in unknown-field messages. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let def: ZodDefLike | undefined = (KitConfigSchema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
  const unwrap = () => {
    while (def && def.innerType) def = def.innerType._zod.def;
  };
  for (const seg of path) {
    unwrap();
    if (!def) return [];
    if (typeof seg === 'number' && def.element) def = def.element._zod.def;
    else if (def.shape && typeof seg === 'string') def = def.shape[seg]?._zod.def;
    else if (def.valueType) def = def.valueType._zod.def;
    else return [];
  }
  unwrap();
  return def?.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : [];
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
