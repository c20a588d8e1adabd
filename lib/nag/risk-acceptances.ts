/**
 * Risk acceptances: acknowledgements of findings whose control is not fully met, accepted by
 * someone with the authority, until a review date. The kit's own list (lib/nag/acknowledgements.ts)
 * may hold some (`category: 'risk-accepted'`); agencies declare theirs in the config
 * (`agencies[].riskAcceptances`), and `applyRiskAcceptances` turns each into a CDK acknowledgement
 * on the agency's stacks.
 *
 * Every acknowledgement an agency declares is recorded per app, so the evidence pack can show its
 * approver and dates next to the findings it covers.
 */
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { AgencyConfig } from '../config/config-types';
import { ConfigProblem } from '../config/errors';
import type { AgencyStacks } from '../stacks/kit-stacks';
import { ACKNOWLEDGEMENTS, Acknowledgement, NagPackName, RiskApproval } from './acknowledgements';

/** An agency's risk acceptance as the evidence pack knows it. */
export interface AgencyRiskAcceptance {
  /** `<agency id>/<risk acceptance id>`: unique in the app. */
  readonly key: string;
  readonly agencyId: string;
  readonly id: string;
  readonly pack: NagPackName;
  readonly ruleId: string;
  readonly finding?: string;
  readonly regions?: readonly string[];
  readonly reason: string;
  readonly ismControls: readonly string[];
  readonly approval: RiskApproval;
  /** Where it was declared in the config, e.g. `agencies[0].riskAcceptances[1]`. */
  readonly configPath: string;
}

/** The marker the kit writes into an agency acknowledgement's reason, which the recorder reads back. */
export const AGENCY_RISK_MARKER = /wickr-cdk-kit risk acceptance "([a-z0-9-]+\/[A-Za-z0-9._-]+)"/;

const registries = new WeakMap<IConstruct, Map<string, AgencyRiskAcceptance>>();

/** The agency risk acceptances applied in the app `scope` belongs to, by key. */
export function agencyRiskAcceptances(scope: IConstruct): ReadonlyMap<string, AgencyRiskAcceptance> {
  return registries.get(scope.node.root) ?? new Map();
}

/** The pack of a rule id, from its prefix (the schema allows only these three). */
export function packOfRule(ruleId: string): NagPackName {
  if (ruleId.startsWith('AwsSolutions-')) return 'AwsSolutions';
  if (ruleId.startsWith('NIST.800.53.R5-')) return 'NIST.800.53.R5';
  return 'ISM';
}

/** The reason CDK records (and validation-report.json shows) for an agency risk acceptance. */
export function riskAcceptanceReason(ra: AgencyRiskAcceptance): string {
  const a = ra.approval;
  return `${ra.reason} [${ra.ismControls.join(', ')}; risk accepted by ${a.approver} on ${a.approvedOn}, review by ${a.reviewBy}; wickr-cdk-kit risk acceptance "${ra.key}"]`;
}

/**
 * Acknowledges each agency's risk acceptances on its stacks (those of its `regions`, or all), in
 * the namespaced form CDK moves to `suppressedViolations`. Call once per app, after the stacks exist.
 */
export function applyRiskAcceptances(agencies: readonly AgencyStacks[], configAgencies: readonly { readonly id: string }[] = agencies.map((a) => a.agency)): void {
  for (const { agency, regionStacks, federationStacks } of agencies) {
    const index = configAgencies.findIndex((a) => a.id === agency.id);
    const list: AgencyConfig['riskAcceptances'] = agency.riskAcceptances ?? [];
    list.forEach((c, j) => {
      const ra: AgencyRiskAcceptance = {
        key: `${agency.id}/${c.id}`,
        agencyId: agency.id,
        id: c.id,
        pack: packOfRule(c.rule),
        ruleId: c.rule,
        finding: c.finding,
        regions: c.regions,
        reason: c.reason,
        ismControls: c.ismControls,
        approval: { approver: c.approver, approvedOn: c.approvedOn, reviewBy: c.reviewBy },
        configPath: `agencies[${index}].riskAcceptances[${j}]`,
      };
      const stacks = [...regionStacks, ...federationStacks].filter((s) => !c.regions || c.regions.includes(s.region));
      for (const stack of stacks) {
        let registry = registries.get(stack.node.root);
        if (!registry) registries.set(stack.node.root, (registry = new Map()));
        registry.set(ra.key, ra);
        Validations.of(stack).acknowledge({ id: `${ra.pack}::${ra.ruleId}${ra.finding !== undefined ? `[${ra.finding}]` : ''}`, reason: riskAcceptanceReason(ra) });
      }
    });
  }
}

/** Whole days from `today` to `date` (both YYYY-MM-DD); negative once `date` has passed. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The date of a clock as YYYY-MM-DD (UTC). */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A risk acceptance is reviewed soon when its review date is this close. */
export const REVIEW_SOON_DAYS = 30;

export type ReviewState = 'current' | 'review-soon' | 'expired';

/** Where a risk acceptance stands on `today`. */
export function reviewState(reviewBy: string, today: string): ReviewState {
  const days = daysUntil(reviewBy, today);
  return days < 0 ? 'expired' : days <= REVIEW_SOON_DAYS ? 'review-soon' : 'current';
}

/**
 * Risk acceptances of the kit's own list that are past their review date on `today`, as problems
 * located in lib/nag/acknowledgements.ts.
 */
export function kitRiskAcceptanceReviewProblems(today: string, list: Readonly<Record<string, Acknowledgement>> = ACKNOWLEDGEMENTS): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, ack] of Object.entries(list)) {
    if (ack.category !== 'risk-accepted') continue;
    if (ack.approval.reviewBy < today) {
      problems.push({
        source: "wickr-cdk-kit's acknowledgements",
        path: `${key}.approval.reviewBy`,
        message: `the kit's risk acceptance "${key}" is past its review date: update wickr-cdk-kit, or review the acceptance and set a new date`,
        got: ack.approval.reviewBy,
        allowed: `${today} or later`,
      });
    }
  }
  return problems;
}
