/**
 * The shape of the kit's own table of the Wickr admin API. The table itself (`operations.ts`,
 * `shapes.ts`) is generated from AWS's Smithy model by `scripts/generate-wickr-model.mjs`; the
 * conformance test checks it against the model whenever the model is present.
 */

/** Where a request member travels on the wire (restJson1); absent means the JSON body. */
export type MemberLocation = 'label' | 'query' | 'header';

export interface LengthTrait { readonly min?: number; readonly max?: number }
export interface RangeTrait { readonly min?: number; readonly max?: number }

export interface MemberFacts {
  /** Local shape name, or a Smithy prelude name: Boolean, Integer, Long, Timestamp, String. */
  readonly target: string;
  readonly required?: boolean;
  readonly location?: MemberLocation;
  /** Query parameter or header name, for query and header members. */
  readonly locationName?: string;
  readonly idempotencyToken?: boolean;
  readonly timestampFormat?: string;
  readonly default?: unknown;
  readonly range?: RangeTrait;
  readonly length?: LengthTrait;
  readonly pattern?: string;
  /** The member carries Smithy's `property` trait (it would be a CloudFormation property). */
  readonly cfnProperty?: boolean;
}

export type ShapeFacts =
  | {
      readonly type: 'structure';
      readonly members: Readonly<Record<string, MemberFacts>>;
      readonly error?: 'client' | 'server' | string;
      readonly httpError?: number;
    }
  | { readonly type: 'list'; readonly member: string; readonly length?: LengthTrait }
  | { readonly type: 'enum'; readonly values: Readonly<Record<string, string>> }
  | { readonly type: 'intEnum'; readonly values: Readonly<Record<string, number>> }
  | {
      readonly type: 'string';
      readonly length?: LengthTrait;
      readonly pattern?: string;
      readonly sensitive?: boolean;
    };

export type ShapeTable = Readonly<Record<string, ShapeFacts>>;

export interface PaginationFacts {
  readonly inputToken: string;
  readonly outputToken: string;
  readonly pageSize?: string;
  readonly items?: string;
}

export interface OperationFacts {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly uri: string;
  readonly code: number;
  readonly input: string;
  readonly output: string;
  readonly errors: readonly string[];
  readonly readonly?: boolean;
  readonly idempotent?: boolean;
  readonly paginated?: PaginationFacts;
}

export type OperationTable = Readonly<Record<string, OperationFacts>>;
