/**
 * The federation map: which group of which network can talk to which networks, in which Region,
 * and whether guests are allowed, for operators and assessors. Written beside the synth output
 * (`cdk.out/federation-map.md` and `.json`) and added to the evidence pack's "Federation map"
 * section.
 *
 * It is built from the federation plan (lib/config/federation-plan.ts), the same object the stacks
 * deploy, so the map cannot describe something other than what is deployed. Network ids of the
 * app's networks exist only after deployment, so the map names them by config id; partners' ids
 * are shown as configured.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IConstruct } from 'constructs';
import type { FederationPlan, PlanPeer } from '../config/federation-plan';
import { wickrRegion } from '../config/regions';
import { FEDERATION_MAP_SECTION_ID, addEvidenceSection } from '../nag/evidence/sections';

export const FEDERATION_MAP_FILES = { markdown: 'federation-map.md', json: 'federation-map.json' } as const;

export interface FederationMapPeer {
  /** `dea/london`, or `partner uk-fcdo`. */
  readonly peer: string;
  readonly kind: 'network' | 'aws-partner' | 'enterprise-partner';
  readonly scope: 'local' | 'global';
  readonly region?: string;
  readonly domain?: string;
  /** Partners only: their network id as configured. */
  readonly networkId?: string;
  /** Networks of the app: their groups on the other side of the link. */
  readonly theirGroups?: readonly string[];
  /** Who configures the other side: the kit (networks of the app) or the partner. */
  readonly otherSide: 'kit' | 'partner';
  /** Index in federation.links. */
  readonly link: number;
}

export interface FederationMapGroup {
  readonly name: string;
  readonly isDefault: boolean;
  readonly local: string;
  readonly global: string;
  readonly guests: boolean;
  readonly allowList: readonly FederationMapPeer[];
}

export interface FederationMapNetwork {
  readonly network: string;
  readonly name: string;
  readonly region: string;
  readonly regionName: string;
  readonly groups: readonly FederationMapGroup[];
}

export interface FederationMap {
  readonly version: 1;
  readonly networks: readonly FederationMapNetwork[];
  readonly links: readonly {
    readonly link: number;
    readonly description?: string;
    readonly scope: 'local' | 'global';
    readonly sides: readonly { readonly network?: string; readonly groups?: readonly string[]; readonly partner?: string; readonly region?: string }[];
    readonly configuredBy: 'kit (both sides)' | 'kit (our side) and the partner (theirs)';
  }[];
  readonly partners: FederationPlan['partners'];
  readonly notes: readonly string[];
}

function peerOf(p: PlanPeer): FederationMapPeer {
  switch (p.kind) {
    case 'network':
      return { peer: p.key, kind: p.kind, scope: p.scope, region: p.region, theirGroups: p.groups, otherSide: 'kit', link: p.link };
    case 'aws-partner':
      return { peer: `partner ${p.id}`, kind: p.kind, scope: p.scope, region: p.region, networkId: p.networkId, otherSide: 'partner', link: p.link };
    case 'enterprise-partner':
      return { peer: `partner ${p.id}`, kind: p.kind, scope: p.scope, domain: p.domain, networkId: p.networkId, otherSide: 'partner', link: p.link };
  }
}

