import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { throwIfProblems } from '../config/errors';
import type { DataRetentionBotHost } from './data-retention-bot-host';

/** The namespace of the kit's own data-retention metrics (log metric filters). */
export const KIT_RETENTION_METRICS_NAMESPACE = 'WickrKit/DataRetention';

export interface DataRetentionAlarmsProps {
  /** Where alarms (and the bot's own events) go. */
  readonly topic: sns.ITopic;
  readonly cluster: ecs.ICluster;
  readonly service: ecs.BaseService;
  /**
   * The bot's EC2 host, when it has one: its status checks alarm too.
   * @default - no host (Fargate)
   */
  readonly host?: DataRetentionBotHost;
  /** The bot's log group (its scrubbed output and the capture sidecar's notes). */
  readonly logGroup: logs.ILogGroup;
  /**
   * The records bucket. Request metrics can be switched on only for a bucket this app defines;
   * for an imported bucket the "nothing written" alarm is left out (and a synth warning says so).
   */
  readonly bucket: s3.IBucket;
  /** The bot's folder in the bucket. */
  readonly folder: string;
  /** Alarm when no record was written to the folder for this long. */
  readonly noRecordsFor: Duration;
  /** Used in metric names, so each network's metrics are told apart. */
  readonly name: string;
}

/**
 * The alarms that tell an agency its records are not being kept:
 *
 * - **bot not running**: the service's running task count (Container Insights) is below one for
 *   ten minutes, or not reported at all;
 * - **no records written**: S3 request metrics on the bot's folder show no PUT for the configured
 *   number of hours. The bot uploads a file when it closes one (`WICKRIO_COMP_TIMEROTATE`), and
 *   only when there were messages, so a network that is silent for that long also alarms: choose
 *   the hours above the quietest expected period;
 * - **bot errors**: a log metric filter counts lines with ERROR, CRITICAL or FATAL in the bot's
 *   log group (which includes the password-capture sidecar's failures);
 * - **host status checks** (EC2 host only): the host failed its EC2 instance or system status
 *   check for two minutes. Its Auto Scaling group replaces such an instance by itself; the alarm
 *   says it happened.
 */
export class DataRetentionAlarms extends Construct {
  public readonly botNotRunning: cloudwatch.Alarm;
  public readonly noRecordsWritten?: cloudwatch.Alarm;
  public readonly botErrors: cloudwatch.Alarm;
  public readonly hostStatusCheckFailed?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DataRetentionAlarmsProps) {
    super(scope, id);
    const hours = props.noRecordsFor.toHours({ integral: false });
    throwIfProblems(this.node.path, [
      ...(!props.noRecordsFor.isUnresolved() && (hours < 1 || hours > 168 || !Number.isInteger(hours))
        ? [{ path: 'noRecordsFor', message: 'must be whole hours from 1 to 168 (one alarm period per hour, CloudWatch evaluates at most 7 days)', got: hours }]
        : []),
    ]);
    const action = new actions.SnsAction(props.topic);

    this.botNotRunning = new cloudwatch.Alarm(this, 'BotNotRunning', {
      alarmDescription: `Wickr data-retention bot ${props.name} is not running: messages are not being captured`,
      metric: new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        dimensionsMap: { ClusterName: props.cluster.clusterName, ServiceName: props.service.serviceName },
        statistic: cloudwatch.Stats.MINIMUM,
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    if (props.bucket instanceof s3.Bucket) {
      const filterId = `wickr-dr-${props.name}`.slice(0, 64);
      props.bucket.addMetric({ id: filterId, prefix: `${props.folder}/` });
      this.noRecordsWritten = new cloudwatch.Alarm(this, 'NoRecordsWritten', {
        alarmDescription: `No Wickr records written under ${props.folder}/ for ${hours} hours: the bot may have stopped uploading (or the network was silent)`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/S3',
          metricName: 'PutRequests',
          dimensionsMap: { BucketName: props.bucket.bucketName, FilterId: filterId },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.hours(1),
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: hours,
        // S3 reports request metrics only for periods with requests: no data is "nothing written".
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    } else {
      Annotations.of(this).addWarningV2(
        'wickr-kit:retention-no-records-alarm',
        'the records bucket is imported, so S3 request metrics cannot be switched on here and the "no records written" alarm is left out',
      );
    }

    const errorMetric = new logs.MetricFilter(this, 'BotErrorLines', {
      logGroup: props.logGroup,
      filterPattern: logs.FilterPattern.anyTerm('ERROR', 'CRITICAL', 'FATAL'),
      metricNamespace: KIT_RETENTION_METRICS_NAMESPACE,
      metricName: `BotErrorLines-${props.name}`,
      metricValue: '1',
      defaultValue: 0,
    }).metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) });
    this.botErrors = new cloudwatch.Alarm(this, 'BotErrors', {
      alarmDescription: `Wickr data-retention bot ${props.name} logged errors (see its log group; password-capture failures are logged there too)`,
      metric: errorMetric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    if (props.host) {
      this.hostStatusCheckFailed = new cloudwatch.Alarm(this, 'HostStatusCheckFailed', {
        alarmDescription: `The EC2 host of Wickr data-retention bot ${props.name} failed its status checks; its Auto Scaling group replaces it, and the new host attaches the same state volume`,
        metric: props.host.statusCheckMetric(),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    for (const alarm of [this.botNotRunning, this.noRecordsWritten, this.botErrors, this.hostStatusCheckFailed]) {
      if (!alarm) continue;
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}
