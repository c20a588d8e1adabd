/**
 * Typed access to the kit's generated table of the Wickr admin API (lambda/wickr/model). The emulator
 * is driven by this table, never by hand-written copies of routes or shapes, so the emulator and the
 * kit's client cannot drift apart silently: a regenerated table changes both.
 */
import { OPERATIONS, SIGNING_NAME } from '../../lambda/wickr/model/operations';
import { SHAPES } from '../../lambda/wickr/model/shapes';
import type { MemberFacts, OperationFacts, ShapeFacts } from '../../lambda/wickr/model/table-types';

export type OperationName = keyof typeof OPERATIONS;
export type StructureFacts = Extract<ShapeFacts, { type: 'structure' }>;

export const SERVICE_SIGNING_NAME: string = SIGNING_NAME;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

/** Smithy prelude targets the table refers to without defining them. */
export const PRELUDE_TARGETS = new Set(['Boolean', 'Integer', 'Long', 'Timestamp', 'String']);

export function operationFacts(name: OperationName): OperationFacts {
  return OPERATIONS[name] as OperationFacts;
}

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

export function shapeFacts(name: string): ShapeFacts | undefined {
  return Object.prototype.hasOwnProperty.call(SHAPES, name) ? SHAPES[name] : undefined;
}

export function structureFacts(name: string): StructureFacts {
  const facts = shapeFacts(name);
  if (!facts || facts.type !== 'structure') throw new Error(`shape ${name} is not a structure in the table`);
  return facts;
}

export function inputMembers(op: OperationName): Readonly<Record<string, MemberFacts>> {
  return structureFacts(operationFacts(op).input).members;
}

/** Name of the member carrying the idempotency token (always bound to X-Client-Token), if any. */
export function tokenMember(op: OperationName): string | undefined {
  const members = inputMembers(op);
  return Object.keys(members).find((name) => members[name].idempotencyToken);
}

/** Whether a member's target shape is marked sensitive in the table. */
export function isSensitiveTarget(target: string): boolean {
  const facts = shapeFacts(target);
  return facts?.type === 'string' && facts.sensitive === true;
}

/** HTTP status the table assigns to a modelled error shape. */
export function errorStatus(errorName: string): number | undefined {
  const facts = shapeFacts(errorName);
  return facts?.type === 'structure' && facts.error ? facts.httpError : undefined;
}

/** A member's modelled default (for example RateLimitError.message). */
export function memberDefault(shape: string, member: string): unknown {
  return structureFacts(shape).members[member]?.default;
}
