/**
 * Reads the ids of peer networks that live in other Regions from the SSM parameters their network
 * stacks write (`/wickr-kit/<agency>/<network>/network-id`). CloudFormation can resolve SSM
 * parameters only in a stack's own Region, so the hand-off across Regions happens here, at deploy
 * time, with a client for the peer's Region (lambda/shared/network-id-parameter.ts, which drift
 * detection reads with too). The provider role may read exactly those parameters.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { readNetworkIdParameter } from '../../shared/network-id-parameter';
import { HandlerError } from './framework';

export interface ParameterRef {
  readonly label: string;
  readonly region: string;
  readonly name: string;
}

/** Reads each parameter once; answers `region|name` → network id. Fails with what to do when one is missing. */
export async function readPeerNetworkIds(refs: readonly ParameterRef[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const clients = new Map<string, SSMClient>();
  const clientFor = (region: string) => {
    let c = clients.get(region);
    // Built inside the invocation, so the Lambda's (or the harness's) environment is the one read.
    if (!c) clients.set(region, (c = new SSMClient({ region })));
    return c;
  };
  try {
    for (const ref of refs) {
      const key = parameterKey(ref.region, ref.name);
      if (out.has(key)) continue;
      const read = await readNetworkIdParameter(clientFor(ref.region), ref.name);
      if (read.kind === 'not-found') {
        throw new HandlerError(
          `the id of peer network ${ref.label} is not in SSM parameter ${ref.name} in ${ref.region}; its network stack writes it, so deploy that stack first ` +
            '(cdk deploy --all orders this), and check that the network is still in the config',
        );
      }
      if (read.kind === 'denied') {
        throw new HandlerError(
          `reading SSM parameter ${ref.name} in ${ref.region} (peer network ${ref.label}) was denied; the federation provider may read only the parameters ` +
            'of the networks its links name, in the account of this stack: a peer in another account must be declared as a partner with its network id',
        );
      }
      if (read.kind === 'malformed') {
        throw new HandlerError(`SSM parameter ${ref.name} in ${ref.region} (peer network ${ref.label}) holds ${JSON.stringify(read.value ?? null)}, not an 8-digit Wickr network id`);
      }
      out.set(key, read.networkId);
    }
  } finally {
    for (const c of clients.values()) c.destroy();
  }
  return out;
}

export function parameterKey(region: string, name: string): string {
  return `${region}|${name}`;
}
