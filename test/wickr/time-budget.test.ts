/**
 * The client's time budget and retry settings (lambda/wickr/client.ts `deadline`, RETRY_ENV_VARS),
 * and the handler budget they serve (lambda/shared/handler-budget.ts), against the emulator.
 */
import {
  GetNetworkCommand,
  ListNetworksCommand,
  RETRY_ENV_VARS,
  RateLimitError,
  WickrClient,
  WickrNetworkError,
  WickrTimeBudgetError,
} from '../../lambda/wickr';
import { HANDLER_TIMEOUT_SECONDS, budgetMarginMs, describeBudget, handlerBudget } from '../../lambda/shared/handler-budget';
import { startEmulator, type Emulator } from '../emulator';

const REGION = 'ap-southeast-2';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const client = (config: ConstructorParameters<typeof WickrClient>[0] = {}) =>
  new WickrClient({ region: REGION, endpoint: emulator.url, credentials: emulator.credentials, retryBaseDelayMs: 1, retryMaxDelayMs: 2, ...config });

async function caught(p: Promise<unknown>): Promise<Error & { $budgetSpent?: boolean; $metadata?: { attempts?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('the client deadline', () => {
  test('a call whose deadline has passed is not sent, and says so', async () => {
    const c = client({ deadline: Date.now() - 1 });
    const err = await caught(c.send(new ListNetworksCommand({})));
    c.destroy();
    expect(err).toBeInstanceOf(WickrTimeBudgetError);
    expect(err.message).toBe('ListNetworks was not sent: the time budget for this call had run out before it could start');
    expect(emulator.requests).toHaveLength(0);
  });

  test('retries stop when the next backoff would pass the deadline, and the error says the budget ran out', async () => {
    emulator.faults.random(1, 'rate-limit');
    // The jittered backoff draws its longest wait (396 ms of 400) against a budget of 300 ms.
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.99);
    const c = client({ retryBaseDelayMs: 400, retryMaxDelayMs: 400, deadline: Date.now() + 300 });
    const err = await caught(c.send(new GetNetworkCommand({ networkId: '12345678' })));
    random.mockRestore();
    c.destroy();
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.$budgetSpent).toBe(true);
    expect(err.message).toMatch(/^GetNetwork failed for network 12345678: RateLimitError \(429\).* \(gave up after 1 attempt: the time budget for this call ran out\)$/);
    expect(emulator.requests).toHaveLength(1);
  });

  test("an attempt's socket timeout is cut to the time left", async () => {
    // The service answers after 5 s; the call has 200 ms.
    emulator.faults.add({ kind: 'latency', latencyMs: 5000 });
    const c = client({ deadline: Date.now() + 200 });
    const err = await caught(c.send(new ListNetworksCommand({})));
    c.destroy();
    expect(err).toBeInstanceOf(WickrNetworkError);
    expect(err.message).toMatch(/^ListNetworks failed: network error ETIMEDOUT: no response within \d+ ms/);
    expect(Number(/no response within (\d+) ms/.exec(err.message)![1])).toBeLessThanOrEqual(200);
  });
});

describe('retry settings from the environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.values(RETRY_ENV_VARS)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test(`${RETRY_ENV_VARS.maxAttempts} sets the attempts per call`, async () => {
    process.env[RETRY_ENV_VARS.maxAttempts] = '2';
    emulator.faults.random(1, 'server-error');
    const c = new WickrClient({ region: REGION, endpoint: emulator.url, credentials: emulator.credentials, retryBaseDelayMs: 1 });
    const err = await caught(c.send(new ListNetworksCommand({})));
    c.destroy();
    expect(err.message).toMatch(/\(gave up after 2 attempts\)$/);
    expect(emulator.requests).toHaveLength(2);
  });

  test('a value that is not a whole number is refused, naming the variable', () => {
    process.env[RETRY_ENV_VARS.baseDelayMs] = 'fast';
    expect(() => new WickrClient({ region: REGION })).toThrow('WICKR_RETRY_BASE_DELAY_MS must be a whole number of at least 0, got "fast"');
  });
});

describe('the handler budget', () => {
  test(`keeps a margin inside the ${HANDLER_TIMEOUT_SECONDS} s Lambda timeout: 270 s to spend, 30 s to report`, () => {
    const budget = handlerBudget(0);
    expect(budget).toEqual({ deadline: 270_000, remainingMs: 300_000, marginMs: 30_000 });
    expect(describeBudget(budget)).toBe('270 s of the 300 s the Lambda function had left');
  });

  test('the margin is a tenth of what is left, between 250 ms and 30 s', () => {
    expect(budgetMarginMs(2_000)).toBe(250);
    expect(budgetMarginMs(60_000)).toBe(6_000);
    expect(budgetMarginMs(900_000)).toBe(30_000);
    expect(describeBudget(handlerBudget(0, 2_000))).toBe('1.8 s of the 2.0 s the Lambda function had left');
  });
});
