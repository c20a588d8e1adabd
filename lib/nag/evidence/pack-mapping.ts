/**
 * Which ISM controls the rules of the other packs (AWS Solutions, NIST 800-53 rev 5) bear on, so
 * the evidence report can group every pack's results by ISM control. This is the kit's own
 * judgement, not a published crosswalk: a rule is mapped only where its check plainly serves the
 * control; everything else is listed under "Rules not mapped to an ISM control".
 */
import type { IsmRule } from '../rules/types';

const MAPPING: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^(AwsSolutions-S1|NIST\.800\.53\.R5-S3BucketLoggingEnabled|AwsSolutions-SF1)$/, ['ISM-0580']],
  [/^(AwsSolutions-S2|AwsSolutions-S5|NIST\.800\.53\.R5-S3Bucket(LevelPublicAccessProhibited|PublicReadProhibited|PublicWriteProhibited))$/, ['ISM-1852']],
  [/^(AwsSolutions-S10|NIST\.800\.53\.R5-S3BucketSSLRequestsOnly)$/, ['ISM-0469']],
  [/^(AwsSolutions-IAM[45]|NIST\.800\.53\.R5-IAM(NoInlinePolicy|PolicyNoStatementsWithAdminAccess|PolicyNoStatementsWithFullAccess|UserNoPolicies|GroupHasUsers|UserGroupMembership))$/, ['ISM-1508', 'ISM-1852']],
  [/^(AwsSolutions-KMS5|NIST\.800\.53\.R5-KMSBackingKeyRotationEnabled)$/, ['ISM-0507']],
  [/^NIST\.800\.53\.R5-CloudWatchLogGroupEncrypted$/, ['ISM-1985']],
  [/^NIST\.800\.53\.R5-CloudWatchLogGroupRetentionPeriod$/, ['ISM-1988']],
  [/^NIST\.800\.53\.R5-S3Bucket(ReplicationEnabled|VersioningEnabled|DefaultLockEnabled)$/, ['ISM-1511', 'ISM-1811']],
  [/^NIST\.800\.53\.R5-(S3DefaultEncryptionKMS|SecretsManagerUsingKMSKey|SNSEncryptedKMS)$/, ['ISM-0459', 'ISM-1080']],
  [/^NIST\.800\.53\.R5-CloudTrailCloudWatchLogsEnabled$/, ['ISM-1405']],
  [/^NIST\.800\.53\.R5-CloudTrailEncryptionEnabled$/, ['ISM-1985']],
  [/^NIST\.800\.53\.R5-CloudTrailLogFileValidationEnabled$/, ['ISM-1815']],
];

/** The ISM pack's own rules and their controls, loaded on first use (the rules load cdk-nag). */
let ismRuleControls: Map<string, readonly string[]> | undefined;
function ismRuleControlsOf(ruleId: string): readonly string[] | undefined {
  if (!ismRuleControls) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ISM_RULES, ismRuleId } = require('../rules') as typeof import('../rules');
    ismRuleControls = new Map(ISM_RULES.map((r: IsmRule) => [ismRuleId(r), r.controls]));
  }
  return ismRuleControls.get(ruleId);
}
const cache = new Map<string, readonly string[]>();

/** The ISM controls a rule (of any pack) bears on; empty when the kit maps it to none. */
export function controlsOfRule(ruleId: string): readonly string[] {
  let hit = cache.get(ruleId);
  if (hit === undefined) {
    hit = ismRuleControlsOf(ruleId) ?? MAPPING.find(([re]) => re.test(ruleId))?.[1] ?? [];
    cache.set(ruleId, hit);
  }
  return hit;
}
