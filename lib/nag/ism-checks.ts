import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ISM_RULES, IsmRule, ismRuleId } from './rules';
import { markIsmChecks } from './rules/policy';

/** The plugin name of the ISM pack; CDK uses it as the acknowledgement namespace (`ISM::ISM-...`). */
export const ISM_PACK_NAME = 'ISM';

/**
 * A cdk-nag 3 pack for the Australian Information Security Manual (ISM), its control ids verified
 * against the December 2025 release: customer-managed encryption at rest, key rotation, TLS-only storage, log retention,
 * locked records, data residency, least privilege, no IAM users, CloudTrail coverage.
 *
 * Each rule is a pure function of one resource (see `lib/nag/rules/`) and cites the ISM controls
 * it checks; `lib/nag/ism-controls.ts` lists those controls and what the kit does about each.
 *
 * @example Validations.of(app).addPlugins(new IsmChecks(app));
 */
export class IsmChecks extends NagPack {
  public readonly name = ISM_PACK_NAME;
  /** The rules this pack applies. */
  public readonly rules: readonly IsmRule[];

  constructor(scope?: IConstruct, props?: IsmChecksProps) {
    super(scope, props);
    this.packName = ISM_PACK_NAME;
    this.rules = props?.rules ?? ISM_RULES;
    // Lets constructs that know the fix for one of the pack's findings fail synth with it (WickrProvider's logs key).
    if (scope) markIsmChecks(scope);
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.name,
        info: typeof rule.info === 'function' ? rule.info(node) : rule.info,
        explanation: rule.explanation,
        level: rule.level === 'error' ? NagMessageLevel.ERROR : NagMessageLevel.WARN,
        rule: rule.check,
        node,
      });
    }
  }
}

export interface IsmChecksProps extends NagPackProps {
  /**
   * The rules to apply.
   * @default - every rule of the pack (`ISM_RULES`)
   */
  readonly rules?: readonly IsmRule[];
}

/** The rule ids of the pack (`ISM-DataResidency`, ...). */
export function ismRuleIds(rules: readonly IsmRule[] = ISM_RULES): string[] {
  return rules.map(ismRuleId);
}
