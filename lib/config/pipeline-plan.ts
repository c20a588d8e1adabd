/**
 * The deployment order of a pipeline, worked out from a validated config: which kit stack goes in
 * which CDK Pipelines Stage, and which Stages deploy together in which wave.
 *
 * - Each agency deploys into its own account as up to three Stages: `<agency>-home` (the home
 *   Region's stack, every Region stack it or `storage.replicateTo` replicates into, and every
 *   records-only stack, because other Regions replicate into them), `<agency>-regions` (every
 *   other Region, in parallel) and
 *   `<agency>-federation` (the federation stacks, which need every network they name to exist).
 * - Waves deploy one after another; the Stages of a wave deploy in parallel. Non-production agencies
 *   go first (home, regions, federation waves), then a manual approval, then production agencies.
 * - A federation Stage goes in the federation wave of the later of its own agency's group and the
 *   group of every agency it federates with, so every network it names was deployed in an earlier
 *   wave. That is what lets the kit drop stack dependencies between Stages (CDK cannot express them):
 *   the wave order guarantees each of them, and `guaranteedByWaves` proves it for each one.
 * - CodePipeline allows 50 actions per pipeline stage (a wave is one pipeline stage, and the kit
 *   deploys each stack with one action), so a wave with more stacks is split into numbered waves.
 */
import type { ConfigProblem } from './errors';
import { analyzeFederation } from './federation-plan';
import type { AgencyConfig, KitConfig } from './config-types';
import { recordsOnlyRegions, replicationDestination } from './records-copies';
import { agencyRegions } from './validator';

/** CodePipeline quotas the plan respects (docs/operators/scale-out.md links the quota pages). */
export const CODEPIPELINE_LIMITS = {
  /** Actions in one pipeline stage. */
  actionsPerStage: 50,
  /** Stages in one pipeline. */
  stagesPerPipeline: 50,
  /** Pipeline stages the kit adds before the waves: Source, Build, UpdatePipeline, Assets. */
  stagesBeforeWaves: 4,
} as const;

export type PipelineStackKind = 'region' | 'federation' | 'records';
export type PipelinePhase = 'home' | 'regions' | 'federation';

/** One kit stack, as the plan places it. */
export interface PlannedStack {
  readonly agencyId: string;
  readonly region: string;
  readonly kind: PipelineStackKind;
}

export interface PlannedStage {
  /** The CDK Stage id: `<agency>-<phase>`. */
  readonly id: string;
  readonly agencyId: string;
  readonly account: string;
  readonly phase: PipelinePhase;
  readonly production: boolean;
  readonly stacks: readonly PlannedStack[];
}

export interface PlannedWave {
  /** The pipeline stage name: `nonprod-home`, `prod-regions-2`, ... */
  readonly id: string;
  readonly phase: PipelinePhase;
  readonly production: boolean;
  /** A manual approval runs before this wave (the first production wave). */
  readonly approval: boolean;
  readonly stages: readonly PlannedStage[];
}

export interface PipelinePlan {
  readonly waves: readonly PlannedWave[];
  /** The Stage and wave index of a kit stack. */
  placementOf(agencyId: string, region: string, kind: PipelineStackKind): { stage: PlannedStage; wave: number };
  /** Whether the waves deploy `dependency` before `dependent` (a dependency between Stages may then be dropped). */
  guaranteedByWaves(dependent: PlannedStack, dependency: PlannedStack): boolean;
  /** Problems with the plan (quotas), at config paths. */
  readonly problems: readonly ConfigProblem[];
}

const GROUPS = [
  { production: false, prefix: 'nonprod' },
  { production: true, prefix: 'prod' },
] as const;
const PHASES: readonly PipelinePhase[] = ['home', 'regions', 'federation'];

