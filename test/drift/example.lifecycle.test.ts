/**
 * Issue #17's "Must show", on the whole example deployed to the emulator through the lifecycle
 * harness (every Region, data retention included):
 *
 * 1. `npx wickr-kit drift -c config/example.yaml --json` exits 0 and reports no difference;
 * 2. after a group's maxTtl and the network's read receipts are changed directly through the API, as
 *    the console would change them, it exits 1 and names both, configured and live values in the
 *    config's units;
 * 3. the scheduled check's function, run with the desired state from its own synthesized code
 *    asset, reports the same differences (topic, metric, Security Hub findings), and after a
 *    redeploy with `-c converge=<ticket>` restores the values it reports none and resolves its findings;
 * 4. neither makes a single write call.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { describeDifference, type DriftDifference } from '../../lambda/shared/drift';
import { findingId } from '../../lambda/handlers/drift/findings';
import { DRIFT_CHECK, loadDesiredState, runScheduledCheck } from '../../lambda/handlers/drift';
import { ListSecurityGroupsCommand, UpdateNetworkSettingsCommand, UpdateSecurityGroupCommand, WickrClient } from '../../lambda/wickr';
import { main } from '../../lib/cli/main';
import { packageRoot } from '../../lib/package-root';
import { exampleConfigText, seedExampleSsoSecret, startKitLifecycle, synthKitAssembly, writes, type KitLifecycle } from '../helpers/lifecycle';
import { RETENTION_PUBLIC_PARAMETERS, RETENTION_SIMULATORS } from '../helpers/retention-simulators';
import type { StackInput } from '../lifecycle/harness';
import { type PublishStandIns, startPublishStandIns } from './support/publish-stand-ins';

const SYDNEY = 'ap-southeast-2';
const ACCOUNT = '123456789012';

/** The real `npx wickr-kit` (bin/wickr-kit.js) as a child process, so the emulator keeps serving. */
function npx(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', 'wickr-kit', ...args], { cwd: packageRoot(), env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('drift detection on the deployed example', () => {
  let kit: KitLifecycle;
  let publish: PublishStandIns;
  let stacks: StackInput[];
  let assetDir: string;
  const cliEnv = () => ({
    WICKR_ENDPOINT_URL: kit.emulator.url,
    AWS_ACCESS_KEY_ID: kit.emulator.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: kit.emulator.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_SSM: kit.harness.standIns.ssm.url,
  });
  const networkId = (config: string, region: string) => kit.harness.standIns.ssm.find(region, `/wickr-kit/dea/${config}/network-id`)!.value;

  beforeAll(async () => {
    [kit, publish] = await Promise.all([
      startKitLifecycle({ emulator: { autoRegisterDataRetentionBot: 0 }, harness: { simulators: RETENTION_SIMULATORS, publicParameters: RETENTION_PUBLIC_PARAMETERS } }),
      startPublishStandIns(),
    ]);
    await seedExampleSsoSecret(kit);
    const synth = synthKitAssembly(exampleConfigText());
    stacks = synth.stacks;
    assetDir = synth.directory;
    await kit.harness.deploy(stacks);
  });
  afterAll(async () => {
    await kit.close();
    await publish.close();
  });

  /** The Sydney drift check, run with the desired state from its own code asset. */
  async function scheduledCheck(): Promise<{ result: Awaited<ReturnType<typeof runScheduledCheck>>; record: Record<string, any> }> {
    const template = stacks.find((s) => s.stackName === `WickrKit-dea-${SYDNEY}`)!.template as { Resources: Record<string, { Type: string; Properties: any }> };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).startsWith('wickr-cdk-kit drift check'))!;
    const asset = join(assetDir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`, DRIFT_CHECK.desiredStateFile);
    const credentials = kit.emulator.credentials;
    const logs: Record<string, any>[] = [];
    const result = await runScheduledCheck({
      desired: loadDesiredState(asset),
      region: SYDNEY,
      topicArn: `arn:aws:sns:${SYDNEY}:${ACCOUNT}:drift`,
      securityHubProductArn: `arn:aws:securityhub:${SYDNEY}:${ACCOUNT}:product/${ACCOUNT}/default`,
      clients: {
        sns: new SNSClient({ region: SYDNEY, endpoint: publish.url, credentials }),
        cloudwatch: new CloudWatchClient({ region: SYDNEY, endpoint: publish.url, credentials }),
        securityHub: new SecurityHubClient({ region: SYDNEY, endpoint: publish.url, credentials }),
      },
      wickr: (region) => new WickrClient({ region, endpoint: kit.emulator.url, credentials }),
      ssm: (region) => new SSMClient({ region, endpoint: kit.harness.standIns.ssm.url, credentials }),
      log: (line) => logs.push(line),
    });
    return { result, record: logs.find((l) => l.message === 'drift check finished')! };
  }

  test('npx wickr-kit drift -c config/example.yaml --json exits 0 and reports nothing, with read calls only', async () => {
    kit.emulator.clearRequests();
    const r = await npx(['drift', '-c', 'config/example.yaml', '--json'], cliEnv());
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record).toMatchObject({ command: 'drift', inSync: true, differences: [], unresolved: [], exitCode: 0 });
    expect(record.networks.map((n: any) => [n.network, n.foundBy])).toEqual([
      ['dea/canberra', 'ssm'],
      ['dea/london', 'ssm'],
      ['dea/tokyo', 'ssm'],
      ['dea/washington', 'ssm'],
    ]);
    // Screen sharing is information, never drift: one entry per group, outside the differences.
    expect(record.reported).toHaveLength(8);
    expect(record.reported.every((x: any) => x.member === 'CALLING.canStartScreenShare')).toBe(true);
    expect(writes(kit.emulator)).toEqual([]);
  });

  describe('after the console changes a group and the network settings', () => {
    const expected: DriftDifference[] = [
      { network: 'dea/canberra', resource: 'settings', member: 'readReceipts', expected: 'ENABLED', actual: 'DISABLED' },
      { network: 'dea/canberra', resource: 'security-group:Executives', member: 'maxTtl', expected: '7d', actual: '60d' },
    ];

    beforeAll(async () => {
      const id = networkId('canberra', SYDNEY);
      const client = new WickrClient({ region: SYDNEY, endpoint: kit.emulator.url, credentials: kit.emulator.credentials });
      try {
        const { securityGroups } = await client.send(new ListSecurityGroupsCommand({ networkId: id }));
        const executives = securityGroups!.find((g) => g.name === 'Executives')!;
        await client.send(new UpdateSecurityGroupCommand({ networkId: id, groupId: executives.id!, securityGroupSettings: { maxTtl: 60 * 86400 } }));
        await client.send(new UpdateNetworkSettingsCommand({ networkId: id, settings: { readReceiptConfig: { status: 'DISABLED' } } }));
      } finally {
        client.destroy();
      }
    });

    test('npx wickr-kit drift exits 1 and names both, with the configured and the live values', async () => {
      kit.emulator.clearRequests();
      const r = await npx(['drift', '-c', 'config/example.yaml', '--json'], cliEnv());
      expect(r.code).toBe(1);
      const record = JSON.parse(r.stdout);
      expect(record.differences).toEqual(expected);
      expect(record.exitCode).toBe(1);
      let text = '';
      const code = await main(['drift', '-c', join(packageRoot(), 'config', 'example.yaml')], {
        stdout: (s) => (text += s),
        stderr: () => undefined,
        env: cliEnv(),
        cwd: packageRoot(),
        clientConfig: { credentials: kit.emulator.credentials },
      });
      expect(code).toBe(1);
      expect(text).toMatch(/^dea\/canberra +settings +readReceipts +ENABLED +DISABLED$/m);
      expect(text).toMatch(/^dea\/canberra +security-group:Executives +maxTtl +7d +60d$/m);
      expect(writes(kit.emulator)).toEqual([]);
    });

    test('the scheduled check reports the same differences: to the topic, as the metric, as Security Hub findings; then resolves them once a redeploy restores the values', async () => {
      kit.emulator.clearRequests();
      publish.clear();
      const ssmBefore = kit.harness.standIns.ssm.requests.length;
      const { result, record } = await scheduledCheck();
      expect(result).toMatchObject({ inSync: false, differences: 2, unresolved: 0, findings: { imported: 2, resolved: 0, failed: 0 } });
      expect(record.differences).toEqual(expected);
      expect(writes(kit.emulator)).toEqual([]);
      expect(kit.harness.standIns.ssm.requests.slice(ssmBefore).map((q) => q.operation)).toEqual(expect.arrayContaining(['GetParameter']));
      expect(kit.harness.standIns.ssm.requests.slice(ssmBefore).every((q) => q.operation === 'GetParameter')).toBe(true);

      expect(publish.messages).toHaveLength(1);
      expect(publish.messages[0].subject).toBe('Wickr drift: 2 differences for dea in ap-southeast-2');
      for (const d of expected) expect(publish.messages[0].message).toContain(`- ${describeDifference(d)}`);
      const total = publish.metrics.flatMap((m) => m.data).find((d: any) => d.Dimensions.length === 1);
      expect(publish.metrics[0].namespace).toBe('WickrKit/Drift');
      expect(total).toMatchObject({ MetricName: 'DriftedMembers', Dimensions: [{ Name: 'Agency', Value: 'dea' }], Value: 2 });
      const active = [...publish.findings.values()];
      expect(active.map((f) => f.Id).sort()).toEqual(expected.map(findingId).sort());
      expect(active.every((f) => f.RecordState === 'ACTIVE' && (f.Workflow as any).Status === 'NEW')).toBe(true);
      expect(active.map((f) => f.Title).sort()).toEqual([
        'Wickr dea/canberra security-group:Executives: maxTtl differs from the config',
        'Wickr dea/canberra settings: readReceipts differs from the config',
      ]);

      // Respond as the runbook says: the same config again changes no property, so CloudFormation
      // would call no handler; deploying with -c converge=<ticket> updates every Wickr resource,
      // and the kit writes back exactly the drifted members.
      kit.emulator.clearRequests();
      await kit.harness.deploy(stacks);
      expect(writes(kit.emulator)).toEqual([]);
      await kit.harness.deploy(synthKitAssembly(exampleConfigText(), 'test.yaml', { converge: 'CHG-1042' }).stacks);
      expect(writes(kit.emulator).sort()).toEqual(['UpdateNetworkSettings', 'UpdateSecurityGroup']);
      const events = (type: string) => kit.harness.invocations.filter((i) => i.requestType === type && i.phase === 'onEvent').map((i) => `${i.stackName}/${i.logicalId}`).sort();
      expect(events('Update')).toEqual(events('Create'));

      kit.emulator.clearRequests();
      const again = await scheduledCheck();
      expect(again.result).toMatchObject({ inSync: true, differences: 0, findings: { imported: 0, resolved: 2, failed: 0 } });
      expect(writes(kit.emulator)).toEqual([]);
      expect(publish.messages).toHaveLength(1);
      expect(publish.metrics.at(-1)!.data.find((d: any) => d.Dimensions.length === 1)).toMatchObject({ Value: 0 });
      for (const f of publish.findings.values()) expect([f.Id, f.RecordState, (f.Workflow as any).Status, (f.Compliance as any).Status]).toEqual([f.Id, 'ARCHIVED', 'RESOLVED', 'PASSED']);
    });
  });
});
