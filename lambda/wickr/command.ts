import type { OperationName } from './model/operations';

/**
 * Response metadata, shaped like the AWS SDK's so callers written against this client keep working
 * when `@aws-sdk/client-wickr` replaces it.
 */
export interface ResponseMetadata {
  /** HTTP status of the final attempt; absent when no response was received (network failure). */
  httpStatusCode?: number;
  /** `x-amzn-requestid` (or `x-amz-request-id`) of the final attempt, when the service sent one. */
  requestId?: string;
  /** How many HTTP attempts the call made, retries included. */
  attempts: number;
  /** Milliseconds spent sleeping between attempts. */
  totalRetryDelay: number;
}

export interface MetadataBearer {
  $metadata: ResponseMetadata;
}

/**
 * One call of one operation. The generated `XxxCommand` classes (model/commands.ts) only bind the
 * operation name; everything operation-specific is read from the table at send time, so the 44
 * commands cost a few bytes each in a Lambda bundle.
 */
export abstract class WickrCommand<Input extends object, Output extends MetadataBearer> {
  /** Phantom member: lets `client.send` infer the output type from the command. Never set. */
  declare readonly __output?: Output;

  protected constructor(
    readonly operation: OperationName,
    readonly input: Input,
  ) {}
}
