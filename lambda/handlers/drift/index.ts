/**
 * The scheduled drift check (lib/constructs/drift-detection.ts): EventBridge Scheduler invokes it in
 * each Region with networks. It compares the desired state it was deployed with (`desired-state.json`
 * beside this file in the code asset, written at synth from the config) with what Wickr holds, using
 * the same comparison as `wickr-kit drift`, and publishes what it found:
 *
 * - a message to the Region's encrypted drift topic when anything differs;
 * - the number of drifted members as a CloudWatch metric (namespace `WickrKit/Drift`), which the
 *   drift alarm watches;
 * - optionally, one Security Hub finding per drifted member, resolved when the member converges.
 *
 * The event is ignored: what the function compares comes from its own code asset, so an invocation
 * cannot steer it. Read calls only towards Wickr and SSM. A check that cannot finish (no permission,
 * the service failing) publishes that to the topic and fails the invocation, so the function's
 * error alarm fires.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { WickrClient } from '../../wickr';
import { CountingSender } from '../lost-device/user-admin';
import { type DriftDesiredState, type DriftRecord, checkDrift, driftRecord, parseDesiredState } from '../../shared/drift';
import { syncFindings } from './findings';
import { driftMessage, driftSubject } from './message';
import { DRIFT_CHECK } from './names';

export { DRIFT_CHECK } from './names';

/** Clients the check publishes with (the SDK's own; tests point them at local stand-ins through the usual endpoint variables). */
export interface PublishClients {
  readonly sns: Pick<SNSClient, 'send'>;
  readonly cloudwatch: Pick<CloudWatchClient, 'send'>;
  readonly securityHub: Pick<SecurityHubClient, 'send'>;
}

export interface ScheduledCheckOptions {
  readonly desired: DriftDesiredState;
  readonly region: string;
  readonly topicArn: string;
  /** Security Hub findings are on when this is given. */
  readonly securityHubProductArn?: string;
  readonly clients: PublishClients;
  readonly now?: () => Date;
  /** A Wickr client for a Region. */
  readonly wickr?: (region: string) => WickrClient;
  readonly ssm?: (region: string) => SSMClient;
  readonly log?: (line: Record<string, unknown>) => void;
}

export interface ScheduledCheckResult {
  readonly runId: string;
  readonly inSync: boolean;
  readonly differences: number;
  readonly unresolved: number;
  readonly findings?: { readonly imported: number; readonly resolved: number; readonly failed: number };
}

/** Runs one check and publishes it. Throws (after telling the topic) when the check could not finish. */
export async function runScheduledCheck(options: ScheduledCheckOptions): Promise<ScheduledCheckResult> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const runId = randomUUID();
  const checkedAt = now().toISOString();
  const wickr = new Map<string, { raw: WickrClient; counted: CountingSender }>();
  const ssm = new Map<string, SSMClient>();
  const deps = {
    wickr(region: string) {
      let c = wickr.get(region);
      if (!c) {
        const raw = options.wickr?.(region) ?? new WickrClient({ region, customUserAgent: `wickr-kit-drift-check run/${runId}` });
        wickr.set(region, (c = { raw, counted: new CountingSender(raw) }));
      }
      return c.counted;
    },
    ssm(region: string) {
      let c = ssm.get(region);
      if (!c) ssm.set(region, (c = options.ssm?.(region) ?? new SSMClient({ region })));
      return c;
    },
  };
  let record: DriftRecord;
  try {
    const report = await checkDrift(options.desired, deps);
    const calls: Record<string, number> = {};
    for (const c of wickr.values()) for (const [op, n] of Object.entries(c.counted.calls)) calls[op] = (calls[op] ?? 0) + n;
    record = driftRecord([report], { source: 'scheduled-check', runId, checkedAt, calls });
  } catch (e) {
    const reason = String((e as Error)?.message ?? e).split('\n')[0];
    log({ level: 'error', message: 'drift check could not finish', runId, agency: options.desired.agency, region: options.region, error: (e as Error)?.name, reason });
    await options.clients.sns.send(
      new PublishCommand({
        TopicArn: options.topicArn,
        Subject: `Wickr drift check failed for ${options.desired.agency} in ${options.region}`.slice(0, 100),
        Message:
          `The scheduled drift check of agency ${options.desired.agency} in ${options.region} (run ${runId}, ${checkedAt}) could not finish: ${reason}\n\n` +
          "Nothing was compared, so drift may go unseen until it runs again. Check the function's log group and its role's permissions (docs/runbooks/drift.md).",
      }),
    );
    throw e;
  } finally {
    for (const c of wickr.values()) c.raw.destroy();
    for (const c of ssm.values()) c.destroy();
  }

  log({ level: 'info', message: 'drift check finished', region: options.region, ...record });
  if (record.differences.length > 0) {
    await options.clients.sns.send(new PublishCommand({ TopicArn: options.topicArn, Subject: driftSubject(record, options.region), Message: driftMessage(record, options.region) }));
  }
  await options.clients.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: DRIFT_CHECK.metricNamespace,
      MetricData: [
        { MetricName: DRIFT_CHECK.metrics.driftedMembers, Dimensions: [{ Name: 'Agency', Value: record.agencies[0] }], Value: record.differences.length, Unit: 'Count', Timestamp: new Date(checkedAt) },
        ...record.networks.map((n) => ({
          MetricName: DRIFT_CHECK.metrics.driftedMembers,
          Dimensions: [
            { Name: 'Agency', Value: record.agencies[0] },
            { Name: 'Network', Value: n.network },
          ],
          Value: record.differences.filter((d) => d.network === n.network).length,
          Unit: 'Count' as const,
          Timestamp: new Date(checkedAt),
        })),
      ],
    }),
  );
  let findings: ScheduledCheckResult['findings'];
  if (options.securityHubProductArn) {
    const synced = await syncFindings(options.clients.securityHub, record, { productArn: options.securityHubProductArn, region: options.region, now: checkedAt });
    findings = { imported: synced.imported, resolved: synced.resolved, failed: synced.failed.length };
    if (synced.failed.length > 0) log({ level: 'warn', message: 'Security Hub refused some findings', runId, failed: synced.failed });
  }
  return { runId, inSync: record.inSync, differences: record.differences.length, unresolved: record.unresolved.length, ...(findings ? { findings } : {}) };
}

/** Reads the desired state the function was deployed with. */
export function loadDesiredState(path: string): DriftDesiredState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); redeploy the stack, which writes it into the function's code`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${path}: is not JSON; redeploy the stack, which writes it into the function's code`);
  }
  return parseDesiredState(doc, path);
}

export async function handler(): Promise<ScheduledCheckResult> {
  const region = process.env.AWS_REGION ?? '';
  const topicArn = process.env[DRIFT_CHECK.env.topicArn];
  if (!topicArn) throw new Error(`${DRIFT_CHECK.env.topicArn} is not set; the DriftDetection construct sets it`);
  return runScheduledCheck({
    desired: loadDesiredState(join(__dirname, DRIFT_CHECK.desiredStateFile)),
    region,
    topicArn,
    securityHubProductArn: process.env[DRIFT_CHECK.env.securityHubProductArn] || undefined,
    clients: { sns: new SNSClient({ region }), cloudwatch: new CloudWatchClient({ region }), securityHub: new SecurityHubClient({ region }) },
  });
}
