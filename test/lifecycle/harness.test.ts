import { startEmulator } from '../emulator';
import { LifecycleHarness, type Invocation, type PollInfo, type StackInput } from './harness';
import { HUB_PARAMETER, HUB_REGION, SPOKE_REGION, synthToy, type ToyTemplates, type ToyVariant } from './toy/app';
import { createToyHandler, type ToyHandler } from './toy/handler';

const WICKR_URL = 'http://127.0.0.1:9/not-used-by-these-tests';
const HANDLER_RESOURCES = ['Network', 'Group', 'Bot'];

const cache = new Map<string, ToyTemplates>();
function toy(variant: ToyVariant = {}): ToyTemplates {
  const key = JSON.stringify(variant);
  if (!cache.has(key)) cache.set(key, synthToy(variant));
  return cache.get(key)!;
}
const hub = (variant: ToyVariant = {}): StackInput => ({ stackName: 'ToyHub', region: HUB_REGION, template: toy(variant).hub });
const consumer = (): StackInput => ({ stackName: 'ToyConsumer', region: HUB_REGION, template: toy().consumer });
const spoke = (): StackInput => ({ stackName: 'ToySpoke', region: SPOKE_REGION, template: toy().spoke });

/** onEvent calls as "RequestType LogicalId", in order. */
function onEvents(invocations: readonly Invocation[]): string[] {
  return invocations.filter((i) => i.phase === 'onEvent').map((i) => `${i.requestType} ${i.logicalId}`);
}
function event(harness: LifecycleHarness, logicalId: string, requestType = 'Create', phase = 'onEvent'): Record<string, any> {
  const found = harness.invocations.find((i) => i.logicalId === logicalId && i.requestType === requestType && i.phase === phase);
  if (!found) throw new Error(`no ${phase} ${requestType} for ${logicalId}`);
  return found.request;
}

let handler: ToyHandler;
let harness: LifecycleHarness;
let polls: PollInfo[];

beforeEach(() => {
  handler = createToyHandler();
  polls = [];
  harness = new LifecycleHarness({
    handler,
    wickrEndpoint: WICKR_URL,
    onPoll: (poll) => {
      polls.push(poll);
      // The data-retention container registers while the waiter is polling.
      if (poll.logicalId === 'Bot' && poll.attempt === 3) handler.registered = true;
    },
  });
});
afterEach(async () => {
  await harness.close();
});

