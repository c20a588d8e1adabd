import { ExecutionFacts, RunbookRefusal, createHandler } from '../../lambda/handlers/lost-device/index';
import { Emulator, startEmulator } from '../emulator';
import { REGION, SeededNetwork, kitClient, seedNetwork, seedUsers, writes } from './support/harness';

const EXECUTION = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const OPERATOR = 'arn:aws:sts::111122223333:assumed-role/WickrOperators/alex';
const ALEX = 'alex.citizen@dea.example.gov.au';
const SAM = 'sam.taylor@dea.example.gov.au';

describe('the lost-device runbook Lambda', () => {
  let emulator: Emulator;
  let net: SeededNetwork;
  let ids: Map<string, string>;
  let audit: Record<string, any>[];

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    net = await seedNetwork(emulator);
    ids = await seedUsers(emulator, net, [ALEX, SAM]);
    emulator.addDevice(REGION, net.networkId, ids.get(ALEX)!, { type: 'ios' });
    emulator.addDevice(REGION, net.networkId, ids.get(ALEX)!, { type: 'desktop' });
    emulator.clearRequests();
    audit = [];
  });

  function execution(overrides: Partial<ExecutionFacts> = {}, params: Record<string, string[]> = {}): ExecutionFacts {
    return {
      documentName: 'WickrKit-dea-LostDevice',
      status: 'InProgress',
      executedBy: OPERATOR,
      startTime: '2026-11-23T01:02:03.000Z',
      parameters: { NetworkId: [net.networkId], Usernames: [ALEX], Reason: ['INC-4711 phone stolen at airport'], ...params },
      steps: [{ name: 'SuspendAndResetDevices', status: 'InProgress' }],
      ...overrides,
    };
  }

  function handler(facts: ExecutionFacts | undefined, env: Record<string, string> = {}) {
    return createHandler({
      automation: { getExecution: async (id) => (id === EXECUTION ? facts : undefined) },
      wickr: () => kitClient(emulator),
      env: {
        AWS_REGION: REGION,
        RUNBOOK_DOCUMENT_NAME: 'WickrKit-dea-LostDevice',
        RUNBOOK_NETWORK_IDS: net.networkId,
        RUNBOOK_ALLOW_DELETE: 'true',
        RUNBOOK_APPROVAL_REQUIRED: 'true',
        ...env,
      },
      audit: (r) => audit.push(r),
      now: () => new Date('2026-11-23T01:02:04.000Z'),
    });
  }

  const user = (username: string) => emulator.state.network(REGION, net.networkId)!.users.find((u: any) => u.username === username) as any;

  test('contain suspends the users and logs out their devices, and records who, what, when and why', async () => {
    const result = await handler(execution())({ action: 'contain', executionId: EXECUTION });
    expect(result).toEqual({ action: 'contain', executionId: EXECUTION, networkId: net.networkId, summary: expect.objectContaining({ users: 1, succeeded: 1 }) });
    expect(user(ALEX).suspended).toBe(true);
    expect(user(ALEX).devices.map((d: any) => d.statusText)).toEqual(['Reset', 'Reset']);
    expect(user(SAM).suspended).toBe(false);
    expect(audit.map((a) => a.event)).toEqual(['started', 'finished']);
    expect(audit[0]).toMatchObject({
      runbook: 'lost-device',
      action: 'contain',
      executionId: EXECUTION,
      executedBy: OPERATOR,
      reason: 'INC-4711 phone stolen at airport',
      networkId: net.networkId,
      region: REGION,
      users: [ALEX],
      at: '2026-11-23T01:02:04.000Z',
    });
    expect(audit[1].results).toEqual([
      expect.objectContaining({ username: ALEX, userId: ids.get(ALEX), outcome: 'succeeded', detail: 'suspended; 2 devices reset', devices: expect.arrayContaining([expect.objectContaining({ type: 'ios', outcome: 'succeeded' })]) }),
    ]);
    expect(audit[1].calls).toEqual({ ListUsers: 1, BatchToggleUserSuspendStatus: 1, ListDevicesForUser: 1, BatchResetDevicesForUser: 1 });
  });

  test.each([
    ['an execution id that is not one', { action: 'contain', executionId: 'abc' }, undefined, /executionId must be an Automation execution id/],
    ['an unknown action', { action: 'wipe', executionId: EXECUTION }, undefined, /unknown action "wipe"/],
    ['an execution of another document', { action: 'contain', executionId: EXECUTION }, { documentName: 'SomethingElse' }, /is not an execution of WickrKit-dea-LostDevice; nothing was done/],
    ['an execution that is not running', { action: 'contain', executionId: EXECUTION }, { status: 'Success' }, /is Success, not running; nothing was done/],
  ])('rejects %s without any Wickr call', async (_what, event, overrides, message) => {
    await expect(handler(execution(overrides as Partial<ExecutionFacts>))(event)).rejects.toThrow(message);
    expect(emulator.requests).toEqual([]);
  });

  test('rejects an execution id it cannot read (a forged invocation)', async () => {
    await expect(handler(execution())({ action: 'contain', executionId: '11111111-2222-4333-8444-555555555555' })).rejects.toBeInstanceOf(RunbookRefusal);
    expect(emulator.requests).toEqual([]);
  });

  test.each([
    ['a network the runbook may not act on', { NetworkId: ['87654321'] }, /network 87654321 is not one this runbook may act on/],
    ['no reason', { Reason: [''] }, /the execution has no reason/],
    ['a malformed user', { Usernames: ['alex citizen'] }, /bad user "alex citizen"/],
  ])('rejects %s, with an audit record of the refusal and no Wickr call', async (_what, params, message) => {
    await expect(handler(execution({}, params))({ action: 'contain', executionId: EXECUTION })).rejects.toThrow(message);
    expect(emulator.requests).toEqual([]);
    expect(audit).toEqual([expect.objectContaining({ event: 'refused', executedBy: OPERATOR, message: expect.stringMatching(message) })]);
  });

  test('rejects an unknown user before any write', async () => {
    await expect(handler(execution({}, { Usernames: [ALEX, 'nobody@dea.example.gov.au'] }))({ action: 'contain', executionId: EXECUTION })).rejects.toThrow(
      /1 user\(s\) not found: nobody@dea\.example\.gov\.au \(no user named "nobody@dea\.example\.gov\.au" on network \d{8}\); nothing was done/,
    );
    expect(writes(emulator)).toEqual([]);
    expect(user(ALEX).suspended).toBe(false);
  });

  const contained = { name: 'SuspendAndResetDevices', status: 'Success' };
  const approved = { name: 'ApproveDeletion', status: 'Success', outputs: { ApprovalStatus: ['Approved'], ApproverDecisions: ['{"Approver":"arn:aws:iam::111122223333:role/WickrSecurityOfficer","Decision":"Approve"}'] } };

  test('delete, once contained and approved, deletes the users and records the approval', async () => {
    const facts = execution({ steps: [contained, approved, { name: 'DeleteUsers', status: 'InProgress' }] }, { DeleteUsers: ['true'] });
    const result = await handler(facts)({ action: 'delete', executionId: EXECUTION });
    expect(result.summary).toMatchObject({ users: 1, succeeded: 1 });
    expect(user(ALEX)).toBeUndefined();
    expect(audit[0]).toMatchObject({ event: 'started', action: 'delete', approval: { step: 'ApproveDeletion', status: 'Success', outputs: approved.outputs } });
  });

  test.each([
    ['the runbook was deployed without delete', [contained, approved], { DeleteUsers: ['true'] }, { RUNBOOK_ALLOW_DELETE: 'false' }, /deployed without the delete step/],
    ['the execution did not ask for deletion', [contained, approved], { DeleteUsers: ['false'] }, {}, /did not ask for deletion/],
    ['containment failed', [{ ...contained, status: 'Failed' }, approved], { DeleteUsers: ['true'] }, {}, /containment \(SuspendAndResetDevices\) did not succeed/],
    ['the approval is pending', [contained, { name: 'ApproveDeletion', status: 'Waiting' }], { DeleteUsers: ['true'] }, {}, /deletion was not approved \(ApproveDeletion is Waiting\)/],
    ['there is no approval step', [contained], { DeleteUsers: ['true'] }, {}, /deletion was not approved \(ApproveDeletion is missing\)/],
  ])('rejects delete when %s, deleting nothing', async (_what, steps, params, env, message) => {
    await expect(handler(execution({ steps }, params), env)({ action: 'delete', executionId: EXECUTION })).rejects.toThrow(message);
    expect(emulator.requests).toEqual([]);
    expect(user(ALEX)).toBeDefined();
  });

  test('delete without an approval step when the runbook does not require one', async () => {
    await handler(execution({ steps: [contained] }, { DeleteUsers: ['true'] }), { RUNBOOK_APPROVAL_REQUIRED: 'false' })({ action: 'delete', executionId: EXECUTION });
    expect(user(ALEX)).toBeUndefined();
  });

  test('fails the step when the service fails, after recording each user outcome', async () => {
    emulator.faults.add({ kind: 'server-error', operations: 'BatchToggleUserSuspendStatus' });
    // Short backoff keeps the test fast; the Lambda's own client uses the defaults.
    const client = () => kitClient(emulator, REGION, { retryBaseDelayMs: 1, retryMaxDelayMs: 2, maxAttempts: 2 });
    const h = createHandler({
      automation: { getExecution: async () => execution() },
      wickr: client,
      env: { AWS_REGION: REGION, RUNBOOK_DOCUMENT_NAME: 'WickrKit-dea-LostDevice', RUNBOOK_NETWORK_IDS: net.networkId },
      audit: (r) => audit.push(r),
      now: () => new Date(),
    });
    await expect(h({ action: 'contain', executionId: EXECUTION })).rejects.toThrow(/contain did not succeed for every user .*InternalServerError \(500\)/);
    expect(audit[1]).toMatchObject({ event: 'finished', summary: { users: 1, unknown: 1 }, stoppedBy: expect.stringMatching(/InternalServerError/) });
    expect(writes(emulator).every((w) => w.operation === 'BatchToggleUserSuspendStatus')).toBe(true);
  });
});
