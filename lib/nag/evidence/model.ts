/**
 * Builds the evidence model the writers render: the recorded nag results grouped by ISM control,
 * plus facts read from the synthesized templates (Regions, retention, keys, trails, guardrails).
 */
import { createHash } from 'node:crypto';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import type { LoadedConfig } from '../../config/loader';
import { KIT_VERSION } from '../../version';
import { ISM_CONTROLS, ISM_SOURCE, IsmControl } from '../ism-controls';
// The helpers' own modules, not the rules index: loading the rules would load cdk-nag even with nag off.
import { ismPolicyOf } from '../rules/policy';
import { isLogBucket, isRecordsBucket } from '../rules/records';
import { controlsOfRule } from './pack-mapping';
import { ApplicableStatus, EVIDENCE_STATUSES, EvidenceStatus, NagRecorder, RecordedResult } from './recorder';
import { EvidenceContext, EvidenceSection, EvidenceSectionProvider, FEDERATION_MAP_SECTION_ID, evidenceFiles, evidenceSectionProviders } from './sections';

export type StatusCounts = Record<EvidenceStatus, number>;

/**
 * A control's overall status: `Non-compliant` if any result fails; else `Acknowledged` if any
 * failure is acknowledged; else `Compliant` if any resource passes; `Not applicable` when its rules
 * found nothing to check; `Not checked` when no rule checks it (evidence is the implementation note).
 */
export type ControlStatus = EvidenceStatus | 'Not checked';

/** One rule × resource result that applies (not `Not applicable`), flattened for CSV and JSON. */
export interface EvidenceRow {
  readonly pack: string;
  readonly ruleId: string;
  readonly finding?: string;
  readonly status: ApplicableStatus;
  readonly ismControls: readonly string[];
  readonly stackName: string;
  readonly region: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly constructPath: string;
  readonly message?: string;
  readonly acknowledgementReason?: string;
  readonly acknowledgedAt?: string;
  readonly acknowledgementKey?: string;
}

export interface RuleSummary {
  readonly ruleId: string;
  readonly pack: string;
  readonly level: 'error' | 'warning';
  readonly description: string;
  readonly explanation: string;
  readonly ismControls: readonly string[];
  readonly counts: StatusCounts;
}

export interface ControlEvidence extends IsmControl {
  readonly status: ControlStatus;
  readonly counts: StatusCounts;
  /** Rules of every pack that bear on the control. */
  readonly rules: readonly RuleSummary[];
}

export interface ResidencyStack {
  readonly stackName: string;
  readonly region: string;
  /** The allowedRegions in force for the stack, when an ISM policy names them. */
  readonly allowedRegions?: readonly string[];
  readonly withinAllowedRegions?: boolean;
  readonly replicationRegions: readonly string[];
  readonly resources: readonly { readonly logicalId: string; readonly type: string; readonly constructPath?: string }[];
}

export interface BucketEvidence {
  readonly stackName: string;
  readonly region: string;
  readonly logicalId: string;
  readonly bucketName: string;
  readonly kind: 'records' | 'logs' | 'other';
  readonly encryption: string;
  readonly versioning: boolean;
  readonly objectLock?: { readonly mode?: string; readonly days?: number };
  readonly expirationDays?: number;
  readonly transitions: readonly string[];
  readonly deletionPolicy: string;
  readonly replication: readonly { readonly destination: string; readonly region?: string }[];
}

export interface LogGroupEvidence {
  readonly stackName: string;
  readonly region: string;
  readonly logicalId: string;
  readonly logGroupName: string;
  readonly retentionDays?: number;
  readonly encrypted: boolean;
  readonly deletionPolicy: string;
}

export interface KmsKeyEvidence {
  readonly stackName: string;
  readonly region: string;
  readonly logicalId: string;
  readonly aliases: readonly string[];
  readonly purpose: string;
  readonly keySpec: string;
  readonly rotation: boolean;
  readonly rotationPeriodDays?: number;
  readonly deletionPolicy: string;
}