describe('first deploy', () => {
  it('creates every resource once, in dependency order, with events shaped as the Provider framework passes them', async () => {
    const [result] = await harness.deploy([hub()]);
    const order = result.operations.map((op) => op.logicalId);
    expect(new Set(order).size).toBe(order.length);
    expect(result.operations.every((op) => op.action === 'Create')).toBe(true);
    const key = order.findIndex((id) => id.startsWith('ToyKey'));
    const secret = order.findIndex((id) => id.startsWith('ChallengeSecret'));
    const parameter = order.findIndex((id) => id.startsWith('NetworkIdParameter'));
    const [network, group, bot] = HANDLER_RESOURCES.map((id) => order.indexOf(id));
    expect(key).toBeLessThan(secret);
    expect(secret).toBeLessThan(network);
    expect(network).toBeLessThan(group);
    expect(group).toBeLessThan(bot); // DependsOn only: Bot's properties do not mention Group
    expect(network).toBeLessThan(parameter);
    expect(onEvents(harness.invocations)).toEqual(['Create Network', 'Create Group', 'Create Bot']);

    const created = event(harness, 'Network');
    expect(Object.keys(created)).toEqual([
      'RequestType',
      'ServiceToken',
      'ResponseURL',
      'StackId',
      'RequestId',
      'LogicalResourceId',
      'ResourceType',
      'ResourceProperties',
    ]);
    const frameworkOnEvent = Object.entries(harness.resources.ToyHub).find(
      ([id, r]) => r.type === 'AWS::Lambda::Function' && id.includes('frameworkonEvent'),
    )![1];
    expect(created.ServiceToken).toBe(frameworkOnEvent.data.Arn);
    expect(created.ServiceToken).toMatch(/^arn:aws:lambda:ap-southeast-2:123456789012:function:ToyHub-/);
    expect(created.ResourceProperties.ServiceToken).toBe(created.ServiceToken);
    expect(created.StackId).toMatch(/^arn:aws:cloudformation:ap-southeast-2:123456789012:stack\/ToyHub\/[0-9a-f-]{36}$/);
    expect(created.StackId).toBe(harness.stackId('ToyHub'));
    expect(created.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.ResponseURL).toMatch(/^https:\/\/cloudformation-custom-resource-response-apsoutheast2\.s3\.ap-southeast-2\.amazonaws\.com\//);
    expect(created).toMatchObject({ RequestType: 'Create', LogicalResourceId: 'Network', ResourceType: 'Custom::WickrToy' });
  });

  it('passes every property value as a string, recursively, as CloudFormation does', async () => {
    await harness.deploy([hub()]);
    const { ResourceProperties: props } = event(harness, 'Network');
    expect(props).toEqual({
      ServiceToken: expect.any(String),
      Role: 'network',
      Name: 'alpha',
      Count: '3',
      Enabled: 'true',
      Settings: { retention: { days: '30', on: 'false' }, tags: ['a', '1', 'true'] },
      ChallengeSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:ChallengeSecret/),
      KeyArn: expect.stringMatching(/^arn:aws:kms:ap-southeast-2:123456789012:key\//),
      LeakChallenge: 'false',
    });
  });

  it('feeds Data through Fn::GetAtt into dependents, simulated resources and outputs', async () => {
    await harness.deploy([hub()]);
    const resources = harness.resources.ToyHub;
    const networkId = resources.Network.data.NetworkId as string;
    expect(networkId).toMatch(/^\d{8}$/);
    expect(event(harness, 'Group').ResourceProperties.NetworkId).toBe(networkId);
    expect(resources.Group).toMatchObject({ physicalId: 'group-Group', data: { GroupId: `${networkId}/ops` } });
    expect(harness.standIns.ssm.find(HUB_REGION, HUB_PARAMETER)?.value).toBe(networkId);
    expect(harness.outputs('ToyHub').NetworkIdOutput).toBe(networkId);

    // The handler wrote the challenge with the real SDK client into the secret CloudFormation created.
    const secretId = Object.entries(resources).find(([id]) => id.startsWith('ChallengeSecret'))![1].physicalId;
    expect(harness.standIns.secretsManager.currentValue(HUB_REGION, secretId)).toBe(handler.challenges[0]);
    const keyArn = Object.entries(resources).find(([id]) => id.startsWith('ToyKey'))![1].data.Arn;
    expect(harness.standIns.secretsManager.findSecret(HUB_REGION, secretId).kmsKeyId).toBe(keyArn);

    // No PhysicalResourceId from onEvent on Create: the framework uses the RequestId.
    expect(resources.Bot.physicalId).toBe(event(harness, 'Bot').RequestId);
  });

  it('polls isComplete until done, calling the hook before each poll, and merges its Data', async () => {
    await harness.deploy([hub()]);
    const botPolls = harness.invocations.filter((i) => i.logicalId === 'Bot' && i.phase === 'isComplete');
    expect(botPolls.map((i) => i.attempt)).toEqual([1, 2, 3]);
    expect(botPolls.map((i) => (i.response as { IsComplete: boolean }).IsComplete)).toEqual([false, false, true]);
    expect(polls.filter((p) => p.logicalId === 'Bot').map((p) => p.attempt)).toEqual([1, 2, 3]);
    // isComplete sees onEvent's result merged into the event.
    expect(botPolls[0].request).toMatchObject({
      RequestType: 'Create',
      PhysicalResourceId: harness.resources.ToyHub.Bot.physicalId,
      Data: { BotName: expect.stringMatching(/^compliance_\d{8}_bot$/) },
    });
    expect(harness.resources.ToyHub.Bot.data).toEqual({ BotName: expect.any(String), Registered: 'yes' });
    expect(harness.invocations.filter((i) => i.logicalId === 'Network' && i.phase === 'isComplete')).toHaveLength(1);
  });

  it('rejects with "Operation timed out" when isComplete never completes within maxPolls', async () => {
    const stuck = new LifecycleHarness({ handler, maxPolls: 4 });
    try {
      await expect(stuck.deploy([hub()])).rejects.toThrow(
        /^Stack ToyHub: Bot Create failed: Received response status \[FAILED\] from custom resource\. Message returned: Operation timed out/,
      );
      expect(stuck.invocations.filter((i) => i.logicalId === 'Bot' && i.phase === 'isComplete')).toHaveLength(4);
    } finally {
      await stuck.close();
    }
  });
});

describe('re-deploy', () => {
  it('does not invoke the handler when no resolved property changed', async () => {
    await harness.deploy([hub()]);
    const before = harness.invocations.length;
    const [again] = await harness.deploy([hub()]);
    expect(again.operations).toEqual([]);
    expect(harness.invocations.length).toBe(before);
  });

  it('sends Update with OldResourceProperties only to the resource whose properties changed', async () => {
    await harness.deploy([hub()]);
    const before = harness.invocations.length;
    const [result] = await harness.deploy([hub({ groupName: 'ops2' })]);
    expect(result.operations.map((op) => `${op.action} ${op.logicalId}`)).toEqual(['Update Group']);
    expect(onEvents(harness.invocations.slice(before))).toEqual(['Update Group']);
    const update = event(harness, 'Group', 'Update');
    expect(update.PhysicalResourceId).toBe('group-Group');
    expect(update.OldResourceProperties).toMatchObject({ Name: 'ops', Role: 'group' });
    expect(update.ResourceProperties).toMatchObject({ Name: 'ops2', Role: 'group' });
    expect(Object.keys(update)).toEqual([
      'RequestType',
      'ServiceToken',
      'ResponseURL',
      'StackId',
      'RequestId',
      'LogicalResourceId',
      'PhysicalResourceId',
      'ResourceType',
      'ResourceProperties',
      'OldResourceProperties',
    ]);
    // Update without a PhysicalResourceId keeps the current one.
    expect(harness.resources.ToyHub.Group).toMatchObject({ physicalId: 'group-Group', data: { GroupId: expect.stringMatching(/\/ops2$/) } });
  });

  it('sends Update to every handler resource with forceUpdate, and the toy handler makes no write', async () => {
    await harness.deploy([hub()]);
    const before = harness.invocations.length;
    const writesBefore = harness.standIns.secretsManager.requests.filter((r) => r.operation === 'PutSecretValue').length;
    const [result] = await harness.deploy([hub()], { forceUpdate: true });
    expect(onEvents(harness.invocations.slice(before))).toEqual(['Update Network', 'Update Group', 'Update Bot']);
    for (const id of HANDLER_RESOURCES) {
      const update = harness.invocations.slice(before).find((i) => i.logicalId === id && i.phase === 'onEvent')!.request as Record<string, any>;
      expect(update.OldResourceProperties).toEqual(update.ResourceProperties);
    }
    expect(result.operations.filter((op) => op.kind === 'simulated')).toEqual([]);
    expect(harness.standIns.secretsManager.requests.filter((r) => r.operation === 'PutSecretValue').length).toBe(writesBefore);
  });

  it('treats a new physical id from Update as a replacement and deletes the old one in the cleanup phase', async () => {
    await harness.deploy([hub()]);
    const oldNetworkId = harness.resources.ToyHub.Network.data.NetworkId;
    const before = harness.invocations.length;
    const [result] = await harness.deploy([hub({ networkName: 'beta' })]);
    expect(onEvents(harness.invocations.slice(before))).toEqual(['Update Network', 'Update Group', 'Update Bot', 'Delete Network']);
    const deletion = harness.invocations.slice(before).find((i) => i.requestType === 'Delete')!.request as Record<string, any>;
    expect(deletion.PhysicalResourceId).toBe('network-alpha');
    expect(deletion.ResourceProperties.Name).toBe('alpha');
    expect(deletion.OldResourceProperties).toBeUndefined();
    const ops = result.operations.map((op) => `${op.action} ${op.logicalId}${op.replacement ? ' (replacement)' : ''}`);
    expect(ops[0]).toBe('Update Network (replacement)');
    expect(ops[ops.length - 1]).toBe('Delete Network');
    expect(ops.findIndex((op) => op.startsWith('Update NetworkIdParameter'))).toBeLessThan(ops.length - 1);
    expect(harness.resources.ToyHub.Network.physicalId).toBe('network-beta');
    expect(harness.standIns.ssm.find(HUB_REGION, HUB_PARAMETER)?.value).not.toBe(oldNetworkId);
  });

  it('deletes resources removed from the template after creates and updates, with their last properties', async () => {
    await harness.deploy([hub()]);
    const botId = harness.resources.ToyHub.Bot.physicalId;
    const before = harness.invocations.length;
    const [result] = await harness.deploy([hub({ withBot: false, groupName: 'ops2' })]);
    expect(result.operations.map((op) => `${op.action} ${op.logicalId}`)).toEqual(['Update Group', 'Delete Bot']);
    expect(onEvents(harness.invocations.slice(before))).toEqual(['Update Group', 'Delete Bot']);
    expect(event(harness, 'Bot', 'Delete')).toMatchObject({ PhysicalResourceId: botId, ResourceProperties: { Role: 'bot' } });
    expect(harness.resources.ToyHub.Bot).toBeUndefined();
  });
});

describe('destroy', () => {
  it('deletes in reverse dependency order and honours DeletionPolicy Retain', async () => {
    await harness.deploy([hub()]);
    const keyId = Object.entries(harness.resources.ToyHub).find(([id]) => id.startsWith('ToyKey'))![1].physicalId;
    const before = harness.invocations.length;
    const [result] = await harness.destroy();
    const ops = result.operations.map((op) => `${op.action} ${op.logicalId}`);
    expect(onEvents(harness.invocations.slice(before))).toEqual(['Delete Bot', 'Delete Group', 'Delete Network']);
    const index = (prefix: string): number => ops.findIndex((op) => op.startsWith(prefix));
    const network = ops.indexOf('Delete Network');
    expect(index('Delete NetworkIdParameter')).toBeLessThan(network);
    expect(network).toBeLessThan(index('Delete ChallengeSecret'));
    expect(index('Delete ChallengeSecret')).toBeLessThan(index('Retain ToyKey'));
    expect(index('Delete ToyProviderframeworkonEvent')).toBeGreaterThan(network);
    expect(harness.standIns.kms.resolveKey(HUB_REGION, keyId).keyState).toBe('Enabled');
    expect(harness.standIns.ssm.find(HUB_REGION, HUB_PARAMETER)).toBeUndefined();
    expect(harness.standIns.secretsManager.secretsIn(HUB_REGION)).toEqual([]);
    expect(harness.resources.ToyHub).toBeUndefined();
  });
});

describe('failures', () => {
  it('rejects with the stack, logical id and handler message when the handler throws, and stops there', async () => {
    const envBefore = { ...process.env };
    const error = await harness.deploy([hub({ failWith: 'quota exceeded for networks' })]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^Stack ToyHub: Broken Create failed: Received response status \[FAILED\] from custom resource\. Message returned: quota exceeded for networks\n\nLogs: \/aws\/lambda\/ToyHub-ToyHandler/,
    );
    expect(error).toMatchObject({ stackName: 'ToyHub', logicalId: 'Broken', requestType: 'Create' });
    // No rollback: what was created stays; what came after the failure was never started.
    expect(harness.resources.ToyHub.Group.physicalId).toBe('group-Group');
    expect(harness.resources.ToyHub.Broken).toBeUndefined();
    expect(harness.invocations[harness.invocations.length - 1]).toMatchObject({ logicalId: 'Broken', error: 'quota exceeded for networks' });
    expect(process.env).toEqual(envBefore);
  });

  it("rejects a response above CloudFormation's 4 KiB limit", async () => {
    await expect(harness.deploy([hub({ bigData: true })])).rejects.toThrow('Stack ToyHub: Big Create failed: Response object is too long.');
  });
});

describe('handler logs', () => {
  it('captures console and stdout output per invocation, and the toy handler keeps its challenge out of it', async () => {
    await harness.deploy([hub()]);
    expect(harness.logs).toContainEqual({
      stackName: 'ToyHub',
      logicalId: 'Network',
      requestType: 'Create',
      phase: 'onEvent',
      stream: 'log',
      text: 'stored the challenge for network alpha in its secret',
    });
    expect(harness.logs).toContainEqual(expect.objectContaining({ logicalId: 'Network', stream: 'stdout', text: 'network alpha ready\n' }));
    expect(harness.logs).toContainEqual(expect.objectContaining({ logicalId: 'Bot', phase: 'isComplete', stream: 'log' }));
    expect(handler.challenges).toHaveLength(1);
    expect(harness.logText()).not.toContain(handler.challenges[0]);
  });

  it('fails the no-secret check when the handler does log the secret', async () => {
    await harness.deploy([hub({ leakChallenge: true })]);
    expect(harness.logText()).toContain(handler.challenges[0]);
    expect(harness.logs).toContainEqual(expect.objectContaining({ logicalId: 'Network', stream: 'error', text: `debug: challenge is ${handler.challenges[0]}` }));
  });

  it('does not attribute output written elsewhere in the process while the handler runs', async () => {
    let started!: () => void;
    let release!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const waiting = new LifecycleHarness({
      handler: {
        onEvent: async () => {
          console.log('inside the handler');
          started();
          await gate;
          return { PhysicalResourceId: 'p' };
        },
      },
    });
    const outside: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string) => outside.push(chunk) > 0) as typeof process.stdout.write;
    try {
      const deploying = waiting.deploy([{ stackName: 'Solo', region: HUB_REGION, template: soloTemplate({ Role: 'x' }) }]);
      await handlerStarted;
      process.stdout.write('from elsewhere\n');
      release();
      await deploying;
    } finally {
      process.stdout.write = original;
      await waiting.close();
    }
    expect(waiting.logs.map((entry) => entry.text)).toEqual(['inside the handler']);
    expect(outside).toEqual(['from elsewhere\n']);
  });
});

