/**
 * IAM actions for Wickr admin API operations. Every operation is authorised by the action of the
 * same name, with two exceptions recorded in AWS's Service Authorization Reference for AWS Wickr:
 * there is no `wickr:UpdateNetwork` action (the operation is authorised as
 * `wickr:UpdateNetworkDetails`), and `CreateNetwork` also needs `wickr:TagResource`.
 */
import type { OperationName } from '../wickr/model/operations';

const EXCEPTIONS: Partial<Record<OperationName, readonly string[]>> = {
  UpdateNetwork: ['wickr:UpdateNetworkDetails'],
  CreateNetwork: ['wickr:CreateNetwork', 'wickr:TagResource'],
};

/** Operations IAM authorises only on `*` (they name no network). */
export const ACCOUNT_LEVEL_OPERATIONS: readonly OperationName[] = ['ListNetworks'];

export function iamActionsFor(operation: OperationName): readonly string[] {
  return EXCEPTIONS[operation] ?? [`wickr:${operation}`];
}

/** Sorted, de-duplicated actions for a set of operations. */
export function iamActionsForAll(operations: Iterable<OperationName>): string[] {
  return [...new Set([...operations].flatMap((o) => iamActionsFor(o)))].sort();
}
