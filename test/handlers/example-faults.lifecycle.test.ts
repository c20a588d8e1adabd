/**
 * Issue 18, part 3: the whole example (4 Regions, 8 stacks, data retention on every network, SSO,
 * groups, users, bots, federation) through Create, a no-op Update and Delete, driven like
 * CloudFormation against the emulator while it injects faults: throttling, 5xx before and after the
 * service acted (creates included), dropped connections before and after, and latency, with the
 * emulator's live-service behaviour (its default). Seeded, so
 * a run replays exactly; retry backoff is cut to milliseconds through the client's environment
 * (WICKR_RETRY_*_DELAY_MS), so nothing sleeps for real.
 *
 * A deploy that fails is run again, as an operator would (`cdk deploy --no-rollback` keeps what was
 * created, which is the harness's model); every failure must name the operation and the network,
 * and never be a bare "Task timed out". At the end: no duplicate network, group, user or bot, and no
 * secret in the handlers' logs, in Data or in the templates.
 */
import { exampleConfigText, EXAMPLE_SSO_SECRET, seedExampleSsoSecret, startKitLifecycle, synthKit, type KitLifecycle } from '../helpers/lifecycle';
import { registerStartedBots } from '../helpers/retention';
import { RETENTION_PUBLIC_PARAMETERS, RETENTION_SIMULATORS } from '../helpers/retention-simulators';
import type { Emulator } from '../emulator';
import type { RequestLogEntry } from '../emulator/server';
import type { StackInput } from '../lifecycle/harness';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9];
/** Deploys (or destroys) tried before a lifecycle step counts as not converging. */
const MAX_RUNS = 8;

let kit: KitLifecycle;
let stacks: StackInput[];
/** Called for every request the emulator logs (set by a test, cleared after it). */
let onRequest: ((entry: RequestLogEntry) => void) | undefined;
/** The Lambda timeout the harness gives handlers, when a test shortens it. */
let lambdaTimeoutMs: number | undefined;

beforeAll(async () => {
  stacks = synthKit(exampleConfigText());
  kit = await startKitLifecycle({
    emulator: { onRequest: (e) => onRequest?.(e) },
    harness: {
      simulators: RETENTION_SIMULATORS,
      publicParameters: RETENTION_PUBLIC_PARAMETERS,
      onPoll: registerStartedBots(() => kit),
      extraEnv: { WICKR_RETRY_BASE_DELAY_MS: '1', WICKR_RETRY_MAX_DELAY_MS: '4' },
      lambdaTimeoutMs: () => lambdaTimeoutMs,
      // Faults slow registration polls too; give the waiter room.
      maxPolls: 200,
    },
  });
});
afterAll(() => kit.close());
beforeEach(async () => {
  await kit.reset();
  onRequest = undefined;
  lambdaTimeoutMs = undefined;
  await seedExampleSsoSecret(kit);
});

/** 30% throttling and 5xx (half of the 5xx after the service acted), dropped connections on both sides, latency. */
function injectFaults(emulator: Emulator, seed: number): void {
  emulator.faults.reseed(seed);
  emulator.faults.add({ kind: 'rate-limit', probability: 0.15 });
  emulator.faults.add({ kind: 'server-error', probability: 0.075 });
  emulator.faults.add({ kind: 'server-error', phase: 'after', probability: 0.075 });
  emulator.faults.add({ kind: 'drop', probability: 0.025 });
  emulator.faults.add({ kind: 'drop', phase: 'after', probability: 0.025 });
  emulator.faults.add({ kind: 'latency', probability: 0.1, latencyMs: 3 });
}

