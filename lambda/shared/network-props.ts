/** Properties of `Custom::WickrNetwork`, declared once for the construct and the handler. */
import { Infer, p } from './props';

/** What happens to the network when the resource leaves the stack. */
export const NETWORK_REMOVAL = ['retain', 'destroy'] as const;

export const NetworkPropertiesSchema = p.object({
  /** Network name (1 to 20 characters). */
  NetworkName: p.string({ min: 1, max: 20 }),
  AccessLevel: p.enumOf(['STANDARD', 'PREMIUM'] as const),
  /** Customer-managed KMS key for the network's sensitive data. */
  EncryptionKeyArn: p.optional(p.string({ pattern: /^arn:aws[a-z-]*:kms:/ })),
  /** Adopt this existing network instead of creating one. */
  AdoptNetworkId: p.optional(p.string({ pattern: /^[0-9]{8}$/ })),
  /** `retain` (default): Delete leaves the network. `destroy`: Delete deletes it and everything in it. */
  RemovalPolicy: p.enumOf(NETWORK_REMOVAL),
});

export type NetworkProperties = Infer<typeof NetworkPropertiesSchema>;

/** Attributes the network resource returns (`Fn::GetAtt`). */
export const NETWORK_ATTRIBUTES = { networkId: 'NetworkId', networkArn: 'NetworkArn', networkName: 'NetworkName' } as const;

/**
 * The SSM parameter in which a network resource records that it is about to create a network, and
 * then its id, until its Create has succeeded (lambda/handlers/wickr-provider/network-claim.ts). Keyed
 * by stack name and logical id, which stay the same when a failed stack is deleted and deployed again.
 */
export function networkClaimParameterName(stackName: string, logicalId: string): string {
  return `/wickr-kit/claims/${stackName}/${logicalId}`;
}
