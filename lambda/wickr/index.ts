/**
 * The kit's AWS Wickr admin API client: the ONLY module the rest of the kit imports for Wickr.
 *
 * Its surface mirrors `@aws-sdk/client-wickr` (WickrClient, XxxCommand, paginateXxx, shape types,
 * exceptions), so once the official package is available in the Lambda runtime this file can
 * re-export from it instead, keeping isRetryableError/isAmbiguousWriteError (which accept the
 * official client's errors too).
 */
export {
  WickrClient,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  RETRY_ENV_VARS,
  type WickrClientConfig,
  type WickrCredentials,
  type WickrCredentialProvider,
  type WickrLogger,
  type WickrSendOptions,
} from './client';
export { WickrCommand, type MetadataBearer, type ResponseMetadata } from './command';
export { ENDPOINT_ENV_VAR } from './endpoint';
export {
  BadRequestError,
  ForbiddenError,
  InternalServerError,
  RateLimitError,
  ResourceNotFoundError,
  UnauthorizedError,
  ValidationError,
  WickrNetworkError,
  WickrOutcomeUnknownError,
  WickrServiceException,
  WickrTimeBudgetError,
  isAmbiguousWriteError,
  isPlanTierError,
  isRetryableError,
  type WickrFault,
} from './errors';
export * from './live-members';
export type { WickrHandlerOptions, WickrHttpRequest, WickrHttpResponse, WickrRequestHandler } from './http';
export type { WickrPaginationConfiguration } from './paginate';
export { REDACTED, redactShape } from './redact';
export { RETRY_SAFETY, type RetrySafety } from './retry-policy';
export * from './model/commands';
export * from './model/types';
