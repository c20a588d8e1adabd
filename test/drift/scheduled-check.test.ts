/**
 * The scheduled check's own behaviour, against the emulator and the publish stand-ins: a check that
 * cannot finish says so on the topic and fails the invocation; findings keep deterministic ids, and
 * only what a run compared is ever resolved.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeFinding, findingId, syncFindings } from '../../lambda/handlers/drift/findings';
import { loadDesiredState, runScheduledCheck } from '../../lambda/handlers/drift';
import { DESIRED_STATE_VERSION, type DriftDesiredState, type DriftRecord } from '../../lambda/shared/drift';
import { WickrClient } from '../../lambda/wickr';
import { type AwsStandIns, startAwsStandIns } from '../lifecycle/stand-ins';
import { type Emulator, startEmulator } from '../emulator';
import { seedNetwork } from '../cli/support/harness';
import { type PublishStandIns, startPublishStandIns } from './support/publish-stand-ins';

const REGION = 'ap-southeast-2';
const PRODUCT = 'arn:aws:securityhub:ap-southeast-2:123456789012:product/123456789012/default';
const STATE: DriftDesiredState = {
  version: DESIRED_STATE_VERSION,
  agency: 'dea',
  networks: [{ key: 'dea/canberra', name: 'dea-canberra', region: REGION, parameterName: '/wickr-kit/dea/canberra/network-id', accessLevel: 'PREMIUM', securityGroups: [], users: [], bots: [], dataRetention: false }],
  peerNetworks: [],
};

describe('the scheduled drift check', () => {
  let emulator: Emulator;
  let aws: AwsStandIns;
  let publish: PublishStandIns;
  beforeAll(async () => {
    [emulator, aws, publish] = await Promise.all([startEmulator(), startAwsStandIns(), startPublishStandIns()]);
  });
  afterAll(async () => {
    await Promise.all([emulator.close(), aws.close(), publish.close()]);
  });
  beforeEach(() => {
    emulator.reset();
    publish.clear();
  });

  const clients = () => ({
    sns: new SNSClient({ region: REGION, endpoint: publish.url }),
    cloudwatch: new CloudWatchClient({ region: REGION, endpoint: publish.url }),
    securityHub: new SecurityHubClient({ region: REGION, endpoint: publish.url }),
  });
  const run = (secretAccessKey = emulator.credentials.secretAccessKey, securityHubProductArn?: string) =>
    runScheduledCheck({
      desired: STATE,
      region: REGION,
      topicArn: 'arn:aws:sns:ap-southeast-2:123456789012:drift',
      securityHubProductArn,
      clients: clients(),
      wickr: (region) => new WickrClient({ region, endpoint: emulator.url, credentials: { accessKeyId: emulator.credentials.accessKeyId, secretAccessKey }, maxAttempts: 1 }),
      ssm: (region) => new SSMClient({ region, endpoint: aws.ssm.url }),
      log: () => undefined,
    });

  test('in sync: the metric says 0, nothing is published, Security Hub is not called when findings are off', async () => {
    const { networkId } = await seedNetwork(emulator, 'dea-canberra');
    aws.ssm.putParameter(REGION, { name: '/wickr-kit/dea/canberra/network-id', value: networkId, overwrite: true });
    emulator.clearRequests();
    await expect(run()).resolves.toMatchObject({ inSync: true, differences: 0 });
    expect(publish.messages).toEqual([]);
    expect(publish.metrics[0].data).toEqual([
      expect.objectContaining({ MetricName: 'DriftedMembers', Dimensions: [{ Name: 'Agency', Value: 'dea' }], Value: 0 }),
      expect.objectContaining({ Dimensions: [{ Name: 'Agency', Value: 'dea' }, { Name: 'Network', Value: 'dea/canberra' }], Value: 0 }),
    ]);
    expect(publish.requests.some((r) => r.service === 'securityhub')).toBe(false);
    expect(emulator.requests.filter((r) => r.access === 'write')).toEqual([]);
  });

  test('fails when it cannot finish: the topic is told why, no metric or finding is written, and the invocation fails', async () => {
    await seedNetwork(emulator, 'dea-canberra');
    await expect(run('wrong-secret', PRODUCT)).rejects.toThrow(/ForbiddenError \(403\)/);
    expect(publish.messages).toHaveLength(1);
    expect(publish.messages[0].subject).toBe('Wickr drift check failed for dea in ap-southeast-2');
    expect(publish.messages[0].message).toMatch(/could not finish: .*ForbiddenError \(403\).*\n\nNothing was compared, so drift may go unseen/s);
    expect(publish.metrics).toEqual([]);
    expect(publish.findings.size).toBe(0);
  });

  test('finding ids are the same on every run for a network, resource and member, and differ otherwise', () => {
    const d = { network: 'dea/canberra', resource: 'security-group:Executives', member: 'maxTtl' };
    expect(findingId(d)).toBe(findingId({ ...d }));
    expect(findingId(d)).toMatch(/^wickr-kit-drift\/dea\/canberra\/[0-9a-f]{32}$/);
    expect(findingId({ ...d, member: 'maxBor' })).not.toBe(findingId(d));
    expect(findingId({ ...d, resource: `user:${'x'.repeat(400)}@dea.gov.au` }).length).toBeLessThan(512);
  });

  test('only findings of what the run compared are resolved; a network it could not find keeps its findings', async () => {
    const record = (over: Partial<DriftRecord>): DriftRecord => ({
      command: 'drift',
      version: 1,
      source: 'scheduled-check',
      runId: 'r',
      checkedAt: '2026-12-04T00:00:00.000Z',
      agencies: ['dea'],
      inSync: false,
      networks: [
        { network: 'dea/a', region: REGION, networkId: '11111111', foundBy: 'ssm' },
        { network: 'dea/b', region: REGION, networkId: '22222222', foundBy: 'ssm' },
      ],
      differences: [],
      reported: [],
      unresolved: [],
      notes: [],
      ...over,
    });
    const ctx = { productArn: PRODUCT, region: REGION, now: '2026-12-04T00:00:00.000Z' };
    const first = record({
      differences: [
        { network: 'dea/a', resource: 'settings', member: 'readReceipts', expected: 'ENABLED', actual: 'DISABLED' },
        { network: 'dea/b', resource: 'security-group:Staff', member: 'maxTtl', expected: '30d', actual: '60d' },
        { network: 'dea/b', resource: 'sso', member: 'issuer', expected: 'https://a', actual: 'https://b' },
      ],
    });
    const client = clients().securityHub;
    expect(await syncFindings(client, first, ctx)).toEqual({ imported: 3, resolved: 0, failed: [] });
    const later = { ...ctx, now: '2026-12-05T00:00:00.000Z' };
    // dea/a converged; dea/b is not found this time (nothing of it compared), and its group could not be compared either.
    const second = record({
      networks: [
        { network: 'dea/a', region: REGION, networkId: '11111111', foundBy: 'ssm' },
        { network: 'dea/b', region: REGION },
      ],
      differences: [{ network: 'dea/b', resource: 'network', member: 'exists', expected: true, actual: false }],
    });
    expect(await syncFindings(client, second, later)).toEqual({ imported: 1, resolved: 1, failed: [] });
    const state = (network: string, resource: string, member: string) => publish.findings.get(findingId({ network, resource, member }));
    expect(state('dea/a', 'settings', 'readReceipts')).toMatchObject({ RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' }, CreatedAt: ctx.now, UpdatedAt: later.now });
    expect(state('dea/b', 'security-group:Staff', 'maxTtl')).toMatchObject({ RecordState: 'ACTIVE' });
    expect(state('dea/b', 'network', 'exists')).toMatchObject({ RecordState: 'ACTIVE', Resources: [expect.objectContaining({ Id: 'wickr-kit:dea/b' })] });
    // A finding updated on a later run keeps the time it was first seen.
    const again = await syncFindings(client, record({ differences: [first.differences[1]] }), { ...ctx, now: '2026-12-06T00:00:00.000Z' });
    expect(again.imported).toBe(1);
    expect(state('dea/b', 'security-group:Staff', 'maxTtl')).toMatchObject({ CreatedAt: ctx.now, UpdatedAt: '2026-12-06T00:00:00.000Z' });
    expect(activeFinding(first.differences[0], first, ctx).Resources![0].Id).toBe('arn:aws:wickr:ap-southeast-2:123456789012:network/11111111');
  });

  test('refuses a desired state it cannot read, saying how to get a good one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wickr-kit-drift-'));
    expect(() => loadDesiredState(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot be read \(ENOENT\); redeploy the stack/);
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => loadDesiredState(join(dir, 'bad.json'))).toThrow(/bad\.json: is not JSON/);
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ ...STATE, version: 0 }));
    expect(() => loadDesiredState(join(dir, 'old.json'))).toThrow(/has version 0/);
  });
});
