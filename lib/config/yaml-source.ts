/**
 * Config text (YAML, or JSON, which is YAML) to a plain value, in time linear in its size and
 * without ever throwing: every parser and conversion problem comes back as a `ConfigProblem` with
 * the line and column, one line per problem.
 *
 * Limits, each refused with a message that names it:
 * - a file holds at most 1 MiB (1,048,576 bytes), checked before it is parsed; a folder of configs
 *   is the way to grow past it (the example is 10 KB, and 100 agencies fit in a few hundred KB);
 * - mappings and lists nest at most 64 deep (the config format itself needs 9);
 * - aliases (`*name`) may add at most 100,000 values when they are expanded, which stops
 *   "billion laughs" documents while leaving ordinary reuse (`&policy` ... `*policy`) alone;
 * - one document per file.
 *
 * The parse is the yaml library's, in its three public stages (Parser to a concrete syntax tree,
 * depth checked on that tree without recursion, then Composer), because its recursive composition
 * would overflow the stack on deep input, and its own duplicate-key check is quadratic in the
 * number of keys of a mapping (500,000 tags took minutes); the kit checks duplicates with a set.
 */
import * as YAML from 'yaml';
import type { ConfigProblem } from './errors';

export const CONFIG_SOURCE_LIMITS = {
  /** Largest config file the kit reads, in bytes (1 MiB). */
  maxFileBytes: 1024 * 1024,
  /** Deepest nesting of mappings and lists. */
  maxDepth: 64,
  /** Most values that aliases may add to the document when expanded. */
  maxAliasValues: 100_000,
} as const;

export interface ParsedSource {
  /** The plain value (undefined for an empty document or when there are problems). */
  readonly raw: unknown;
  readonly problems: ConfigProblem[];
}

/** Errors of the YAML parser that are about where a line starts; later ones of this kind usually follow from the first. */
const STRUCTURE_CODES = new Set<string>([
  'BAD_INDENT',
  'BAD_DEDENT',
  'TAB_AS_INDENT',
  'MISSING_CHAR',
  'BLOCK_AS_IMPLICIT_KEY',
  'MULTILINE_IMPLICIT_KEY',
  'UNEXPECTED_TOKEN',
  'BAD_SCALAR_START',
  'BLOCK_IN_FLOW',
]);
const INDENT_CODES = new Set<string>(['BAD_INDENT', 'BAD_DEDENT', 'TAB_AS_INDENT', 'MISSING_CHAR', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

/** The size problem of a file of this many bytes, if it is too large. */
export function fileSizeProblem(bytes: number): ConfigProblem | undefined {
  if (bytes <= CONFIG_SOURCE_LIMITS.maxFileBytes) return undefined;
  return {
    path: '(file)',
    message: 'is larger than the kit reads in one config file (1 MiB); split the agencies over several files of a folder (-c config=<folder>)',
    got: `${bytes} bytes`,
    allowed: `at most ${CONFIG_SOURCE_LIMITS.maxFileBytes} bytes`,
  };
}

/** Parses config text. Never throws; never takes more than linear time in the text's length. */
export function parseConfigSource(text: string): ParsedSource {
  const tooLarge = fileSizeProblem(Buffer.byteLength(text, 'utf8'));
  if (tooLarge) return { raw: undefined, problems: [tooLarge] };
  const lines = new YAML.LineCounter();
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, col, path: `line ${line} column ${col}` };
  };
  try {
    // The parser itself recurses when it closes many levels at once, so depth is bounded first on
    // the lexer's flat token stream, and then exactly on the syntax tree.
    const early = tooDeepToParse(text);
    const tokens = early === undefined ? [...new YAML.Parser(lines.addNewLine).parse(text)] : [];
    const deep = early ?? tooDeep(tokens);
    if (deep !== undefined) {
      // Counted here: the line counter only knows the lines the parser has seen.
      const before = text.slice(0, deep);
      const line = before.split('\n').length;
      const col = deep - (before.lastIndexOf('\n') + 1) + 1;
      return {
        raw: undefined,
        problems: [
          {
            path: `line ${line} column ${col}`,
            message: `nests mappings and lists more than ${CONFIG_SOURCE_LIMITS.maxDepth} deep, which no config needs (the format uses 9 levels); flatten it`,
          },
        ],
      };
    }
    const docs = [...new YAML.Composer({ uniqueKeys: false }).compose(tokens, true, text.length)];
    const doc = docs[0];
    const problems: ConfigProblem[] = syntaxProblems(docs.flatMap((d) => d.errors), text, at);
    if (docs.length > 1) {
      const second = docs[1].range?.[0] ?? 0;
      problems.push({ path: at(second).path, message: 'a config file holds one YAML document; remove the --- that starts a second one, or put it in its own file' });
    }
    if (problems.length > 0 || doc === undefined) return { raw: undefined, problems };
    problems.push(...treeProblems(doc, at));
    if (problems.length > 0) return { raw: undefined, problems };
    // The alias bound above replaces the library's own count, which refuses 150 ordinary aliases.
    return { raw: doc.toJS({ maxAliasCount: -1 }) as unknown, problems: [] };
  } catch (e) {
    // Nothing above is known to throw on any input; if something does, it is still one line, not a stack trace.
    return { raw: undefined, problems: [{ path: '(file)', message: `cannot be read as YAML: ${firstLine(e)}` }] };
  }
}

