/**
 * Wickr API calls per lifecycle of the example, driven like CloudFormation against the emulator
 * (the test harness, in this process): Create, a no-op Update (every custom resource sent an Update
 * with unchanged properties), a one-field Update (readReceipts) and Delete. Writes and reads are
 * counted apart, and per operation. Data retention is left out, as in the network lifecycle suite:
 * its bot must start and register during the deploy, which only its own suite simulates.
 */
import type { Emulator } from '../test/emulator';
import { exampleWithoutRetention, seedExampleSsoSecret, startKitLifecycle, synthKit } from '../test/helpers/lifecycle';

export interface PhaseCalls {
  readonly phase: string;
  readonly writes: number;
  readonly reads: number;
  /** Calls by operation name, e.g. { CreateNetwork: 4 }. */
  readonly byOperation: Record<string, number>;
  /** Custom-resource events the handler received in the phase. */
  readonly handlerEvents: number;
}

export async function measureApiCalls(): Promise<PhaseCalls[]> {
  const text = exampleWithoutRetention();
  const changed = text.replace('readReceipts: ENABLED', 'readReceipts: FORCE_ENABLED');
  if (changed === text) throw new Error('the example no longer has "readReceipts: ENABLED" to change; update bench/api-calls.ts');
  const stacks = synthKit(text);
  const changedStacks = synthKit(changed);
  const kit = await startKitLifecycle();
  try {
    await seedExampleSsoSecret(kit);
    const phases: PhaseCalls[] = [];
    const run = async (phase: string, action: () => Promise<unknown>) => {
      kit.emulator.clearRequests();
      const before = kit.harness.invocations.length;
      await action();
      phases.push({ phase, ...count(kit.emulator), handlerEvents: kit.harness.invocations.length - before });
    };
    await run('Create', () => kit.harness.deploy(stacks));
    await run('No-op Update', () => kit.harness.deploy(stacks, { forceUpdate: true }));
    await run('One-field Update', () => kit.harness.deploy(changedStacks));
    await run('Delete', () => kit.harness.destroy());
    return phases;
  } finally {
    await kit.close();
  }
}

function count(emulator: Emulator): Pick<PhaseCalls, 'writes' | 'reads' | 'byOperation'> {
  const byOperation: Record<string, number> = {};
  let writes = 0;
  let reads = 0;
  for (const r of emulator.requests) {
    const op = r.operation ?? '?';
    byOperation[op] = (byOperation[op] ?? 0) + 1;
    if (r.access === 'write') writes++;
    else reads++;
  }
  return { writes, reads, byOperation };
}
