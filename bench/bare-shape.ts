/**
 * What the bare app must declare to match a kit config: per agency and Region, which networks and
 * which optional parts. Read from the YAML with the `yaml` package and the kit's documented defaults,
 * never through the kit's loader, so the bare app's cost holds nothing of the kit's.
 */
import YAML from 'yaml';

export interface BareNetworkShape {
  readonly id: string;
  readonly name: string;
  readonly dataRetention: boolean;
  readonly sso: boolean;
  /** Security groups the config lists. */
  readonly groups: number;
  readonly users: number;
  readonly bots: number;
}

export interface BareStackShape {
  readonly agency: string;
  readonly region: string;
  readonly auditTrail: boolean;
  readonly regionRestriction: boolean;
  readonly lostDevice: boolean;
  /** The scheduled drift check (on by default). */
  readonly driftDetection: boolean;
  readonly networks: readonly BareNetworkShape[];
}

interface RawNetwork {
  id: string;
  name: string;
  region: string;
  dataRetention?: unknown;
  sso?: unknown;
  securityGroups?: unknown[];
  users?: unknown[];
  bots?: unknown[];
}

interface RawAgency {
  id: string;
  guardrails?: {
    auditTrail?: { enabled?: boolean; organizationTrail?: boolean };
    regionRestriction?: { enabled?: boolean };
  };
  runbooks?: { lostDevice?: { enabled?: boolean } };
  driftDetection?: { enabled?: boolean };
  networks?: RawNetwork[];
}

/** One entry per agency and Region with networks, in config order. */
export function bareShapeFromYaml(text: string): BareStackShape[] {
  const doc = YAML.parse(text) as { agencies: RawAgency[] };
  const stacks: BareStackShape[] = [];
  for (const agency of doc.agencies) {
    const g = agency.guardrails ?? {};
    const regions = [...new Set((agency.networks ?? []).map((n) => n.region))];
    for (const region of regions) {
      stacks.push({
        agency: agency.id,
        region,
        auditTrail: (g.auditTrail?.enabled ?? true) && !(g.auditTrail?.organizationTrail ?? false),
        regionRestriction: g.regionRestriction?.enabled ?? true,
        lostDevice: agency.runbooks?.lostDevice?.enabled ?? false,
        driftDetection: agency.driftDetection?.enabled ?? true,
        networks: (agency.networks ?? [])
          .filter((n) => n.region === region)
          .map((n) => ({
            id: n.id,
            name: n.name,
            dataRetention: n.dataRetention !== undefined,
            sso: n.sso !== undefined,
            groups: n.securityGroups?.length ?? 0,
            users: n.users?.length ?? 0,
            bots: n.bots?.length ?? 0,
          })),
      });
    }
  }
  return stacks;
}
