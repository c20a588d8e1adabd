import { CfnTrail } from 'aws-cdk-lib/aws-cloudtrail';
import { NagRuleCompliance } from 'cdk-nag';
import { asList, field, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-0580', 'ISM-1405', 'ISM-1509', 'ISM-1815', 'ISM-1985', 'ISM-0585'];

/**
 * A trail the kit deploys logs, records management events (multi-Region, or management events
 * selected), validates log files, encrypts with KMS, and delivers to both S3 and CloudWatch Logs.
 */
export const CloudTrailCoverage: IsmRule = {
  name: 'CloudTrailCoverage',
  controls: CONTROLS,
  level: 'error',
  info: `The CloudTrail trail does not log management events with log file validation, KMS encryption and delivery to S3 and CloudWatch Logs ${citing(CONTROLS)}.`,
  explanation:
    'Administration of Wickr networks and of the kit\'s resources must leave a tamper-evident, encrypted, centrally collected record.',
  check: (node) => {
    if (!(node instanceof CfnTrail)) return NagRuleCompliance.NOT_APPLICABLE;
    const ok =
      resolved(node, node.isLogging) === true &&
      resolved(node, node.enableLogFileValidation) === true &&
      resolved(node, node.kmsKeyId) !== undefined &&
      resolved(node, node.s3BucketName) !== undefined &&
      resolved(node, node.cloudWatchLogsLogGroupArn) !== undefined &&
      (resolved(node, node.isMultiRegionTrail) === true || recordsManagementEvents(node));
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};

/** Management events are recorded unless selectors turn them off. */
function recordsManagementEvents(node: CfnTrail): boolean {
  const advanced = asList(resolved<unknown[]>(node, node.advancedEventSelectors));
  if (advanced.length > 0) {
    return advanced.some((s) =>
      asList(field<unknown[]>(s, 'fieldSelectors', 'FieldSelectors')).some(
        (f) => field(f, 'field', 'Field') === 'eventCategory' && asList(field<string[]>(f, 'equalTo', 'Equals')).includes('Management'),
      ),
    );
  }
  const selectors = asList(resolved<unknown[]>(node, node.eventSelectors));
  if (selectors.length === 0) return true;
  return selectors.some((s) => field(s, 'includeManagementEvents', 'IncludeManagementEvents') !== false && (field(s, 'readWriteType', 'ReadWriteType') ?? 'All') === 'All');
}