export interface TrailEvidence {
  readonly stackName: string;
  readonly region: string;
  readonly trail: string;
  readonly multiRegion: boolean;
  readonly logFileValidation: boolean;
  readonly kmsKey: string;
  readonly bucket: string;
  readonly cloudWatchLogs: string;
}

export interface AgencyEvidence {
  readonly id: string;
  readonly name: string;
  readonly classification: string;
  readonly homeRegion: string;
  readonly allowedRegions: readonly string[];
  readonly recordsRetention: { readonly mode: string; readonly days: number };
  readonly logRetentionDays: number;
  readonly guardrails?: unknown;
}

export interface EvidenceModel {
  /** 2: not-applicable results are counted (`notApplicable`), no longer listed per resource. */
  readonly schemaVersion: 2;
  readonly generator: { readonly name: 'wickr-cdk-kit'; readonly version: string };
  readonly generatedAt: string;
  readonly config?: {
    readonly source: string;
    readonly sha256: string;
    readonly policy: unknown;
    readonly agencies: readonly AgencyEvidence[];
  };
  readonly nag: {
    readonly mode: string;
    readonly packs: readonly string[];
    readonly totals: StatusCounts;
  };
  readonly ism: typeof ISM_SOURCE;
  readonly controls: readonly ControlEvidence[];
  readonly rules: readonly RuleSummary[];
  /** Every result that applies (Compliant, Non-compliant, Acknowledged). */
  readonly results: readonly EvidenceRow[];
  /** Not-applicable results per rule id: counted, not listed (they are the bulk of any run). */
  readonly notApplicable: Readonly<Record<string, number>>;
  /** Not-applicable results per stack name, over every pack. */
  readonly notApplicableByStack: Readonly<Record<string, number>>;
  readonly dataResidency: readonly ResidencyStack[];
  readonly retention: { readonly buckets: readonly BucketEvidence[]; readonly logGroups: readonly LogGroupEvidence[] };
  readonly kmsKeys: readonly KmsKeyEvidence[];
  readonly auditTrails: readonly TrailEvidence[];
  readonly guardrails: {
    readonly conformancePacks: readonly { readonly stackName: string; readonly region: string; readonly name: string; readonly templateS3Uri: string }[];
    readonly permissionsBoundaries: readonly { readonly stackName: string; readonly region: string; readonly logicalId: string; readonly deniedOutside: readonly string[]; readonly rolesBounded: number }[];
  };
  readonly federationMap?: EvidenceSection;
  readonly sections: readonly EvidenceSection[];
  readonly files: readonly { readonly name: string; readonly description: string }[];
}

export interface EvidenceInput {
  /** The App (or any construct of it) that was synthesized. */
  readonly root: IConstruct;
  readonly assembly: CloudAssembly;
  /** The results recorded while the nag packs ran; without it every control shows `Not checked`. */
  readonly recorder?: NagRecorder;
  readonly nagMode: string;
  /** The config the app was built from, for the config hash and the agency summary. */
  readonly loaded?: LoadedConfig;
  /** Section providers in addition to those registered with `addEvidenceSection`. */
  readonly sections?: readonly EvidenceSectionProvider[];
  /** @default now */
  readonly generatedAt?: Date;
}

/** Files the writer always produces, with a line for the report's file list. */
export const STANDARD_FILES: readonly { readonly name: string; readonly description: string }[] = [
  { name: 'index.html', description: 'This report, self-contained (open it in any browser; no network needed).' },
  { name: 'report.md', description: 'The same report in Markdown.' },
  { name: 'results.csv', description: 'Every rule × resource result that applies (compliant, acknowledged, non-compliant), one row each, for spreadsheets; not-applicable results are counted per rule in evidence.json.' },
  { name: 'evidence.json', description: 'Everything in this report as structured data (schemaVersion 2), every applicable result, and not-applicable results counted per rule and per stack.' },
  { name: 'oscal-component-definition.json', description: 'OSCAL 1.1.2 component definition: the ISM controls the kit implements and how.' },
];

