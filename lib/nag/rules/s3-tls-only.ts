import { Stack } from 'aws-cdk-lib';
import { CfnBucket, CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance, rules } from 'cdk-nag';
import { ismPolicyOf } from './policy';
import { asList, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0469', 'ISM-1139'];

/**
 * S3 buckets refuse plain HTTP and old TLS: the bucket policy denies every request with
 * `aws:SecureTransport` false (cdk-nag's own check) and every request whose `s3:TlsVersion` is
 * below the floor (policy `minimumTlsVersion`, 1.2 by default).
 */
export const S3TLSOnly: IsmRule = {
  name: 'S3TLSOnly',
  controls: CONTROLS,
  level: 'error',
  info: (node) =>
    `The S3 bucket policy does not deny requests without TLS and requests below TLS ${ismPolicyOf(node).minimumTlsVersion} ${citing(CONTROLS)}.`,
  explanation:
    'Records and logs must only travel over an approved protocol; a bucket policy is the one place that holds for every client, SDK and console alike.',
  check: (node) => {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    if (rules.s3.S3BucketSSLRequestsOnly(node) !== NagRuleCompliance.COMPLIANT) return NagRuleCompliance.NON_COMPLIANT;
    const floor = ismPolicyOf(node).minimumTlsVersion;
    return policiesOf(node).some((p) => deniesTlsBelow(p, floor)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};

/** The bucket policies of the stack that apply to this bucket (by reference or by name). */
function policiesOf(bucket: CfnBucket): CfnBucketPolicy[] {
  const stack = Stack.of(bucket);
  const ref = JSON.stringify(stack.resolve(bucket.ref));
  const name = stack.resolve(bucket.bucketName);
  return stack.node
    .findAll()
    .filter((c): c is CfnBucketPolicy => c instanceof CfnBucketPolicy)
    .filter((p) => {
      const target = stack.resolve(p.bucket);
      return JSON.stringify(target) === ref || (name !== undefined && target === name);
    });
}

function deniesTlsBelow(policy: CfnBucketPolicy, floor: number): boolean {
  const doc = resolved<{ Statement?: unknown }>(policy, policy.policyDocument);
  return asList(doc?.Statement as Record<string, unknown>[] | undefined).some((s) => {
    if (s.Effect !== 'Deny') return false;
    const actions = asList(s.Action as string | string[]).map((a) => a.toLowerCase());
    if (!actions.includes('*') && !actions.includes('s3:*')) return false;
    const principal = s.Principal as unknown;
    const everyone = principal === '*' || asList((principal as { AWS?: string | string[] } | undefined)?.AWS).includes('*');
    if (!everyone) return false;
    const lessThan = (s.Condition as Record<string, Record<string, unknown>> | undefined)?.NumericLessThan?.['s3:TlsVersion'];
    const version = typeof lessThan === 'string' ? Number(lessThan) : lessThan;
    return typeof version === 'number' && version >= floor;
  });
}
