/**
 * Loads a config file: YAML (or JSON) → schema → cross-field validation. Every problem found in any
 * stage is collected and thrown as one `KitConfigError`, one line per problem.
 */
import { readFileSync } from 'node:fs';
import * as YAML from 'yaml';
import type { z } from 'zod';
import { ConfigProblem, KitConfigError, formatPath } from './errors';
import { KitConfig, KitConfigSchema } from './schema';
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

/** Reads, parses and validates a config file. Throws `KitConfigError` listing every problem. */
export function loadConfigFile(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new KitConfigError(path, [
      {
        path: '(file)',
        message: `cannot read the config file (${code}); pass an existing file with -c config=<path>`,
        got: path,
      },
    ]);
  }
  return { config: parseConfig(text, path), source: path, text };
}

/** Parses and validates config text. `source` names it in messages. */
export function parseConfig(text: string, source: string): KitConfig {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new KitConfigError(
      source,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          path: pos ? `line ${pos.line} column ${pos.col}` : '(file)',
          message: `broken YAML: ${firstLine(e.message)}`,
        };
      }),
    );
  }
  const raw: unknown = doc.toJS();
  const parsed = KitConfigSchema.safeParse(raw ?? {}, { reportInput: true });
  // Cross-field rules run even when the schema failed (on the raw input), so one run shows everything.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((i) => problemsFromIssue(i))),
    ...validateConfig(parsed.success ? parsed.data : raw),
  ];
  if (problems.length > 0 || !parsed.success) throw new KitConfigError(source, problems);
  return parsed.data;
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
