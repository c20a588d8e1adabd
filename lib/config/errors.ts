import { escapeUnsafeText } from './text';

/**
 * One problem found in a config file or in construct props.
 *
 * Rendered as one line: `<file>:<path>: <what is wrong> (got <value>; allowed <...>)`.
 */
export interface ConfigProblem {
  /** Dotted path into the config, with list indices in brackets: `agencies[0].networks[1].name`. */
  readonly path: string;
  /** What is wrong, phrased so the reader knows what to change. */
  readonly message: string;
  /** The value received, when there is one to show. */
  readonly got?: unknown;
  /** What would be accepted, e.g. a list of values or a range. */
  readonly allowed?: string;
  /** The file the problem is in, when it differs from the error's source (a folder of configs). */
  readonly source?: string;
}

/**
 * Formats a received value for a one-line message: short, quoted strings, never multi-line, and no
 * character that would make the line lie about itself (control and bidirectional characters and
 * lone surrogates are shown as \u escapes). NaN and infinities are named, not shown as JSON's null.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return escapeUnsafeText(JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value));
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return escapeUnsafeText(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** Renders a config path from its segments: `['agencies', 0, 'name']` → `agencies[0].name`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out === '' ? '(root)' : out;
}

export function formatProblem(source: string, p: ConfigProblem): string {
  const details: string[] = [];
  if ('got' in p) details.push(`got ${describeValue(p.got)}`);
  if (p.allowed !== undefined) details.push(`allowed ${p.allowed}`);
  // Paths and messages can carry text from the config (an unknown key, a name): one line, always.
  return escapeUnsafeText(`${p.source ?? source}:${p.path}: ${p.message}${details.length > 0 ? ` (${details.join('; ')})` : ''}`);
}

/**
 * The kit's one error class for bad input. It carries every problem found, so users fix them all in
 * one pass, and where they are (a config file, or a construct path for props given in code).
 */
export class KitConfigError extends Error {
  public readonly problems: readonly ConfigProblem[];
  public readonly source: string;

  constructor(source: string, problems: readonly ConfigProblem[]) {
    super(problems.map((p) => formatProblem(source, p)).join('\n'));
    this.name = 'KitConfigError';
    this.source = source;
    this.problems = problems;
  }

  /** One line per problem, as printed by the app and the CLI. */
  public get lines(): string[] {
    return this.problems.map((p) => formatProblem(this.source, p));
  }

  public static isKitConfigError(x: unknown): x is KitConfigError {
    return x instanceof Error && (x as KitConfigError).name === 'KitConfigError' && Array.isArray((x as KitConfigError).problems);
  }
}

/** Throws one KitConfigError for props validated in code, located at a construct path. */
export function throwIfProblems(constructPath: string, problems: readonly ConfigProblem[]): void {
  if (problems.length > 0) throw new KitConfigError(constructPath, problems);
}
