/**
 * Seeded mutations of the example config, as a careless or hostile author might write them, and
 * the judge that says whether the kit answered one well. Shared by the in-process fuzz suite
 * (test/fuzz/config-fuzz.test.ts, part of npm test) and `npm run fuzz`, which drives the real app.
 *
 * Each mutation says what a correct kit must do with it:
 * - `reject`: the kit must refuse it, and a problem line must match `mentions` (the config path, or
 *   the rule): a NUL in a network name, a lockout threshold of ten million, a duplicate network...
 * - `accept`: the same config in another encoding (JSON, CRLF line ends, a byte-order mark);
 * - `any`: either outcome can be right (a deleted optional field, a changed string).
 * Whatever the expectation, a rejection must be the kit's config error: one line per problem, each
 * `<source>:<where>: <what>`, printable, and never a stack trace or a raw TypeError,
 * ReferenceError or RangeError.
 */
import fc from 'fast-check';
import * as YAML from 'yaml';
import { KitConfigError, formatPath } from '../../lib/config/errors';
import { MAX_LISTED_PROBLEMS } from '../../lib/config/loader';

export type Expectation = 'reject' | 'accept' | 'any';

export interface ConfigMutation {
  /** The family of mutation, for counting: `unknown-field`, `odd-name`, `deep`, ... */
  readonly kind: string;
  /** What was done, in words (shown when the judge fails). */
  readonly what: string;
  readonly text: string;
  readonly expect: Expectation;
  /** For `reject`: some problem line must match one of these. */
  readonly mentions?: readonly (string | RegExp)[];
}

/** What the kit did with a config. */
export type Outcome = { readonly accepted: true } | { readonly accepted: false; readonly lines: readonly string[] } | { readonly threw: string };

