/**
 * Records the rule × resource results of the nag packs as they run. cdk-nag 3 reports only
 * violations; an assessor also needs the compliant results, so the kit wraps each rule call
 * (`NagRecorder.wrap`) and keeps the result, without changing what the pack reports.
 *
 * Only results that apply (Compliant, Non-compliant, Acknowledged) are kept one by one. About 97%
 * of all results are "Not applicable" (a rule meeting a resource type it does not check); keeping
 * those per resource made 400 stacks run out of memory, so they are counted per rule and per stack.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IApplyRule, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENTS, Acknowledgement, AcknowledgementCategory, AcknowledgementKey, acknowledgementCategory, ruleIsmControls } from '../acknowledgements';
import { AGENCY_RISK_MARKER, agencyRiskAcceptances } from '../risk-acceptances';

export type EvidenceStatus = 'Compliant' | 'Non-compliant' | 'Acknowledged' | 'Not applicable';
export const EVIDENCE_STATUSES: readonly EvidenceStatus[] = ['Non-compliant', 'Acknowledged', 'Compliant', 'Not applicable'];

/** A resource a rule looked at. */
export interface ResourceRef {
  readonly constructPath: string;
  readonly stackName: string;
  /** The stack's Region, or `(unresolved)` for environment-agnostic stacks. */
  readonly region: string;
  readonly logicalId: string;
  readonly resourceType: string;
}

/** What the rule says about itself (the same for every resource). */
export interface RuleDescription {
  readonly pack: string;
  readonly ruleId: string;
  readonly level: 'error' | 'warning';
  /** The rule's message, as first seen (some ISM rules word it per resource; rows keep their own). */
  readonly info: string;
  readonly explanation: string;
}

export interface AcknowledgementRef {
  readonly reason: string;
  /** The construct path where the acknowledgement was declared (the resource or an ancestor). */
  readonly declaredAt: string;
  /**
   * The kit's acknowledgement key (`lib/nag/acknowledgements.ts`) when the kit declared it, or
   * `<agency>/<id>` for an agency's risk acceptance from the config.
   */
  readonly key?: string;
  /** ISM controls the acknowledgement concerns (for this rule). */
  readonly ismControls: readonly string[];
  /** `by-design` or `risk-accepted`; undefined for acknowledgements declared outside the kit and the config. */
  readonly category?: AcknowledgementCategory;
}

export interface RecordedResult {
  readonly pack: string;
  /** The rule id without finding, e.g. `AwsSolutions-IAM5`. */
  readonly ruleId: string;
  /** For rules that report per finding: the finding, e.g. `Resource::*`. */
  readonly finding?: string;
  /** Never `Not applicable`: those results are counted, not kept (see `NagRecorder.notApplicable`). */
  readonly status: ApplicableStatus;
  readonly resource: ResourceRef;
  readonly acknowledgement?: AcknowledgementRef;
  /** For non-compliant and acknowledged rows: the rule's message for this resource. */
  readonly message?: string;
}

/** A result that applies to its resource: every status but `Not applicable`. */
export type ApplicableStatus = Exclude<EvidenceStatus, 'Not applicable'>;

export class NagRecorder {
  private rows: RecordedResult[] = [];
  private readonly descriptions = new Map<string, RuleDescription>();
  private readonly resources = new WeakMap<CfnResource, ResourceRef>();
  private readonly packsRun = new Set<string>();
  /** Per pack, the rules applied so far by rule name (the id without the pack), each with its not-applicable counter. */
  private readonly ruleStates = new Map<string, Map<string, RuleState>>();
  /** Per pack, not-applicable results by stack name. */
  private readonly naByStack = new Map<string, Map<string, Counter>>();
  /** Messages are kept once per distinct text: ISM rules word theirs per resource, often alike. */
  private readonly messages = new Map<string, string>();
  /** Acknowledgements are kept once per reason and declaring construct, not once per result. */
  private readonly acknowledgements = new Map<string, AcknowledgementRef>();
  // The packs visit one resource at a time and apply every rule to it, so the stack counter of
  // the last resource is almost always the one needed next.
  private lastNode?: CfnResource;
  private lastPack?: string;
  private lastStackCounter?: Counter;

  /** Every applicable result (not the not-applicable ones: see `notApplicable`), in pack order. */
  public get results(): readonly RecordedResult[] {
    return this.rows;
  }

  /** The rules seen, by rule id. */
  public get rules(): ReadonlyMap<string, RuleDescription> {
    return this.descriptions;
  }

