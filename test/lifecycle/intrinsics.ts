/**
 * Resolves CloudFormation intrinsic functions and conditions the way CloudFormation does for a
 * stack operation, against a scope the harness provides (resources' physical ids and attributes,
 * parameters, exports). Anything it does not implement fails with the template path, so a template
 * that uses it cannot silently deploy differently here than in CloudFormation.
 */
import { partitionOf, urlSuffixOf } from './partitions';

/** The value of `{ "Ref": "AWS::NoValue" }`: removes the enclosing property or list element. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** A template problem, reported with where in the template it is. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'TemplateError';
  }
}

/** What an intrinsic may look up. The harness implements it per stack operation. */
export interface ResolveScope {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly stackId: string;
  /** Template parameters, resolved: list-typed ones are string arrays. */
  readonly parameters: Readonly<Record<string, string | readonly string[]>>;
  readonly mappings?: Readonly<Record<string, unknown>>;
  /** Evaluates a named condition of the template. */
  condition(name: string, path: string): boolean;
  /** Ref to a resource (not a parameter or pseudo parameter). */
  ref(logicalId: string, path: string): unknown;
  getAtt(logicalId: string, attribute: string, path: string): unknown;
  importValue(exportName: string, path: string): string;
}

const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

export function isPseudoParameter(name: string): boolean {
  return (PSEUDO_PARAMETERS as readonly string[]).includes(name);
}

