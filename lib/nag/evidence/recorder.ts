/**
 * Records every rule × resource result of the nag packs as they run. cdk-nag 3 reports only
 * violations; an assessor also needs the compliant and not-applicable rows, so the kit wraps each
 * rule call (`NagRecorder.wrap`) and keeps the result, without changing what the pack reports.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IApplyRule, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENTS, AcknowledgementKey } from '../acknowledgements';

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
  /** The kit's acknowledgement key (`lib/nag/acknowledgements.ts`), when the kit declared it. */
  readonly key?: string;
  /** ISM controls the acknowledgement concerns. */
  readonly ismControls: readonly string[];
}

export interface RecordedResult {
  readonly pack: string;
  /** The rule id without finding, e.g. `AwsSolutions-IAM5`. */
  readonly ruleId: string;
  /** For rules that report per finding: the finding, e.g. `Resource::*`. */
  readonly finding?: string;
  readonly status: EvidenceStatus;
  readonly resource: ResourceRef;
  readonly acknowledgement?: AcknowledgementRef;
  /** For non-compliant and acknowledged rows: the rule's message for this resource. */
  readonly message?: string;
}

export class NagRecorder {
  private rows: RecordedResult[] = [];
  private readonly descriptions = new Map<string, RuleDescription>();
  private readonly resources = new WeakMap<CfnResource, ResourceRef>();
  private readonly packsRun = new Set<string>();

  /** Every recorded result, in the order the packs produced them. */
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

  /** Starts a (re-)run of a pack: forgets its earlier rows. */
  public begin(pack: string): void {
    this.packsRun.add(pack);
    this.rows = this.rows.filter((r) => r.pack !== pack);
  }

  /** Returns the same rule application, with a rule function that also records its result. */
  public wrap(pack: string, params: IApplyRule): IApplyRule {
    const ruleId = `${pack}-${params.ruleSuffixOverride ?? params.rule.name}`;
    if (!this.descriptions.has(ruleId)) {
      this.descriptions.set(ruleId, {
        pack,
        ruleId,
        level: params.level === 'Error' ? 'error' : 'warning',
        info: params.info,
        explanation: params.explanation,
      });
    }
    const original = params.rule;
    const recorder = this;
    const rule = function (node: CfnResource): NagRuleResult {
      let result: NagRuleResult;
      try {
        result = original(node);
      } catch (e) {
        recorder.add(pack, ruleId, undefined, node, `${params.info} The rule could not evaluate the resource: ${(e as Error).message}`);
        throw e;
      }
      recorder.record(pack, ruleId, result, node, params.info);
      return result;
    };
    // cdk-nag derives the rule id from the function name when no suffix override is given.
    Object.defineProperty(rule, 'name', { value: original.name });
    return { ...params, rule };
  }

  private record(pack: string, ruleId: string, result: NagRuleResult, node: CfnResource, info: string): void {
    if (Array.isArray(result)) {
      if (result.length === 0) this.push(pack, ruleId, undefined, 'Compliant', node);
      for (const finding of result) this.add(pack, ruleId, finding, node, info);
    } else if (result === 'Compliant') {
      this.push(pack, ruleId, undefined, 'Compliant', node);
    } else if (result === 'Non-Compliant') {
      this.add(pack, ruleId, undefined, node, info);
    } else {
      this.push(pack, ruleId, undefined, 'Not applicable', node);
    }
  }

  /** A failing row: acknowledged if an acknowledgement in CDK's namespaced form covers it. */
  private add(pack: string, ruleId: string, finding: string | undefined, node: CfnResource, message: string): void {
    const acknowledgement = findAcknowledgement(node, `${pack}::${ruleId}${finding !== undefined ? `[${finding}]` : ''}`);
    this.rows.push({ pack, ruleId, finding, status: acknowledgement ? 'Acknowledged' : 'Non-compliant', resource: this.ref(node), acknowledgement, message });
  }

  private push(pack: string, ruleId: string, finding: string | undefined, status: EvidenceStatus, node: CfnResource): void {
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
    const kit = key !== undefined && Object.prototype.hasOwnProperty.call(ACKNOWLEDGEMENTS, key) ? ACKNOWLEDGEMENTS[key as AcknowledgementKey] : undefined;
    return { reason, declaredAt: c.node.path, key: kit ? key : undefined, ismControls: kit ? [...kit.ismControls] : [] };
  }
  return undefined;
}
