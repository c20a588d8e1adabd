/**
 * The contract between the provider's entry points and the per-resource handlers.
 *
 * Rules every handler follows (docs/design/custom-resources.md):
 * - read before write; an Update whose desired state is already there makes no write call;
 * - AlreadyExists on Create and NotFound on Delete are success, where the API lets us tell;
 * - the physical id never changes on Delete; a changed id on Update means replacement;
 * - Delete retains what the agency stored unless the properties opt in to destruction;
 * - no secret value in properties, `Data` or logs.
 */
import type { WickrClient } from '../../wickr';
import type { Parser } from '../../shared/props';
import type { WickrResourceKind } from '../../shared/resource-types';

export type RequestType = 'Create' | 'Update' | 'Delete';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface HandlerContext {
  readonly requestType: RequestType;
  readonly logicalId: string;
  readonly requestId: string;
  readonly stackId: string;
  /** Region of the stack (the Lambda's own Region). */
  readonly region: string;
  /** A Wickr client for the stack's Region. */
  readonly client: WickrClient;
  /** A Wickr client for another Region (federation reads peers there). */
  clientFor(region: string): WickrClient;
  readonly log: Logger;
}

export interface ResourceResult {
  readonly physicalId: string;
  /** Attributes for Fn::GetAtt. Strings only, never secrets. */
  readonly data?: Record<string, string>;
}

export interface CompletionResult {
  readonly complete: boolean;
  readonly data?: Record<string, string>;
}

export interface ResourceHandler<P> {
  readonly kind: WickrResourceKind;
  readonly schema: Parser<P>;
  create(ctx: HandlerContext, props: P): Promise<ResourceResult>;
  /** `old` is undefined when the previous properties no longer parse (e.g. written by an older kit). */
  update(ctx: HandlerContext, props: P, old: P | undefined, physicalId: string): Promise<ResourceResult>;
  delete(ctx: HandlerContext, props: P, physicalId: string): Promise<void>;
  /** Asynchronous work is finished (polled by the Provider framework's waiter). Default: done at once. */
  isComplete?(ctx: HandlerContext, props: P, physicalId: string): Promise<CompletionResult>;
}

/** Defines a handler with its property type inferred from the schema. */
export function defineHandler<P>(handler: ResourceHandler<P>): ResourceHandler<P> {
  return handler;
}

/** An error CloudFormation shows as is: what went wrong and what to change. */
export class HandlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerError';
  }
}

/** True for a physical id the kit produced for a resource that never got created (failed Create). */
export function isPlaceholderPhysicalId(physicalId: string, pattern: RegExp): boolean {
  return !pattern.test(physicalId);
}

/** A member the service must return; a clear error instead of `undefined` flowing on. */
export function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new HandlerError(`the Wickr API returned no ${what}`);
  return value;
}
