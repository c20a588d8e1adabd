/**
 * `evidence.json`: the evidence model as data. Every applicable result is a full row under
 * `results`; not-applicable results, the bulk of any run, are counted per rule (`notApplicable`)
 * and per stack (`notApplicableByStack`). The document is written value by value: at 400 stacks
 * it is larger than one string should be, so no piece bigger than one flat object is built.
 */
import { EvidenceModel } from './model';
import { StringSink, TextSink } from './text-sink';

/** The JSON as one string (small packs and tests; the writer streams with `writeJson`). */
export function renderJson(m: EvidenceModel): string {
  const sink = new StringSink();
  writeJson(sink, m);
  return sink.toString();
}

/** Writes the model as compact JSON and a final newline, the same text `JSON.stringify` gives. */
export function writeJson(sink: TextSink, m: EvidenceModel): void {
  writeValue(sink, m);
  sink.write('\n');
}

/** Objects and arrays with at most this many members, all of them scalars or lists of scalars, are written whole. */
const FLAT_MEMBERS = 256;


function writeValue(sink: TextSink, value: unknown): void {
  if (isWholeValue(value)) {
    sink.write(JSON.stringify(value) ?? 'null');
  } else if (Array.isArray(value)) {
    sink.write('[');
    value.forEach((v, i) => {
      if (i > 0) sink.write(',');
      // As JSON.stringify does: members that have no JSON form are null in arrays.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') sink.write('null');
      else writeValue(sink, v);
    });
    sink.write(']');
  } else {
    sink.write('{');
    let first = true;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // ... and are left out of objects.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      sink.write(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      writeValue(sink, v);
    }
    sink.write('}');
  }
}

/** Scalars, values with their own JSON form, and small flat objects or arrays (such as one result row). */
function isWholeValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return true;
  const members = Array.isArray(value) ? value : Object.values(value);
  if (members.length > FLAT_MEMBERS) return false;
  return members.every((v) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.length <= FLAT_MEMBERS && v.every((x) => x === null || typeof x !== 'object')));
}
