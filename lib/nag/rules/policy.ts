/**
 * The facts some ISM rules need beyond the resource itself (the agency's allowed Regions, its
 * records period, the log retention floor, the minimum TLS version), recorded as construct
 * metadata so the rules stay pure functions of the construct tree.
 *
 * `WickrRegionStack` records its agency's policy on itself; an app composing the constructs à la
 * carte calls `setIsmPolicy` on its stacks (or on the App, which every stack inherits), or sets the
 * context key `wickr-kit:ism-policy` to the same object.
 */
import { IConstruct } from 'constructs';

export const ISM_POLICY_METADATA = 'wickr-kit:ism-policy';
export const ISM_POLICY_CONTEXT = 'wickr-kit:ism-policy';
/** Metadata on a bucket construct naming the Region its replication writes to. */
export const REPLICATION_REGION_METADATA = 'wickr-kit:replication-region';

export interface IsmPolicy {
  /** Data residency: the only Regions stacks may be in or replicate to. Unset: the residency rule does not apply. */
  readonly allowedRegions?: readonly string[];
  /** Floor for log retention, in days. */
  readonly minimumLogRetentionDays?: number;
  /** The records period: Object Lock default retention of records buckets must be at least this, in days. */
  readonly recordsRetentionDays?: number;
  /** Lowest TLS version bucket policies may allow. */
  readonly minimumTlsVersion?: number;
  /**
   * The agency declares that its organisation trail records S3 data events (object reads and
   * writes) of its records buckets, so no trail of the kit needs to.
   */
  readonly organizationTrailRecordsDataEvents?: boolean;
}

/** What the rules use when no policy says otherwise. */
export const ISM_POLICY_DEFAULTS = {
  /** ISM-1988: at least 12 months. */
  minimumLogRetentionDays: 365,
  /** 7 years, the kit's records floor. */
  recordsRetentionDays: 2557,
  minimumTlsVersion: 1.2,
} as const;

export type ResolvedIsmPolicy = Omit<Required<IsmPolicy>, 'allowedRegions' | 'organizationTrailRecordsDataEvents'> & {
  readonly allowedRegions?: readonly string[];
  readonly organizationTrailRecordsDataEvents?: boolean;
};

/** Records a policy on a construct; it applies to everything under it (nearest wins, field by field). */
export function setIsmPolicy(scope: IConstruct, policy: IsmPolicy): void {
  scope.node.addMetadata(ISM_POLICY_METADATA, { ...policy, allowedRegions: policy.allowedRegions ? [...policy.allowedRegions] : undefined });
}

/** Records the Region a bucket replicates into, for the residency rule. */
export function declareReplicationRegion(bucket: IConstruct, region: string): void {
  bucket.node.addMetadata(REPLICATION_REGION_METADATA, region);
}

/** The policy in force for a construct: its own and its ancestors' metadata, then context, then defaults. */
export function ismPolicyOf(scope: IConstruct): ResolvedIsmPolicy {
  const merged: Record<string, unknown> = {};
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    for (let i = c.node.metadata.length - 1; i >= 0; i--) {
      const m = c.node.metadata[i];
      if (m.type !== ISM_POLICY_METADATA || typeof m.data !== 'object' || m.data === null) continue;
      for (const [k, v] of Object.entries(m.data as Record<string, unknown>)) if (v !== undefined && !(k in merged)) merged[k] = v;
    }
  }
  for (const [k, v] of Object.entries(contextPolicy(scope))) if (v !== undefined && !(k in merged)) merged[k] = v;
  return { ...ISM_POLICY_DEFAULTS, ...(merged as IsmPolicy) } as ResolvedIsmPolicy;
}

/** The policy in context: an object, or JSON text as the CDK CLI passes `-c key=value`. */
function contextPolicy(scope: IConstruct): Record<string, unknown> {
  const value: unknown = scope.node.tryGetContext(ISM_POLICY_CONTEXT);
  if (value === undefined) return {};
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(
      `context ${ISM_POLICY_CONTEXT} must be a JSON object such as {"minimumLogRetentionDays":731} (got ${typeof value === 'string' ? value : JSON.stringify(value)})`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** Regions declared with `declareReplicationRegion` on the bucket or its L2 parent. */
export function declaredReplicationRegions(node: IConstruct): string[] {
  const regions: string[] = [];
  for (const c of [node, node.node.scope].filter((x): x is IConstruct => x !== undefined)) {
    for (const m of c.node.metadata) if (m.type === REPLICATION_REGION_METADATA && typeof m.data === 'string') regions.push(m.data);
  }
  return regions;
}

const ismCheckedRoots = new WeakSet<IConstruct>();

/** Notes that the ISM pack runs on the app of `scope` (IsmChecks does this when given its scope). */
export function markIsmChecks(scope: IConstruct): void {
  ismCheckedRoots.add(scope.node.root);
}

/**
 * Whether the ISM pack runs on the app of `scope`, so constructs can fail synth with their own fix
 * for what the pack would otherwise report as a bare finding. Kept here, not in ism-checks.ts, so
 * asking does not load cdk-nag.
 */
export function ismChecksOn(scope: IConstruct): boolean {
  return ismCheckedRoots.has(scope.node.root);
}