  /** The packs that have run (plugin names). */
  public get packs(): string[] {
    return [...this.packsRun];
  }

  /** Not-applicable results per rule id (rules with none are left out). */
  public get notApplicable(): ReadonlyMap<string, number> {
    const out = new Map<string, number>();
    for (const rules of this.ruleStates.values()) for (const s of rules.values()) if (s.notApplicable.n > 0) out.set(s.ruleId, s.notApplicable.n);
    return out;
  }

  /** Not-applicable results per stack name, over every pack. */
  public get notApplicableByStack(): ReadonlyMap<string, number> {
    const out = new Map<string, number>();
    for (const stacks of this.naByStack.values()) for (const [stack, c] of stacks) out.set(stack, (out.get(stack) ?? 0) + c.n);
    return out;
  }

  /** Results by status, not-applicable ones included. */
  public get totals(): Record<EvidenceStatus, number> {
    const t: Record<EvidenceStatus, number> = { 'Non-compliant': 0, Acknowledged: 0, Compliant: 0, 'Not applicable': 0 };
    for (const r of this.rows) t[r.status]++;
    for (const n of this.notApplicable.values()) t['Not applicable'] += n;
    return t;
  }

  /** Starts a (re-)run of a pack: forgets its earlier results. */
  public begin(pack: string): void {
    this.packsRun.add(pack);
    this.rows = this.rows.filter((r) => r.pack !== pack);
    for (const s of this.ruleStates.get(pack)?.values() ?? []) s.notApplicable.n = 0;
    this.naByStack.delete(pack);
    this.lastNode = undefined;
  }

  /** Returns the same rule application, with a rule function that also records its result. */
  public wrap(pack: string, params: IApplyRule): IApplyRule {
    // Called once per rule per resource (millions of times at scale): the rule's state and its
    // wrapper are made once and reused; only the message (per resource for some ISM rules) changes.
    const suffix = params.ruleSuffixOverride ?? params.rule.name;
    let rules = this.ruleStates.get(pack);
    if (!rules) this.ruleStates.set(pack, (rules = new Map()));
    let state = rules.get(suffix);
    if (!state) {
      const ruleId = `${pack}-${suffix}`;
      if (!this.descriptions.has(ruleId)) {
        this.descriptions.set(ruleId, {
          pack,
          ruleId,
          level: params.level === 'Error' ? 'error' : 'warning',
          info: params.info,
          explanation: params.explanation,
        });
      }
      state = { pack, ruleId, notApplicable: { n: 0 }, info: params.info, original: params.rule, wrapped: params.rule };
      state.wrapped = this.wrapRule(state, params.rule);
      rules.set(suffix, state);
    }
    state.info = params.info;
    // A different function under the same rule id (not done by the packs the kit runs) gets its own wrapper.
    const rule = state.original === params.rule ? state.wrapped : this.wrapRule(state, params.rule);
    return { ...params, rule };
  }

  private wrapRule(state: RuleState, original: IApplyRule['rule']): IApplyRule['rule'] {
    const recorder = this;
    const { pack, ruleId } = state;
    const rule = function (node: CfnResource): NagRuleResult {
      let result: NagRuleResult;
      try {
        result = original(node);
      } catch (e) {
        recorder.add(pack, ruleId, undefined, node, `${state.info} The rule could not evaluate the resource: ${(e as Error).message}`);
        throw e;
      }
      recorder.record(state, result, node);
      return result;
    };
    // cdk-nag derives the rule id from the function name when no suffix override is given.
    Object.defineProperty(rule, 'name', { value: original.name });
    return rule;
  }

  private countNotApplicable(state: RuleState, node: CfnResource): void {
    const pack = state.pack;
    state.notApplicable.n++;
    if (node !== this.lastNode || pack !== this.lastPack) {
      let stacks = this.naByStack.get(pack);
      if (!stacks) this.naByStack.set(pack, (stacks = new Map()));
      const stackName = this.ref(node).stackName;
      let c = stacks.get(stackName);
      if (!c) stacks.set(stackName, (c = { n: 0 }));
      this.lastNode = node;
      this.lastPack = pack;
      this.lastStackCounter = c;
    }
    this.lastStackCounter!.n++;
  }

