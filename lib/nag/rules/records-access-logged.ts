import { Fn, Stack } from 'aws-cdk-lib';
import { CfnTrail } from 'aws-cdk-lib/aws-cloudtrail';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { ismPolicyOf } from './policy';
import { isRecordsBucket } from './records';
import { asList, field, isLiteral, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0580', 'ISM-0585', 'ISM-1405'];

/** What a trail's selector must name for a bucket: its objects' ARN prefix, as a token or literally. */
function objectPrefixes(bucket: CfnBucket): { tokens: string[]; literalName?: string } {
  const stack = Stack.of(bucket);
  const tokens = [JSON.stringify(stack.resolve(Fn.join('', [bucket.attrArn, '/'])))];
  const name = stack.resolve(bucket.bucketName);
  return { tokens, literalName: isLiteral(name) ? name : undefined };
}

function namesBucket(value: unknown, bucket: ReturnType<typeof objectPrefixes>): boolean {
  if (bucket.tokens.includes(JSON.stringify(value))) return true;
  return typeof value === 'string' && bucket.literalName !== undefined && new RegExp(`^arn:[a-z-]+:s3:::${bucket.literalName.replace(/\./g, '\\.')}/$`).test(value);
}

/** An advanced selector recording object reads and writes (no readOnly field) of the bucket. */
function advancedCovers(selector: unknown, bucket: ReturnType<typeof objectPrefixes>): boolean {
  const fields = asList(field<unknown[]>(selector, 'fieldSelectors', 'FieldSelectors'));
  const equals = (name: string) => asList(field<unknown[]>(fields.find((f) => field(f, 'field', 'Field') === name), 'equalTo', 'Equals'));
  if (!equals('eventCategory').includes('Data') || !equals('resources.type').includes('AWS::S3::Object')) return false;
  if (fields.some((f) => field(f, 'field', 'Field') === 'readOnly')) return false;
  const arn = fields.find((f) => field(f, 'field', 'Field') === 'resources.ARN');
  // Every S3 object of the account, when no ARN narrows the selector.
  if (arn === undefined) return true;
  return asList(field<unknown[]>(arn, 'startsWith', 'StartsWith')).some((v) => namesBucket(v, bucket));
}

/** A classic data-event selector recording reads and writes of the bucket's objects. */
function basicCovers(selector: unknown, bucket: ReturnType<typeof objectPrefixes>): boolean {
  if ((field(selector, 'readWriteType', 'ReadWriteType') ?? 'All') !== 'All') return false;
  return asList(field<unknown[]>(selector, 'dataResources', 'DataResources')).some(
    (d) => field(d, 'type', 'Type') === 'AWS::S3::Object' && asList(field<unknown[]>(d, 'values', 'Values')).some((v) => namesBucket(v, bucket) || v === 'arn:aws:s3'),
  );
}

/** Whether a logging trail of the bucket's own stack records every object read and write of it. */
export function trailRecordsObjectAccess(bucket: CfnBucket): boolean {
  const stack = Stack.of(bucket);
  const prefixes = objectPrefixes(bucket);
  return stack.node.findAll().some((c) => {
    if (!(c instanceof CfnTrail) || Stack.of(c) !== stack || resolved(c, c.isLogging) !== true || resolved(c, c.enableLogFileValidation) !== true) return false;
    return (
      asList(resolved<unknown[]>(c, c.advancedEventSelectors)).some((s) => advancedCovers(s, prefixes)) ||
      asList(resolved<unknown[]>(c, c.eventSelectors)).some((s) => basicCovers(s, prefixes))
    );
  });
}

/**
 * Every read and write of a record is in an integrity-validated log: a records bucket's object
 * access (S3 data events, reads and writes) is recorded by a trail of its own stack with log file
 * validation, or the agency declares that its organisation trail records it
 * (`organizationTrailRecordsDataEvents` in the ISM policy, set from the config).
 */
export const RecordsAccessLogged: IsmRule = {
  name: 'RecordsAccessLogged',
  controls: CONTROLS,
  level: 'warning',
  info: `No CloudTrail trail of the stack records the records bucket's object reads and writes (S3 data events with log file validation), and no organisation trail is declared to record them ${citing(CONTROLS)}.`,
  explanation:
    'Retained messages are Commonwealth records: who read or wrote each record object must be shown from integrity-validated logs, not only who changed the bucket.',
  check: (node) => {
    if (!(node instanceof CfnBucket) || !isRecordsBucket(node)) return NagRuleCompliance.NOT_APPLICABLE;
    if (ismPolicyOf(node).organizationTrailRecordsDataEvents === true) return NagRuleCompliance.COMPLIANT;
    return trailRecordsObjectAccess(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
