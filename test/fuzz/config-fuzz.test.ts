/**
 * Issue 18's fuzz suite, in process: seeded mutations of the example (test/fuzz/config-mutations.ts)
 * go through the loader and validator; every answer must be right (see `judge`). Bounded: a fixed
 * seed and number of runs. `npm run fuzz -- --count N` drives the real app for larger runs.
 *
 * The last tests show that the property can fail: with a deliberately broken loader or validator,
 * fast-check finds a mutation that is judged wrong.
 */
import fc from 'fast-check';
import * as YAML from 'yaml';
import { KitConfigError } from '../../lib/config/errors';
import { parseConfig } from '../../lib/config/loader';
import { exampleConfigText } from '../helpers/lifecycle';
import { type ConfigMutation, configMutations, judge, outcomeOf } from './config-mutations';

const SEED = 18;
const RUNS = 300;
const SOURCE = 'fuzz.yaml';
const mutations = configMutations(exampleConfigText());

function property(parse: (text: string, source: string) => unknown) {
  return fc.property(mutations, (m: ConfigMutation) => {
    const verdict = judge(m, outcomeOf(parse, m.text, SOURCE), SOURCE);
    if (!verdict.ok) throw new Error(`${m.kind}: ${m.what}: ${verdict.outcome}: ${verdict.why}`);
  });
}

test(`${RUNS} seeded mutations of the example are each accepted or refused rightly, with one clean line per problem`, () => {
  const kinds = new Map<string, number>();
  fc.assert(
    fc.property(mutations, (m) => {
      kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
      const verdict = judge(m, outcomeOf(parseConfig, m.text, SOURCE), SOURCE);
      if (!verdict.ok) throw new Error(`${m.kind}: ${m.what}: ${verdict.outcome}: ${verdict.why}`);
    }),
    { seed: SEED, numRuns: RUNS },
  );
  // Every family of mutation was tried.
  expect([...kinds.keys()].sort()).toEqual([
    'bad-enum-or-region',
    'broken-reference',
    'broken-yaml',
    'deep',
    'deleted-field',
    'duplicate',
    'huge-or-aliased',
    'misspelt-field',
    'odd-name',
    'odd-string',
    'out-of-range',
    'unknown-field',
    'whole-file',
    'wrong-type',
  ]);
});

describe('the fuzz property can fail', () => {
  const check = (parse: (text: string, source: string) => unknown) => fc.check(property(parse), { seed: SEED, numRuns: RUNS });

  test('a validator without the rule for names people see lets a control character through, and the property finds it', () => {
    // The broken validator: the real one, minus every problem about characters in names.
    const lenient = (text: string, source: string) => {
      try {
        return parseConfig(text, source);
      } catch (e) {
        if (KitConfigError.isKitConfigError(e) && e.problems.every((p) => /^must not contain/.test(p.message))) return undefined;
        throw e;
      }
    };
    const result = check(lenient);
    expect(result.failed).toBe(true);
    expect(String(result.errorInstance)).toMatch(/^Error: odd-name: .* with U\+[0-9a-f]{4}: wrongly accepted: accepted, but .* must be refused$/);
  });

  test('a loader that converts YAML with the library defaults lets a raw error through (a ReferenceError, TypeError or RangeError), and the property finds it', () => {
    // The broken loader: the library's one-call parse, then the kit's own schema and rules on its result.
    // (Files over the size limit still go the real way, so that only the YAML conversion differs.)
    const naive = (text: string, source: string) => (text.length > 1_000_000 ? parseConfig(text, source) : parseConfig(JSON.stringify(YAML.parse(text) ?? null), source));
    const result = check(naive);
    expect(result.failed).toBe(true);
    expect(String(result.errorInstance)).toMatch(/rejected badly: threw instead of a config error: (TypeError|ReferenceError|YAMLParseError|RangeError)/);
  });
});
