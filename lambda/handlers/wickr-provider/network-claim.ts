/**
 * The network resource's creation claim: how a Create that failed after CreateNetwork went through
 * (the handler timed out, or a read after the create failed) is finished by the next deploy instead
 * of being refused as "a network of this name already exists".
 *
 * Names are not unique in Wickr and the API has no tags, so nothing on a network says which resource
 * made it. The handler therefore writes, in the stack's Region, an SSM parameter named after the
 * stack and the resource (`networkClaimParameterName`) before it calls CreateNetwork (it has already
 * checked that no network has the name), adds the id as soon as CreateNetwork answers, and deletes
 * the parameter once the Create has succeeded. A later Create of the same resource that finds the
 * claim and exactly the network it names (or, without an id, exactly one network of the name) takes
 * that network as its own. Without the parameter, the handler refuses as before.
 *
 * The provider may read, write and delete exactly these parameters (WickrNetwork grants them). A
 * claim that cannot be read or written (an older provider policy) is logged and skipped: the handler
 * then behaves as it did without claims.
 */
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { networkClaimParameterName } from '../../shared/network-props';
import type { HandlerContext } from './framework';

export interface NetworkClaim {
  readonly networkName: string;
  /** Known once CreateNetwork has answered. */
  readonly networkId?: string;
  /** The CloudFormation request that made the claim. */
  readonly requestId: string;
}

/** The stack's name, from its id (`arn:...:stack/<name>/<uuid>`). */
export function stackNameOf(stackId: string): string {
  const m = /:stack\/([^/]+)\//.exec(stackId);
  return m ? m[1] : stackId;
}

export class NetworkClaims {
  private readonly name: string;
  private client?: SSMClient;

  constructor(private readonly ctx: HandlerContext) {
    this.name = networkClaimParameterName(stackNameOf(ctx.stackId), ctx.logicalId);
  }

  /** The claim an earlier attempt of this resource left, if any. */
  async read(): Promise<NetworkClaim | undefined> {
    try {
      const value = (await this.ssm().send(new GetParameterCommand({ Name: this.name }))).Parameter?.Value;
      const parsed: unknown = value === undefined ? undefined : JSON.parse(value);
      return parsed !== null && typeof parsed === 'object' && typeof (parsed as NetworkClaim).networkName === 'string' ? (parsed as NetworkClaim) : undefined;
    } catch (e) {
      if ((e as { name?: string }).name !== 'ParameterNotFound') this.skipped('read', e);
      return undefined;
    }
  }

  async write(claim: NetworkClaim): Promise<void> {
    try {
      await this.ssm().send(new PutParameterCommand({ Name: this.name, Value: JSON.stringify(claim), Type: 'String', Overwrite: true }));
    } catch (e) {
      this.skipped('write', e);
    }
  }

  async clear(): Promise<void> {
    try {
      await this.ssm().send(new DeleteParameterCommand({ Name: this.name }));
    } catch (e) {
      if ((e as { name?: string }).name !== 'ParameterNotFound') this.skipped('delete', e);
    }
  }

  destroy(): void {
    this.client?.destroy();
  }

  private ssm(): SSMClient {
    // Built inside the invocation, so the Lambda's (or the harness's) environment is the one read.
    return (this.client ??= new SSMClient({ region: this.ctx.region }));
  }

  private skipped(what: string, e: unknown): void {
    this.ctx.log.warn(`could not ${what} the network's creation claim; a Create that fails after CreateNetwork will need adoptNetworkId`, {
      parameter: this.name,
      error: (e as Error).message ?? String(e),
    });
  }
}