/** Runs a parse function the way the app does, turning its result into an outcome. */
export function outcomeOf(parse: (text: string, source: string) => unknown, text: string, source: string): Outcome {
  try {
    parse(text, source);
    return { accepted: true };
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) return { accepted: false, lines: e.lines };
    return { threw: e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}${e.stack ? ` [${e.stack.split('\n')[1]?.trim()}]` : ''}` : String(e) };
  }
}

const UNPRINTABLE = /[\p{Cc}\p{Cs}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const RAW_ERROR = /\b(TypeError|ReferenceError|RangeError|SyntaxError|Maximum call stack)\b|^\s*at .+\(.+:\d+:\d+\)$|node:internal/;

export type Verdict = { readonly ok: true; readonly outcome: 'accepted' | 'rejected' } | { readonly ok: false; readonly outcome: 'rejected badly' | 'wrongly accepted' | 'wrongly rejected'; readonly why: string };

/** Whether the kit answered a mutation well, and if not, why. */
export function judge(mutation: ConfigMutation, outcome: Outcome, source: string): Verdict {
  if ('threw' in outcome) return { ok: false, outcome: 'rejected badly', why: `threw instead of a config error: ${outcome.threw}` };
  if (outcome.accepted) {
    return mutation.expect === 'reject' ? { ok: false, outcome: 'wrongly accepted', why: `accepted, but ${mutation.what} must be refused` } : { ok: true, outcome: 'accepted' };
  }
  const lines = outcome.lines;
  if (lines.length === 0 || lines.length > MAX_LISTED_PROBLEMS + 1) return { ok: false, outcome: 'rejected badly', why: `${lines.length} problem lines` };
  for (const line of lines) {
    if (!line.startsWith(`${source}:`) || !/^[^\n]+?:[^\n]*: \S/.test(line)) return { ok: false, outcome: 'rejected badly', why: `not a "<file>:<where>: <what>" line: ${JSON.stringify(line)}` };
    if (UNPRINTABLE.test(line)) return { ok: false, outcome: 'rejected badly', why: `unprintable character in ${JSON.stringify(line)}` };
    if (RAW_ERROR.test(line)) return { ok: false, outcome: 'rejected badly', why: `a raw error or stack frame in ${JSON.stringify(line)}` };
  }
  if (mutation.expect === 'accept') return { ok: false, outcome: 'wrongly rejected', why: `${mutation.what} is the same config, but was refused: ${lines[0]}` };
  if (mutation.expect === 'reject' && mutation.mentions && !mutation.mentions.some((m) => lines.some((l) => (typeof m === 'string' ? l.includes(m) : m.test(l))))) {
    return { ok: false, outcome: 'rejected badly', why: `no line names ${mutation.mentions.map(String).join(' or ')}: ${lines.join(' | ')}` };
  }
  return { ok: true, outcome: 'rejected' };
}

// ----------------------------------------------------------------------------- the example's shape

type Path = readonly (string | number)[];

interface Site {
  readonly path: Path;
  readonly node: 'map' | 'seq' | 'scalar';
  readonly value?: unknown;
  /** The key of the field (the last string segment). */
  readonly key?: string;
  /** Inside a record (`tags`, `replicateToByRegion`), whose keys are data, not field names. */
  readonly inRecord: boolean;
}

/** Every mapping, list and scalar of the document, with its path. */
function sitesOf(doc: YAML.Document): Site[] {
  const out: Site[] = [];
  const walk = (node: unknown, path: Path, inRecord: boolean) => {
    const key = [...path].reverse().find((s): s is string => typeof s === 'string');
    if (YAML.isMap(node)) {
      out.push({ path, node: 'map', key, inRecord });
      for (const pair of node.items) if (YAML.isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)], inRecord || RECORDS.has(String(pair.key.value)));
    } else if (YAML.isSeq(node)) {
      out.push({ path, node: 'seq', key, inRecord });
      node.items.forEach((item, i) => walk(item, [...path, i], inRecord));
    } else if (YAML.isScalar(node)) out.push({ path, node: 'scalar', value: node.value, key, inRecord });
  };
  walk(doc.contents, [], false);
  return out;
}

/** Fields whose value is a record: any key (tags), or keys that are values themselves (Regions). */
const RECORDS = new Set(['tags', 'replicateToByRegion']);
const ENUM_FIELDS = new Set(['mode', 'classification', 'environment', 'accessLevel', 'removalPolicy', 'readReceipts', 'imageVariant', 'local', 'global']);
const REGION_FIELDS = new Set(['homeRegion', 'region', 'replicateTo', 'allowedRegions']);
const NAME_FIELDS = new Set(['name', 'firstName', 'lastName', 'displayName', 'username', 'description', 'companyId']);
/** Lists whose duplicated entry is always a problem (same id, name or Region twice). */
const UNIQUE_LISTS = new Set(['agencies', 'networks', 'securityGroups', 'users', 'bots', 'allowedRegions', 'partners']);
const ODD_CHARACTERS = ['\u0000', '\n', '\u001b', '\u0007', '\u202e', '\ud800', '\u2066', '\u0085', '\u2028'];

/** The arbitrary of config mutations of `exampleText`. */
export function configMutations(exampleText: string): fc.Arbitrary<ConfigMutation> {
  const base = YAML.parseDocument(exampleText);
  const sites = sitesOf(base);
  const where = (p: Path) => `${formatPath(p)}:`;
  const edit = (change: (doc: YAML.Document) => void): string => {
    const doc = base.clone();
    change(doc);
    return doc.toString({ lineWidth: 0 });
  };
  const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);
  const maps = sites.filter((s) => s.node === 'map' && !s.inRecord);
  const fields = sites.filter((s) => s.path.length > 0 && typeof s.path[s.path.length - 1] === 'string' && !(s.inRecord && !RECORDS.has(s.key ?? '')));
  const scalars = sites.filter((s) => s.node === 'scalar');
  const numbers = scalars.filter((s) => typeof s.value === 'number');
  const strings = scalars.filter((s) => typeof s.value === 'string');
  const names = strings.filter((s) => s.key !== undefined && NAME_FIELDS.has(s.key) && !s.inRecord && typeof s.path[s.path.length - 1] === 'string');
  const enums = strings.filter((s) => s.key !== undefined && ENUM_FIELDS.has(s.key) && typeof s.path[s.path.length - 1] === 'string');
  const regions = strings.filter((s) => s.key !== undefined && REGION_FIELDS.has(s.key));
  const lists = sites.filter((s) => s.node === 'seq' && (YAML.isSeq(base.getIn(s.path, true)) ? (base.getIn(s.path, true) as YAML.YAMLSeq).items.length > 0 : false));
  const lines = exampleText.split('\n');

  const deleted = pick(fields).map((s) => ({ kind: 'deleted-field', what: `deleted ${formatPath(s.path)}`, text: edit((d) => d.deleteIn(s.path)), expect: 'any' as const }));

  const unknown = fc.tuple(pick(maps), fc.stringMatching(/^[a-z][A-Za-z0-9]{0,11}$/)).map(([s, k]) => {
    const key = `zz${k}`;
    return { kind: 'unknown-field', what: `unknown field ${formatPath([...s.path, key])}`, text: edit((d) => d.setIn([...s.path, key], 1)), expect: 'reject' as const, mentions: [`${formatPath([...s.path, key])}: unknown field`] };
  });

  const misspelt = fc.tuple(pick(fields.filter((s) => !s.inRecord && (s.key?.length ?? 0) >= 3)), fc.nat(), fc.constantFrom('drop', 'double', 'swap')).map(([s, n, how]) => {
    const key = s.key!;
    const i = 1 + (n % (key.length - 1));
    const typo = how === 'drop' ? key.slice(0, i) + key.slice(i + 1) : how === 'double' ? key.slice(0, i) + key[i] + key.slice(i) : key.slice(0, i - 1) + key[i] + key[i - 1] + key.slice(i + 1);
    const parent = s.path.slice(0, -1);
    const text = edit((d) => {
      const map = d.getIn(parent, true) as YAML.YAMLMap;
      const pair = map.items.find((p) => YAML.isScalar(p.key) && p.key.value === key)!;
      pair.key = d.createNode(typo);
    });
    return {
      kind: 'misspelt-field',
      what: `field ${formatPath(s.path)} misspelt as ${typo}`,
      text,
      expect: typo === key ? ('accept' as const) : ('reject' as const),
      mentions: [`did you mean ${key}?`, 'Map keys must be unique', `${formatPath([...parent, typo])}: unknown field`],
    };
  });

  const wrongType = fc.tuple(pick(sites.filter((s) => s.path.length > 0)), fc.constantFrom<[string, unknown]>(['a list', [1]], ['a mapping', { a: 1 }], ['null', null], ['a number', 42], ['a string', 'text'], ['true', true])).map(([s, [label, value]]) => {
    const collection = typeof value === 'object' && value !== null;
    const surelyWrong = value === null || (s.node === 'scalar' && collection) || (s.node !== 'scalar' && !collection);
    return { kind: 'wrong-type', what: `${formatPath(s.path)} set to ${label}`, text: edit((d) => d.setIn(s.path, value)), expect: surelyWrong ? ('reject' as const) : ('any' as const), mentions: [where(s.path)] };
  });

  const outOfRange = fc.tuple(pick(numbers), fc.constantFrom<[string, number, Expectation]>(['NaN', NaN, 'reject'], ['infinity', Infinity, 'reject'], ['minus infinity', -Infinity, 'reject'], ['1e300', 1e300, 'reject'], ['-2^53', -(2 ** 53), 'reject'], ['-1', -1, 'reject'], ['0.5', 0.5, 'reject'], ['ten million', 10_000_000, 'any'], ['0', 0, 'any'])).map(([s, [label, value, expect]]) => ({
    kind: 'out-of-range',
    what: `${formatPath(s.path)} set to ${label}`,
    text: edit((d) => d.setIn(s.path, value)),
    expect,
    mentions: [where(s.path)],
  }));

  const badEnum = fc.tuple(pick([...enums, ...regions]), fc.constantFrom('GOLD', 'premium', '', 'ap-southeast-4', 'xx-fake-9', 'us-west-2 ', 'Retain')).map(([s, value]) => ({
    kind: 'bad-enum-or-region',
    what: `${formatPath(s.path)} set to ${JSON.stringify(value)}`,
    text: edit((d) => d.setIn(s.path, value)),
    expect: 'reject' as const,
    // A Region taken out of allowedRegions is reported where it is still used.
    mentions: [where(s.path), `${s.key}`],
  }));

  const oddName = fc.tuple(pick(names), pick(ODD_CHARACTERS), fc.nat()).map(([s, c, n]) => {
    const value = String(s.value);
    const i = n % (value.length + 1);
    return {
      kind: 'odd-name',
      what: `${formatPath(s.path)} with U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      text: edit((d) => d.setIn(s.path, value.slice(0, i) + c + value.slice(i))),
      expect: 'reject' as const,
      mentions: [where(s.path)],
    };
  });

  const oddString = fc.tuple(pick(strings), fc.string({ unit: 'binary', maxLength: 40 })).map(([s, value]) => ({
    kind: 'odd-string',
    what: `${formatPath(s.path)} set to ${JSON.stringify(value)}`,
    text: edit((d) => d.setIn(s.path, value)),
    expect: 'any' as const,
  }));

  const duplicate = pick(lists).map((s) => {
    const list = s.key ?? '';
    return {
      kind: 'duplicate',
      what: `first entry of ${formatPath(s.path)} listed twice`,
      text: edit((d) => (d.getIn(s.path, true) as YAML.YAMLSeq).items.push((d.getIn([...s.path, 0], true) as YAML.Node).clone?.() ?? d.getIn([...s.path, 0]))),
      expect: UNIQUE_LISTS.has(list) ? ('reject' as const) : ('any' as const),
      mentions: [formatPath(s.path)],
    };
  });

  const references = fc.constantFrom(
    ...[
      ...sites.filter((s) => s.key === 'group' && s.node === 'scalar').map((s) => ({ path: s.path, value: 'No Such Group' })),
      ...sites.filter((s) => s.key === 'network' && s.node === 'scalar').map((s) => ({ path: s.path, value: 'dea/nowhere' })),
      ...sites.filter((s) => s.key === 'partner' && s.node === 'scalar').map((s) => ({ path: s.path, value: 'no-partner' })),
      ...sites.filter((s) => s.key === 'replicateTo').map((s) => ({ path: s.path, value: 'eu-central-1' })),
      ...sites.filter((s) => s.key === 'homeRegion').map((s) => ({ path: s.path, value: 'ca-central-1' })),
    ],
  ).map(({ path, value }) => ({ kind: 'broken-reference', what: `${formatPath(path)} set to ${value}`, text: edit((d) => d.setIn(path, value)), expect: 'reject' as const, mentions: [formatPath(path.slice(0, -1))] }));

  const brokenYaml = fc.tuple(fc.nat(lines.length - 1), fc.constantFrom('\t', ' ', 'DEDENT', ': ', '[', '"', '&', '*nothere ', '- ', '{', '}', '? ', '%', '@', '`', '|')).map(([n, ins]) => {
    const copy = [...lines];
    copy[n] = ins === 'DEDENT' ? copy[n].replace(/^ /, '') : ins === '\t' || ins === ' ' ? ins + copy[n] : copy[n].replace(/(\S)/, `${ins}$1`);
    return { kind: 'broken-yaml', what: `line ${n + 1} changed with ${JSON.stringify(ins)}`, text: copy.join('\n'), expect: 'any' as const };
  });

  const json = JSON.stringify(base.toJS(), null, 2);
  const wholeFile = fc.oneof(
    fc.constantFrom<[string, string, Expectation]>(
      ['an empty file', '', 'reject'],
      ['only whitespace', ' \n\t\n', 'reject'],
      ['only a comment', '# nothing here\n', 'reject'],
      ['a list at the root', '[]\n', 'reject'],
      ['a number at the root', '42\n', 'reject'],
      ['a string at the root', '"wickr"\n', 'reject'],
      ['null at the root', 'null\n', 'reject'],
      ['the example as JSON', json, 'accept'],
      ['the example as one-line JSON', JSON.stringify(base.toJS()), 'accept'],
      ['the example with CRLF line ends', exampleText.replace(/\n/g, '\r\n'), 'accept'],
      ['the example with a byte-order mark', `\ufeff${exampleText}`, 'accept'],
      ['the example twice, as two documents', `${exampleText}\n---\n${exampleText}`, 'reject'],
      ['the example with a NUL byte in a comment', exampleText.replace('# Floors', '# Flo\u0000ors'), 'any'],
    ),
    fc.tuple(fc.nat(exampleText.length)).map(([n]): [string, string, Expectation] => [`the example cut at character ${n}`, exampleText.slice(0, n), 'any']),
    fc.uint8Array({ maxLength: 200 }).map((bytes): [string, string, Expectation] => ['random bytes', Buffer.from(bytes).toString('latin1'), 'any']),
  ).map(([what, text, expect]) => ({ kind: 'whole-file', what, text, expect }));

  const deep = fc.tuple(pick(sites.filter((s) => s.path.length > 0)), fc.integer({ min: 65, max: 3000 }), fc.constantFrom('[', '{"a":', '- ')).map(([s, depth, open]) => {
    // Block lists nest on one line ("- - - x"), so that 3000 levels stay a small file.
    const nested = open === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : open === '- ' ? `\n  ${'- '.repeat(depth)}x` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const marker = '__DEEP_VALUE__';
    const text = edit((d) => d.setIn(s.path, marker)).replace(marker, nested);
    return { kind: 'deep', what: `${formatPath(s.path)} nested ${depth} deep`, text, expect: 'reject' as const, mentions: [/nests mappings and lists more than 64 deep|broken YAML/] };
  });

  const huge = fc.constantFrom(
    { what: 'a 1.1 MB comment', text: `${exampleText}\n# ${'x'.repeat(1_100_000)}\n`, mentions: ['is larger than the kit reads'] },
    {
      what: 'a billion laughs',
      text: `${['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdef'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`)].join('\n')}\n${exampleText}`,
      mentions: ['aliases expand the document'],
    },
    { what: 'an alias to no anchor', text: exampleText.replace('version: 1', 'version: *nowhere'), mentions: ['names no anchor'] },
    { what: 'an alias inside its own anchor', text: exampleText.replace('version: 1', 'version: &v [*v]'), mentions: ['inside the value it names'] },
    { what: '150 aliases of one anchor', text: exampleText.replace(/quickResponses: \[[^\]]*\]/, `quickResponses: [&r "Received", ${Array(150).fill('*r').join(', ')}]`), expect: 'accept' as const },
  ).map((m) => ({ kind: 'huge-or-aliased', what: m.what, text: m.text, expect: ('expect' in m ? m.expect : 'reject') as Expectation, mentions: 'mentions' in m ? m.mentions : undefined }));

  return fc.oneof(deleted, unknown, misspelt, wrongType, outOfRange, badEnum, oddName, oddString, duplicate, references, brokenYaml, wholeFile, deep, huge);
}
