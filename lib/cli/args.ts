/**
 * Argument parsing on node:util `parseArgs` (strict: unknown options and missing values are usage
 * errors). Options every admin command shares are declared once here; each command adds its own.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Documented options, for help text: name, value placeholder, description. */
export interface OptionDoc {
  readonly flag: string;
  readonly description: string;
}

export const TARGET_OPTIONS = {
  config: { type: 'string', short: 'c' },
  agency: { type: 'string' },
  network: { type: 'string', short: 'n' },
  region: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

export const USERS_OPTIONS = {
  file: { type: 'string', short: 'f' },
} as const satisfies OptionSpecs;

export const WRITE_OPTIONS = {
  'dry-run': { type: 'boolean' },
  reason: { type: 'string' },
} as const satisfies OptionSpecs;

export const TARGET_DOCS: readonly OptionDoc[] = [
  { flag: '-n, --network <name|id>', description: "the network: its id or name in the config, or its 8-digit Wickr id (default: the agency's only network)" },
  { flag: '-c, --config <path>', description: 'the config file the app is deployed from (default: config/example.yaml)' },
  { flag: '--agency <id>', description: 'the agency in the config (needed when it has several)' },
  { flag: '--region <region>', description: "the network's Region; only needed for an 8-digit id that is not in the config" },
  { flag: '--json', description: 'print one JSON document instead of a table (errors too)' },
  { flag: '-h, --help', description: 'show this help' },
];

export const USERS_DOC: OptionDoc = {
  flag: '-f, --file <path>',
  description: 'act on every user listed in the file instead of one user (format: wickr-kit admin --help)',
};

export const WRITE_DOCS: readonly OptionDoc[] = [
  { flag: '--reason <text>', description: 'why (ticket or incident number); required unless --dry-run, printed in the record of the run' },
  { flag: '--dry-run', description: 'resolve everything and show what would change; makes no change (read calls only)' },
];

export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/** Parses argv against the options; every parse problem becomes a UsageError naming the command. */
export function parse(command: string, argv: readonly string[], options: OptionSpecs): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (err) {
    // Duck-typed: under some runners node:util's errors come from another realm, failing instanceof.
    const raw = typeof (err as { message?: unknown })?.message === 'string' ? (err as Error).message : String(err);
    const message = raw.split('\n')[0];
    throw new UsageError(`${command}: ${message.replace(/\. To specify a positional argument.*$/, '')}`);
  }
}

export function stringOption(parsed: Parsed, name: string): string | undefined {
  const v = parsed.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

/** Renders option docs as aligned help lines. */
export function optionLines(docs: readonly OptionDoc[]): string {
  const width = Math.max(...docs.map((d) => d.flag.length));
  return docs.map((d) => `  ${d.flag.padEnd(width)}  ${d.description}`).join('\n');
}