describe('handler environment', () => {
  it('sets the Lambda environment while the handler runs and restores process.env afterwards', async () => {
    const envBefore = { ...process.env };
    await harness.deploy([hub()]);
    expect(process.env).toEqual(envBefore);
    const userFunction = Object.entries(harness.resources.ToyHub).find(([id]) => id.startsWith('ToyHandler') && !id.includes('Role'))![1];
    for (const entry of handler.journal) {
      expect(entry.env).toEqual({
        AWS_REGION: HUB_REGION,
        AWS_DEFAULT_REGION: HUB_REGION,
        WICKR_ENDPOINT_URL: WICKR_URL,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: harness.standIns.secretsManager.url,
        AWS_ENDPOINT_URL_SSM: harness.standIns.ssm.url,
        AWS_ENDPOINT_URL_KMS: harness.standIns.kms.url,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLETESTONLY',
        AWS_LAMBDA_FUNCTION_NAME: userFunction.physicalId,
        TOY_SETTING: 'from-lambda-env',
      });
    }
    // The handler's SDK calls reached the stand-in signed for the stack's Region, with a session token.
    expect(harness.standIns.secretsManager.requests.find((r) => r.operation === 'PutSecretValue')).toMatchObject({
      region: HUB_REGION,
      accessKeyId: 'AKIDEXAMPLETESTONLY',
      sessionToken: true,
    });
  });

  it('drives the Wickr emulator through WICKR_ENDPOINT_URL with the handler credentials', async () => {
    const emulator = await startEmulator();
    const withEmulator = new LifecycleHarness({ handler, wickrEndpoint: emulator.url, onPoll: () => void (handler.registered = true) });
    try {
      await withEmulator.deploy([hub({ wickrProbe: true })]);
      expect(withEmulator.resources.ToyHub.WickrProbe.data).toEqual({ NetworkCount: 0 });
      expect(emulator.requests.length).toBeGreaterThan(0);
    } finally {
      await withEmulator.close();
      await emulator.close();
    }
  });
});

