/**
 * Evidence-pack sections for the records: where each Region's records are kept a second time, and
 * which trail records every read and write of each records bucket (or what the organisation trail
 * must cover when the agency declares one). Registered by every stack that holds records, collected
 * once per synth from the construct tree.
 */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { RetentionStorage } from '../constructs/retention-storage';
import { WickrAuditTrail } from '../constructs/wickr-audit-trail';
import { display } from '../nag/evidence/model';
import { EvidenceSection, addEvidenceSection } from '../nag/evidence/sections';
import { ismPolicyOf } from '../nag/rules/policy';
import { trailRecordsObjectAccess } from '../nag/rules/records-access-logged';

export const RECORDS_COPIES_SECTION_ID = 'records-copies';
export const RECORDS_ACCESS_SECTION_ID = 'records-access-logging';

const text = (scope: IConstruct, value: unknown) => display(Stack.of(scope).resolve(value));
/** The bucket's name as configured (the L1 property), not its `Ref`. */
const nameOf = (s: RetentionStorage) => text(s, (s.bucket.node.defaultChild as s3.CfnBucket).bucketName ?? s.bucket.bucketName);
const storagesIn = (root: IConstruct) => root.node.findAll().filter((c): c is RetentionStorage => c instanceof RetentionStorage);
const lockOf = (s: RetentionStorage) => `${s.retention.mode}, ${s.retention.days} days`;

function copiesSection(root: IConstruct): EvidenceSection {
  const storages = storagesIn(root);
  const rows = storages.map((s) => {
    const stack = Stack.of(s);
    const dest = s.replicateTo;
    // The destination bucket is named deterministically; find it in this app to show its lock.
    const copy = dest ? storages.find((o) => o !== s && Stack.of(o).region === dest.region && Stack.of(o).account === stack.account && nameOf(o) === text(s, dest.bucketName)) : undefined;
    return [
      stack.stackName,
      stack.region,
      nameOf(s),
      lockOf(s),
      dest ? dest.region : 'none',
      dest ? text(s, dest.bucketName) : '',
      dest ? (copy ? lockOf(copy) : 'not in this app') : '',
      dest ? dest.keyAlias : '',
    ];
  });
  const sources = (s: RetentionStorage) => storages.filter((o) => o.replicateTo && text(o, o.replicateTo.bucketName) === nameOf(s));
  const onlyCopies = storages.filter((s) => !s.replicateTo && sources(s).length > 0);
  return {
    id: RECORDS_COPIES_SECTION_ID,
    title: 'Records copies',
    description:
      "Where each Region's records bucket keeps its second copy: S3 replication of every new object version, with its Object Lock retention, into a bucket of another allowed Region that is itself locked, versioned and retained, re-encrypted with that Region's own retention key (named by alias, so no key leaves its Region).",
    columns: ['Stack', 'Region', 'Records bucket', 'Object Lock', 'Copy in Region', 'Copy bucket', 'Object Lock of the copy', 'Copy key (alias in that Region)'],
    rows,
    notes: [
      ...storages
        .filter((s) => !s.replicateTo && sources(s).length === 0)
        .map((s) => `${Stack.of(s).stackName}: the records bucket has no second copy (configure storage.replicateTo or storage.replicateToByRegion).`),
      ...onlyCopies.map((s) => `${Stack.of(s).stackName} holds copies only (of ${sources(s).map((o) => Stack.of(o).region).join(', ')}) and replicates nowhere: it is the second copy.`),
      'S3 does not replicate replicas onward: records copied into a Region are not copied again from there, so each record exists in exactly two Regions. Objects written before replication was configured need S3 Batch Replication.',
    ],
  };
}

function accessSection(root: IConstruct): EvidenceSection {
  const trails = root.node.findAll().filter((c): c is WickrAuditTrail => c instanceof WickrAuditTrail);
  const declared: string[] = [];
  const rows = storagesIn(root).map((s) => {
    const stack = Stack.of(s);
    const bucket = s.bucket.node.defaultChild as s3.CfnBucket;
    const trail = trails.find((t) => Stack.of(t) === stack && t.recordsBucketsLogged.includes(s.bucket));
    const name = nameOf(s);
    let by: string;
    if (trail && trailRecordsObjectAccess(bucket)) by = `trail ${text(trail, trail.trail.trailName)} (advanced event selector, log file validation)`;
    else if (ismPolicyOf(bucket).organizationTrailRecordsDataEvents === true) {
      by = 'organisation trail (declared: guardrails.auditTrail.organizationTrailRecordsDataEvents)';
      declared.push(`${name} (${stack.region}, account ${text(s, stack.account)})`);
    } else by = 'NOT RECORDED';
    return [stack.stackName, stack.region, name, 'S3 data events on AWS::S3::Object, reads and writes', by];
  });
  return {
    id: RECORDS_ACCESS_SECTION_ID,
    title: 'Records access logging',
    description:
      'Who read or wrote each record object, in integrity-validated CloudTrail logs: every records bucket (originals and copies) has its S3 data events (object reads and writes) recorded by the trail of its own stack, or by the organisation trail the agency declares.',
    columns: ['Stack', 'Region', 'Records bucket', 'Events', 'Recorded by'],
    rows,
    notes:
      declared.length === 0
        ? []
        : [
            'The organisation trail must record, with log file validation, encrypted and delivered to a central bucket: every management event (read and write) of these accounts in every Region above, and S3 data events, reads and writes, of the objects (resources.type AWS::S3::Object, resources.ARN starting with arn:<partition>:s3:::<bucket>/) of these buckets:',
            ...declared,
          ],
  };
}

/** Registers the records sections of the evidence pack for the app `scope` belongs to (once per app). */
export function addRecordsEvidence(scope: IConstruct): void {
  addEvidenceSection(scope, { id: RECORDS_COPIES_SECTION_ID, collect: ({ root }) => copiesSection(root) });
  addEvidenceSection(scope, { id: RECORDS_ACCESS_SECTION_ID, collect: ({ root }) => accessSection(root) });
}
