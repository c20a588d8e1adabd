import {
  CountingSender,
  ResolvedUser,
  WickrSender,
  classifyError,
  mapLimit,
  parseUserRef,
  resolveUsers,
  runUserBatches,
} from '../../lambda/handlers/lost-device/user-admin';
import { BatchToggleUserSuspendStatusCommand, ForbiddenError, InternalServerError, ResourceNotFoundError, WickrOutcomeUnknownError, type MetadataBearer, type WickrCommand } from '../../lambda/wickr';

const meta = (httpStatusCode?: number) => ({ httpStatusCode, attempts: 1, totalRetryDelay: 0 });
const users = (n: number): ResolvedUser[] => Array.from({ length: n }, (_, i) => ({ given: `u${i}`, userId: String(1000 + i), username: `u${i}` }));

/** A sender answering from a script, recording every command. */
function scripted(answer: (operation: string, input: any) => unknown): WickrSender & { seen: Array<[string, any]> } {
  const seen: Array<[string, any]> = [];
  return {
    seen,
    async send<I extends object, O extends MetadataBearer>(command: WickrCommand<I, O>): Promise<O> {
      seen.push([command.operation, command.input]);
      const out = answer(command.operation, command.input);
      if (out instanceof Error) throw out;
      return { ...(out as object), $metadata: meta(200) } as O;
    },
  };
}

describe('user-admin core', () => {
  test('classifies errors: 401/403 and credential failures are auth, other 4xx client, the rest service', () => {
    expect(classifyError(new ForbiddenError({ operation: 'X', message: 'no', $metadata: meta(403) }))).toBe('auth');
    expect(classifyError({ name: 'WickrSigningError', message: 'Could not load credentials from any providers' })).toBe('auth');
    expect(classifyError(new ResourceNotFoundError({ operation: 'X', message: 'gone', $metadata: meta(404) }))).toBe('client');
    expect(classifyError({ name: 'RateLimitError', $metadata: { httpStatusCode: 429 } })).toBe('service');
    expect(classifyError(new InternalServerError({ operation: 'X', message: 'boom', $metadata: meta(500) }))).toBe('service');
    expect(classifyError(new Error('socket hang up'))).toBe('service');
  });

  test('parses user entries: usernames, id:<digits>, and rejects the rest', () => {
    expect(parseUserRef('  alex@x.gov.au ')).toEqual({ given: 'alex@x.gov.au', username: 'alex@x.gov.au' });
    expect(parseUserRef('ID:42')).toEqual({ given: 'ID:42', userId: '42' });
    expect(parseUserRef('id:12345678901')).toEqual({ problem: '"id:12345678901": a user id is 1 to 10 digits after "id:"' });
    expect(parseUserRef('a b')).toEqual({ problem: '"a b" contains whitespace; give one username per line' });
    expect(parseUserRef('')).toEqual({ problem: 'empty user' });
  });

  test('every user of a batch gets the outcome the response gives it; one the service left out is unknown', async () => {
    const sender = scripted((_op, input) => ({
      successful: input.userIds.filter((id: string) => id !== '1001' && id !== '1002').map((userId: string) => ({ userId })),
      failed: [{ userId: '1001', field: 'userId', reason: 'User not found' }],
    }));
    const run = await runUserBatches(users(3), (userIds) => sender.send(new BatchToggleUserSuspendStatusCommand({ networkId: '12345678', suspend: true, userIds })), 'suspended');
    expect(run.results.map((r) => [r.userId, r.outcome, r.detail])).toEqual([
      ['1000', 'succeeded', 'suspended'],
      ['1001', 'failed', 'userId: User not found'],
      ['1002', 'unknown', 'the service reported neither success nor failure for this user'],
    ]);
    expect(run.stoppedBy).toBeUndefined();
  });

  test('a batch the service refuses (4xx) fails its users and the run goes on; auth stops it', async () => {
    let call = 0;
    const refuseSecond = await runUserBatches(users(120), async (userIds) => {
      call += 1;
      if (call === 2) throw new ResourceNotFoundError({ operation: 'BatchDeleteUser', message: 'BatchDeleteUser failed: ResourceNotFoundError (404)', $metadata: meta(404) });
      return { successful: userIds.map((userId) => ({ userId })) };
    });
    expect(refuseSecond.results.map((r) => r.outcome).filter((o) => o === 'failed')).toHaveLength(50);
    expect(refuseSecond.results.slice(100).every((r) => r.outcome === 'succeeded')).toBe(true);
    expect(refuseSecond.stoppedBy).toBeUndefined();

    const denied = await runUserBatches(users(120), async () => {
      throw new ForbiddenError({ operation: 'X', message: 'X failed: ForbiddenError (403)', $metadata: meta(403) });
    });
    expect(denied.results.slice(0, 50).every((r) => r.outcome === 'failed')).toBe(true);
    expect(denied.results.slice(50).every((r) => r.outcome === 'not-attempted')).toBe(true);
    expect(denied.stoppedBy).toBeInstanceOf(ForbiddenError);
  });

  test('an outcome-unknown failure marks the batch unknown, not failed', async () => {
    const run = await runUserBatches(users(2), async () => {
      throw new WickrOutcomeUnknownError({ operation: 'X', message: 'X failed with an unknown outcome', $metadata: meta(500) });
    });
    expect(run.results.map((r) => r.outcome)).toEqual(['unknown', 'unknown']);
  });

  test('resolves usernames exactly (ignoring case), prefers the exact-case match, and reports ambiguity and absence', async () => {
    const directory = [
      { userId: '1', username: 'Alex@x.gov.au' },
      { userId: '2', username: 'alex@x.gov.au' },
      { userId: '3', username: 'alexandra@x.gov.au' },
      { userId: '4', username: 'SAM@x.gov.au' },
      { userId: '5', username: 'sam@X.gov.au' },
    ];
    const sender = new CountingSender(
      scripted((op, input) => {
        if (op === 'ListUsers') return { users: directory.filter((u) => u.username.toLowerCase().includes(input.username.toLowerCase())) };
        throw new Error(`unexpected ${op}`);
      }),
    );
    const r = await resolveUsers(sender, '12345678', ['alex@x.gov.au', 'sam@x.gov.au', 'jo@x.gov.au', 'ALEXANDRA@x.gov.au'].map((t) => parseUserRef(t) as any));
    expect(r.resolved.map((u) => [u.given, u.userId])).toEqual([
      ['alex@x.gov.au', '2'],
      ['ALEXANDRA@x.gov.au', '3'],
    ]);
    expect(r.unresolved).toEqual([
      { given: 'sam@x.gov.au', problem: '"sam@x.gov.au" matches 2 users (id:4, id:5); name one by id' },
      { given: 'jo@x.gov.au', problem: 'no user named "jo@x.gov.au" on network 12345678' },
    ]);
    expect(sender.calls).toEqual({ ListUsers: 4 });
  });

  test('two entries naming the same user act on it once', async () => {
    const sender = scripted((op) => (op === 'GetUser' ? { userId: '7', username: 'jo@x.gov.au' } : { users: [{ userId: '7', username: 'jo@x.gov.au' }] }));
    const r = await resolveUsers(sender, '12345678', [parseUserRef('jo@x.gov.au'), parseUserRef('id:7')] as any);
    expect(r.resolved).toHaveLength(1);
  });

  test('mapLimit keeps order and never has more than the limit in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});
