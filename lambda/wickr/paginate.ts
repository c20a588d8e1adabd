import type { WickrCommand, MetadataBearer } from './command';

/** Shaped like the AWS SDK's PaginationConfiguration. */
export interface WickrPaginationConfiguration {
  client: { send<I extends object, O extends MetadataBearer>(command: WickrCommand<I, O>): Promise<O> };
  /** Sent as the operation's page-size member (`maxResults`). */
  pageSize?: number;
  /** Token to resume from; otherwise the input's own token, otherwise the first page. */
  startingToken?: string;
  /**
   * Stop when the service hands back the token just sent. Defaults to true here (the SDK defaults
   * to false): a Lambda handler stuck on a repeating token would only end at its timeout.
   */
  stopOnSameToken?: boolean;
}

/**
 * Walks an operation page by page, yielding each output, until the output token is absent or empty.
 * The generated `paginateXxx` helpers (model/commands.ts) bind the operation and member names.
 */
export async function* paginate<I extends object, O extends MetadataBearer>(
  config: WickrPaginationConfiguration,
  input: I,
  makeCommand: (input: I) => WickrCommand<I, O>,
  inputToken: string,
  outputToken: string,
  pageSizeMember?: string,
): AsyncGenerator<O, undefined, unknown> {
  const stopOnSameToken = config.stopOnSameToken ?? true;
  let token: unknown = config.startingToken ?? (input as Record<string, unknown>)[inputToken];
  for (;;) {
    const pageInput: Record<string, unknown> = { ...input, [inputToken]: token === '' ? undefined : token };
    if (config.pageSize !== undefined && pageSizeMember !== undefined) pageInput[pageSizeMember] = config.pageSize;
    const page = await config.client.send(makeCommand(pageInput as I));
    yield page;
    const next = (page as unknown as Record<string, unknown>)[outputToken];
    if (typeof next !== 'string' || next === '' || (stopOnSameToken && next === token)) return undefined;
    token = next;
  }
}