const emptyCounts = (): StatusCounts => ({ 'Non-compliant': 0, Acknowledged: 0, Compliant: 0, 'Not applicable': 0 });

/** The counts under a key, made empty on first use. */
function countsIn<K>(counts: Map<K, StatusCounts>, key: K): StatusCounts {
  let c = counts.get(key);
  if (!c) counts.set(key, (c = emptyCounts()));
  return c;
}

export function buildEvidence(input: EvidenceInput): EvidenceModel {
  const root = input.root.node.root;
  const context: EvidenceContext = { root, assembly: input.assembly };
  const rows = (input.recorder?.results ?? []).map(toRow);
  const notApplicable = input.recorder?.notApplicable ?? new Map<string, number>();
  const rules = summariseRules(input.recorder, rows, notApplicable);
  const controls = summariseControls(rules, rows);
  const totals = input.recorder?.totals ?? emptyCounts();
  const templates = readTemplates(input.assembly, root);

  const sections: EvidenceSection[] = [];
  let federationMap: EvidenceSection | undefined;
  for (const provider of [...evidenceSectionProviders(root), ...(input.sections ?? [])]) {
    const out = provider.collect(context);
    for (const s of out === undefined ? [] : Array.isArray(out) ? out : [out as EvidenceSection]) {
      if (provider.id === FEDERATION_MAP_SECTION_ID && federationMap === undefined) federationMap = s;
      else sections.push(s);
    }
  }
  const files = [...STANDARD_FILES, ...evidenceFiles(root).map((f) => ({ name: f.fileName, description: f.description }))];

  return {
    schemaVersion: 2,
    generator: { name: 'wickr-cdk-kit', version: KIT_VERSION },
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    config: input.loaded ? configSummary(input.loaded) : undefined,
    nag: { mode: input.nagMode, packs: input.recorder?.packs ?? [], totals },
    ism: ISM_SOURCE,
    controls,
    rules,
    results: rows,
    notApplicable: Object.fromEntries(notApplicable),
    notApplicableByStack: Object.fromEntries(input.recorder?.notApplicableByStack ?? []),
    dataResidency: residency(templates),
    retention: { buckets: buckets(templates), logGroups: logGroups(templates) },
    kmsKeys: kmsKeys(templates),
    auditTrails: trails(templates),
    guardrails: guardrails(templates),
    federationMap,
    sections,
    files,
  };
}

/** SHA-256 of the exact config text the app read, hex. */
export function configSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function configSummary(loaded: LoadedConfig): NonNullable<EvidenceModel['config']> {
  return {
    source: loaded.source,
    sha256: configSha256(loaded.text),
    policy: loaded.config.policy,
    agencies: loaded.config.agencies.map((a) => ({
      id: a.id,
      name: a.name,
      classification: a.classification,
      homeRegion: a.homeRegion,
      allowedRegions: a.allowedRegions,
      recordsRetention: { mode: a.recordsRetention.mode, days: a.recordsRetention.days },
      logRetentionDays: a.logRetentionDays,
      guardrails: (a as { guardrails?: unknown }).guardrails,
    })),
  };
}

function toRow(r: RecordedResult): EvidenceRow {
  // Rows without an acknowledgement share their rule's (cached) list rather than one copy each.
  let ismControls = controlsOfRule(r.ruleId);
  if (r.acknowledgement && r.acknowledgement.ismControls.some((c) => !ismControls.includes(c))) {
    ismControls = [...new Set([...ismControls, ...r.acknowledgement.ismControls])];
  }
  return {
    pack: r.pack,
    ruleId: r.ruleId,
    finding: r.finding,
    status: r.status,
    ismControls,
    stackName: r.resource.stackName,
    region: r.resource.region,
    logicalId: r.resource.logicalId,
    resourceType: r.resource.resourceType,
    constructPath: r.resource.constructPath,
    message: r.message,
    acknowledgementReason: r.acknowledgement?.reason,
    acknowledgedAt: r.acknowledgement?.declaredAt,
    acknowledgementKey: r.acknowledgement?.key,
  };
}

