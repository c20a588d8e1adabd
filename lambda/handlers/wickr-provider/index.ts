/**
 * The Wickr provider's Lambda entry points, called by the CDK Provider framework: `onEvent` for
 * Create/Update/Delete and `isComplete` for asynchronous work. One provider per stack serves every
 * `Custom::Wickr*` resource type; each type's handler lives in its own module (registry.ts).
 */
import { WickrClient } from '../../wickr';
import { PropertyError, parseProperties } from '../../shared/props';
import { resourceKeyOf } from '../../shared/resource-types';
import { HandlerContext, HandlerError, RequestType, ResourceHandler } from './framework';
import { createLogger } from './log';
import { HANDLERS } from './registry';

interface ProviderEvent {
  readonly RequestType: RequestType;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly RequestId: string;
  readonly StackId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly Data?: Record<string, string>;
}

interface OnEventResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

interface IsCompleteResult {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

export async function onEvent(event: ProviderEvent): Promise<OnEventResult> {
  return withContext(event, async (handler, ctx) => {
    ctx.log.info('event', { physicalId: event.PhysicalResourceId });
    if (event.RequestType === 'Delete') {
      const props = tryParse(handler, event.ResourceProperties);
      if (props === undefined) {
        // Nothing safe can be done with properties we cannot read (e.g. a Create that failed on them).
        ctx.log.warn('delete skipped: properties do not parse', {});
      } else {
        await handler.delete(ctx, props, event.PhysicalResourceId!);
      }
      return { PhysicalResourceId: event.PhysicalResourceId! };
    }
    const props = parseProperties(handler.schema, event.ResourceProperties);
    const result =
      event.RequestType === 'Create'
        ? await handler.create(ctx, props)
        : await handler.update(ctx, props, tryParse(handler, event.OldResourceProperties), event.PhysicalResourceId!);
    if (event.RequestType === 'Update' && result.physicalId !== event.PhysicalResourceId) {
      ctx.log.warn('replacement: CloudFormation will delete the previous physical resource', { from: event.PhysicalResourceId, to: result.physicalId });
    }
    return { PhysicalResourceId: result.physicalId, ...(result.data ? { Data: result.data } : {}) };
  });
}

export async function isComplete(event: ProviderEvent): Promise<IsCompleteResult> {
  return withContext(event, async (handler, ctx) => {
    if (!handler.isComplete) return { IsComplete: true };
    const props = tryParse(handler, event.ResourceProperties);
    if (props === undefined) return { IsComplete: true };
    const r = await handler.isComplete(ctx, props, event.PhysicalResourceId!);
    return { IsComplete: r.complete, ...(r.data ? { Data: r.data } : {}) };
  });
}

async function withContext<T>(event: ProviderEvent, run: (handler: ResourceHandler<unknown>, ctx: HandlerContext) => Promise<T>): Promise<T> {
  const key = resourceKeyOf(event.ResourceType);
  if (!key) throw new Error(`${event.LogicalResourceId}: this provider does not handle resource type ${event.ResourceType}`);
  const handler = HANDLERS[key] as ResourceHandler<unknown>;
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set');
  const clients = new Map<string, WickrClient>();
  const clientFor = (r: string) => {
    let c = clients.get(r);
    if (!c) clients.set(r, (c = new WickrClient({ region: r })));
    return c;
  };
  const ctx: HandlerContext = {
    requestType: event.RequestType,
    logicalId: event.LogicalResourceId,
    requestId: event.RequestId,
    stackId: event.StackId,
    region,
    get client() {
      return clientFor(region);
    },
    clientFor,
    log: createLogger({ resource: event.LogicalResourceId, type: event.ResourceType, request: event.RequestType }),
  };
  try {
    return await run(handler, ctx);
  } catch (e) {
    let message = e instanceof HandlerError || e instanceof PropertyError ? e.message : (e as Error).message ?? String(e);
    // The live service answers 403 ForbiddenError for every call about a network that is being, or
    // was, deleted (network.go @4b379437), so a bare 403 needs this to be read right.
    if ((e as Error)?.name === 'ForbiddenError') message += FORBIDDEN_HINT;
    ctx.log.warn('failed', { error: message });
    // What CloudFormation shows: which resource, what went wrong, what to change.
    throw new Error(`${event.LogicalResourceId} (${event.ResourceType}): ${message}`);
  } finally {
    for (const c of clients.values()) c.destroy();
  }
}

const FORBIDDEN_HINT =
  '; Wickr answers ForbiddenError both for a refused call and for every call about a network that is being deleted or was deleted: ' +
  "check that the network still exists (the Wickr console's network list) and the provider role's wickr: permissions";

function tryParse(handler: ResourceHandler<unknown>, raw: Record<string, unknown> | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return parseProperties(handler.schema, raw);
  } catch {
    return undefined;
  }
}
