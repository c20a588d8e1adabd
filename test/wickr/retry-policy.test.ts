import { OPERATIONS, type OperationName } from '../../lambda/wickr/model/operations';
import { SHAPES } from '../../lambda/wickr/model/shapes';
import { RETRY_SAFETY, backoffDelay, retriesAmbiguousFailures } from '../../lambda/wickr/retry-policy';

const names = Object.keys(OPERATIONS) as OperationName[];

function hasTokenMember(operation: OperationName): boolean {
  const shape = SHAPES[OPERATIONS[operation].input];
  return shape?.type === 'structure' && Object.values(shape.members).some((m) => m.idempotencyToken === true);
}

describe('the retry-safety table', () => {
  it('classifies exactly the 44 operations of the table', () => {
    expect(names).toHaveLength(44);
    expect(Object.keys(RETRY_SAFETY).sort()).toEqual([...names].sort());
  });

  it('calls every readonly operation read, and only those', () => {
    for (const name of names) {
      expect([name, RETRY_SAFETY[name] === 'read']).toEqual([name, (OPERATIONS[name] as { readonly?: boolean }).readonly === true]);
    }
  });

  it('calls every operation with an idempotency token token, and only those', () => {
    for (const name of names) {
      expect([name, RETRY_SAFETY[name] === 'token']).toEqual([name, hasTokenMember(name)]);
    }
  });

  it('marks exactly the tokenless writes that are unsafe to repeat', () => {
    const unsafe = names.filter((n) => RETRY_SAFETY[n] === 'unsafe').sort();
    expect(unsafe).toEqual([
      'CreateBot',
      'CreateDataRetentionBot',
      'CreateDataRetentionBotChallenge',
      'CreateNetwork',
      'RegisterOidcConfig',
      'RegisterOidcConfigTest',
      'RegisterOpentdfConfig',
      'UpdateGuestUser',
    ]);
    for (const name of unsafe) expect(retriesAmbiguousFailures(name)).toBe(false);
  });

  it('only calls PATCH and DELETE operations idempotent by nature', () => {
    for (const name of names.filter((n) => RETRY_SAFETY[n] === 'idempotent')) {
      expect([name, ['PATCH', 'DELETE']]).toEqual([name, expect.arrayContaining([OPERATIONS[name].method])]);
      expect(retriesAmbiguousFailures(name)).toBe(true);
    }
  });
});

describe('full-jitter backoff', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('draws from [0, base * 2^(n-1)] and never above the cap', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(0);
    expect(backoffDelay(1, options, () => 0.999999)).toBe(99);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
    expect(backoffDelay(10, options, () => 0.999999)).toBe(999);
  });

  it('spreads delays over the whole interval', () => {
    const draws = Array.from({ length: 200 }, () => backoffDelay(4, options));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(800);
    expect(new Set(draws).size).toBeGreaterThan(20);
  });
});
