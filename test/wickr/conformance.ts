import type { MemberFacts, OperationTable, ShapeFacts, ShapeTable } from '../../lambda/wickr/model/table-types';

/**
 * Compares the kit's generated table of the Wickr API with AWS's Smithy model and returns one
 * readable line per difference (empty when they agree). Pure: it reads nothing from disk, so tests
 * can feed it hand-made fixtures and deliberately broken tables to prove it catches each kind of drift.
 */

/** The parts of a Smithy 2.0 JSON AST this comparison reads. */
export interface SmithyModel {
  shapes: Record<string, SmithyShape>;
}

interface SmithyRef {
  target: string;
}

interface SmithyMember extends SmithyRef {
  traits?: Record<string, unknown>;
}

interface SmithyShape {
  type: string;
  traits?: Record<string, unknown>;
  members?: Record<string, SmithyMember>;
  member?: SmithyMember;
  input?: SmithyRef;
  output?: SmithyRef;
  errors?: SmithyRef[];
  operations?: SmithyRef[];
  resources?: SmithyRef[];
  [key: string]: unknown;
}

export interface KitTable {
  operations: OperationTable;
  shapes: ShapeTable;
  /** Service facts, when the table records them (operations.ts does). */
  service?: { version?: string; signingName?: string; endpointPrefix?: string };
}

const T = 'smithy.api#';
/** Shape kinds the kit's table (and so the client) can represent. */
const SUPPORTED_TYPES = new Set(['structure', 'list', 'enum', 'intEnum', 'string']);
/** Member traits the table records, each compared below. */
const BINDING_TRAITS_WE_CANNOT_EXPRESS = ['httpPayload', 'httpPrefixHeaders', 'httpQueryParams', 'httpResponseCode', 'jsonName', 'eventPayload', 'eventHeader'];

const local = (id: string): string => id.slice(id.lastIndexOf('#') + 1);
const show = (value: unknown): string => (value === undefined ? 'absent' : typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value));
const same = (a: unknown, b: unknown): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function compareTableWithModel(model: SmithyModel, table: KitTable): string[] {
  const out: string[] = [];
  const differ = (where: string, what: string, kit: unknown, modelValue: unknown): void => {
    if (!same(kit, modelValue)) out.push(`${where}: ${what} is ${show(kit)} in the kit's table, ${show(modelValue)} in the model`);
  };
  const flag = (where: string, what: string, kit: boolean, modelValue: boolean): void => {
    if (kit !== modelValue) out.push(`${where}: ${modelValue ? `${what} in the model, not in the kit's table` : `${what} in the kit's table, not in the model`}`);
  };

  const services = Object.entries(model.shapes).filter(([, s]) => s.type === 'service');
  if (services.length !== 1) {
    out.push(`model: expected exactly one service shape, found ${services.length}`);
    return out;
  }
  const [, service] = services[0]!;
  const st = service.traits ?? {};
  if (table.service) {
    differ('service', 'version', table.service.version, service.version);
    differ('service', 'SigV4 signing name', table.service.signingName, (st['aws.auth#sigv4'] as { name?: string } | undefined)?.name);
    differ('service', 'endpoint prefix', table.service.endpointPrefix, (st['aws.api#service'] as { endpointPrefix?: string } | undefined)?.endpointPrefix);
  }

  // Operations bound to the service directly or through resources.
  const operationIds = new Set<string>();
  const walk = (shape: SmithyShape): void => {
    for (const ref of shape.operations ?? []) operationIds.add(ref.target);
    for (const key of ['create', 'put', 'read', 'update', 'delete', 'list']) {
      const ref = shape[key] as SmithyRef | undefined;
      if (ref?.target) operationIds.add(ref.target);
    }
    for (const ref of shape.resources ?? []) {
      const resource = model.shapes[ref.target];
      if (resource) walk(resource);
    }
  };
  walk(service);

  const servicePaging = (st[`${T}paginated`] ?? {}) as Record<string, string>;
  const pending: string[] = [];
  const modelNames = new Set<string>();
  for (const id of [...operationIds].sort()) {
    const name = local(id);
    modelNames.add(name);
    const op = model.shapes[id];
    if (!op) {
      out.push(`${name}: bound to the service but not defined in the model`);
      continue;
    }
    const kit = table.operations[name];
    const traits = op.traits ?? {};
    for (const ref of [op.input, op.output, ...(op.errors ?? [])]) if (ref) pending.push(ref.target);
    if (!kit) {
      out.push(`${name}: operation in the model, missing from the kit's table`);
      continue;
    }
    const http = (traits[`${T}http`] ?? {}) as { method?: string; uri?: string; code?: number };
    differ(name, 'method', kit.method, http.method);
    differ(name, 'URI', kit.uri, http.uri);
    differ(name, 'HTTP code', kit.code, http.code ?? 200);
    differ(name, 'input', kit.input, op.input ? local(op.input.target) : undefined);
    differ(name, 'output', kit.output, op.output ? local(op.output.target) : undefined);
    const modelErrors = new Set((op.errors ?? []).map((e) => local(e.target)));
    const kitErrors = new Set(kit.errors);
    for (const e of [...modelErrors].filter((x) => !kitErrors.has(x)).sort()) out.push(`${name}: error ${e} is in the model, not in the kit's table`);
    for (const e of [...kitErrors].filter((x) => !modelErrors.has(x)).sort()) out.push(`${name}: error ${e} is in the kit's table, not in the model`);
    flag(name, 'readonly', kit.readonly === true, `${T}readonly` in traits);
    flag(name, 'idempotent', kit.idempotent === true, `${T}idempotent` in traits);
    const paging = traits[`${T}paginated`] as Record<string, string> | undefined;
    if (paging === undefined) {
      if (kit.paginated) out.push(`${name}: paginated in the kit's table, not in the model`);
    } else if (!kit.paginated) {
      out.push(`${name}: paginated in the model, not in the kit's table`);
    } else {
      const merged = { ...servicePaging, ...paging };
      for (const key of ['inputToken', 'outputToken', 'pageSize', 'items'] as const) {
        differ(name, `paginated.${key}`, kit.paginated[key], merged[key]);
      }
    }
  }
  for (const name of Object.keys(table.operations).sort()) {
    if (!modelNames.has(name)) out.push(`${name}: operation in the kit's table, not in the model`);
  }

  // Every shape the operations reach, each compared once.
  const seen = new Set<string>();
  while (pending.length > 0) {
    const id = pending.shift()!;
    if (id.startsWith(T) || seen.has(id)) continue;
    seen.add(id);
    const name = local(id);
    const shape = model.shapes[id];
    if (!shape) {
      out.push(`${name}: referenced but not defined in the model`);
      continue;
    }
    const kit = table.shapes[name];
    if (!kit) {
      out.push(`${name}: shape in the model, missing from the kit's table`);
      continue;
    }
    compareShape(name, shape, kit, out, differ, flag, pending);
  }
  return out;
}