function summariseRules(recorder: NagRecorder | undefined, rows: readonly EvidenceRow[], notApplicable: ReadonlyMap<string, number>): RuleSummary[] {
  const counts = new Map<string, StatusCounts>();
  for (const r of rows) countsIn(counts, r.ruleId)[r.status]++;
  for (const [ruleId, n] of notApplicable) countsIn(counts, ruleId)['Not applicable'] += n;
  return [...(recorder?.rules.values() ?? [])].map((d) => ({
    ruleId: d.ruleId,
    pack: d.pack,
    level: d.level,
    description: d.info,
    explanation: d.explanation,
    ismControls: controlsOfRule(d.ruleId),
    counts: counts.get(d.ruleId) ?? emptyCounts(),
  }));
}

function summariseControls(rules: readonly RuleSummary[], rows: readonly EvidenceRow[]): ControlEvidence[] {
  const counts = new Map<string, StatusCounts>();
  // Not-applicable results carry no acknowledgement, so they bear on their rule's controls only.
  for (const rule of rules) for (const id of rule.ismControls) countsIn(counts, id)['Not applicable'] += rule.counts['Not applicable'];
  const ackRules = new Map<string, Set<string>>();
  for (const r of rows) {
    for (const id of r.ismControls) {
      countsIn(counts, id)[r.status]++;
      // Rules that bear on a control only through an acknowledgement's citation still belong to it.
      if (r.status === 'Acknowledged' && !controlsOfRule(r.ruleId).includes(id)) {
        let s = ackRules.get(id);
        if (!s) ackRules.set(id, (s = new Set()));
        s.add(r.ruleId);
      }
    }
  }
  return Object.values(ISM_CONTROLS).map((control) => {
    const c = counts.get(control.id) ?? emptyCounts();
    const related = rules.filter((r) => r.ismControls.includes(control.id) || (ackRules.get(control.id)?.has(r.ruleId) ?? false));
    const status: ControlStatus =
      related.length === 0 ? 'Not checked' : (EVIDENCE_STATUSES.find((s) => c[s] > 0) ?? 'Not applicable');
    return { ...control, status, counts: c, rules: related };
  });
}

// ---------------------------------------------------------------------------------------------
// Facts from the synthesized templates.

interface TemplateResource {
  readonly stackName: string;
  readonly region: string;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly deletionPolicy: string;
  readonly constructPath?: string;
  readonly node?: CfnResource;
}

interface StackTemplate {
  readonly stackName: string;
  readonly region: string;
  readonly stack?: Stack;
  readonly resources: readonly TemplateResource[];
}

function readTemplates(assembly: CloudAssembly, root: IConstruct): StackTemplate[] {
  const nodes = new Map<string, CfnResource>();
  const stacks = new Map<string, Stack>();
  for (const c of root.node.findAll()) {
    if (CfnResource.isCfnResource(c)) {
      const stack = Stack.of(c);
      nodes.set(`${stack.artifactId}/${stack.resolve(c.logicalId)}`, c);
    } else if (Stack.isStack(c)) stacks.set(c.artifactId, c);
  }
  return assembly.stacksRecursively.map((artifact) => {
    const template = artifact.template as { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }> };
    const region = artifact.environment.region;
    const resources = Object.entries(template.Resources ?? {})
      .filter(([, r]) => r.Type !== 'AWS::CDK::Metadata')
      .map(([logicalId, r]) => {
        const node = nodes.get(`${artifact.id}/${logicalId}`);
        return {
          stackName: artifact.stackName,
          region,
          logicalId,
          type: r.Type,
          properties: r.Properties ?? {},
          deletionPolicy: r.DeletionPolicy ?? 'Delete',
          constructPath: node?.node.path,
          node,
        };
      });
    return { stackName: artifact.stackName, region, stack: stacks.get(artifact.id), resources };
  });
}