/** Plans the pipeline's Stages and waves for a validated config whose agencies all name their account. */
export function planPipeline(config: KitConfig): PipelinePlan {
  const groupOf = new Map(config.agencies.map((a) => [a.id, a.environment === 'production' ? 1 : 0]));
  const peersOf = federationPeers(config);
  // Per group and phase, the Stages in config order.
  const buckets = new Map<string, PlannedStage[]>();
  const bucket = (group: number, phase: PipelinePhase) => {
    const key = `${group}/${phase}`;
    if (!buckets.has(key)) buckets.set(key, []);
    return buckets.get(key)!;
  };
  for (const agency of config.agencies) {
    const group = groupOf.get(agency.id)!;
    const production = agency.environment === 'production';
    const regions = agencyRegions(agency);
    // The home Region and every Region stack that a stack of the home Stage replicates into.
    const first = [agency.homeRegion];
    const include = (r: string | undefined) => {
      if (r !== undefined && regions.includes(r) && !first.includes(r)) first.push(r);
    };
    include(agency.storage.replicateTo);
    for (let i = 0; i < first.length; i++) include(replicationDestination(agency, first[i]));
    const rest = regions.filter((r) => !first.includes(r));
    const recordsOnly = recordsOnlyRegions(agency).map((region): PlannedStack => ({ agencyId: agency.id, region, kind: 'records' }));
    const federated = federationRegions(agency);
    const stage = (phase: PipelinePhase, stacks: PlannedStack[]): PlannedStage => ({
      id: `${agency.id}-${phase}`,
      agencyId: agency.id,
      account: agency.account ?? '',
      phase,
      production,
      stacks,
    });
    bucket(group, 'home').push(stage('home', [...recordsOnly, ...first.map((region): PlannedStack => ({ agencyId: agency.id, region, kind: 'region' }))]));
    if (rest.length > 0) bucket(group, 'regions').push(stage('regions', rest.map((region) => ({ agencyId: agency.id, region, kind: 'region' }))));
    if (federated.length > 0) {
      const fedGroup = Math.max(group, ...[...(peersOf.get(agency.id) ?? [])].map((p) => groupOf.get(p) ?? group));
      bucket(fedGroup, 'federation').push(stage('federation', federated.map((region) => ({ agencyId: agency.id, region, kind: 'federation' }))));
    }
  }
  const waves: PlannedWave[] = [];
  let approvalPlaced = false;
  GROUPS.forEach((g, group) => {
    for (const phase of PHASES) {
      const stages = buckets.get(`${group}/${phase}`) ?? [];
      if (stages.length === 0) continue;
      const approval = g.production && !approvalPlaced;
      approvalPlaced ||= approval;
      const chunks = chunkByActions(stages, approval ? 1 : 0);
      chunks.forEach((chunk, i) => {
        waves.push({
          id: chunks.length > 1 ? `${g.prefix}-${phase}-${i + 1}` : `${g.prefix}-${phase}`,
          phase,
          production: g.production,
          approval: approval && i === 0,
          stages: chunk,
        });
      });
    }
  });
  const placements = new Map<string, { stage: PlannedStage; wave: number }>();
  waves.forEach((w, wave) => {
    for (const stage of w.stages) for (const s of stage.stacks) placements.set(key(s), { stage, wave });
  });
  const placementOf = (agencyId: string, region: string, kind: PipelineStackKind) => {
    const p = placements.get(key({ agencyId, region, kind }));
    if (!p) throw new Error(`the pipeline plan has no stage for the ${kind} stack of ${agencyId} in ${region}`);
    return p;
  };
  const problems: ConfigProblem[] = [];
  const stagesNeeded = waves.length + CODEPIPELINE_LIMITS.stagesBeforeWaves;
  if (stagesNeeded > CODEPIPELINE_LIMITS.stagesPerPipeline) {
    problems.push({
      path: 'pipeline',
      message: `the agencies need ${waves.length} waves, and with Source, Build, UpdatePipeline and Assets that is more than CodePipeline's ${CODEPIPELINE_LIMITS.stagesPerPipeline} stages per pipeline; split the agencies into several configs, each with its own pipeline.stackName`,
      got: stagesNeeded,
      allowed: `at most ${CODEPIPELINE_LIMITS.stagesPerPipeline}`,
    });
  }
  return {
    waves,
    placementOf,
    guaranteedByWaves: (dependent, dependency) => placementOf(dependency.agencyId, dependency.region, dependency.kind).wave < placementOf(dependent.agencyId, dependent.region, dependent.kind).wave,
    problems,
  };
}

const key = (s: PlannedStack) => `${s.kind}/${s.agencyId}/${s.region}`;

/** The Regions where an agency has networks, in the order of its Regions: one federation stack each. */
export function federationRegions(agency: AgencyConfig): string[] {
  return agencyRegions(agency).filter((region) => agency.networks.some((n) => n.region === region));
}

/** For each agency, the other agencies whose networks its federation stacks allow-list. */
function federationPeers(config: KitConfig): Map<string, Set<string>> {
  const peers = new Map<string, Set<string>>();
  for (const n of analyzeFederation(config).plan.networks) {
    for (const g of n.groups) {
      for (const p of g.peers) {
        if (p.kind !== 'network') continue;
        const other = p.key.split('/')[0];
        if (other === n.agencyId) continue;
        if (!peers.has(n.agencyId)) peers.set(n.agencyId, new Set());
        peers.get(n.agencyId)!.add(other);
      }
    }
  }
  return peers;
}

/** Splits a wave's Stages so no pipeline stage has more than the action quota (one action per stack). */
function chunkByActions(stages: readonly PlannedStage[], extraActions: number): PlannedStage[][] {
  const chunks: PlannedStage[][] = [];
  let current: PlannedStage[] = [];
  let actions = extraActions;
  for (const stage of stages) {
    if (current.length > 0 && actions + stage.stacks.length > CODEPIPELINE_LIMITS.actionsPerStage) {
      chunks.push(current);
      current = [];
      actions = 0;
    }
    current.push(stage);
    actions += stage.stacks.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