export function buildFederationMap(plan: FederationPlan): FederationMap {
  return {
    version: 1,
    networks: plan.networks.map((n) => ({
      network: n.key,
      name: n.name,
      region: n.region,
      regionName: wickrRegion(n.region)?.name ?? n.region,
      groups: n.groups.map((g) => ({ name: g.name, isDefault: g.isDefault, local: g.local, global: g.global, guests: g.guests, allowList: g.peers.map(peerOf) })),
    })),
    links: plan.links.map((l) => ({
      link: l.index,
      description: l.description,
      scope: l.scope,
      sides: l.sides,
      configuredBy: l.sides.some((s) => s.partner !== undefined) ? 'kit (our side) and the partner (theirs)' : 'kit (both sides)',
    })),
    partners: plan.partners,
    notes: plan.notes,
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const scopeText = (scope: string, where: string) => (scope === 'none' ? 'off' : scope === 'all' ? `all networks ${where}` : `restricted`);

function peerText(p: FederationMapPeer): string {
  const where = p.region ?? p.domain ?? '';
  const theirs = p.theirGroups && p.theirGroups.length > 0 ? ` [${p.theirGroups.join(', ')}]` : '';
  const id = p.networkId ? ` ${p.networkId}` : '';
  const side = p.otherSide === 'partner' ? ', their side is theirs to configure' : '';
  return `${p.peer}${theirs} (${where}${id}; ${p.scope}${side})`;
}

function sideText(s: { network?: string; groups?: readonly string[]; partner?: string; region?: string }): string {
  if (s.partner !== undefined) return `partner ${s.partner}${s.region ? ` (${s.region})` : ' (Wickr Enterprise)'}`;
  return `${s.network} [${(s.groups ?? []).join(', ')}] (${s.region})`;
}

/** The rows of the per-group table: network, Region, group, local, global, guests, allow-list. */
export function federationMapRows(map: FederationMap): string[][] {
  return map.networks.flatMap((n) =>
    n.groups.map((g) => [
      `${n.network} (${n.name})`,
      `${n.region} (${n.regionName})`,
      `${g.name}${g.isDefault ? ' (default group)' : ''}`,
      scopeText(g.local, 'in the Region'),
      scopeText(g.global, 'in every Region and Wickr Enterprise'),
      g.guests ? 'allowed' : 'not allowed',
      g.allowList.length > 0 ? g.allowList.map(peerText).join('; ') : g.local === 'all' || g.global === 'all' ? '(not restricted)' : '(nobody)',
    ]),
  );
}

export function renderFederationMapMarkdown(map: FederationMap): string {
  const out: string[] = [];
  out.push('# Federation map\n');
  out.push(
    'Which security group of which AWS Wickr network may talk to which other networks, in which Region, and whether it may talk to guest users. ' +
      'Federation works only when both sides allow each other: the kit configures both sides of links between networks of this config, and only ' +
      "its own side of links to partners. Generated by wickr-cdk-kit at synth from the config; the app's network ids exist only after deployment, " +
      'so networks are named by their config id.\n',
  );
  out.push('## Links\n');
  if (map.links.length === 0) out.push('No links: no group federates with a named network.\n');
  else {
    out.push('| Link | Side A | Side B | Scope | Configured by | Why |');
    out.push('|---|---|---|---|---|---|');
    for (const l of map.links) {
      out.push(`| ${l.link} | ${cell(sideText(l.sides[0]))} | ${cell(sideText(l.sides[1]))} | ${l.scope} restricted | ${l.configuredBy} | ${cell(l.description ?? '')} |`);
    }
    out.push('');
  }
  out.push('## Groups\n');
  out.push('| Network | Region | Group | Local federation | Global federation | Guests | Allow-list |');
  out.push('|---|---|---|---|---|---|---|');
  for (const row of federationMapRows(map)) out.push(`| ${row.map(cell).join(' | ')} |`);
  out.push('');
  if (map.partners.length > 0) {
    out.push('## Partners\n');
    out.push('| Partner | Who | Where | Network id |');
    out.push('|---|---|---|---|');
    for (const p of map.partners) out.push(`| ${p.id} | ${cell(p.name)} | ${p.region ?? `Wickr Enterprise ${p.enterpriseDomain}`} | ${p.networkId} |`);
    out.push('');
  }
  out.push('## Notes\n');
  if (map.notes.length === 0) out.push('None.\n');
  else for (const n of map.notes) out.push(`- ${n}`);
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderFederationMapJson(map: FederationMap): string {
  return `${JSON.stringify(map, null, 2)}\n`;
}

const maps = new WeakMap<IConstruct, FederationMap>();

/**
 * Records the app's federation map (one per app) and adds it to the evidence pack. The kit calls
 * this when it composes the stacks; `writeFederationMapFiles` writes it after synth.
 */
export function registerFederationMap(scope: IConstruct, plan: FederationPlan): FederationMap {
  const map = buildFederationMap(plan);
  maps.set(scope.node.root, map);
  addEvidenceSection(scope, {
    id: FEDERATION_MAP_SECTION_ID,
    collect: () => ({
      id: 'federation-map',
      title: 'Federation map',
      description:
        `Which group of which network may talk to which networks, and guests. Also written to ${FEDERATION_MAP_FILES.markdown} and ${FEDERATION_MAP_FILES.json} beside the templates.`,
      columns: ['Network', 'Region', 'Group', 'Local federation', 'Global federation', 'Guests', 'Allow-list'],
      rows: federationMapRows(map),
      notes: map.notes,
      data: map,
    }),
  });
  return map;
}

/** The map recorded for the app `scope` belongs to, if any. */
export function federationMapOf(scope: IConstruct): FederationMap | undefined {
  return maps.get(scope.node.root);
}

/** Writes `federation-map.md` and `.json` into `directory` (the cloud assembly folder). Returns the paths written (none without a map). */
export function writeFederationMapFiles(scope: IConstruct, directory: string): string[] {
  const map = federationMapOf(scope);
  if (!map) return [];
  mkdirSync(directory, { recursive: true });
  const md = join(directory, FEDERATION_MAP_FILES.markdown);
  const json = join(directory, FEDERATION_MAP_FILES.json);
  writeFileSync(md, renderFederationMapMarkdown(map));
  writeFileSync(json, renderFederationMapJson(map));
  return [md, json];
}