/** A template value for display: literals as they are, intrinsics in a short readable form. */
export function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return `{${o.Ref}}`;
  const getAtt = o['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `{${getAtt.join('.')}}`;
  const join = o['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map(display).join(join[0]);
  return JSON.stringify(value);
}

function regionOfArn(value: unknown): string | undefined {
  const parts = display(value).split(':');
  return parts[0] === 'arn' && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(parts[3] ?? '') ? parts[3] : undefined;
}

function residency(templates: readonly StackTemplate[]): ResidencyStack[] {
  return templates.map((t) => {
    const allowed = t.stack ? ismPolicyOf(t.stack).allowedRegions : undefined;
    const replicationRegions = new Set<string>();
    for (const r of t.resources) for (const d of replicationOf(r)) if (d.region) replicationRegions.add(d.region);
    const regions = [t.region, ...replicationRegions];
    return {
      stackName: t.stackName,
      region: t.region,
      allowedRegions: allowed,
      withinAllowedRegions: allowed ? regions.every((r) => allowed.includes(r)) : undefined,
      replicationRegions: [...replicationRegions],
      resources: t.resources.map((r) => ({ logicalId: r.logicalId, type: r.type, constructPath: r.constructPath })),
    };
  });
}

function replicationOf(r: TemplateResource): { destination: string; region?: string }[] {
  if (r.type !== 'AWS::S3::Bucket') return [];
  const rules = ((r.properties.ReplicationConfiguration as { Rules?: unknown[] } | undefined)?.Rules ?? []) as {
    Destination?: { Bucket?: unknown; EncryptionConfiguration?: { ReplicaKmsKeyID?: unknown } };
  }[];
  return rules.map((rule) => ({
    destination: display(rule.Destination?.Bucket),
    region: regionOfArn(rule.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID),
  }));
}

function buckets(templates: readonly StackTemplate[]): BucketEvidence[] {
  return templates.flatMap((t) =>
    t.resources
      .filter((r) => r.type === 'AWS::S3::Bucket')
      .map((r) => {
        const p = r.properties as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        const node = r.node instanceof CfnBucket ? r.node : undefined;
        const kind: BucketEvidence['kind'] = node && isRecordsBucket(node) ? 'records' : node && isLogBucket(node) ? 'logs' : 'other';
        const sse = p.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
        const retention = p.ObjectLockConfiguration?.Rule?.DefaultRetention;
        const rules = (p.LifecycleConfiguration?.Rules ?? []) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
        const expirations = rules.map((x) => x.ExpirationInDays).filter((d): d is number => typeof d === 'number');
        return {
          stackName: t.stackName,
          region: t.region,
          logicalId: r.logicalId,
          bucketName: display(p.BucketName) || '(generated)',
          kind,
          encryption: sse ? `${sse.SSEAlgorithm}${sse.KMSMasterKeyID ? ` with ${display(sse.KMSMasterKeyID)}` : ''}` : 'none',
          versioning: p.VersioningConfiguration?.Status === 'Enabled',
          objectLock: p.ObjectLockEnabled === true ? { mode: retention?.Mode, days: retention?.Days ?? (retention?.Years ? retention.Years * 365 : undefined) } : undefined,
          expirationDays: expirations.length > 0 ? Math.min(...expirations) : undefined,
          transitions: rules.flatMap((x) => ((x.Transitions ?? []) as { StorageClass: string; TransitionInDays: number }[]).map((tr) => `${tr.StorageClass} after ${tr.TransitionInDays} days`)),
          deletionPolicy: r.deletionPolicy,
          replication: replicationOf(r),
        };
      }),
  );
}

function logGroups(templates: readonly StackTemplate[]): LogGroupEvidence[] {
  return templates.flatMap((t) =>
    t.resources
      .filter((r) => r.type === 'AWS::Logs::LogGroup')
      .map((r) => ({
        stackName: t.stackName,
        region: t.region,
        logicalId: r.logicalId,
        logGroupName: display(r.properties.LogGroupName) || '(generated)',
        retentionDays: typeof r.properties.RetentionInDays === 'number' ? r.properties.RetentionInDays : undefined,
        encrypted: r.properties.KmsKeyId !== undefined,
        deletionPolicy: r.deletionPolicy,
      })),
  );
}

function kmsKeys(templates: readonly StackTemplate[]): KmsKeyEvidence[] {
  return templates.flatMap((t) => {
    const aliases = t.resources.filter((r) => r.type === 'AWS::KMS::Alias');
    return t.resources
      .filter((r) => r.type === 'AWS::KMS::Key')
      .map((r) => ({
        stackName: t.stackName,
        region: t.region,
        logicalId: r.logicalId,
        aliases: aliases
          .filter((a) => display(a.properties.TargetKeyId).startsWith(`{${r.logicalId}`))
          .map((a) => display(a.properties.AliasName)),
        purpose: display(r.properties.Description) || '(no description)',
        keySpec: display(r.properties.KeySpec) || 'SYMMETRIC_DEFAULT',
        rotation: r.properties.EnableKeyRotation === true,
        rotationPeriodDays: typeof r.properties.RotationPeriodInDays === 'number' ? r.properties.RotationPeriodInDays : undefined,
        deletionPolicy: r.deletionPolicy,
      }));
  });
}

function trails(templates: readonly StackTemplate[]): TrailEvidence[] {
  return templates.flatMap((t) =>
    t.resources
      .filter((r) => r.type === 'AWS::CloudTrail::Trail')
      .map((r) => ({
        stackName: t.stackName,
        region: t.region,
        trail: display(r.properties.TrailName) || r.logicalId,
        multiRegion: r.properties.IsMultiRegionTrail === true,
        logFileValidation: r.properties.EnableLogFileValidation === true,
        kmsKey: display(r.properties.KMSKeyId),
        bucket: display(r.properties.S3BucketName),
        cloudWatchLogs: display(r.properties.CloudWatchLogsLogGroupArn),
      })),
  );
}

function guardrails(templates: readonly StackTemplate[]): EvidenceModel['guardrails'] {
  const conformancePacks = templates.flatMap((t) =>
    t.resources
      .filter((r) => r.type === 'AWS::Config::ConformancePack')
      .map((r) => ({ stackName: t.stackName, region: t.region, name: display(r.properties.ConformancePackName), templateS3Uri: display(r.properties.TemplateS3Uri) })),
  );
  const permissionsBoundaries = templates.flatMap((t) =>
    t.resources
      .filter((r) => r.type === 'AWS::IAM::ManagedPolicy')
      .flatMap((r) => {
        const statements = ((r.properties.PolicyDocument as { Statement?: Record<string, any>[] } | undefined)?.Statement ?? []); // eslint-disable-line @typescript-eslint/no-explicit-any
        const deny = statements.find((s) => s.Sid === 'DenyOutsideAllowedRegions');
        if (!deny) return [];
        const regions = deny.Condition?.StringNotEquals?.['aws:RequestedRegion'];
        const rolesBounded = t.resources.filter((x) => x.type === 'AWS::IAM::Role' && display(x.properties.PermissionsBoundary) === `{${r.logicalId}}`).length;
        return [{ stackName: t.stackName, region: t.region, logicalId: r.logicalId, deniedOutside: Array.isArray(regions) ? regions.map(String) : [String(regions)], rolesBounded }];
      }),
  );
  return { conformancePacks, permissionsBoundaries };
}
