/**
 * The federation section, checked and resolved in one pass: `analyzeFederation(config)` returns
 * every problem (with its config path) and the plan the stacks deploy and the federation map shows:
 * for every group of every network, its local and global scope, its guests, and the peers it
 * allow-lists.
 *
 * It reads through guards, so the validator can run it on raw input that failed the schema (it
 * then skips what is not well-typed: the schema has reported it) and the stacks can run it on the
 * parsed config. One function for both means the checks and the deployment cannot disagree.
 */
import type { FederationScope } from '../../lambda/shared/federation-mode';
import { federationPlanProblems, federationProblem } from '../../lambda/shared/federation-mode';
import { networkIdParameterName } from '../../lambda/shared/federation-props';
import type { ConfigProblem } from './errors';
import { DEFAULT_GROUP_NAME } from './federation';
import { wickrRegion, wickrRegionCodes } from './regions';

type Raw = Record<string, unknown>;
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const rec = (x: unknown): Raw => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Raw) : {});

/** A network of the config, as federation sees it. */
export interface PlanNetwork {
  /** `<agency id>/<network id>`, how links name it. */
  readonly key: string;
  readonly agencyId: string;
  /** The network's `id` in the config. */
  readonly networkId: string;
  /** The Wickr network name. */
  readonly name: string;
  readonly region: string;
  /** The agency's `account`, if it names one. */
  readonly account?: string;
  /** Config path of the network, e.g. `agencies[0].networks[1]`. */
  readonly path: string;
  /** The SSM parameter its network stack writes with its id. */
  readonly parameterName: string;
  /** The network's plan (STANDARD cannot federate with every network of the Region). */
  readonly accessLevel: 'STANDARD' | 'PREMIUM';
  /** Every group the kit manages federation for: the declared groups, and the default group. */
  readonly groups: PlanGroup[];
}

export interface PlanGroup {
  readonly name: string;
  readonly isDefault: boolean;
  readonly local: FederationScope;
  readonly global: FederationScope;
  readonly guests: boolean;
  /** The peers the group allow-lists, in link order. */
  readonly peers: PlanPeer[];
}

export type PlanPeer = PlanNetworkPeer | PlanAwsPartnerPeer | PlanEnterprisePartnerPeer;

interface PeerBase {
  /** Local (same Region, `permittedNetworks`) or global (other Region or Enterprise). */
  readonly scope: 'local' | 'global';
  /** Index of the link in `federation.links`. */
  readonly link: number;
}
export interface PlanNetworkPeer extends PeerBase {
  readonly kind: 'network';
  readonly key: string;
  readonly region: string;
  readonly parameterName: string;
  /** The peer's groups on the other side of the link. */
  readonly groups: readonly string[];
}
export interface PlanAwsPartnerPeer extends PeerBase {
  readonly kind: 'aws-partner';
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly networkId: string;
}
export interface PlanEnterprisePartnerPeer extends PeerBase {
  readonly kind: 'enterprise-partner';
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly networkId: string;
}

export interface PlanPartner {
  readonly id: string;
  readonly name: string;
  readonly region?: string;
  readonly enterpriseDomain?: string;
  readonly networkId: string;
}

export interface PlanLinkSide {
  readonly network?: string;
  readonly groups?: readonly string[];
  readonly partner?: string;
  /** Region of the side (AWS Wickr), absent for Wickr Enterprise. */
  readonly region?: string;
}

export interface PlanLink {
  readonly index: number;
  readonly description?: string;
  readonly sides: readonly [PlanLinkSide, PlanLinkSide];
  readonly scope: 'local' | 'global';
}

export interface FederationPlan {
  readonly networks: readonly PlanNetwork[];
  readonly partners: readonly PlanPartner[];
  readonly links: readonly PlanLink[];
  /** Things to tell the operator that are not errors (partner sides, Enterprise residency). */
  readonly notes: readonly string[];
  readonly refresh?: string;
}

export interface FederationAnalysis {
  readonly problems: ConfigProblem[];
  readonly plan: FederationPlan;
}

interface NetworkEntry {
  readonly net: PlanNetwork;
  readonly agency: Raw;
  readonly agencyPath: string;
  readonly partition?: string;
  /** The network's plan (the schema's default, PREMIUM, when the config leaves it out). */
  readonly accessLevel: 'STANDARD' | 'PREMIUM';
  /** Declared group names, and the name the default group goes by. */
  readonly declared: readonly string[];
  readonly defaultName: string;
}

/** The groups a network declares (`securityGroups[]`), plus its default group under its configured name or `Default`. */
export function declaredGroups(network: unknown): { names: string[]; defaultName: string } {
  const groups = list(rec(network).securityGroups).map(rec);
  const names = groups.map((g) => str(g.name)).filter((n): n is string => n !== undefined);
  const declaredDefault = str(groups.find((g) => g.default === true)?.name);
  const defaultName = declaredDefault ?? DEFAULT_GROUP_NAME;
  if (declaredDefault === undefined && !names.includes(DEFAULT_GROUP_NAME)) names.unshift(DEFAULT_GROUP_NAME);
  return { names, defaultName };
}

