/**
 * Builds the evidence model the writers render: the recorded nag results grouped by ISM control,
 * a responsibility and a verdict for each control the kit cites and, when the ASD's OSCAL is
 * supplied, for every control of the agency's baseline; the acknowledgements with their governance;
 * the templates and assets the pack speaks for, with their SHA-256; and facts read from the
 * synthesized templates (Regions, retention, keys, trails, guardrails).
 *
 * No absolute local path enters the model: the config and the OSCAL folder are shown relative to
 * the project (or by name when outside it), templates and assets relative to the project.
 */
import { createHash } from 'node:crypto';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import type { LoadedConfig } from '../../config/loader';
import { KIT_VERSION } from '../../version';
import { ACKNOWLEDGEMENTS, Acknowledgement, AcknowledgementCategory, RiskApproval, acknowledgementCategory } from '../acknowledgements';
import { BaselineEvidence, buildBaseline } from '../baseline/baseline';
import { citedIsmIds } from '../baseline/cited';
import type { IsmOscal } from '../baseline/ism-oscal';
import { Verdict } from '../baseline/types';
import { verdictOf } from '../baseline/verdict';
import { ISM_CONTROLS, ISM_SOURCE, IsmControl } from '../ism-controls';
import { ReviewState, agencyRiskAcceptances, daysUntil, isoDay, reviewState } from '../risk-acceptances';
// The helpers' own modules, not the rules index: loading the rules would load cdk-nag even with nag off.
import { ismPolicyOf } from '../rules/policy';
import { isLogBucket, isRecordsBucket } from '../rules/records';
import { ArtefactEvidence, artefactsOf, projectPath } from './artefacts';
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
  /** `by-design` or `risk-accepted`; undefined for acknowledgements declared outside the kit and the config. */
  readonly acknowledgementCategory?: AcknowledgementCategory;
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
  /** Rule-result status (what the rules found), not a verdict: see `verdict`. */
  readonly status: ControlStatus;
  readonly counts: StatusCounts;
  /** Rules of every pack that bear on the control (checking it, or acknowledged citing it). */
  readonly rules: readonly RuleSummary[];
  /** Whether the control is met, from its responsibility, coverage and the results of the rules that check it. */
  readonly verdict: Verdict;
  /** One line: why this verdict. */
  readonly verdictBasis: string;
}

/** One acknowledgement as it applied in this synth, with its governance. */
export interface AcknowledgementEvidence {
  /** The kit's key, or `<agency>/<id>` for an agency's risk acceptance; undefined for one declared elsewhere. */
  readonly key?: string;
  /** The anchor the reports link result rows to. */
  readonly anchor: string;
  /** `kit`: lib/nag/acknowledgements.ts; `config`: an agency's riskAcceptances; `elsewhere`: code outside both, ungoverned. */
  readonly declaredIn: 'kit' | 'config' | 'elsewhere';
  readonly category: AcknowledgementCategory | 'uncategorised';
  readonly reason: string;
  readonly ismControls: readonly string[];
  /** The rules (with finding) it acknowledged in this synth. */
  readonly rules: readonly string[];
  /** Results it acknowledged (0: it matched no finding in this synth). */
  readonly results: number;
  /** How many constructs declare it (their paths are in results.csv, column acknowledged_at). */
  readonly constructs: number;
  readonly approval?: RiskApproval;
  /** For risk acceptances: where the review date stands on the day of the synth. */
  readonly review?: { readonly state: ReviewState; readonly daysLeft: number };
  readonly agencyId?: string;
  /** For an agency's risk acceptance: where it is in the config. */
  readonly configPath?: string;
}

/** How this pack was produced; a pack from a run that was not strict says so at the top of every file. */
export interface RunEvidence {
  readonly nagMode: string;
  readonly strict: boolean;
  /** Set when the run was not strict: the sentence every file of the pack starts with. */
  readonly notice?: string;
}