function pseudoParameter(name: string, scope: ResolveScope, path: string): unknown {
  switch (name) {
    case 'AWS::AccountId':
      return scope.accountId;
    case 'AWS::NotificationARNs':
      return [];
    case 'AWS::NoValue':
      return NO_VALUE;
    case 'AWS::Partition':
      return partitionOf(scope.region);
    case 'AWS::Region':
      return scope.region;
    case 'AWS::StackId':
      return scope.stackId;
    case 'AWS::StackName':
      return scope.stackName;
    case 'AWS::URLSuffix':
      return urlSuffixOf(scope.region);
    default:
      throw new TemplateError(`unknown pseudo parameter ${name}`, path);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The single key of an intrinsic-function object, or undefined for an ordinary object. */
function intrinsicName(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

function expectString(value: unknown, what: string, path: string): string {
  if (typeof value !== 'string') {
    throw new TemplateError(`${what} must be a string, got ${describe(value)}`, path);
  }
  return value;
}

function expectList(value: unknown, what: string, path: string): unknown[] {
  if (!Array.isArray(value)) throw new TemplateError(`${what} must be a list, got ${describe(value)}`, path);
  return value;
}

function describe(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Resolves every intrinsic in a value. May return NO_VALUE (only at the top, when the whole value is
 * `Ref: AWS::NoValue` or an Fn::If choosing it); NO_VALUE inside objects and lists is removed.
 */
export function resolveValue(value: unknown, scope: ResolveScope, path: string): unknown {
  if (value === null || value === undefined) {
    throw new TemplateError("'null' values are not allowed in templates", path);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => resolveValue(item, scope, `${path}/${index}`)).filter((item) => item !== NO_VALUE);
  }
  if (!isPlainObject(value)) return value;
  const fn = intrinsicName(value);
  if (fn === undefined) {
    for (const key of Object.keys(value)) {
      if (key.startsWith('Fn::')) throw new TemplateError(`${key} must be the only key of its object`, path);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveValue(item, scope, `${path}/${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return resolveIntrinsic(fn, value[fn], scope, `${path}/${fn}`);
}

function resolveIntrinsic(fn: string, arg: unknown, scope: ResolveScope, path: string): unknown {
  switch (fn) {
    case 'Ref': {
      const name = expectString(arg, 'Ref', path);
      if (isPseudoParameter(name)) return pseudoParameter(name, scope, path);
      if (Object.prototype.hasOwnProperty.call(scope.parameters, name)) return scope.parameters[name];
      return scope.ref(name, path);
    }
    case 'Fn::GetAtt': {
      let logicalId: string;
      let attribute: string;
      if (typeof arg === 'string') {
        const dot = arg.indexOf('.');
        if (dot <= 0) throw new TemplateError(`Fn::GetAtt string form must be "LogicalId.Attribute", got "${arg}"`, path);
        logicalId = arg.slice(0, dot);
        attribute = arg.slice(dot + 1);
      } else {
        const list = expectList(arg, 'Fn::GetAtt', path);
        if (list.length !== 2) throw new TemplateError('Fn::GetAtt takes [LogicalId, Attribute]', path);
        logicalId = expectString(list[0], 'Fn::GetAtt logical id', path);
        attribute = expectString(resolveValue(list[1], scope, `${path}/1`), 'Fn::GetAtt attribute', path);
      }
      return scope.getAtt(logicalId, attribute, path);
    }
    case 'Fn::Join': {
      const list = expectList(arg, 'Fn::Join', path);
      if (list.length !== 2) throw new TemplateError('Fn::Join takes [delimiter, list]', path);
      const delimiter = expectString(list[0], 'Fn::Join delimiter', path);
      const items = expectList(resolveValue(list[1], scope, `${path}/1`), 'Fn::Join second argument', path);
      return items.map((item, index) => expectString(item, 'Fn::Join element', `${path}/1/${index}`)).join(delimiter);
    }
    case 'Fn::Sub':
      return resolveSub(arg, scope, path);
    case 'Fn::Select': {
      const list = expectList(arg, 'Fn::Select', path);
      if (list.length !== 2) throw new TemplateError('Fn::Select takes [index, list]', path);
      const rawIndex = resolveValue(list[0], scope, `${path}/0`);
      const index = typeof rawIndex === 'number' ? rawIndex : Number(expectString(rawIndex, 'Fn::Select index', path));
      const items = expectList(resolveValue(list[1], scope, `${path}/1`), 'Fn::Select list', path);
      if (!Number.isInteger(index) || index < 0 || index >= items.length) {
        throw new TemplateError(`Fn::Select cannot select nonexistent value at index ${String(rawIndex)}`, path);
      }
      return items[index];
    }
    case 'Fn::Split': {
      const list = expectList(arg, 'Fn::Split', path);
      if (list.length !== 2) throw new TemplateError('Fn::Split takes [delimiter, string]', path);
      const delimiter = expectString(list[0], 'Fn::Split delimiter', path);
      const source = expectString(resolveValue(list[1], scope, `${path}/1`), 'Fn::Split source', path);
      return source.split(delimiter);
    }
    case 'Fn::ImportValue': {
      const name = expectString(resolveValue(arg, scope, path), 'Fn::ImportValue export name', path);
      return scope.importValue(name, path);
    }
    case 'Fn::If': {
      const list = expectList(arg, 'Fn::If', path);
      if (list.length !== 3) throw new TemplateError('Fn::If takes [condition, valueIfTrue, valueIfFalse]', path);
      const condition = expectString(list[0], 'Fn::If condition name', path);
      return scope.condition(condition, path)
        ? resolveValue(list[1], scope, `${path}/1`)
        : resolveValue(list[2], scope, `${path}/2`);
    }
    case 'Fn::FindInMap': {
      const list = expectList(arg, 'Fn::FindInMap', path);
      if (list.length !== 3) throw new TemplateError('Fn::FindInMap takes [map, topLevelKey, secondLevelKey]', path);
      const [mapName, topKey, secondKey] = list.map((item, index) =>
        expectString(resolveValue(item, scope, `${path}/${index}`), 'Fn::FindInMap key', `${path}/${index}`),
      );
      const map = scope.mappings?.[mapName];
      if (!isPlainObject(map)) throw new TemplateError(`mapping ${mapName} does not exist`, path);
      const top = map[topKey];
      if (!isPlainObject(top) || !(secondKey in top)) {
        throw new TemplateError(`mapping ${mapName} has no entry [${topKey}][${secondKey}]`, path);
      }
      return top[secondKey];
    }
    case 'Fn::Base64':
      return Buffer.from(expectString(resolveValue(arg, scope, path), 'Fn::Base64 argument', path)).toString('base64');
    case 'Fn::GetAZs': {
      const region = expectString(resolveValue(arg, scope, path), 'Fn::GetAZs Region', path) || scope.region;
      // A fixed three-AZ answer: the kit pins its AZs in its Region catalog, so this only needs to be plausible.
      return ['a', 'b', 'c'].map((suffix) => `${region}${suffix}`);
    }
    default:
      throw new TemplateError(`${fn} is not supported by the lifecycle harness`, path);
  }
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

function resolveSub(arg: unknown, scope: ResolveScope, path: string): string {
  let template: string;
  let variables: Record<string, unknown> = {};
  if (typeof arg === 'string') {
    template = arg;
  } else {
    const list = expectList(arg, 'Fn::Sub', path);
    if (list.length !== 2 || !isPlainObject(list[1])) throw new TemplateError('Fn::Sub takes a string or [string, { variables }]', path);
    template = expectString(list[0], 'Fn::Sub template', path);
    variables = list[1];
  }
  return template.replace(SUB_VARIABLE, (whole, inner: string) => {
    // ${!Literal} is the escape for a literal ${Literal}.
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    let value: unknown;
    if (Object.prototype.hasOwnProperty.call(variables, name)) {
      value = resolveValue(variables[name], scope, `${path}/1/${name}`);
    } else if (isPseudoParameter(name)) {
      value = pseudoParameter(name, scope, path);
    } else if (Object.prototype.hasOwnProperty.call(scope.parameters, name)) {
      value = scope.parameters[name];
      if (Array.isArray(value)) value = value.join(',');
    } else if (name.includes('.')) {
      const dot = name.indexOf('.');
      value = scope.getAtt(name.slice(0, dot), name.slice(dot + 1), path);
    } else if (name === '') {
      throw new TemplateError(`empty variable ${whole} in Fn::Sub`, path);
    } else {
      value = scope.ref(name, path);
    }
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return expectString(value, `Fn::Sub variable ${name}`, path);
  });
}

/** The logical ids a value refers to (Ref, Fn::GetAtt, Fn::Sub), among the given resources. */
export function collectReferences(value: unknown, resourceIds: ReadonlySet<string>, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, resourceIds, into);
    return into;
  }
  if (!isPlainObject(value)) return into;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Ref' && typeof item === 'string') {
      if (resourceIds.has(item)) into.add(item);
    } else if (key === 'Fn::GetAtt') {
      const target = typeof item === 'string' ? item.split('.')[0] : Array.isArray(item) ? item[0] : undefined;
      if (typeof target === 'string' && resourceIds.has(target)) into.add(target);
      collectReferences(item, resourceIds, into);
    } else if (key === 'Fn::Sub') {
      const template = typeof item === 'string' ? item : Array.isArray(item) ? item[0] : undefined;
      const local = Array.isArray(item) && isPlainObject(item[1]) ? item[1] : {};
      if (typeof template === 'string') {
        for (const match of template.matchAll(SUB_VARIABLE)) {
          const name = match[1].trim();
          if (name.startsWith('!') || name in local) continue;
          const target = name.split('.')[0];
          if (resourceIds.has(target)) into.add(target);
        }
      }
      collectReferences(local, resourceIds, into);
    } else {
      collectReferences(item, resourceIds, into);
    }
  }
  return into;
}

/**
 * Evaluates a template's Conditions lazily and once each. Conditions may only use parameters,
 * pseudo parameters, mappings and other conditions, as in CloudFormation.
 */
export function createConditionEvaluator(
  conditions: Readonly<Record<string, unknown>> | undefined,
  base: Omit<ResolveScope, 'condition' | 'ref' | 'getAtt' | 'importValue'>,
): (name: string, path: string) => boolean {
  const results = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const scope: ResolveScope = {
    ...base,
    condition: (name, path) => evaluate(name, path),
    ref: (logicalId, path) => {
      throw new TemplateError(`conditions cannot refer to resource ${logicalId}`, path);
    },
    getAtt: (logicalId, _attribute, path) => {
      throw new TemplateError(`conditions cannot refer to resource ${logicalId}`, path);
    },
    importValue: (_name, path) => {
      throw new TemplateError('conditions cannot use Fn::ImportValue', path);
    },
  };

  function evaluate(name: string, path: string): boolean {
    const known = results.get(name);
    if (known !== undefined) return known;
    if (!conditions || !Object.prototype.hasOwnProperty.call(conditions, name)) {
      throw new TemplateError(`condition ${name} is not defined in Conditions`, path);
    }
    if (evaluating.has(name)) throw new TemplateError(`condition ${name} refers to itself`, path);
    evaluating.add(name);
    const result = evaluateConditionExpression(conditions[name], scope, `Conditions/${name}`);
    evaluating.delete(name);
    results.set(name, result);
    return result;
  }
  return evaluate;
}

/** Evaluates Fn::Equals/Not/And/Or/Contains and `{ Condition: name }`, as in Conditions and Rules. */
export function evaluateConditionExpression(expression: unknown, scope: ResolveScope, path: string): boolean {
  if (expression === true || expression === 'true') return true;
  if (expression === false || expression === 'false') return false;
  if (!isPlainObject(expression) || Object.keys(expression).length !== 1) {
    throw new TemplateError(`a condition must be a condition function, got ${describe(expression)}`, path);
  }
  const [fn] = Object.keys(expression);
  const arg = expression[fn];
  const inner = `${path}/${fn}`;
  switch (fn) {
    case 'Condition':
      return scope.condition(expectString(arg, 'Condition', inner), inner);
    case 'Fn::Equals': {
      const list = expectList(arg, 'Fn::Equals', inner);
      if (list.length !== 2) throw new TemplateError('Fn::Equals takes two values', inner);
      const [a, b] = list.map((item, index) => resolveValue(item, scope, `${inner}/${index}`));
      return comparable(a) === comparable(b);
    }
    case 'Fn::Not': {
      const list = expectList(arg, 'Fn::Not', inner);
      if (list.length !== 1) throw new TemplateError('Fn::Not takes one condition', inner);
      return !evaluateConditionExpression(list[0], scope, `${inner}/0`);
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const list = expectList(arg, fn, inner);
      if (list.length < 2 || list.length > 10) throw new TemplateError(`${fn} takes 2 to 10 conditions`, inner);
      const values = list.map((item, index) => evaluateConditionExpression(item, scope, `${inner}/${index}`));
      return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
    }
    case 'Fn::Contains': {
      const list = expectList(arg, 'Fn::Contains', inner);
      if (list.length !== 2) throw new TemplateError('Fn::Contains takes [list, value]', inner);
      const haystack = expectList(resolveValue(list[0], scope, `${inner}/0`), 'Fn::Contains list', inner);
      const needle = comparable(resolveValue(list[1], scope, `${inner}/1`));
      return haystack.some((item) => comparable(item) === needle);
    }
    default:
      throw new TemplateError(`${fn} is not supported in conditions by the lifecycle harness`, inner);
  }
}

/** CloudFormation compares condition operands as strings ("1" equals 1). */
function comparable(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Turns resolved properties into what a custom resource receives: CloudFormation passes every
 * scalar as a string, recursively inside objects and lists (3 → "3", true → "true").
 */
export function stringifyForCustomResource(value: unknown, path: string): unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item, index) => stringifyForCustomResource(item, `${path}/${index}`));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = stringifyForCustomResource(item, `${path}/${key}`);
    return out;
  }
  throw new TemplateError(`cannot pass ${describe(value)} to a custom resource`, path);
}

const DYNAMIC_REFERENCE = /\{\{resolve:([a-z-]+):([^}]*)\}\}/g;

/** Looks up one dynamic reference, e.g. service 'ssm', reference '/kit/name:3'. */
export type DynamicReferenceLookup = (service: string, reference: string, path: string) => string;

/** True when a resolved value still holds `{{resolve:...}}` dynamic references. */
export function hasDynamicReferences(value: unknown): boolean {
  return JSON.stringify(value)?.includes('{{resolve:') ?? false;
}

/**
 * Replaces `{{resolve:service:reference}}` in every string. CloudFormation resolves these only when
 * it creates or updates the resource that holds them, so callers compare properties before this step.
 */
export function resolveDynamicReferences(value: unknown, lookup: DynamicReferenceLookup, path: string): unknown {
  if (typeof value === 'string') {
    return value.replace(DYNAMIC_REFERENCE, (_whole, service: string, reference: string) => lookup(service, reference, path));
  }
  if (Array.isArray(value)) return value.map((item, index) => resolveDynamicReferences(item, lookup, `${path}/${index}`));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveDynamicReferences(item, lookup, `${path}/${key}`);
    return out;
  }
  return value;
}
