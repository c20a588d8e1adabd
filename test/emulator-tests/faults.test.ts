import { Emulator, startEmulator } from '../emulator';
import { createNetwork, invoke, ok, REGION } from './support/http';

describe('emulator fault injection', () => {
  let emu: Emulator;
  let networkId: string;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    ({ networkId } = await createNetwork(emu));
    emu.clearRequests();
  });

  const groupNames = () => emu.state.network(REGION, networkId)!.securityGroups.map((g) => g.name);

  it('fails the next 2 calls to CreateSecurityGroup with 500, scripted, then lets calls through', async () => {
    emu.faults.next('CreateSecurityGroup', 2, 'server-error');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await invoke(emu, 'CreateSecurityGroup', { networkId, name: `g${i}`, securityGroupSettings: {} })).status);
    expect(statuses).toEqual([500, 500, 200]);
    // Other operations are not affected, and a `before` fault has no effect on state.
    expect((await invoke(emu, 'GetNetwork', { networkId })).status).toBe(200);
    expect(groupNames()).toEqual(['Default', 'g2']);
    expect(emu.faults.list()).toEqual([]);
    const failed = emu.requests[0];
    expect(failed).toMatchObject({ operation: 'CreateSecurityGroup', status: 500, errorName: 'InternalServerError', faults: [{ kind: 'server-error', phase: 'before' }] });
    expect(failed.processed).toBeUndefined();
  });

  it('answers rate limiting with 429 RateLimitError and the model default message', async () => {
    emu.faults.next('ListNetworks', 1, 'rate-limit');
    const res = await invoke(emu, 'ListNetworks');
    expect(res.status).toBe(429);
    expect(res.errorType).toBe('RateLimitError');
    expect(res.json).toEqual({ message: 'Too many requests sent' });
  });

  it('processes the request on an `after` fault, so a retry with the same token does not duplicate', async () => {
    emu.faults.next('CreateSecurityGroup', 1, 'server-error', { phase: 'after' });
    const input = { networkId, name: 'Ops', securityGroupSettings: {}, clientToken: 'create-ops' };
    const lost = await invoke(emu, 'CreateSecurityGroup', input);
    expect(lost.status).toBe(500);
    expect(groupNames()).toEqual(['Default', 'Ops']); // the effect happened
    const retried = await ok(emu, 'CreateSecurityGroup', input);
    expect(groupNames()).toEqual(['Default', 'Ops']); // and was not repeated
    expect(retried.securityGroup.name).toBe('Ops');
    expect(emu.requests.map((r) => [r.status, r.processed?.status, r.replayed ?? false])).toEqual([
      [500, 200, false],
      [200, undefined, true],
    ]);
  });

  it('shows that a retried create WITHOUT a token duplicates after an `after` fault', async () => {
    emu.faults.next('CreateSecurityGroup', 1, 'server-error', { phase: 'after' });
    await invoke(emu, 'CreateSecurityGroup', { networkId, name: 'Dup', securityGroupSettings: {} });
    await ok(emu, 'CreateSecurityGroup', { networkId, name: 'Dup', securityGroupSettings: {} });
    expect(groupNames()).toEqual(['Default', 'Dup', 'Dup']);
  });

  it('drops the connection before processing (no effect) or after processing (effect kept)', async () => {
    emu.faults.next('CreateSecurityGroup', 1, 'drop');
    await expect(invoke(emu, 'CreateSecurityGroup', { networkId, name: 'Before', securityGroupSettings: {} })).rejects.toThrow(/socket hang up|ECONNRESET/);
    emu.faults.next('CreateSecurityGroup', 1, 'drop', { phase: 'after' });
    await expect(invoke(emu, 'CreateSecurityGroup', { networkId, name: 'After', securityGroupSettings: {} })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(groupNames()).toEqual(['Default', 'After']);
    expect(emu.requests.map((r) => ({ dropped: r.dropped, status: r.status, processed: r.processed }))).toEqual([
      { dropped: true, status: undefined, processed: undefined },
      { dropped: true, status: undefined, processed: { status: 200 } },
    ]);
  });

  it('adds latency without failing, and records it', async () => {
    emu.faults.add({ kind: 'latency', latencyMs: 5, operations: 'GetNetwork', times: 1 });
    expect((await invoke(emu, 'GetNetwork', { networkId })).status).toBe(200);
    expect(emu.requests[0].faults).toEqual([{ ruleId: expect.any(String), kind: 'latency', phase: 'before', latencyMs: 5 }]);
  });

  it('limits a rule to the Regions it names', async () => {
    emu.faults.add({ kind: 'server-error', regions: ['eu-west-2'] });
    expect((await invoke(emu, 'ListNetworks')).status).toBe(200);
    expect((await invoke(emu, 'ListNetworks', {}, { region: 'eu-west-2' })).status).toBe(500);
  });

  it('does not consume a fault on a request that fails signature verification', async () => {
    emu.faults.next('ListNetworks', 1, 'server-error');
    const unsigned = await invoke(emu, 'ListNetworks', {}, { credentials: { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: 'wrong' } });
    expect(unsigned.status).toBe(403);
    expect((await invoke(emu, 'ListNetworks')).status).toBe(500);
  });
});

describe('emulator probabilistic faults', () => {
  async function statuses(seed: number): Promise<number[]> {
    const emu = await startEmulator({ faults: { seed, rules: [{ kind: 'rate-limit', probability: 0.4, operations: ['ListNetworks'] }] } });
    try {
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await invoke(emu, 'ListNetworks')).status);
      return out;
    } finally {
      await emu.close();
    }
  }

  it('is reproducible for a seed and differs for another seed', async () => {
    const a = await statuses(42);
    const b = await statuses(42);
    const c = await statuses(7);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toContain(429);
    expect(a).toContain(200);
  });

  it('restarts the same sequence after reset()', async () => {
    const emu = await startEmulator({ seed: 9 });
    try {
      const run = async () => {
        emu.faults.random(0.5, 'server-error', { operations: 'ListNetworks' });
        const out: number[] = [];
        for (let i = 0; i < 12; i++) out.push((await invoke(emu, 'ListNetworks')).status);
        return out;
      };
      const first = await run();
      emu.reset();
      expect(await run()).toEqual(first);
    } finally {
      await emu.close();
    }
  });

  it('rejects a probability outside 0..1', async () => {
    const emu = await startEmulator();
    try {
      expect(() => emu.faults.random(1.5, 'drop')).toThrow('fault probability must be within 0..1, got 1.5');
    } finally {
      await emu.close();
    }
  });
});