/** Runs a step until it succeeds, at most `max` times; the failure messages on the way, and whether it succeeded. */
async function runs(step: () => Promise<unknown>, max: number): Promise<{ failures: string[]; converged: boolean }> {
  const failures: string[] = [];
  for (let run = 1; run <= max; run++) {
    try {
      await step();
      return { failures, converged: true };
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  return { failures, converged: false };
}

/** Runs a step until it succeeds; returns the failure messages on the way. */
async function converge(step: () => Promise<unknown>): Promise<string[]> {
  const { failures, converged } = await runs(step, MAX_RUNS);
  if (!converged) throw new Error(`did not converge in ${MAX_RUNS} runs:\n${failures.join('\n')}`);
  return failures;
}

/** Network names per Region, group names per network, usernames and bot names per network, each listed more than once. */
function duplicates(emulator: Emulator): string[] {
  const seen = new Map<string, number>();
  const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
  for (const [region, nets] of Object.entries(emulator.state.snapshot())) {
    for (const [id, n] of Object.entries(nets)) {
      count(`network ${region}/${n.network.networkName}`);
      for (const g of n.securityGroups) count(`group ${id}/${g.name}`);
      for (const u of n.users) count(`user ${id}/${(u.username ?? '').toLowerCase()}`);
      for (const b of n.bots) count(`bot ${id}/${(b.username ?? '').toLowerCase()}`);
    }
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`);
}

/** Every secret the run handled: the IdP client secret, each retention challenge, each bot password. */
function secrets(): string[] {
  const { emulator, harness } = kit;
  const out: string[] = [EXAMPLE_SSO_SECRET.value];
  for (const [region, nets] of Object.entries(emulator.state.snapshot())) {
    for (const id of Object.keys(nets)) {
      const c = emulator.state.dataRetentionChallenge(region, id);
      if (c) out.push(c);
    }
    for (const s of harness.standIns.secretsManager.secretsIn(region)) {
      const value = harness.standIns.secretsManager.currentValue(region, s.arn);
      const password = value?.startsWith('{') ? (JSON.parse(value) as { password?: unknown }).password : undefined;
      if (typeof password === 'string') out.push(password);
    }
  }
  return out;
}

function expectNoLeak(): void {
  const everything = JSON.stringify(stacks) + JSON.stringify(kit.harness.invocations) + JSON.stringify(kit.harness.resources) + kit.harness.logText();
  for (const s of secrets()) expect(everything).not.toContain(s);
}

/** A failure as CloudFormation would show it: a named operation and network (or resource), never a timeout. */
function expectGoodFailure(message: string): void {
  expect(message).not.toMatch(/Task timed out|Operation timed out/);
  expect([message, /\b[A-Z][a-z]+[A-Z]\w+\b.*\bnetwork\b/.test(message)]).toEqual([message, true]);
}

describe('the whole example under injected faults', () => {
  test.each(SEEDS)('seed %i: Create, no-op Update and Delete converge, with no duplicate and no leaked secret', async (seed) => {
    const { emulator, harness } = kit;
    injectFaults(emulator, seed);
    const failures = [
      ...(await converge(() => harness.deploy(stacks))),
      ...(await converge(() => harness.deploy(stacks, { forceUpdate: true }))),
    ];
    const faulted = emulator.requests.filter((r) => (r.faults?.length ?? 0) > 0);
    expect(faulted.length / emulator.requests.length).toBeGreaterThan(0.2);
    for (const f of failures) expectGoodFailure(f);

    // Converged: every network, its retention and its SSO, exactly as one clean deploy leaves them.
    emulator.faults.clear();
    const snapshot = emulator.state.snapshot();
    const networks = Object.values(snapshot).flatMap((nets) => Object.values(nets));
    expect(networks.map((n) => n.network.networkName).sort()).toEqual(['dea-canberra', 'dea-london-post', 'dea-tokyo-post', 'dea-washington-post']);
    for (const n of networks) expect(n.dataRetention).toMatchObject({ botExists: true, isDataRetentionServiceEnabled: true, isPubkeyMsgAcked: true });
    expect(duplicates(emulator)).toEqual([]);
    // With the faults gone, one more no-op Update writes nothing: the state is what the config says.
    emulator.clearRequests();
    await harness.deploy(stacks, { forceUpdate: true });
    expect(emulator.requests.filter((r) => r.access === 'write').map((r) => r.operation)).toEqual([]);

    injectFaults(emulator, seed + 100);
    failures.push(...(await converge(() => harness.destroy())));
    for (const f of failures) expectGoodFailure(f);
    // Delete retains what the agency stored: every network is still there, once.
    emulator.faults.clear();
    expect(Object.values(emulator.state.snapshot()).flatMap((nets) => Object.keys(nets))).toHaveLength(4);
    expect(duplicates(emulator)).toEqual([]);
    expectNoLeak();
  });

  test('a throttling storm longer than the retry budget fails naming the operation and the network; the next run converges', async () => {
    const { emulator, harness } = kit;
    emulator.faults.next('BatchCreateUser', 12, 'rate-limit');
    const failure = await harness.deploy(stacks).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(failure).toMatch(
      /BatchCreateUser failed for network \d{8}: RateLimitError \(429\).*\(gave up after 5 attempts\)\. The handler retried within its budget \(up to 5 attempts a call, 270 s of the 300 s the Lambda function had left\) and stopped when the attempts were spent; deploy again when the service recovers/,
    );
    expectGoodFailure(failure!);
    // The storm outlasts a second run too; the third converges.
    await expect(harness.deploy(stacks)).rejects.toThrow(/BatchCreateUser failed/);
    await harness.deploy(stacks);
    expect(duplicates(emulator)).toEqual([]);
    const london = Object.values(emulator.state.snapshot()['eu-west-2']!)[0]!;
    expect(london.users.map((u) => u.username).sort()).toEqual(['consul.general@dea.example.gov.au', 'duty.officer@dea.example.gov.au', 'post.admin@dea.example.gov.au']);
    expectNoLeak();
  });

  test('a create the service made, whose handler then failed, is found by the next run and not made again', async () => {
    const { emulator, harness } = kit;
    // CreateDataRetentionBot (Sydney) and CreateBot (London) are processed and their answers lost,
    // and the reads that would settle them are throttled past the retry budget: both handlers fail.
    emulator.faults.next('CreateDataRetentionBot', 1, 'server-error', { phase: 'after', regions: 'ap-southeast-2' });
    emulator.faults.next('CreateBot', 1, 'drop', { phase: 'after' });
    onRequest = (e) => {
      if (e.operation === 'CreateDataRetentionBot' && e.region === 'ap-southeast-2' && e.processed !== undefined) emulator.faults.next('GetDataRetentionBot', 5, 'rate-limit');
      if (e.operation === 'CreateBot' && e.processed !== undefined) emulator.faults.next('ListBots', 5, 'rate-limit');
    };
    const { failures } = await runs(() => harness.deploy(stacks), 3);
    expect(failures).toEqual([
      expect.stringMatching(/Custom::WickrDataRetentionBot\): GetDataRetentionBot failed for network \d{8}: RateLimitError \(429\).*\(gave up after 5 attempts\)\. The handler retried within its budget/),
      expect.stringMatching(/Custom::WickrUsers\): 1 user\(s\) or bot\(s\) of network \d{8} failed during create: consularalertsbot \(RateLimitError: /),
    ]);
    for (const f of failures) expectGoodFailure(f);
    // The third run converged, and found what the first two made instead of making it again.
    expect(emulator.requests.filter((r) => r.operation === 'CreateDataRetentionBot' && r.region === 'ap-southeast-2')).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.operation === 'CreateBot')).toHaveLength(1);
    expect(duplicates(emulator)).toEqual([]);
    for (const n of Object.values(emulator.state.snapshot()).flatMap((nets) => Object.values(nets))) expect(n.dataRetention.isDataRetentionServiceEnabled).toBe(true);
    expectNoLeak();
  });

  test('a Lambda timeout in the middle of a create: the handler stops inside its budget with a message, never "Task timed out", and the next run converges', async () => {
    const { emulator, harness } = kit;
    // Two seconds for every invocation, and a service that takes 400 ms to answer users and bots.
    lambdaTimeoutMs = 2000;
    emulator.faults.add({ kind: 'latency', latencyMs: 400, operations: ['ListUsers', 'ListBots', 'ListSecurityGroups', 'BatchCreateUser', 'CreateBot'] });
    const { failures } = await runs(() => harness.deploy(stacks), 3);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expectGoodFailure(f);
      expect(f).toMatch(/time budget|within its budget/);
    }
    // The next deploy, with the function's own 300 s, converges on what the cut-off runs left.
    lambdaTimeoutMs = undefined;
    emulator.faults.clear();
    await harness.deploy(stacks);
    expect(duplicates(emulator)).toEqual([]);
    expectNoLeak();
  });
});
