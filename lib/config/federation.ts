/**
 * The `federation` section of the config: which security groups of which networks may talk to
 * which networks, in the app or outside it. Imported by schema.ts; the cross-field rules are in
 * federation-plan.ts, which also turns a valid section into the plan the stacks deploy.
 *
 * A link names BOTH sides, so within the app a restricted link is two-sided by construction: the kit
 * writes each side's allow-list. A side can be an external partner (an AWS Wickr network in a
 * Region, or a Wickr Enterprise network), whose own allow-list is theirs to configure.
 */
import { z } from 'zod';
import { DOMAIN_PATTERN, NETWORK_ID_PATTERN, REGION_PATTERN } from '../../lambda/shared/federation-props';
import { FEDERATION_SCOPES } from '../../lambda/shared/federation-mode';
import { visibleText } from './text';

/** The name under which a network's default group is known when the config does not name it. */
export const DEFAULT_GROUP_NAME = 'Default';

const SLUG = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
/** How a link names a network of the config: `<agency id>/<network id>`. */
export const NETWORK_REF_PATTERN = /^[a-z]([a-z0-9-]*[a-z0-9])?\/[a-z]([a-z0-9-]*[a-z0-9])?$/;

const networkRef = z
  .string()
  .regex(NETWORK_REF_PATTERN, 'name a network of this config as <agency id>/<network id>, e.g. dea/canberra')
  .meta({ description: 'A network of this config, as <agency id>/<network id> (e.g. dea/canberra).' });
const groupName = visibleText(z.string().min(1, 'a group name is 1 to 128 characters').max(128, 'a group name is 1 to 128 characters'));

export const FederationPartnerSchema = z
  .strictObject({
    id: z
      .string()
      .regex(SLUG, 'partner id must be lower-case letters, digits and hyphens, starting with a letter')
      .max(32, 'partner id must be at most 32 characters')
      .meta({ description: 'How links name this partner (lower-case, at most 32 characters).' }),
    name: visibleText(z.string().min(1).max(128)).meta({ description: 'Who the partner is, for the federation map (e.g. "UK government, London"; 1 to 128 characters).' }),
    region: z
      .string()
      .regex(REGION_PATTERN, 'must be an AWS Region code such as eu-west-2')
      .optional()
      .meta({ description: 'AWS Wickr partners: the Region of their network. Give region or enterpriseDomain, not both.' }),
    enterpriseDomain: z
      .string()
      .regex(DOMAIN_PATTERN, 'must be a domain name such as wickr.partner.example')
      .optional()
      .meta({ description: 'Wickr Enterprise partners: the domain of their Wickr Enterprise deployment.' }),
    networkId: z
      .string()
      .regex(NETWORK_ID_PATTERN, 'a Wickr network id is 8 digits')
      .meta({ description: "The partner's 8-digit Wickr network id (they give it to you)." }),
  })
  .meta({ description: 'A network outside this config. The kit allow-lists it on your side; their side is theirs to configure.' });

export const FederationSideSchema = z
  .strictObject({
    network: networkRef.optional(),
    groups: z
      .array(groupName)
      .min(1, 'name at least one group')
      .optional()
      .meta({
        description: `With network: the security groups of that network this link applies to, by name (the default group is "${DEFAULT_GROUP_NAME}" unless the network names it).`,
      }),
    partner: z.string().regex(SLUG, 'a partner id is lower-case letters, digits and hyphens').optional().meta({ description: 'Instead of network: the id of an entry in federation.partners.' }),
  })
  .meta({ description: 'One side of a link: a network of this config with its groups, or a partner.' });

export const FederationLinkSchema = z
  .strictObject({
    description: visibleText(z.string().max(256)).optional().meta({ description: 'Why the link exists, for the federation map (at most 256 characters).' }),
    between: z
      .tuple([FederationSideSchema, FederationSideSchema])
      .meta({ description: 'The two sides. Same Region: local restricted federation; different Regions or Wickr Enterprise: global restricted federation.' }),
  })
  .meta({ description: 'Restricted federation between two sides: each allow-lists the other in the named groups.' });

const scope = (where: string) =>
  z
    .enum(FEDERATION_SCOPES)
    .optional()
    .meta({
      description: `Federation ${where}: none, all (every network), or restricted (only the networks its links name). Default: restricted when the group has links ${where}, else none.`,
    });

export const FederationGroupSchema = z
  .strictObject({
    network: networkRef,
    group: groupName.meta({ description: `The group's name (the default group is "${DEFAULT_GROUP_NAME}" unless the network names it).` }),
    local: scope('with networks in the same Region'),
    global: scope('across Regions and with Wickr Enterprise'),
    guests: z
      .boolean()
      .default(false)
      .meta({ description: 'Let the group talk to guest users (default false). Needs global federation on the group (all, or restricted with or without links).' }),
  })
  .meta({ description: 'Federation options of one security group beyond its links.' });

export const FederationSchema = z
  .strictObject({
    partners: z.array(FederationPartnerSchema).default([]).meta({ description: 'Networks outside this config that links may name.' }),
    links: z.array(FederationLinkSchema).default([]).meta({ description: 'Restricted federation links.' }),
    groups: z
      .array(FederationGroupSchema)
      .default([])
      .meta({ description: 'Per-group options: guests, and federation with all networks. Groups not listed have no federation beyond their links and no guests.' }),
    refresh: z
      .string()
      .max(128)
      .optional()
      .meta({
        description:
          "Any text. Change it to make every federation resource re-read its peers' network ids at the next deploy (needed only when a peer network was replaced outside the config, see docs/federation.md).",
      }),
  })
  .meta({
    description:
      'Federation between the security groups of the networks of this config and partners. The kit owns the federation options of every group of every network: a group with no link and no entry here has federation off and no guests.',
  });

export type FederationConfig = z.output<typeof FederationSchema>;