/**
 * The offset where nesting first passes the limit, estimated in one pass over the lexer's tokens
 * (which come flat, without recursion): flow brackets count one level each, and block mappings and
 * lists one per indicator that opens a deeper column ("- - - x" opens three). The estimate follows
 * the real nesting closely enough to be safe against the parser's recursion (it fails near 2,000
 * levels); the exact depth is checked on the syntax tree afterwards.
 */
function tooDeepToParse(text: string): number | undefined {
  const MARKERS = new Set(['\u0002', '\u0018', '\u001f']);
  const block: Array<{ col: number; kind: 'map' | 'seq' }> = [];
  let flow = 0;
  let offset = 0;
  let col = 0;
  let nodeStart = 0;
  const open = (c: number, kind: 'map' | 'seq') => {
    while (block.length > 0 && (block[block.length - 1].col > c || (block[block.length - 1].col === c && block[block.length - 1].kind !== kind))) block.pop();
    if (block.length === 0 || block[block.length - 1].col !== c) block.push({ col: c, kind });
  };
  for (const token of new YAML.Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    const type = YAML.CST.tokenType(token);
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flow = Math.max(0, flow - 1);
    else if (type === 'doc-start') block.length = 0;
    // A "- " inside brackets is an error, but the parser still nests on it: count it there too.
    else if (type === 'seq-item-ind') open(col, 'seq');
    else if (flow === 0 && type === 'map-value-ind') open(nodeStart, 'map');
    // Plain scalar text has no token type of its own (null).
    else if (type === null || type === 'single-quoted-scalar' || type === 'double-quoted-scalar' || type === 'alias') nodeStart = col;
    if (block.length + flow > CONFIG_SOURCE_LIMITS.maxDepth) return offset;
    offset += token.length;
    const newline = token.lastIndexOf('\n');
    col = newline >= 0 ? token.length - newline - 1 : col + token.length;
  }
  return undefined;
}

