/**
 * Properties of `Custom::WickrFederation`, declared once for the construct and the handler: the
 * federation of every managed security group of ONE network, in the kit's terms (see
 * federation-mode.ts for how they map onto the API members).
 *
 * Peers' network ids arrive in one of two forms:
 * - `NetworkId`: known when the template is deployed (a partner's id from the config, or the id of
 *   a network of the app in the same Region, which the federation stack reads from SSM through a
 *   template parameter that CloudFormation resolves on every deploy);
 * - `Parameter` + `Region`: a network of the app in another Region; CloudFormation cannot read
 *   another Region's parameters, so the handler reads it there at deploy time.
 */
import { Infer, p } from './props';
import { FEDERATION_SCOPES } from './federation-mode';

/** Wickr network ids are 8 digits. */
export const NETWORK_ID_PATTERN = /^[0-9]{8}$/;
/** An AWS Region code. */
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** A DNS name, as Wickr Enterprise domains are written. */
export const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

/** The SSM parameter each network stack writes with its network's id. */
export function networkIdParameterName(agencyId: string, networkConfigId: string): string {
  return `/wickr-kit/${agencyId}/${networkConfigId}/network-id`;
}
export const NETWORK_ID_PARAMETER_PATTERN = /^\/wickr-kit\/[a-z0-9-]+\/[a-z0-9-]+\/network-id$/;

export const FederationPeerSchema = p.object({
  /** How the config names the peer (`dea/london`, `partner uk-fcdo`): for messages only. */
  Label: p.string({ min: 1, max: 200 }),
  /** AWS Wickr peers: their Region. */
  Region: p.optional(p.string({ pattern: REGION_PATTERN })),
  /** Wickr Enterprise peers: their domain. */
  Domain: p.optional(p.string({ pattern: DOMAIN_PATTERN })),
  NetworkId: p.optional(p.string({ pattern: NETWORK_ID_PATTERN })),
  /** SSM parameter in `Region` that holds the peer's id (networks of the app in other Regions). */
  Parameter: p.optional(p.string({ pattern: NETWORK_ID_PARAMETER_PATTERN })),
});
export type FederationPeerProperties = Infer<typeof FederationPeerSchema>;

export const FederationGroupSchema = p.object({
  /** The group's name in the config (for the default group: for messages only; it is found by its flag). */
  Name: p.string({ min: 1, max: 128 }),
  /** The network's default group: found by `isDefault`, whatever its name. */
  IsDefault: p.boolean(),
  Local: p.enumOf(FEDERATION_SCOPES),
  Global: p.enumOf(FEDERATION_SCOPES),
  Guests: p.boolean(),
  /** Same-Region AWS Wickr peers (`NetworkId` each). Missing when none (CloudFormation may drop empty lists). */
  LocalPeers: p.optional(p.list(FederationPeerSchema)),
  /** Other-Region AWS Wickr peers (`Region` and `NetworkId` or `Parameter` each). */
  AwsPeers: p.optional(p.list(FederationPeerSchema)),
  /** Wickr Enterprise peers (`Domain` and `NetworkId` each). */
  EnterprisePeers: p.optional(p.list(FederationPeerSchema)),
});
export type FederationGroupProperties = Infer<typeof FederationGroupSchema>;

export const FederationPropertiesSchema = p.object({
  /** The network whose groups are configured (this stack's Region). */
  NetworkId: p.string({ pattern: NETWORK_ID_PATTERN }),
  /** How the config names the network (`dea/canberra`): for messages only. */
  Network: p.string({ min: 1, max: 200 }),
  Groups: p.list(FederationGroupSchema),
  /**
   * Any text; changing it makes CloudFormation send an Update, so the handler re-reads the ids of
   * peers in other Regions (for a peer network replaced outside the config's knowledge).
   */
  Refresh: p.optional(p.string({ max: 128 })),
});

export type FederationProperties = Infer<typeof FederationPropertiesSchema>;