  private record(state: RuleState, result: NagRuleResult, node: CfnResource): void {
    const { pack, ruleId } = state;
    if (Array.isArray(result)) {
      if (result.length === 0) this.push(pack, ruleId, undefined, 'Compliant', node);
      for (const finding of result) this.add(pack, ruleId, finding, node, state.info);
    } else if (result === 'Compliant') {
      this.push(pack, ruleId, undefined, 'Compliant', node);
    } else if (result === 'Non-Compliant') {
      this.add(pack, ruleId, undefined, node, state.info);
    } else {
      this.countNotApplicable(state, node);
    }
  }

  /** A failing row: acknowledged if an acknowledgement in CDK's namespaced form covers it. */
  private add(pack: string, ruleId: string, finding: string | undefined, node: CfnResource, message: string): void {
    let acknowledgement = findAcknowledgement(node, `${pack}::${ruleId}${finding !== undefined ? `[${finding}]` : ''}`);
    if (acknowledgement) {
      const key = `${acknowledgement.declaredAt}\0${acknowledgement.reason}\0${acknowledgement.ismControls.join(' ')}`;
      const seen = this.acknowledgements.get(key);
      if (seen) acknowledgement = seen;
      else this.acknowledgements.set(key, acknowledgement);
    }
    let m = this.messages.get(message);
    if (m === undefined) this.messages.set(message, (m = message));
    this.rows.push({ pack, ruleId, finding, status: acknowledgement ? 'Acknowledged' : 'Non-compliant', resource: this.ref(node), acknowledgement, message: m });
  }

  private push(pack: string, ruleId: string, finding: string | undefined, status: ApplicableStatus, node: CfnResource): void {
    this.rows.push({ pack, ruleId, finding, status, resource: this.ref(node) });
  }

  private ref(node: CfnResource): ResourceRef {
    let ref = this.resources.get(node);
    if (!ref) {
      const stack = Stack.of(node);
      ref = {
        constructPath: node.node.path,
        stackName: stack.stackName,
        region: stack.resolve(stack.region) as string,
        logicalId: stack.resolve(node.logicalId) as string,
        resourceType: node.cfnResourceType,
      };
      if (typeof ref.region !== 'string' || ref.region.startsWith('${Token')) ref = { ...ref, region: '(unresolved)' };
      this.resources.set(node, ref);
    }
    return ref;
  }
}

interface Counter {
  n: number;
}

interface RuleState {
  readonly pack: string;
  readonly ruleId: string;
  readonly notApplicable: Counter;
  /** The message of the rule application in progress. */
  info: string;
  readonly original: IApplyRule['rule'];
  wrapped: IApplyRule['rule'];
}

const KIT_REASON = /wickr-cdk-kit acknowledgement "([A-Za-z0-9]+)"/;

/**
 * Finds the acknowledgement of a namespaced rule id on the resource or its ancestors, as CDK core
 * matches it when it moves a violation to `suppressedViolations`: the nearest construct wins, and
 * on one construct the acknowledgement declared last.
 */
export function findAcknowledgement(node: IConstruct, id: string): AcknowledgementRef | undefined {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    let reason: string | undefined;
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !m.data) continue;
      const r = (m.data as Record<string, unknown>)[id];
      if (typeof r === 'string') reason = r;
    }
    if (reason === undefined) continue;
    const key = KIT_REASON.exec(reason)?.[1];
    const kit: Acknowledgement | undefined = key !== undefined && Object.prototype.hasOwnProperty.call(ACKNOWLEDGEMENTS, key) ? ACKNOWLEDGEMENTS[key as AcknowledgementKey] : undefined;
    if (kit) return { reason, declaredAt: c.node.path, key, ismControls: ruleIsmControls(kit, ruleIdOf(id)), category: acknowledgementCategory(kit) };
    const agencyKey = AGENCY_RISK_MARKER.exec(reason)?.[1];
    const agency = agencyKey !== undefined ? agencyRiskAcceptances(c).get(agencyKey) : undefined;
    if (agency) return { reason, declaredAt: c.node.path, key: agency.key, ismControls: agency.ismControls, category: 'risk-accepted' };
    return { reason, declaredAt: c.node.path, ismControls: [] };
  }
  return undefined;
}

/** `AwsSolutions::AwsSolutions-IAM5[Resource::*]` → `AwsSolutions-IAM5`. */
function ruleIdOf(namespacedId: string): string {
  const afterPack = namespacedId.slice(namespacedId.indexOf('::') + 2);
  const bracket = afterPack.indexOf('[');
  return bracket === -1 ? afterPack : afterPack.slice(0, bracket);
}
