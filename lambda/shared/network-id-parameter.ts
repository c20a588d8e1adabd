/**
 * Reading a network's id from the SSM parameter its network stack writes
 * (`/wickr-kit/<agency>/<network>/network-id`, federation-props.ts). The federation handler reads
 * peers' ids this way at deploy time, and drift detection finds the deployed networks and their
 * peers the same way, read-only, so both see the network the deployment wrote.
 *
 * The answer says why a parameter gave no id; only failures that say nothing about the parameter
 * (throttling after the SDK's retries, the network) are thrown.
 */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { NETWORK_ID_PATTERN } from './federation-props';

export type NetworkIdRead =
  | { readonly kind: 'found'; readonly networkId: string }
  /** No such parameter in that Region: the network stack has not been deployed (or was removed). */
  | { readonly kind: 'not-found' }
  /** The caller may not read it (another account, or a role without ssm:GetParameter on it). */
  | { readonly kind: 'denied'; readonly message: string }
  /** It holds something other than an 8-digit Wickr network id. */
  | { readonly kind: 'malformed'; readonly value: string | undefined };

export async function readNetworkIdParameter(client: Pick<SSMClient, 'send'>, name: string): Promise<NetworkIdRead> {
  let value: string | undefined;
  try {
    value = (await client.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (e) {
    const { name: type, message } = e as { name?: string; message?: string };
    if (type === 'ParameterNotFound') return { kind: 'not-found' };
    if (type === 'AccessDeniedException') return { kind: 'denied', message: message ?? type };
    throw e;
  }
  return value !== undefined && NETWORK_ID_PATTERN.test(value) ? { kind: 'found', networkId: value } : { kind: 'malformed', value };
}