/** The sentence a pack from a non-strict run carries at the top of each file. */
export function nonStrictNotice(nagMode: string): string {
  return `NOT FOR ASSESSMENT: this evidence pack comes from a synth that was not strict (nag mode ${nagMode}), in which warnings do not fail synth. Regenerate it with -c strict=true (or in CI) for an assessment.`;
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
  /** Strict or not, first in every file. */
  readonly run: RunEvidence;
  /**
   * 3: adds `run`, `baseline`, `acknowledgements`, `artefacts`, each control's `verdict` and the
   * rows' `acknowledgementCategory`; paths are relative to the project. (2: not-applicable results
   * are counted, no longer listed per resource.)
   */
  readonly schemaVersion: 3;
  readonly generator: { readonly name: 'wickr-cdk-kit'; readonly version: string };
  readonly generatedAt: string;
  readonly config?: {
    /** The config file or folder, relative to the project (its name only when outside it). */
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
  /** The ISM release the kit's own control ids were verified against (not the baseline evaluated: see `baseline`). */
  readonly ism: typeof ISM_SOURCE;
  /** Every control of the agency's baseline profile with a responsibility and a verdict, when the ASD's OSCAL was supplied. */
  readonly baseline: BaselineEvidence;
  /** The controls the kit cites, with their rule results and verdicts. */
  readonly controls: readonly ControlEvidence[];
  /** Every acknowledgement that applied, and every agency risk acceptance, with category and governance. */
  readonly acknowledgements: readonly AcknowledgementEvidence[];
  readonly rules: readonly RuleSummary[];
  /** Every result that applies (Compliant, Non-compliant, Acknowledged). */
  readonly results: readonly EvidenceRow[];
  /** Not-applicable results per rule id: counted, not listed (they are the bulk of any run). */
  readonly notApplicable: Readonly<Record<string, number>>;
  /** Not-applicable results per stack name, over every pack. */
  readonly notApplicableByStack: Readonly<Record<string, number>>;
  /** Every template and asset of the cloud assembly, with its SHA-256. */
  readonly artefacts: readonly ArtefactEvidence[];
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
  /** The clock of the synth: the pack's date, and the day risk acceptances are reviewed against. @default now */
  readonly generatedAt?: Date;
  /** The ASD's OSCAL edition of the ISM, read from the folder the user supplied. @default - the baseline is not evaluated */
  readonly ismOscal?: IsmOscal;
  /** The directory paths in the pack are relative to. @default - the current directory */
  readonly projectDir?: string;
}

/** Files the writer always produces, with a line for the report's file list. */
export const STANDARD_FILES: readonly { readonly name: string; readonly description: string }[] = [
  { name: 'index.html', description: 'This report, self-contained (open it in any browser; no network needed).' },
  { name: 'report.md', description: 'The same report in Markdown.' },
  { name: 'results.csv', description: 'Every rule × resource result that applies (compliant, acknowledged, non-compliant), one row each, for spreadsheets; not-applicable results are counted per rule in evidence.json.' },
  { name: 'evidence.json', description: 'Everything in this report as structured data (schemaVersion 3): the baseline with a responsibility and a verdict per control, every applicable result, acknowledgements with their governance, the SHA-256 of every template and asset, and not-applicable results counted per rule and per stack.' },
  { name: 'oscal-component-definition.json', description: 'OSCAL 1.1.2 component definition: the ISM controls the kit implements and how.' },
  { name: 'oscal-assessment-results.json', description: 'OSCAL 1.1.2 assessment results: a finding per control of the baseline with its verdict, and the rule results as observations.' },
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
  const generatedAt = input.generatedAt ?? new Date();
  const projectDir = input.projectDir ?? process.cwd();
  const rows = (input.recorder?.results ?? []).map(toRow);
  const notApplicable = input.recorder?.notApplicable ?? new Map<string, number>();
  const rules = summariseRules(input.recorder, rows, notApplicable);
  const acknowledgements = summariseAcknowledgements(rows, root, isoDay(generatedAt));
  const nagRan = (input.recorder?.packs.length ?? 0) > 0;
  const controls = summariseControls(rules, rows, acknowledgements, nagRan);
  const totals = input.recorder?.totals ?? emptyCounts();
  const templates = readTemplates(input.assembly, root);
  const baseline = buildBaseline({
    oscal: input.ismOscal,
    folderLabel: input.ismOscal ? projectPath(input.ismOscal.folder, projectDir) : undefined,
    agencies: input.loaded?.config.agencies.map((a) => ({ id: a.id, classification: a.classification })) ?? [],
    kitControls: controls.map((c) => ({ ...c, rules: c.rules.filter((r) => r.ismControls.includes(c.id)).map((r) => r.ruleId) })),
    cited: citedIsmIds(root),
    nagRan,
  });

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

  const strict = input.nagMode === 'strict';
  return {
    run: { nagMode: input.nagMode, strict, notice: strict ? undefined : nonStrictNotice(input.nagMode) },
    schemaVersion: 3,
    generator: { name: 'wickr-cdk-kit', version: KIT_VERSION },
    generatedAt: generatedAt.toISOString(),
    config: input.loaded ? configSummary(input.loaded, projectDir) : undefined,
    nag: { mode: input.nagMode, packs: input.recorder?.packs ?? [], totals },
    ism: ISM_SOURCE,
    baseline,
    controls,
    acknowledgements,
    rules,
    results: rows,
    notApplicable: Object.fromEntries(notApplicable),
    notApplicableByStack: Object.fromEntries(input.recorder?.notApplicableByStack ?? []),
    artefacts: artefactsOf(input.assembly, projectDir),
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

function configSummary(loaded: LoadedConfig, projectDir: string): NonNullable<EvidenceModel['config']> {
  return {
    source: projectPath(loaded.source, projectDir),
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
    acknowledgementCategory: r.acknowledgement?.category,
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

function summariseControls(rules: readonly RuleSummary[], rows: readonly EvidenceRow[], acks: readonly AcknowledgementEvidence[], nagRan: boolean): ControlEvidence[] {
  const counts = new Map<string, StatusCounts>();
  /** Results of the rules that check each control (its mapping), which the verdict rests on. */
  const checks = new Map<string, StatusCounts>();
  // Not-applicable results carry no acknowledgement, so they bear on their rule's controls only.
  for (const rule of rules) for (const id of rule.ismControls) countsIn(counts, id)['Not applicable'] += rule.counts['Not applicable'];
  const ackRules = new Map<string, Set<string>>();
  const reviewOf = new Map(acks.map((a) => [a.anchor, a.review?.state]));
  const accepted = new Map<string, { current: number; expired: number }>();
  for (const r of rows) {
    for (const id of controlsOfRule(r.ruleId)) countsIn(checks, id)[r.status]++;
    for (const id of r.ismControls) {
      countsIn(counts, id)[r.status]++;
      if (r.status !== 'Acknowledged') continue;
      // Rules that bear on a control only through an acknowledgement's citation still belong to it.
      if (!controlsOfRule(r.ruleId).includes(id)) {
        let s = ackRules.get(id);
        if (!s) ackRules.set(id, (s = new Set()));
        s.add(r.ruleId);
      }
      // A risk accepted (or an acknowledgement nobody governs) keeps the control from being met.
      if (r.acknowledgementCategory !== 'by-design') {
        let a = accepted.get(id);
        if (!a) accepted.set(id, (a = { current: 0, expired: 0 }));
        if (reviewOf.get(ackAnchor(r)) === 'expired') a.expired++;
        else a.current++;
      }
    }
  }
  return Object.values(ISM_CONTROLS).map((control) => {
    const c = counts.get(control.id) ?? emptyCounts();
    const related = rules.filter((r) => r.ismControls.includes(control.id) || (ackRules.get(control.id)?.has(r.ruleId) ?? false));
    const status: ControlStatus =
      related.length === 0 ? 'Not checked' : (EVIDENCE_STATUSES.find((s) => c[s] > 0) ?? 'Not applicable');
    const checked = checks.get(control.id) ?? emptyCounts();
    const { verdict, basis } = verdictOf({
      responsibility: control.responsibility,
      checked: control.checkedBy.length > 0 || rules.some((r) => r.ismControls.includes(control.id)),
      nagRan,
      compliant: checked.Compliant,
      nonCompliant: checked['Non-compliant'],
      acknowledged: checked.Acknowledged,
      riskAccepted: accepted.get(control.id)?.current ?? 0,
      riskExpired: accepted.get(control.id)?.expired ?? 0,
    });
    return { ...control, status, counts: c, rules: related, verdict, verdictBasis: basis };
  });
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The anchor of an acknowledgement in the reports' Acknowledgements section. */
export function ackAnchor(r: Pick<EvidenceRow, 'acknowledgementKey' | 'acknowledgementReason'>): string {
  return `ack-${r.acknowledgementKey !== undefined ? slug(r.acknowledgementKey) : slug(r.acknowledgementReason ?? '').slice(0, 60)}`;
}

/**
 * Every acknowledgement that applied, once, with its category and governance, and every agency
 * risk acceptance, even one that matched no finding (so a stale one is seen).
 */
function summariseAcknowledgements(rows: readonly EvidenceRow[], root: IConstruct, today: string): AcknowledgementEvidence[] {
  const groups = new Map<string, { first: EvidenceRow; rules: Set<string>; places: Set<string>; controls: Set<string>; results: number }>();
  for (const r of rows) {
    if (r.status !== 'Acknowledged') continue;
    const anchor = ackAnchor(r);
    let g = groups.get(anchor);
    if (!g) groups.set(anchor, (g = { first: r, rules: new Set(), places: new Set(), controls: new Set(), results: 0 }));
    g.rules.add(r.ruleId + (r.finding !== undefined ? `[${r.finding}]` : ''));
    if (r.acknowledgedAt !== undefined) g.places.add(r.acknowledgedAt);
    for (const id of r.ismControls) g.controls.add(id);
    g.results++;
  }
  const agency = agencyRiskAcceptances(root);
  const review = (approval?: RiskApproval) => (approval ? { state: reviewState(approval.reviewBy, today), daysLeft: daysUntil(approval.reviewBy, today) } : undefined);
  const out: AcknowledgementEvidence[] = [...groups.entries()].map(([anchor, g]) => {
    const key = g.first.acknowledgementKey;
    const kit: Acknowledgement | undefined = key !== undefined && Object.prototype.hasOwnProperty.call(ACKNOWLEDGEMENTS, key) ? (ACKNOWLEDGEMENTS as Record<string, Acknowledgement>)[key] : undefined;
    const ra = key !== undefined && !kit ? agency.get(key) : undefined;
    const approval = kit?.category === 'risk-accepted' ? kit.approval : ra?.approval;
    return {
      key,
      anchor,
      declaredIn: kit ? 'kit' : ra ? 'config' : 'elsewhere',
      category: kit ? acknowledgementCategory(kit) : ra ? 'risk-accepted' : 'uncategorised',
      reason: kit?.reason ?? ra?.reason ?? g.first.acknowledgementReason ?? '',
      // What was declared (and, for a risk, approved); for one declared elsewhere, what its results bear on.
      ismControls: kit ? [...new Set([...kit.ismControls, ...kit.rules.flatMap((x) => x.ismControls ?? [])])] : ra ? ra.ismControls : [...g.controls],
      rules: [...g.rules],
      results: g.results,
      constructs: g.places.size,
      approval,
      review: review(approval),
      agencyId: ra?.agencyId,
      configPath: ra?.configPath,
    };
  });
  for (const ra of agency.values()) {
    const anchor = ackAnchor({ acknowledgementKey: ra.key });
    if (groups.has(anchor)) continue;
    out.push({
      key: ra.key,
      anchor,
      declaredIn: 'config',
      category: 'risk-accepted',
      reason: ra.reason,
      ismControls: ra.ismControls,
      rules: [ra.ruleId + (ra.finding !== undefined ? `[${ra.finding}]` : '')],
      results: 0,
      constructs: 0,
      approval: ra.approval,
      review: review(ra.approval),
      agencyId: ra.agencyId,
      configPath: ra.configPath,
    });
  }
  return out;
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