function collectNetworks(root: Raw): Map<string, NetworkEntry> {
  const out = new Map<string, NetworkEntry>();
  list(root.agencies).forEach((rawAgency, i) => {
    const agency = rec(rawAgency);
    const agencyId = str(agency.id);
    if (agencyId === undefined) return;
    list(agency.networks).forEach((rawNetwork, j) => {
      const n = rec(rawNetwork);
      const id = str(n.id);
      const region = str(n.region);
      if (id === undefined || region === undefined) return;
      const key = `${agencyId}/${id}`;
      if (out.has(key)) return; // a duplicate id: the validator reports it
      const { names, defaultName } = declaredGroups(n);
      const accessLevel = str(n.accessLevel) === 'STANDARD' ? 'STANDARD' : 'PREMIUM';
      out.set(key, {
        net: {
          key,
          agencyId,
          networkId: id,
          name: str(n.name) ?? id,
          region,
          account: str(agency.account),
          path: `agencies[${i}].networks[${j}]`,
          parameterName: networkIdParameterName(agencyId, id),
          accessLevel,
          groups: [],
        },
        agency,
        agencyPath: `agencies[${i}]`,
        partition: wickrRegion(region)?.partition,
        accessLevel,
        declared: names,
        defaultName,
      });
    });
  });
  return out;
}

interface ResolvedSide {
  readonly path: string;
  readonly network?: NetworkEntry;
  readonly groups?: readonly string[];
  readonly partner?: PlanPartner;
}

