/**
 * Custom::WickrUsers against the emulator: batches of 50, partial failures surfaced per user after
 * creating what could be created, updates of names and groups, removal only when opted in, and bots
 * whose generated password goes from their secret to Wickr without being logged.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BatchCreateUserCommand, CreateBotCommand, WickrClient, type WickrRequestHandler } from '../../lambda/wickr';
import { NodeRequestHandler } from '../../lambda/wickr/http';
import type { HandlerContext } from '../../lambda/handlers/wickr-provider/framework';
import { usersHandler } from '../../lambda/handlers/wickr-provider/users';
import { parseProperties } from '../../lambda/shared/props';
import { SecurityGroup } from '../../lib/constructs/security-group';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import { WickrBotProps, WickrUserProps, WickrUsers } from '../../lib/constructs/wickr-users';
import type { StackInput } from '../lifecycle/harness';
import { startKitLifecycle, writes, type KitLifecycle } from '../helpers/lifecycle';
import { testApp } from '../helpers/kit';

const REGION = 'eu-west-2';

let kit: KitLifecycle;
let client: WickrClient;
beforeAll(async () => {
  kit = await startKitLifecycle();
  client = new WickrClient({ region: REGION, endpoint: kit.emulator.url, retryBaseDelayMs: 1 });
});
afterAll(async () => {
  client.destroy();
  await kit.close();
});
beforeEach(() => kit.reset());

interface Spec {
  users?: WickrUserProps[];
  bots?: WickrBotProps[];
  deleteRemoved?: boolean;
  /** Escape hatch: overrides written into the custom resource's properties, past the construct's checks. */
  overrides?: Record<string, unknown>;
}

function stackWith(spec: Spec | undefined): StackInput[] {
  const stack = new Stack(testApp(), 'Users', { env: { account: '123456789012', region: REGION } });
  const network = new WickrNetwork(stack, 'Network', { networkName: 'users-test' });
  const groups = [new SecurityGroup(stack, 'Staff', { network, groupName: 'Staff', isDefault: true }), new SecurityGroup(stack, 'Consular', { network, groupName: 'Consular' })];
  if (spec) {
    const users = new WickrUsers(stack, 'Users', { network, groups, users: spec.users, bots: spec.bots, deleteRemoved: spec.deleteRemoved });
    const cfn = users.node.findChild('Resource').node.defaultChild as CfnResource;
    for (const [path, value] of Object.entries(spec.overrides ?? {})) cfn.addPropertyOverride(path, value);
  }
  return [{ stackName: 'Users', region: REGION, template: Template.fromStack(stack).toJSON() }];
}

function net() {
  return Object.values(kit.emulator.state.snapshot()[REGION])[0];
}
const groupName = (id: string | undefined) => net().securityGroups.find((g) => g.id === id)?.name;
const usersNow = () => net().users.map((u) => `${u.username}:${groupName(u.securityGroups?.[0])}`).sort();
const people = (n: number, group = 'Staff'): WickrUserProps[] => Array.from({ length: n }, (_, i) => ({ username: `user${String(i).padStart(3, '0')}@agency.example`, group }));

