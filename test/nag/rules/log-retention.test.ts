import { App, Duration, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LogRetention, setIsmPolicy } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

describe('ISM-LogRetention', () => {
  test('log groups kept 12 months or more, or never expiring, are compliant', () => {
    const stack = testStack();
    expect(LogRetention.check(cfn(new logs.LogGroup(stack, 'A', { retention: logs.RetentionDays.ONE_YEAR })))).toBe(COMPLIANT);
    expect(LogRetention.check(cfn(new logs.LogGroup(stack, 'B', { retention: logs.RetentionDays.INFINITE })))).toBe(COMPLIANT);
  });

  test('fails when a log group keeps events for less than 12 months', () => {
    expect(LogRetention.check(cfn(new logs.LogGroup(testStack(), 'A', { retention: logs.RetentionDays.THREE_MONTHS })))).toBe(NON_COMPLIANT);
  });

  test('reads the floor from the ISM policy', () => {
    const stack = testStack();
    setIsmPolicy(stack, { minimumLogRetentionDays: 731 });
    const group = cfn(new logs.LogGroup(stack, 'A', { retention: logs.RetentionDays.ONE_YEAR }));
    expect(LogRetention.check(group)).toBe(NON_COMPLIANT);
    expect(typeof LogRetention.info === 'function' && LogRetention.info(group)).toContain('floor of 731 days (ISM-1988)');
  });

  test('reads the floor from context, given as JSON text the way the CDK CLI passes it', () => {
    const app = new App({ context: { 'wickr-kit:ism-policy': '{"minimumLogRetentionDays":731}' } });
    const group = cfn(new logs.LogGroup(new Stack(app, 'S'), 'A', { retention: logs.RetentionDays.ONE_YEAR }));
    expect(LogRetention.check(group)).toBe(NON_COMPLIANT);
  });

  test('rejects a context policy that is not a JSON object', () => {
    const app = new App({ context: { 'wickr-kit:ism-policy': 'minimumLogRetentionDays=731' } });
    const group = cfn(new logs.LogGroup(new Stack(app, 'S'), 'A'));
    expect(() => LogRetention.check(group)).toThrow('context wickr-kit:ism-policy must be a JSON object such as {"minimumLogRetentionDays":731} (got minimumLogRetentionDays=731)');
  });

  test('fails when a bucket receiving access logs expires them too soon; other buckets are not log buckets', () => {
    const stack = testStack();
    const logsBucket = new s3.Bucket(stack, 'Logs', { lifecycleRules: [{ expiration: Duration.days(30) }] });
    new s3.Bucket(stack, 'Data', { serverAccessLogsBucket: logsBucket });
    const scratch = new s3.Bucket(stack, 'Scratch', { lifecycleRules: [{ expiration: Duration.days(30) }] });
    expect(LogRetention.check(cfn(logsBucket))).toBe(NON_COMPLIANT);
    expect(LogRetention.check(cfn(scratch))).toBe(NOT_APPLICABLE);
  });

  test('a log bucket expiring after the floor is compliant', () => {
    const stack = testStack();
    const logsBucket = new s3.Bucket(stack, 'Logs', { lifecycleRules: [{ expiration: Duration.days(400) }] });
    new s3.Bucket(stack, 'Data', { serverAccessLogsBucket: logsBucket });
    expect(LogRetention.check(cfn(logsBucket))).toBe(COMPLIANT);
  });
});