/** Checks the federation section of a config (parsed or raw) and resolves it into a plan. */
export function analyzeFederation(config: unknown): FederationAnalysis {
  const problems: ConfigProblem[] = [];
  const notes: string[] = [];
  const root = rec(config);
  const fed = rec(root.federation);
  const networks = collectNetworks(root);
  const networkKeys = [...networks.keys()].join(', ') || 'none declared';

  // Partners.
  const partners = new Map<string, PlanPartner>();
  list(fed.partners).forEach((raw, i) => {
    const p = rec(raw);
    const path = `federation.partners[${i}]`;
    const id = str(p.id);
    const region = str(p.region);
    const domain = str(p.enterpriseDomain);
    const networkId = str(p.networkId);
    if ((region === undefined) === (domain === undefined)) {
      problems.push({
        path,
        message: 'give the partner either region (an AWS Wickr network) or enterpriseDomain (a Wickr Enterprise network), not both and not neither',
        got: { region, enterpriseDomain: domain },
      });
    }
    if (region !== undefined && !wickrRegion(region)) {
      problems.push({ path: `${path}.region`, message: 'AWS Wickr is not offered in this Region (see docs/regions.md for the catalog and its sources)', got: region, allowed: wickrRegionCodes().join(', ') });
    }
    if (id === undefined || networkId === undefined) return;
    if (partners.has(id)) {
      problems.push({ path: `${path}.id`, message: 'partner id is already used by another entry of federation.partners', got: id });
      return;
    }
    partners.set(id, { id, name: str(p.name) ?? id, region: domain === undefined ? region : undefined, enterpriseDomain: domain, networkId });
  });

  // Per-group options, keyed by network key and group name.
  const options = new Map<string, { path: string; local?: FederationScope; global?: FederationScope; guests: boolean }>();
  list(fed.groups).forEach((raw, i) => {
    const g = rec(raw);
    const path = `federation.groups[${i}]`;
    const key = str(g.network);
    const name = str(g.group);
    if (key === undefined || name === undefined) return;
    const entry = networks.get(key);
    if (!entry) {
      problems.push({ path: `${path}.network`, message: 'no network of this config has this id', got: key, allowed: networkKeys });
      return;
    }
    if (!entry.declared.includes(name)) {
      problems.push({ path: `${path}.group`, message: `network ${key} declares no security group of this name`, got: name, allowed: entry.declared.join(', ') });
      return;
    }
    const id = `${key}#${name}`;
    const previous = options.get(id);
    if (previous) {
      problems.push({ path, message: `conflicting options: group ${name} of ${key} is already configured by ${previous.path}; configure each group once`, got: `${key} ${name}` });
      return;
    }
    options.set(id, { path, local: scopeOf(g.local), global: scopeOf(g.global), guests: g.guests === true });
  });

  // Links.
  const peersOf = new Map<string, PlanPeer[]>();
  const addPeer = (key: string, group: string, peer: PlanPeer) => {
    const id = `${key}#${group}`;
    const peers = peersOf.get(id) ?? [];
    const same = (q: PlanPeer) =>
      q.kind === peer.kind && q.scope === peer.scope && (q.kind === 'network' ? q.key === (peer as PlanNetworkPeer).key : (q as PlanAwsPartnerPeer).id === (peer as PlanAwsPartnerPeer).id);
    if (!peers.some(same)) peers.push(peer);
    else if (peer.kind === 'network') {
      const existing = peers.find(same) as PlanNetworkPeer;
      peers[peers.indexOf(existing)] = { ...existing, groups: [...new Set([...existing.groups, ...peer.groups])] };
    }
    peersOf.set(id, peers);
  };
  const links: PlanLink[] = [];
  list(fed.links).forEach((raw, i) => {
    const l = rec(raw);
    const path = `federation.links[${i}]`;
    const between = list(l.between);
    if (between.length !== 2) return; // the schema reports it
    const sides = between.map((s, j) => resolveSide(rec(s), `${path}.between[${j}]`, networks, partners, networkKeys, problems));
    const [a, b] = sides;
    if (a === undefined || b === undefined) return;
    if (!a.network && !b.network) {
      problems.push({ path: `${path}.between`, message: 'a link needs at least one network of this config; between two partners there is nothing for the kit to configure', got: [a.partner?.id, b.partner?.id] });
      return;
    }
    if (a.network && b.network && a.network === b.network) {
      problems.push({ path: `${path}.between[1].network`, message: 'a network cannot federate with itself; to let its groups talk to each other nothing is needed', got: a.network.net.key });
      return;
    }
    let ok = true;
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!self.network) continue;
      const otherRegion = other.network?.net.region ?? other.partner?.region;
      const allowed = list(self.network.agency.allowedRegions).filter((r): r is string => typeof r === 'string');
      if (otherRegion !== undefined && Array.isArray(self.network.agency.allowedRegions) && !allowed.includes(otherRegion)) {
        ok = false;
        problems.push({
          path: other.path,
          message:
            `Region ${otherRegion} is outside ${self.network.agencyPath}.allowedRegions, the agency of ${self.network.net.key} (data residency: federated ` +
            'conversations are held on both sides); add the Region there only if the agency may hold data in it, or remove the link',
          got: otherRegion,
          allowed: allowed.join(', ') || 'none listed',
        });
      }
    }
    if (a.network && b.network) {
      const [x, y] = [a.network, b.network];
      if (x.net.account !== y.net.account || x.partition !== y.partition) {
        ok = false;
        problems.push({
          path: `${path}.between`,
          message:
            `${x.net.key} and ${y.net.key} deploy to ${x.net.account ? `account ${x.net.account}` : 'the default account'}${x.partition ? ` (${x.partition})` : ''} and ` +
            `${y.net.account ? `account ${y.net.account}` : 'the default account'}${y.partition ? ` (${y.partition})` : ''}: a federation stack can read peers' ids only ` +
            'in its own account and partition. Declare each side as a partner of the other (federation.partners, with the network id) instead',
          got: [x.net.key, y.net.key],
        });
      }
    }
    if (!ok) return;
    const regionOf = (s: ResolvedSide) => s.network?.net.region ?? s.partner?.region;
    const scope: 'local' | 'global' = regionOf(a) !== undefined && regionOf(a) === regionOf(b) ? 'local' : 'global';
    links.push({
      index: i,
      description: str(l.description),
      scope,
      sides: [a, b].map((s) => ({ network: s.network?.net.key, groups: s.groups, partner: s.partner?.id, region: regionOf(s) })) as [PlanLinkSide, PlanLinkSide],
    });
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!self.network) continue;
      for (const group of self.groups ?? []) {
        if (other.network) {
          addPeer(self.network.net.key, group, {
            kind: 'network',
            scope,
            link: i,
            key: other.network.net.key,
            region: other.network.net.region,
            parameterName: other.network.net.parameterName,
            groups: other.groups ?? [],
          });
        } else if (other.partner?.region !== undefined) {
          addPeer(self.network.net.key, group, { kind: 'aws-partner', scope, link: i, id: other.partner.id, name: other.partner.name, region: other.partner.region, networkId: other.partner.networkId });
        } else if (other.partner?.enterpriseDomain !== undefined) {
          addPeer(self.network.net.key, group, {
            kind: 'enterprise-partner',
            scope: 'global',
            link: i,
            id: other.partner.id,
            name: other.partner.name,
            domain: other.partner.enterpriseDomain,
            networkId: other.partner.networkId,
          });
        }
      }
      if (other.partner) {
        notes.push(
          `${path}: partner ${other.partner.id} (${other.partner.name}) must allow-list ${self.network.net.key} in their own groups; the kit configures only ` +
            `${self.network.net.key}'s side (${(self.groups ?? []).join(', ')}), and federation works only when both sides allow each other`,
        );
        if (other.partner.enterpriseDomain !== undefined) {
          notes.push(`${path}: partner ${other.partner.id} is a Wickr Enterprise network (${other.partner.enterpriseDomain}); where it holds data is not known to the kit, so data residency is not checked for it`);
        }
      }
    }
  });

  // Every group of every network: scopes from the options, else from the links.
  const planned: PlanNetwork[] = [];
  for (const entry of networks.values()) {
    const groups: PlanGroup[] = entry.declared.map((name) => {
      const id = `${entry.net.key}#${name}`;
      const peers = peersOf.get(id) ?? [];
      const opt = options.get(id);
      const has = (s: 'local' | 'global') => peers.some((p) => p.scope === s);
      const local = opt?.local ?? (has('local') ? 'restricted' : 'none');
      const global = opt?.global ?? (has('global') ? 'restricted' : 'none');
      const guests = opt?.guests ?? false;
      if (opt) {
        for (const s of ['local', 'global'] as const) {
          const chosen = s === 'local' ? opt.local : opt.global;
          const linked = peers.filter((p) => p.scope === s);
          if (chosen !== undefined && chosen !== 'restricted' && linked.length > 0) {
            problems.push({
              path: `${opt.path}.${s}`,
              message:
                `conflicting modes: ${s}: ${chosen} for group ${name} of ${entry.net.key}, but ${linked.map((p) => `federation.links[${p.link}]`).join(', ')} ` +
                `restrict${linked.length === 1 ? 's' : ''} it to named networks; remove ${s}: ${chosen} to keep only the linked networks, or remove the link${linked.length === 1 ? '' : 's'}`,
              got: chosen,
              allowed: 'restricted (or leave it out)',
            });
          }
        }
        for (const p of federationPlanProblems({ local, global, guests }, { accessLevel: entry.accessLevel })) {
          problems.push({ path: `${opt.path}.${p.field}`, message: p.message, got: p.field === 'local' ? local : guests });
        }
        const problem = federationProblem({ local, global, guests });
        if (problem) {
          const east = entry.net.region === 'us-east-1' ? ' (in us-east-1 the console shows the guest toggle under local federation, but the API rule is the same)' : '';
          problems.push({
            path: `${opt.path}.guests`,
            message: `${problem}${east}; set global: restricted (guests only, or with cross-Region links) or global: all on this group, or guests: false`,
            got: true,
          });
        }
      }
      return { name, isDefault: name === entry.defaultName, local, global, guests, peers };
    });
    planned.push({ ...entry.net, groups });
  }

  return {
    problems,
    plan: { networks: planned, partners: [...partners.values()], links, notes: [...new Set(notes)], refresh: str(fed.refresh) },
  };
}

