/**
 * The Wickr provider's Lambda entry points, called by the CDK Provider framework: `onEvent` for
 * Create/Update/Delete and `isComplete` for asynchronous work. One provider per stack serves every
 * `Custom::Wickr*` resource type; each type's handler lives in its own module (registry.ts).
 */
import { DEFAULT_MAX_ATTEMPTS, RETRY_ENV_VARS, WickrClient, isRetryableError } from '../../wickr';
import { type HandlerBudget, describeBudget, handlerBudget } from '../../shared/handler-budget';
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

/** The part of Lambda's context the handlers use: how long the invocation may still run. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

export async function onEvent(event: ProviderEvent, context?: LambdaContextLike): Promise<OnEventResult> {
  return withContext(event, context, async (handler, ctx) => {
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

export async function isComplete(event: ProviderEvent, context?: LambdaContextLike): Promise<IsCompleteResult> {
  return withContext(event, context, async (handler, ctx) => {
    if (!handler.isComplete) return { IsComplete: true };
    const props = tryParse(handler, event.ResourceProperties);
    if (props === undefined) return { IsComplete: true };
    const r = await handler.isComplete(ctx, props, event.PhysicalResourceId!);
    return { IsComplete: r.complete, ...(r.data ? { Data: r.data } : {}) };
  });
}

async function withContext<T>(
  event: ProviderEvent,
  context: LambdaContextLike | undefined,
  run: (handler: ResourceHandler<unknown>, ctx: HandlerContext) => Promise<T>,
): Promise<T> {
  const key = resourceKeyOf(event.ResourceType);
  if (!key) throw new Error(`${event.LogicalResourceId}: this provider does not handle resource type ${event.ResourceType}`);
  const handler = HANDLERS[key] as ResourceHandler<unknown>;
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set');
  // Every retry of every call stays inside the Lambda timeout, with room to report (handler-budget.ts).
  const remaining = context?.getRemainingTimeInMillis?.();
  const budget = handlerBudget(Date.now(), typeof remaining === 'number' && remaining > 0 ? remaining : undefined);
  const clients = new Map<string, WickrClient>();
  const clientFor = (r: string) => {
    let c = clients.get(r);
    if (!c) clients.set(r, (c = new WickrClient({ region: r, deadline: budget.deadline })));
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // The last resort: a call outside the Wickr client that hangs still gets a message, not a timeout.
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HandlerError(overrunMessage(event, budget))), Math.max(0, budget.deadline - Date.now() + budget.marginMs / 2));
    });
    return await Promise.race([run(handler, ctx), overrun]);
  } catch (e) {
    let message = e instanceof HandlerError || e instanceof PropertyError ? e.message : `${(e as Error).message ?? String(e)}${gaveUp(e, budget)}`;
    // The live service answers 403 ForbiddenError for every call about a network that is being, or
    // was, deleted (network.go @4b379437), so a bare 403 needs this to be read right.
    if ((e as Error)?.name === 'ForbiddenError') message += FORBIDDEN_HINT;
    ctx.log.warn('failed', { error: message });
    // What CloudFormation shows: which resource, what went wrong, what to change.
    throw new Error(`${event.LogicalResourceId} (${event.ResourceType}): ${message}`);
  } finally {
    clearTimeout(timer);
    for (const c of clients.values()) c.destroy();
  }
}

/** Where the resource is, for messages that have nothing else to go on. */
function networkOf(event: ProviderEvent): string {
  const props = event.ResourceProperties ?? {};
  const id = typeof props.NetworkId === 'string' ? props.NetworkId : undefined;
  const name = typeof props.NetworkName === 'string' ? props.NetworkName : undefined;
  return id ? ` for network ${id}` : name ? ` for network ${name}` : '';
}

function overrunMessage(event: ProviderEvent, budget: HandlerBudget): string {
  return (
    `${event.RequestType}${networkOf(event)} did not finish within its time budget (${describeBudget(budget)}), so it stopped ` +
    'to report this instead of being cut off by the Lambda timeout. Deploy again: what was done is read back, not done twice'
  );
}

/** For a transient failure the client stopped retrying: that it retried, within which budget, and what to do. */
function gaveUp(e: unknown, budget: HandlerBudget): string {
  const spent = (e as { $budgetSpent?: unknown }).$budgetSpent === true;
  if (!spent && !isRetryableError(e)) return '';
  const attempts = Number(process.env[RETRY_ENV_VARS.maxAttempts]) || DEFAULT_MAX_ATTEMPTS;
  return (
    `. The handler retried within its budget (up to ${attempts} attempts a call, ${describeBudget(budget)}) and stopped ` +
    `${spent ? 'when the budget ran out' : 'when the attempts were spent'}; deploy again when the service recovers: what was done is read back, not done twice`
  );
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