describe('several stacks', () => {
  it('hands values across Regions through SSM and within a Region through Fn::ImportValue', async () => {
    await harness.deploy([hub(), consumer(), spoke()]);
    const networkId = harness.resources.ToyHub.Network.data.NetworkId;
    expect(harness.resources.ToySpoke.Peer.data).toEqual({ Value: networkId });
    expect(harness.resources.ToyConsumer.Mirror.properties.NetworkId).toBe(networkId);
    expect(Object.values(harness.exports[HUB_REGION])).toEqual([networkId]);
    // The spoke's handler ran in its own Region and read the hub's Region's parameter store.
    const peer = handler.journal.find((e) => e.logicalId === 'Peer')!;
    expect(peer.env.AWS_REGION).toBe(SPOKE_REGION);
    expect(harness.standIns.ssm.requests.find((r) => r.operation === 'GetParameter')).toMatchObject({ region: HUB_REGION, status: 200 });
    expect(event(harness, 'Peer').StackId).toMatch(/^arn:aws:cloudformation:ap-southeast-4:123456789012:stack\/ToySpoke\//);

    const destroyed = await harness.destroy();
    expect(destroyed.map((s) => s.stackName)).toEqual(['ToySpoke', 'ToyConsumer', 'ToyHub']);
  });

  it('rejects Fn::ImportValue of an export that lives in another Region', async () => {
    await harness.deploy([hub(), consumer()]);
    const exportName = Object.keys(harness.exports[HUB_REGION])[0];
    const importer = soloTemplate({ Role: 'group', Name: 'x', NetworkId: { 'Fn::ImportValue': exportName } });
    await expect(harness.deploy([{ stackName: 'Importer', region: SPOKE_REGION, template: importer }])).rejects.toThrow(
      `Stack Importer: Thing Validate failed: Resources/Thing/Properties/NetworkId/Fn::ImportValue: No export named ${exportName} found in ${SPOKE_REGION}`,
    );
  });

  it('refuses to destroy a stack whose export another stack imports', async () => {
    await harness.deploy([hub(), consumer()]);
    await expect(harness.destroy(['ToyHub'])).rejects.toThrow(/Export ToyHub:\S+ cannot be deleted as it is in use by ToyConsumer/);
  });
});

/** A one-resource template driven by the default prefix, for tests that need no CDK app. */
function soloTemplate(properties: Record<string, unknown>): unknown {
  return {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'solo-handler' } },
      Thing: { Type: 'Custom::WickrSolo', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] }, ...properties } },
    },
  };
}