function scopeOf(x: unknown): FederationScope | undefined {
  return x === 'none' || x === 'all' || x === 'restricted' ? x : undefined;
}

function resolveSide(
  s: Raw,
  path: string,
  networks: Map<string, NetworkEntry>,
  partners: Map<string, PlanPartner>,
  networkKeys: string,
  problems: ConfigProblem[],
): ResolvedSide | undefined {
  const networkKey = str(s.network);
  const partnerId = str(s.partner);
  if ((networkKey === undefined) === (partnerId === undefined)) {
    problems.push({ path, message: 'a side names either network (with groups) or partner, not both and not neither', got: { network: networkKey, partner: partnerId } });
    return undefined;
  }
  if (partnerId !== undefined) {
    if (s.groups !== undefined) {
      problems.push({ path: `${path}.groups`, message: "a partner's groups are theirs to configure; remove groups from this side", got: s.groups });
      return undefined;
    }
    const partner = partners.get(partnerId);
    if (!partner) {
      problems.push({ path: `${path}.partner`, message: 'no entry of federation.partners has this id', got: partnerId, allowed: [...partners.keys()].join(', ') || 'none declared' });
      return undefined;
    }
    return { path, partner };
  }
  const network = networks.get(networkKey!);
  if (!network) {
    problems.push({ path: `${path}.network`, message: 'no network of this config has this id', got: networkKey, allowed: networkKeys });
    return undefined;
  }
  const groups = list(s.groups).filter((g): g is string => typeof g === 'string');
  if (s.groups === undefined) {
    problems.push({ path: `${path}.groups`, message: `name the security groups of ${network.net.key} this link applies to`, got: undefined, allowed: network.declared.join(', ') });
    return undefined;
  }
  let ok = true;
  list(s.groups).forEach((g, k) => {
    if (typeof g === 'string' && !network.declared.includes(g)) {
      ok = false;
      problems.push({ path: `${path}.groups[${k}]`, message: `network ${network.net.key} declares no security group of this name`, got: g, allowed: network.declared.join(', ') });
    }
  });
  return ok ? { path, network, groups: [...new Set(groups)] } : undefined;
}