/** The offset of the first collection nested deeper than the limit, found without recursion. */
function tooDeep(tokens: readonly YAML.CST.Token[]): number | undefined {
  const stack: Array<{ token: YAML.CST.Token | null | undefined; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > CONFIG_SOURCE_LIMITS.maxDepth) return token.offset;
      for (const item of token.items as YAML.CST.CollectionItem[]) {
        stack.push({ token: item.key, depth: depth + 1 }, { token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * One line per problem line: the parser often reports a single misplaced line three times (for
 * example "Sequence item without - indicator", then "Nested mappings are not allowed in compact
 * mappings", then "Implicit keys need to be on a single line"), and after the first indentation
 * error it reports every later mapping as misaligned. So: the first error of each line, and of the
 * structure errors only the first, with a hint about indentation when that is what it is about.
 */
function syntaxProblems(errors: readonly YAML.YAMLError[], text: string, at: (offset: number) => { line: number; col: number; path: string }): ConfigProblem[] {
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const problems: ConfigProblem[] = [];
  const seenLines = new Set<number>();
  let structureSeen = 0;
  let first: { index: number } | undefined;
  for (const e of sorted) {
    const pos = at(e.pos[0]);
    const structure = STRUCTURE_CODES.has(e.code);
    if (structure && structureSeen++ > 0) continue;
    if (seenLines.has(pos.line)) continue;
    seenLines.add(pos.line);
    const message = firstLine(e).replace(/ at line \d+, column \d+:?$/, '');
    const hint = INDENT_CODES.has(e.code) ? indentationHint(text, pos.line, e.code) : undefined;
    const where = hint ? `line ${hint.line} column ${hint.column}` : pos.path;
    problems.push({ path: where, message: `broken YAML: ${message}${hint ? `; ${hint.text}` : ''}` });
    if (structure) first = { index: problems.length - 1 };
  }
  if (first && structureSeen > 1) {
    const p = problems[first.index];
    problems[first.index] = { ...p, message: `${p.message} (fix this line first: the parser's later complaints follow from it)` };
  }
  return problems;
}

/**
 * Which line is indented wrongly, and how it compares with the lines above it. For the errors about
 * implicit keys the parser points at the line before the culprit (a value seems to go on into a
 * deeper line), so the next line is the one looked at.
 */
function indentationHint(text: string, lineNumber: number, code: string): { text: string; line: number; column: number } | undefined {
  const lines = text.split(/\r?\n/, lineNumber + 50);
  const content = (i: number) => lines[i] !== undefined && /^\s*[^\s#]/.test(lines[i]);
  let suspect = lineNumber - 1;
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') {
    let next = suspect + 1;
    while (next < lines.length && !content(next)) next++;
    if (next < lines.length) suspect = next;
  }
  const line = lines[suspect];
  if (line === undefined) return undefined;
  const lead = /^[ \t]*/.exec(line)![0];
  const at = { line: suspect + 1, column: lead.length + 1 };
  if (lead.includes('\t')) return { ...at, text: `YAML indents with spaces only: replace the tab at the start of line ${at.line} with spaces` };
  // The columns where the enclosing mappings and lists above start (a "- key:" line opens two).
  const open: number[] = [];
  let limit = Infinity;
  for (let i = suspect - 1; i >= 0 && limit > 0; i--) {
    const m = /^( *)(- +)?([^\s#])/.exec(lines[i]);
    if (!m) continue;
    const dash = m[1].length;
    const key = m[2] ? dash + m[2].length : dash;
    for (const c of [key, dash]) if (c < limit && !open.includes(c)) open.push(c);
    limit = Math.min(limit, dash);
  }
  if (open.length === 0 || open.includes(lead.length)) return undefined;
  const choices = open.sort((a, b) => b - a).slice(0, 3);
  return {
    ...at,
    text: `line ${at.line} is indented ${lead.length} spaces, but the fields around it start at ${choices.join(', ')} spaces: indent it like the field it belongs with (spaces only)`,
  };
}

/**
 * In one walk of the document: keys set twice in one mapping (found with a set per mapping, so in
 * linear time), aliases that point nowhere, aliases inside the value they name (a config cannot
 * contain itself), and alias expansion past the limit. Each alias counts as many values as the node it names holds.
 *
 * Each alias is also replaced by the node it names, so that converting to plain values does not
 * search the document once per alias (the library's own resolution does, which took 85 s for
 * 60,000 aliases).
 */
function treeProblems(doc: YAML.Document.Parsed, at: (offset: number) => { path: string }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const anchors = new Map<string, YAML.Node>();
  const sizes = new Map<YAML.Node, number>();
  const open = new Set<YAML.Node>();
  let added = 0;
  let reported = false;
  /** The node an alias names, or undefined (and a problem) when it names none that it may. */
  const resolve = (alias: YAML.Alias): YAML.Node | undefined => {
    const target = anchors.get(alias.source);
    const where = at(alias.range?.[0] ?? 0).path;
    if (target === undefined) {
      problems.push({ path: where, message: `broken YAML: the alias *${alias.source} names no anchor; define &${alias.source} on a value above it, or write the value out` });
      return undefined;
    }
    if (open.has(target)) {
      problems.push({ path: where, message: `broken YAML: the alias *${alias.source} is inside the value it names; a config cannot contain itself` });
      return undefined;
    }
    added += sizes.get(target) ?? 1;
    if (added > CONFIG_SOURCE_LIMITS.maxAliasValues && !reported) {
      reported = true;
      problems.push({
        path: where,
        message: `broken YAML: aliases expand the document by more than ${CONFIG_SOURCE_LIMITS.maxAliasValues} values (a guard against "billion laughs" files); write the values out, or use fewer aliases`,
      });
    }
    return target;
  };
  /** The node's size with aliases expanded; its alias children are replaced by what they name. */
  // Depth is at most 64 here (checked on the syntax tree first), so recursion is safe.
  const size = (node: unknown): number => {
    if (YAML.isAlias(node)) {
      const target = resolve(node);
      return target ? (sizes.get(target) ?? 1) : 1;
    }
    if (YAML.isPair(node)) {
      const pair = node as YAML.Pair<unknown, unknown>;
      let n = 0;
      for (const side of ['key', 'value'] as const) {
        const child = pair[side];
        if (!YAML.isAlias(child)) {
          n += size(child);
          continue;
        }
        const target = resolve(child);
        if (target) pair[side] = target;
        n += target ? (sizes.get(target) ?? 1) : 1;
      }
      return n;
    }
    if (!YAML.isNode(node)) return 0;
    if (node.anchor) anchors.set(node.anchor, node);
    open.add(node);
    let n = 1;
    if (YAML.isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (YAML.isScalar(pair.key)) {
          const key = String(pair.key.value);
          const offset = pair.key.range?.[0] ?? 0;
          const earlier = seen.get(key);
          if (earlier === undefined) seen.set(key, offset);
          else problems.push({ path: at(offset).path, message: `broken YAML: Map keys must be unique: ${JSON.stringify(key)} is already set on ${at(earlier).path}; keep one of them` });
        }
        n += size(pair);
      }
    }
    else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => {
        if (YAML.isAlias(item)) {
          const target = resolve(item);
          if (target) node.items[i] = target;
          n += target ? (sizes.get(target) ?? 1) : 1;
        } else n += size(item);
      });
    }
    open.delete(node);
    sizes.set(node, n);
    return n;
  };
  if (YAML.isAlias(doc.contents)) doc.contents = (resolve(doc.contents) as YAML.ParsedNode | undefined) ?? doc.contents;
  else size(doc.contents);
  return problems;
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0];
}
