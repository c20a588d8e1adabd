/**
 * Typed parsing of custom-resource properties, shared by the constructs (which declare them) and
 * the handlers (which read them).
 *
 * CloudFormation hands a custom resource every property value as a string: numbers become "42",
 * booleans "true"/"false", recursively inside objects and lists. This module is the one place that
 * turns them back into typed values, and it accepts the typed values too, so the same schema
 * serves a direct call in a test. Problems are reported with the property path and the fix.
 *
 * No dependencies: this file is bundled into every Lambda handler.
 */

/** Thrown when a property is missing or malformed; the message names the property path. */
export class PropertyError extends Error {
  constructor(
    public readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PropertyError';
  }
}

export type Parser<T> = ((value: unknown, path: string) => T) & { readonly optional?: boolean };
export type OptionalParser<T> = ((value: unknown, path: string) => T | undefined) & { readonly optional: true };
export type Infer<P> = P extends Parser<infer T> ? T : never;

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export const p = {
  string(options: { pattern?: RegExp; min?: number; max?: number } = {}): Parser<string> {
    return (value, path) => {
      if (typeof value !== 'string') throw new PropertyError(path, `expected a string, got ${show(value)}`);
      if (options.min !== undefined && value.length < options.min) throw new PropertyError(path, `must be at least ${options.min} characters, got ${show(value)}`);
      if (options.max !== undefined && value.length > options.max) throw new PropertyError(path, `must be at most ${options.max} characters, got ${show(value)}`);
      if (options.pattern && !options.pattern.test(value)) throw new PropertyError(path, `must match ${options.pattern}, got ${show(value)}`);
      return value;
    };
  },

  /** A number, or a string CloudFormation made of one. */
  number(options: { integer?: boolean; min?: number; max?: number } = {}): Parser<number> {
    return (value, path) => {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw new PropertyError(path, `expected a number, got ${show(value)}`);
      if (options.integer && !Number.isInteger(n)) throw new PropertyError(path, `expected a whole number, got ${show(value)}`);
      if (options.min !== undefined && n < options.min) throw new PropertyError(path, `must be at least ${options.min}, got ${n}`);
      if (options.max !== undefined && n > options.max) throw new PropertyError(path, `must be at most ${options.max}, got ${n}`);
      return n;
    };
  },

  /** A boolean, or "true"/"false" as CloudFormation sends it. */
  boolean(): Parser<boolean> {
    return (value, path) => {
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      throw new PropertyError(path, `expected true or false, got ${show(value)}`);
    };
  },

  enumOf<T extends string>(values: readonly T[]): Parser<T> {
    return (value, path) => {
      if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
        throw new PropertyError(path, `expected one of ${values.join(', ')}, got ${show(value)}`);
      }
      return value as T;
    };
  },

  optional<T>(inner: Parser<T>): OptionalParser<T> {
    const parser = (value: unknown, path: string) => (value === undefined || value === null ? undefined : inner(value, path));
    return Object.assign(parser, { optional: true as const });
  },

  list<T>(inner: Parser<T>): Parser<T[]> {
    return (value, path) => {
      if (!Array.isArray(value)) throw new PropertyError(path, `expected a list, got ${show(value)}`);
      return value.map((v, i) => inner(v, `${path}[${i}]`));
    };
  },

  object<S extends Record<string, Parser<unknown>>>(shape: S, options: { allowUnknown?: boolean } = {}): Parser<ObjectOf<S>> {
    return (value, path) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new PropertyError(path, `expected an object, got ${show(value)}`);
      }
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, parse] of Object.entries(shape)) {
        const child = path === '' ? key : `${path}.${key}`;
        if (input[key] === undefined && !parse.optional) throw new PropertyError(child, 'is required');
        const parsed = parse(input[key], child);
        if (parsed !== undefined) out[key] = parsed;
      }
      if (!options.allowUnknown) {
        for (const key of Object.keys(input)) {
          if (!(key in shape) && key !== 'ServiceToken') throw new PropertyError(path === '' ? key : `${path}.${key}`, 'is not a known property');
        }
      }
      return out as ObjectOf<S>;
    };
  },
};

type OptionalKeys<S> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Record<string, Parser<unknown>>> = {
  [K in RequiredKeys<S>]: Infer<S[K]>;
} & {
  [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>;
};

/**
 * A property the kit adds to every `Custom::Wickr*` resource when a deployment asks for it
 * (`cdk deploy -c converge=<text>`, lib/constructs/converge.ts): its only job is to change, so
 * CloudFormation sends an Update and every handler reads the service and writes back what differs
 * from the config (drift detection's "redeploy to restore"). Handlers never see it.
 */
export const CONVERGE_PROPERTY = 'WickrKitConverge';

/** Parses a custom resource's properties (the whole `ResourceProperties` object). */
export function parseProperties<T>(schema: Parser<T>, raw: unknown): T {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && CONVERGE_PROPERTY in raw) {
    const { [CONVERGE_PROPERTY]: _marker, ...rest } = raw as Record<string, unknown>;
    return schema(rest, '');
  }
  return schema(raw, '');
}
