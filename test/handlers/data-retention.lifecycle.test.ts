import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateDataRetentionBotChallengeCommand, CreateDataRetentionBotCommand, WickrClient } from '../../lambda/wickr';
import YAML from 'yaml';
import { exampleConfigText, startKitLifecycle, synthKit, writes, type KitLifecycle } from '../helpers/lifecycle';
import { oneAgencyConfig } from '../helpers/config-text';
import { registerStartedBots } from '../helpers/retention';
import { RETENTION_PUBLIC_PARAMETERS, RETENTION_SIMULATORS } from '../helpers/retention-simulators';

const REGION = 'ap-southeast-2';

describe.each([['ec2'], ['fargate']])('data retention on the %s host', (host) => {
  const config = (dataRetention = 'dataRetention: { imageTag: 6.60.05.78 }') =>
    oneAgencyConfig(`      - id: canberra
        name: dea-canberra
        region: ap-southeast-2
        ${dataRetention.replace('imageTag: 6.60.05.78', `imageTag: 6.60.05.78, host: ${host}`)}`);

  let kit: KitLifecycle;
  /** What the test observed at each isComplete poll of the activation resource, in order. */
  let polls: { logicalId: string; secretPassword?: string; challenge?: string; registered: boolean }[];
  /** Set by a test: what the "bot container" does when the harness polls the activation resource. */
  let onActivationPoll: ((networkId: string) => Promise<void> | void) | undefined;

  beforeAll(async () => {
    kit = await startKitLifecycle({
      harness: {
        simulators: RETENTION_SIMULATORS,
        publicParameters: RETENTION_PUBLIC_PARAMETERS,
        onPoll: async ({ logicalId, stackName }) => {
          if (!/Activation/.test(logicalId)) return;
          const networkId = onlyNetworkId();
          const secretArn = botSecretArn(stackName);
          const secret = currentSecret(secretArn);
          polls.push({
            logicalId,
            secretPassword: secret.password as string | undefined,
            challenge: kit.emulator.state.dataRetentionChallenge(REGION, networkId),
            registered: kit.emulator.state.network(REGION, networkId)?.dataRetention.isDataRetentionBotRegistered ?? false,
          });
          await onActivationPoll?.(networkId);
        },
      },
    });
  });
  afterAll(() => kit.close());
  beforeEach(async () => {
    await kit.reset();
    polls = [];
    onActivationPoll = undefined;
  });

  function onlyNetworkId(): string {
    const ids = Object.keys(kit.emulator.state.snapshot()[REGION] ?? {});
    expect(ids).toHaveLength(1);
    return ids[0]!;
  }

  function botSecretArn(stackName = 'WickrKit-dea-ap-southeast-2'): string {
    const resources = kit.harness.resources[stackName] ?? {};
    const entry = Object.entries(resources).find(([id, r]) => /BotSecret/.test(id) && (r as { type?: string }).type === 'AWS::SecretsManager::Secret');
    if (!entry) throw new Error(`no bot secret in ${stackName}: ${Object.keys(resources).join(', ')}`);
    return (entry[1] as { physicalId: string }).physicalId;
  }

  function currentSecret(arn: string): Record<string, unknown> {
    const text = kit.harness.standIns.secretsManager.currentValue(REGION, arn);
    return text ? JSON.parse(text) : {};
  }

  /** The container's first start: it signs in with the challenge from its secret and registers. */
  function botRegistersWithItsSecret(networkId: string): void {
    const secret = currentSecret(botSecretArn());
    if (secret.password !== kit.emulator.state.dataRetentionChallenge(REGION, networkId)) return; // a wrong password never registers
    kit.emulator.simulateDataRetentionBotRegistration(REGION, networkId);
  }

  describe('data retention registration, driven like CloudFormation against the emulator', () => {
    test('Create: the bot is created, its challenge goes straight into its secret, the service starts, then retention is enabled and acknowledged once', async () => {
      let waited = 0;
      onActivationPoll = (networkId) => {
        // The container takes a few polls to start; then it registers with what its secret holds.
        if (++waited === 3) botRegistersWithItsSecret(networkId);
      };
      const [result] = await kit.harness.deploy(synthKit(config()));
      const networkId = onlyNetworkId();

      // CloudFormation order: secret → registration (challenge) → task definition → service → activation.
      const created = result!.operations.filter((o) => o.action === 'Create').map((o) => o.logicalId);
      const at = (pattern: RegExp) => {
        const i = created.findIndex((id) => pattern.test(id));
        expect([pattern.source, i >= 0]).toEqual([pattern.source, true]);
        return i;
      };
      expect(at(/DataRetentionBotSecret/)).toBeLessThan(at(/DataRetentionRegistration[0-9A-F]{8}$/));
      expect(at(/DataRetentionRegistration[0-9A-F]{8}$/)).toBeLessThan(at(/DataRetentionBotTaskDefinition/));
      expect(at(/DataRetentionBotTaskDefinition/)).toBeLessThan(at(/DataRetentionBotService[0-9A-F]{8}$/));
      expect(at(/DataRetentionBotService[0-9A-F]{8}$/)).toBeLessThan(at(/DataRetentionActivation/));
      if (host === 'ec2') {
        // The host exists, with its state volume, before the service that places the bot on it.
        expect(at(/DataRetentionBotHostStateVolume/)).toBeLessThan(at(/DataRetentionBotHostGroupASG/));
        expect(at(/DataRetentionBotHostGroupASG/)).toBeLessThan(at(/DataRetentionBotService[0-9A-F]{8}$/));
      }

      // Order of the Wickr writes: create network, create bot, challenge, then (after registration) enable and ack.
      expect(writes(kit.emulator)).toEqual(['CreateNetwork', 'CreateDataRetentionBot', 'CreateDataRetentionBotChallenge', 'UpdateDataRetention', 'UpdateDataRetention']);
      const updates = kit.emulator.requests.filter((r) => r.operation === 'UpdateDataRetention').map((r) => (r.input as { actionType: string }).actionType);
      expect(updates).toEqual(['ENABLE', 'PUBKEY_MSG_ACK']);

      // Every poll saw the challenge already in the secret; the bot registered only after the service was deployed.
      expect(polls).toHaveLength(3);
      const challenge = kit.emulator.state.dataRetentionChallenge(REGION, networkId);
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{24}$/);
      for (const p of polls) expect(p.secretPassword).toBe(challenge);
      // Recorded before the hook ran: unregistered until the container's third poll, then complete at once.
      expect(polls.map((p) => p.registered)).toEqual([false, false, false]);

      const state = kit.emulator.state.snapshot()[REGION]![networkId]!.dataRetention;
      expect(state).toMatchObject({ botName: `compliance_${networkId}_bot`, botExists: true, isDataRetentionBotRegistered: true, isDataRetentionServiceEnabled: true, isPubkeyMsgAcked: true });

      // The secret holds the challenge and the settings the bot reads; nothing secret anywhere else.
      const secret = currentSecret(botSecretArn());
      expect(secret).toEqual({
        password: challenge,
        s3_bucket_name: `dea-wickr-records-${REGION}-123456789012`,
        s3_region: REGION,
        s3_folder_name: 'canberra',
        sns_topic_arn: expect.stringMatching(/^arn:aws:sns:ap-southeast-2:123456789012:/),
      });
      const everything = JSON.stringify({ invocations: kit.harness.invocations, resources: kit.harness.resources }) + kit.harness.logText();
      expect(everything).not.toContain(challenge!);
      const data = kit.harness.invocations.flatMap((i) => Object.values(((i as { response?: { Data?: Record<string, string> } }).response?.Data) ?? {}));
      expect(data).toContain(`compliance_${networkId}_bot`);
    });

    test('a repeated Create or Update sends nothing new: no second bot, no second challenge, no second enable', async () => {
      onActivationPoll = (networkId) => botRegistersWithItsSecret(networkId);
      const stacks = synthKit(config());
      await kit.harness.deploy(stacks);
      kit.emulator.clearRequests();
      await kit.harness.deploy(stacks, { forceUpdate: true });
      expect(kit.harness.invocations.filter((i) => i.requestType === 'Update' && i.phase === 'onEvent' && /Registration|Activation/.test(i.logicalId)).length).toBe(2);
      expect(writes(kit.emulator)).toEqual([]);
    });

    test('a repeated Create against a bot that exists but has not registered reuses the challenge in the secret', async () => {
      // First deployment: the container never registers, so the activation times out.
      await expect(kit.harness.deploy(synthKit(config()))).rejects.toThrow(/Activation.*Operation timed out/s);
      const networkId = onlyNetworkId();
      const challenge = kit.emulator.state.dataRetentionChallenge(REGION, networkId);
      expect(currentSecret(botSecretArn()).password).toBe(challenge);
      kit.emulator.clearRequests();
      // The registration resource is asked again (as a new harness run against the same account would).
      onActivationPoll = (id) => botRegistersWithItsSecret(id);
      await kit.harness.deploy(synthKit(config()), { forceUpdate: true });
      expect(writes(kit.emulator)).toEqual(['UpdateDataRetention', 'UpdateDataRetention']);
      expect(kit.emulator.state.dataRetentionChallenge(REGION, networkId)).toBe(challenge);
    });

    test('the password the bot generated (captured into the secret) is never replaced by a later deployment', async () => {
      onActivationPoll = (networkId) => botRegistersWithItsSecret(networkId);
      await kit.harness.deploy(synthKit(config()));
      const arn = botSecretArn();
      const generated = 'generated-by-the-bot-0123456789';
      const client = new SecretsManagerClient({ region: REGION, endpoint: kit.harness.standIns.secretsManager.url });
      try {
        await client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify({ ...currentSecret(arn), password: generated }) }));
        kit.emulator.clearRequests();
        // A changed setting (the folder) is merged into the secret; the password stays.
        await kit.harness.deploy(synthKit(config('dataRetention: { imageTag: 6.60.05.78, storageFolder: canberra-records }')));
        expect(writes(kit.emulator)).toEqual([]);
        const after = JSON.parse((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString!);
        expect(after).toMatchObject({ password: generated, s3_folder_name: 'canberra-records' });
      } finally {
        client.destroy();
      }
    });

    test('destroy retains the bot, its registration and retention unless destruction is opted in', async () => {
      onActivationPoll = (networkId) => botRegistersWithItsSecret(networkId);
      await kit.harness.deploy(synthKit(config()));
      kit.emulator.clearRequests();
      const deleted = (await kit.harness.destroy()).find((r) => r.stackName === 'WickrKit-dea-ap-southeast-2');
      expect(writes(kit.emulator)).toEqual([]);
      const networkId = onlyNetworkId();
      expect(kit.emulator.state.snapshot()[REGION]![networkId]!.dataRetention).toMatchObject({ botExists: true, isDataRetentionServiceEnabled: true });
      // The bot's state (EBS volume on EC2, EFS on Fargate), its secret, logs and the records stay.
      const retained = deleted!.operations.filter((o) => o.action === 'Retain').map((o) => o.type);
      expect(retained).toEqual(expect.arrayContaining([host === 'ec2' ? 'AWS::EC2::Volume' : 'AWS::EFS::FileSystem', 'AWS::SecretsManager::Secret', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::KMS::Key']));
    });

    test('with removalPolicy destroy on the data retention, Delete disables retention and then deletes the bot', async () => {
      onActivationPoll = (networkId) => botRegistersWithItsSecret(networkId);
      await kit.harness.deploy(synthKit(config('dataRetention: { imageTag: 6.60.05.78, removalPolicy: destroy }')));
      const networkId = onlyNetworkId();
      kit.emulator.clearRequests();
      await kit.harness.destroy();
      expect(kit.emulator.requests.filter((r) => r.access === 'write').map((r) => [r.operation, (r.input as { actionType?: string }).actionType])).toEqual([
        ['UpdateDataRetention', 'DISABLE'],
        ['DeleteDataRetentionBot', undefined],
      ]);
      expect(kit.emulator.state.snapshot()[REGION]![networkId]!.dataRetention).toMatchObject({ botExists: false });
    });

    test('a CreateDataRetentionBot whose answer is lost is confirmed with GetDataRetentionBot, never sent twice', async () => {
      onActivationPoll = (networkId) => botRegistersWithItsSecret(networkId);
      kit.emulator.faults.next('CreateDataRetentionBot', 1, 'server-error', { phase: 'after' });
      await kit.harness.deploy(synthKit(config()));
      expect(writes(kit.emulator).filter((w) => w === 'CreateDataRetentionBot')).toEqual(['CreateDataRetentionBot']);
      expect(kit.harness.logText()).toMatch(/CreateDataRetentionBot failed but the bot exists; continuing with it/);
      expect(kit.emulator.state.snapshot()[REGION]![onlyNetworkId()]!.dataRetention.isDataRetentionServiceEnabled).toBe(true);
    });

    test('a CreateDataRetentionBot that got no answer and left no bot is sent again after the read-back: one bot', async () => {
      onActivationPoll = (networkId) => botRegistersWithItsSecret(networkId);
      // Dropped before the service saw it, and a 5xx before processing: twice no answer, twice no bot.
      kit.emulator.faults.next('CreateDataRetentionBot', 1, 'drop');
      kit.emulator.faults.next('CreateDataRetentionBot', 1, 'server-error');
      await kit.harness.deploy(synthKit(config()));
      const created = kit.emulator.requests.filter((r) => r.operation === 'CreateDataRetentionBot');
      expect(created.map((r) => r.processed ?? r.status)).toHaveLength(3);
      expect(kit.harness.logText()).toMatch(/CreateDataRetentionBot outcome unknown and no bot exists; creating it again/);
      expect(kit.emulator.state.snapshot()[REGION]![onlyNetworkId()]!.dataRetention).toMatchObject({ botExists: true, isDataRetentionServiceEnabled: true });
    });

    test('a CreateDataRetentionBot that never gets an answer fails naming the operation and the network, and leaves no bot', async () => {
      kit.emulator.faults.next('CreateDataRetentionBot', 3, 'server-error');
      await expect(kit.harness.deploy(synthKit(config()))).rejects.toThrow(
        /CreateDataRetentionBot for network \d{8} ended 3 times with no answer .*GetDataRetentionBot shows no bot, so none was created; deploy again when the service answers/,
      );
      expect(kit.emulator.state.snapshot()[REGION]![onlyNetworkId()]!.dataRetention.botExists).toBe(false);
    });

    test('a challenge whose answer is lost is asked for again, and the secret holds the one the service issued last', async () => {
      onActivationPoll = (networkId) => botRegistersWithItsSecret(networkId);
      kit.emulator.faults.next('CreateDataRetentionBotChallenge', 1, 'server-error', { phase: 'after' });
      await kit.harness.deploy(synthKit(config()));
      const networkId = onlyNetworkId();
      expect(writes(kit.emulator).filter((w) => w === 'CreateDataRetentionBotChallenge')).toHaveLength(2);
      expect(currentSecret(botSecretArn()).password).toBe(kit.emulator.state.dataRetentionChallenge(REGION, networkId));
      expect(kit.emulator.state.snapshot()[REGION]![networkId]!.dataRetention.isDataRetentionBotRegistered).toBe(true);
    });

    test('the example, with data retention on every network: enabled everywhere with no console step, and no secret in templates, Data or logs', async () => {
      const doc = YAML.parseDocument(exampleConfigText());
      const networks = doc.getIn(['agencies', 0, 'networks']) as YAML.YAMLSeq<YAML.YAMLMap>;
      for (const n of networks.items) n.set('dataRetention', { ...((n.get('dataRetention') as YAML.YAMLMap | undefined)?.toJSON() ?? { imageTag: '6.60.05.78' }), host });
      const stacks = synthKit(doc.toString());

      // Each network's container registers once it can start with the challenge its secret holds.
      let example: KitLifecycle | undefined;
      example = await startKitLifecycle({ harness: { simulators: RETENTION_SIMULATORS, publicParameters: RETENTION_PUBLIC_PARAMETERS, onPoll: registerStartedBots(() => example!) } });
      try {
        const { emulator, harness } = example;
        // What the agency does before deploying: create the IdP client secrets that sso.clientSecret names.
        await harness.start();
        for (const n of networks.items) {
          const name = n.getIn(['sso', 'clientSecret']);
          if (typeof name === 'string') harness.standIns.secretsManager.createSecret(String(n.get('region')), { name, secretString: 'idp-client-secret-for-tests' });
        }
        await harness.deploy(stacks);
        const snapshot = emulator.state.snapshot();
        const states = Object.entries(snapshot).flatMap(([region, nets]) =>
          Object.values(nets).map((n) => [region, n.network.networkName, n.dataRetention.isDataRetentionServiceEnabled, n.dataRetention.isPubkeyMsgAcked]),
        );
        expect(states.sort()).toEqual([
          ['ap-northeast-1', 'dea-tokyo-post', true, true],
          ['ap-southeast-2', 'dea-canberra', true, true],
          ['eu-west-2', 'dea-london-post', true, true],
          ['us-east-1', 'dea-washington-post', true, true],
        ]);
        const challenges = Object.entries(snapshot).flatMap(([region, nets]) => Object.keys(nets).map((id) => emulator.state.dataRetentionChallenge(region, id)!));
        expect(challenges).toHaveLength(4);
        for (const c of challenges) expect(c).toMatch(/^[A-Za-z0-9_-]{24}$/);
        const everything = JSON.stringify(stacks) + JSON.stringify(harness.invocations) + JSON.stringify(harness.resources) + harness.logText();
        for (const c of challenges) expect(everything).not.toContain(c);
        // Deploying the same templates again sends no data-retention write.
        emulator.clearRequests();
        await harness.deploy(stacks, { forceUpdate: true });
        expect(writes(emulator).filter((w) => /DataRetention/.test(w))).toEqual([]);
      } finally {
        await example.close();
      }
    });

    test('fails with what to do when the bot registered outside the kit and the new secret has no password', async () => {
      // The network exists, and its bot was set up and registered outside the kit.
      await kit.harness.deploy(synthKit(config('')));
      const networkId = onlyNetworkId();
      const client = new WickrClient({ region: REGION, endpoint: kit.emulator.url, credentials: kit.emulator.credentials });
      try {
        await client.send(new CreateDataRetentionBotCommand({ networkId }));
        await client.send(new CreateDataRetentionBotChallengeCommand({ networkId }));
      } finally {
        client.destroy();
      }
      kit.emulator.simulateDataRetentionBotRegistration(REGION, networkId);
      await expect(kit.harness.deploy(synthKit(config()))).rejects.toThrow(
        new RegExp(`the data retention bot of network ${networkId} has already registered, but secret arn:aws:secretsmanager:[^ ]+ holds no password.*botSecretArn`),
      );
    });
  });
});