describe('users and bots against the emulator', () => {
  test('creates 120 users in batches of 50, 50 and 20; a no-op Update writes nothing', async () => {
    await kit.harness.deploy(stackWith({ users: people(120) }));
    const batches = kit.emulator.requests.filter((r) => r.operation === 'BatchCreateUser').map((r) => (r.input?.users as unknown[]).length);
    expect(batches).toEqual([50, 50, 20]);
    expect(net().users).toHaveLength(120);
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({ users: people(120) }), { forceUpdate: true });
    expect(writes(kit.emulator)).toEqual([]);
  });

  test('fails when a username is listed twice ignoring case, after creating the others; the next deploy creates nothing twice', async () => {
    const users = [{ username: 'dup@agency.example', group: 'Staff' }, { username: 'other@agency.example', group: 'Staff' }];
    const spec: Spec = { users, overrides: { Users: [...users, { username: 'DUP@agency.example', group: 'Staff' }] } };
    await expect(kit.harness.deploy(stackWith(spec))).rejects.toThrow(
      /1 user\(s\) or bot\(s\) of network \d{8} failed during create: DUP@agency\.example \(listed twice \(Wickr usernames ignore case\); keep one entry\)\. Everything else was applied; fix these in the config/,
    );
    expect(usersNow()).toEqual(['dup@agency.example:Staff', 'other@agency.example:Staff']);
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({ users: [...users, { username: 'third@agency.example', group: 'Consular' }] }));
    expect(writes(kit.emulator)).toEqual(['BatchCreateUser']);
    expect(kit.emulator.requests.find((r) => r.operation === 'BatchCreateUser')!.input?.users).toEqual([{ username: 'third@agency.example', securityGroupIds: [expect.any(String)] }]);
    expect(usersNow()).toEqual(['dup@agency.example:Staff', 'other@agency.example:Staff', 'third@agency.example:Consular']);
  });

  test('fails when Wickr refuses some users of a batch (HTTP 200 with failed[]), naming each with Wickr\'s reason, after creating the rest', async () => {
    await kit.harness.deploy(stackWith({}));
    const networkId = Object.keys(kit.emulator.state.snapshot()[REGION])[0];
    const staffId = net().securityGroups.find((g) => g.name === 'Staff')!.id!;
    // Another administrator creates one of the users between the handler's read and its batch call.
    const transport = new NodeRequestHandler(5000);
    let raced = false;
    const racing: WickrRequestHandler = {
      async handle(request, options) {
        if (!raced && request.method === 'POST' && request.path.endsWith('/users')) {
          raced = true;
          await client.send(new BatchCreateUserCommand({ networkId, users: [{ username: 'b@agency.example', securityGroupIds: [staffId] }] }));
        }
        return transport.handle(request, options);
      },
      destroy: () => transport.destroy(),
    };
    const handlerClient = new WickrClient({ region: REGION, endpoint: kit.emulator.url, requestHandler: racing, retryBaseDelayMs: 1 });
    const lines: string[] = [];
    const ctx: HandlerContext = {
      requestType: 'Create',
      logicalId: 'Users',
      requestId: 'request-1',
      stackId: 'stack-1',
      region: REGION,
      client: handlerClient,
      clientFor: () => handlerClient,
      log: { info: (m, f) => lines.push(JSON.stringify([m, f])), warn: (m, f) => lines.push(JSON.stringify([m, f])) },
    };
    const props = parseProperties(usersHandler.schema, {
      NetworkId: networkId,
      Users: ['a', 'b', 'c'].map((x) => ({ username: `${x}@agency.example`, firstName: `Secretname${x}`, group: 'Staff' })),
      DeleteRemoved: 'false',
    });
    try {
      await expect(usersHandler.create(ctx, props)).rejects.toThrow(
        /^1 user\(s\) or bot\(s\) of network \d{8} failed during create: b@agency\.example \(username: User already exists \(b@agency\.example\)\)\. Everything else was applied/,
      );
    } finally {
      handlerClient.destroy();
    }
    expect(raced).toBe(true);
    expect(usersNow()).toEqual(['a@agency.example:Staff', 'b@agency.example:Staff', 'c@agency.example:Staff']);
    expect(lines.join('\n')).not.toMatch(/Secretname/);
  });

  test('changed names and groups are updated with only what changed; a user dropped from the list stays unless deletion is opted in', async () => {
    const alex: WickrUserProps = { username: 'alex@agency.example', firstName: 'Alex', lastName: 'Ng', group: 'Staff' };
    const sam: WickrUserProps = { username: 'sam@agency.example', group: 'Staff' };
    await kit.harness.deploy(stackWith({ users: [alex, sam] }));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({ users: [{ ...alex, lastName: 'Ng-Smith', group: 'Consular' }] }));
    const w = kit.emulator.requests.filter((r) => r.access === 'write');
    expect(w.map((r) => [r.operation, r.input?.userDetails])).toEqual([['UpdateUser', { lastName: '***', securityGroupIds: [expect.any(String)] }]]);
    expect(usersNow()).toEqual(['alex@agency.example:Consular', 'sam@agency.example:Staff']);
    expect(net().users.find((u) => u.username === 'alex@agency.example')).toMatchObject({ firstName: 'Alex', lastName: 'Ng-Smith' });

    await kit.harness.deploy(stackWith({ users: [{ ...alex, lastName: 'Ng-Smith', group: 'Consular' }, sam], deleteRemoved: true }));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({ users: [sam], deleteRemoved: true }));
    expect(writes(kit.emulator)).toEqual(['BatchDeleteUser']);
    expect(usersNow()).toEqual(['sam@agency.example:Staff']);
  });

  test('removing the resource retains everyone by default, and deletes the listed users and bots only when opted in', async () => {
    await kit.harness.deploy(stackWith({ users: people(3), bots: [{ username: 'alertsbot', group: 'Consular' }] }));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith(undefined));
    expect(writes(kit.emulator)).toEqual([]);
    expect([net().users.length, net().bots.length]).toEqual([3, 1]);

    await kit.reset();
    await kit.harness.deploy(stackWith({ users: people(3), bots: [{ username: 'alertsbot', group: 'Consular' }], deleteRemoved: true }));
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith(undefined));
    expect(writes(kit.emulator)).toEqual(['BatchDeleteUser', 'DeleteBot']);
    expect([net().users.length, net().bots.length]).toEqual([0, 0]);
  });

  test('a bot is created with the password Secrets Manager generated into its secret; the password never reaches logs, Data or the request log', async () => {
    await kit.harness.deploy(stackWith({ bots: [{ username: 'alertsbot', displayName: 'Alerts', group: 'Consular' }] }));
    const create = kit.emulator.requests.find((r) => r.operation === 'CreateBot')!;
    expect(create.input).toMatchObject({ username: 'alertsbot', displayName: 'Alerts', challenge: '***' });
    expect(net().bots).toEqual([expect.objectContaining({ username: 'alertsbot', displayName: 'Alerts', hasChallenge: true })]);
    const arn = (Object.values(kit.harness.resources.Users).find((r) => r.type === 'Custom::WickrUsers')!.properties.Bots as { secretArn: string }[])[0].secretArn;
    const secret = JSON.parse(kit.harness.standIns.secretsManager.currentValue(REGION, arn)!) as { username: string; password: string };
    expect(secret.username).toBe('alertsbot');
    expect(secret.password).toMatch(/^[A-Za-z0-9]{32}$/);
    const everything = kit.harness.logText() + JSON.stringify([kit.harness.invocations, kit.harness.resources, kit.emulator.requests]);
    expect(everything).not.toContain(secret.password);
  });

  test('an existing bot is adopted: a pending one gets the secret\'s password, an active one keeps its own with a warning', async () => {
    await kit.harness.deploy(stackWith({}));
    const networkId = Object.keys(kit.emulator.state.snapshot()[REGION])[0];
    const staffId = net().securityGroups.find((g) => g.name === 'Staff')!.id!;
    await client.send(new CreateBotCommand({ networkId, username: 'pendingbot', groupId: staffId, challenge: 'set-by-someone-else-1' }));
    const active = await client.send(new CreateBotCommand({ networkId, username: 'activebot', groupId: staffId, challenge: 'set-by-someone-else-2' }));
    kit.emulator.activateBot(REGION, networkId, active.botId!);
    kit.emulator.clearRequests();
    await kit.harness.deploy(stackWith({ bots: [{ username: 'pendingbot', group: 'Staff' }, { username: 'activebot', group: 'Consular' }] }));
    const updates = kit.emulator.requests.filter((r) => r.operation === 'UpdateBot').map((r) => r.input);
    expect(updates).toEqual([
      { networkId, botId: expect.any(String), challenge: '***' },
      { networkId, botId: active.botId, groupId: expect.any(String) },
    ]);
    expect(writes(kit.emulator)).not.toContain('CreateBot');
    expect(kit.harness.logText()).toMatch(/adopted an active bot: its password is not the one in its secret/);
  });

  test("a bot whose secret was replaced gets the new secret's password while it is still pending", async () => {
    const bots = [{ username: 'alertsbot', group: 'Consular' }];
    await kit.harness.deploy(stackWith({ bots }));
    const arn = (Object.values(kit.harness.resources.Users).find((r) => r.type === 'Custom::WickrUsers')!.properties.Bots as { secretArn: string }[])[0].secretArn;
    kit.emulator.clearRequests();
    // Another secret, as after a replacement of the secret resource: the properties name another ARN.
    const other = kit.harness.standIns.secretsManager.createSecret(REGION, { name: 'replacement-bot-secret', secretString: JSON.stringify({ username: 'alertsbot', password: 'ReplacementPassword0123456789abc' }) });
    await kit.harness.deploy(stackWith({ bots, overrides: { Bots: [{ username: 'alertsbot', group: 'Consular', secretArn: other.arn }] } }));
    expect(kit.emulator.requests.filter((r) => r.access === 'write').map((r) => [r.operation, r.input?.challenge])).toEqual([['UpdateBot', '***']]);
    expect(other.arn).not.toBe(arn);
    expect(kit.harness.logText()).not.toContain('ReplacementPassword0123456789abc');
  });

  test('fails before writing anything when a user names a group the network does not have', async () => {
    await expect(kit.harness.deploy(stackWith({ users: [{ username: 'a@agency.example', group: 'Staff' }], overrides: { Users: [{ username: 'a@agency.example', group: 'Executives' }] } }))).rejects.toThrow(
      /network \d{8} has no security group named "Executives"; its groups are "Staff", "Consular"\. Add the group to the network's securityGroups or fix the users' group/,
    );
    expect(writes(kit.emulator).filter((o) => /User|Bot/.test(o))).toEqual([]);
  });
});