type Differ = (where: string, what: string, kit: unknown, modelValue: unknown) => void;
type Flag = (where: string, what: string, kit: boolean, modelValue: boolean) => void;

function compareShape(name: string, shape: SmithyShape, kit: ShapeFacts, out: string[], differ: Differ, flag: Flag, pending: string[]): void {
  const traits = shape.traits ?? {};
  if (!SUPPORTED_TYPES.has(shape.type)) out.push(`${name}: ${shape.type} shapes are not supported by the kit's table or client`);
  differ(name, 'type', kit.type, shape.type);
  if (kit.type !== shape.type) return;
  const facts = kit as ShapeFacts & { length?: unknown; pattern?: unknown; range?: unknown; sensitive?: boolean; error?: string; httpError?: number };
  differ(name, 'length', facts.length, traits[`${T}length`]);
  differ(name, 'pattern', facts.pattern, traits[`${T}pattern`]);
  differ(name, 'range', facts.range, traits[`${T}range`]);
  flag(name, 'sensitive', facts.sensitive === true, `${T}sensitive` in traits);

  if (kit.type === 'structure') {
    differ(name, 'error', facts.error, traits[`${T}error`]);
    differ(name, 'httpError', facts.httpError, traits[`${T}httpError`]);
    const modelMembers = shape.members ?? {};
    for (const [member, m] of Object.entries(modelMembers)) {
      pending.push(m.target);
      const where = `${name}.${member}`;
      const k = kit.members[member];
      if (!k) {
        out.push(`${where}: member in the model, missing from the kit's table`);
        continue;
      }
      compareMember(where, m, k, out, differ, flag);
    }
    for (const member of Object.keys(kit.members)) {
      if (!(member in modelMembers)) out.push(`${name}.${member}: member in the kit's table, not in the model`);
    }
  } else if (kit.type === 'list') {
    if (shape.member) pending.push(shape.member.target);
    differ(name, 'list member', kit.member, shape.member ? local(shape.member.target) : undefined);
  } else if (kit.type === 'enum' || kit.type === 'intEnum') {
    const modelValues: Record<string, unknown> = {};
    for (const [key, m] of Object.entries(shape.members ?? {})) modelValues[key] = m.traits?.[`${T}enumValue`];
    for (const [key, value] of Object.entries(modelValues)) {
      if (!(key in kit.values)) out.push(`${name}: enum value ${key} is in the model, not in the kit's table`);
      else differ(name, `enum value ${key}`, (kit.values as Record<string, unknown>)[key], value);
    }
    for (const key of Object.keys(kit.values)) {
      if (!(key in modelValues)) out.push(`${name}: enum value ${key} is in the kit's table, not in the model`);
    }
  }
}

function compareMember(where: string, m: SmithyMember, k: MemberFacts, out: string[], differ: Differ, flag: Flag): void {
  const t = m.traits ?? {};
  differ(where, 'target', k.target, local(m.target));
  flag(where, 'required', k.required === true, `${T}required` in t);
  const location = `${T}httpLabel` in t ? 'label' : `${T}httpQuery` in t ? 'query' : `${T}httpHeader` in t ? 'header' : undefined;
  differ(where, 'binding', k.location ?? 'body', location ?? 'body');
  if (location === 'query' || location === 'header') {
    differ(where, `${location} name`, k.locationName, t[`${T}http${location === 'query' ? 'Query' : 'Header'}`]);
  }
  flag(where, 'idempotencyToken', k.idempotencyToken === true, `${T}idempotencyToken` in t);
  differ(where, 'timestampFormat', k.timestampFormat, t[`${T}timestampFormat`]);
  differ(where, 'default', k.default, t[`${T}default`]);
  differ(where, 'length', k.length, t[`${T}length`]);
  differ(where, 'range', k.range, t[`${T}range`]);
  differ(where, 'pattern', k.pattern, t[`${T}pattern`]);
  flag(where, 'property', k.cfnProperty === true, `${T}property` in t);
  // Smithy allows `sensitive` on a member; the table only records it on shapes, so flag any such member.
  if (`${T}sensitive` in t) out.push(`${where}: sensitive on the member in the model, which the kit's table cannot record`);
  for (const trait of BINDING_TRAITS_WE_CANNOT_EXPRESS) {
    if (`${T}${trait}` in t) out.push(`${where}: has @${trait} in the model, which the kit's table cannot express`);
  }
}
