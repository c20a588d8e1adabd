import { CfnResource } from 'aws-cdk-lib';
import type { NagRuleResult } from 'cdk-nag';

/**
 * One rule of the ISM pack: a pure check of one CloudFormation resource plus what the report says
 * about it. The rule id is `ISM-<name>`.
 */
export interface IsmRule {
  /** Rule name without the pack prefix, e.g. `S3CMKEncryption`. */
  readonly name: string;
  /** The ISM controls the rule checks (ids of `lib/nag/ism-controls.ts`). */
  readonly controls: readonly string[];
  /** `error` always fails synth; `warning` fails in strict mode and is reported in advisory mode. */
  readonly level: 'error' | 'warning';
  /** Why a resource fails, shown in the nag report; may name the resource's own values. */
  readonly info: string | ((node: CfnResource) => string);
  /** Why the rule exists, for the evidence report. */
  readonly explanation: string;
  readonly check: (node: CfnResource) => NagRuleResult;
}

/** The full rule id as the pack reports it. */
export function ismRuleId(rule: Pick<IsmRule, 'name'>): string {
  return `ISM-${rule.name}`;
}

/** `(ISM-0459, ISM-1080)`, for rule messages. */
export function citing(controls: readonly string[]): string {
  return `(${controls.join(', ')})`;
}
