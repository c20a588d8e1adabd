/**
 * The kit's Wickr custom resources: their CloudFormation type names and the Wickr operations each
 * handler may call. The provider construct derives its IAM policy from these lists, and a test
 * checks each list against the commands the handler's code actually sends, so the policy can
 * neither lag behind the code nor grant more than it uses.
 *
 * Shared by constructs (synth time) and handlers (run time); no dependencies.
 */
import type { OperationName } from '../wickr/model/operations';

export interface WickrResourceKind {
  /** CloudFormation resource type, `Custom::Wickr...`. */
  readonly type: string;
  /** Every Wickr admin API operation the handler may send. */
  readonly operations: readonly OperationName[];
  /** Whether the resource reads or writes Secrets Manager (granted per secret by the construct). */
  readonly usesSecrets?: 'read' | 'write';
}

export const WICKR_RESOURCES = {
  network: {
    type: 'Custom::WickrNetwork',
    operations: ['ListNetworks', 'GetNetwork', 'CreateNetwork', 'UpdateNetwork', 'DeleteNetwork'],
  },
  networkSettings: {
    type: 'Custom::WickrNetworkSettings',
    operations: ['GetNetworkSettings', 'UpdateNetworkSettings'],
  },
  dataRetentionBot: {
    type: 'Custom::WickrDataRetentionBot',
    operations: ['GetDataRetentionBot', 'CreateDataRetentionBot', 'CreateDataRetentionBotChallenge', 'DeleteDataRetentionBot'],
    usesSecrets: 'write',
  },
  dataRetention: {
    type: 'Custom::WickrDataRetention',
    operations: ['GetDataRetentionBot', 'UpdateDataRetention'],
  },
  securityGroup: {
    type: 'Custom::WickrSecurityGroup',
    operations: ['ListSecurityGroups', 'GetSecurityGroup', 'CreateSecurityGroup', 'UpdateSecurityGroup', 'DeleteSecurityGroup'],
  },
  oidc: {
    type: 'Custom::WickrOidc',
    operations: ['GetOidcInfo', 'RegisterOidcConfigTest', 'RegisterOidcConfig'],
    usesSecrets: 'read',
  },
  users: {
    type: 'Custom::WickrUsers',
    operations: ['ListSecurityGroups', 'ListUsers', 'ListBots', 'BatchCreateUser', 'UpdateUser', 'BatchDeleteUser', 'CreateBot', 'UpdateBot', 'DeleteBot'],
    usesSecrets: 'read',
  },
  federation: {
    type: 'Custom::WickrFederation',
    operations: ['ListSecurityGroups', 'UpdateSecurityGroup'],
  },
} as const satisfies Record<string, WickrResourceKind>;

export type WickrResourceKey = keyof typeof WICKR_RESOURCES;

/** The resource key for a CloudFormation type, or undefined. */
export function resourceKeyOf(type: string): WickrResourceKey | undefined {
  return (Object.keys(WICKR_RESOURCES) as WickrResourceKey[]).find((k) => WICKR_RESOURCES[k].type === type);
}
