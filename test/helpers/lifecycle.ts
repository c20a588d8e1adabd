import { readFileSync } from 'node:fs';
import * as provider from '../../lambda/handlers/wickr-provider';
import { parseConfig } from '../../lib/config/loader';
import { buildKitApp } from '../../lib/kit-app';
import { NagMode } from '../../lib/nag/nag-mode';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator';
import { LifecycleHarness, type LifecycleHarnessOptions, type StackInput } from '../lifecycle/harness';
import { EXAMPLE_CONFIG, testAppProps } from './kit';

/** Synthesizes the kit's app for a config text; returns every stack as the harness takes it, in deploy order. */
export function synthKit(configText: string, source = 'test.yaml'): StackInput[] {
  const config = parseConfig(configText, source);
  const kit = buildKitApp({ appProps: testAppProps(), loaded: { config, source, text: configText }, nagMode: NagMode.OFF });
  const assembly = kit.app.synth();
  // Dependencies first, as `cdk deploy --all` orders them.
  const ordered: string[] = [];
  const visit = (name: string, seen = new Set<string>()) => {
    if (ordered.includes(name) || seen.has(name)) return;
    seen.add(name);
    const artifact = assembly.getStackByName(name);
    for (const dep of artifact.dependencies) if (dep.id !== undefined && assembly.stacks.some((s) => s.id === dep.id)) visit(assembly.getStackArtifact(dep.id).stackName, seen);
    ordered.push(name);
  };
  for (const s of assembly.stacks) visit(s.stackName);
  return ordered.map((name) => {
    const artifact = assembly.getStackByName(name);
    return { stackName: name, region: artifact.environment.region, template: artifact.template };
  });
}

export function exampleConfigText(): string {
  return readFileSync(EXAMPLE_CONFIG, 'utf8');
}

export interface KitLifecycle {
  readonly emulator: Emulator;
  /** The current harness (a fresh one after `reset()`). */
  readonly harness: LifecycleHarness;
  /** Forgets every deployed stack and the emulator's state: a clean account for the next test. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The emulator plus a harness driving the kit's real provider handlers against it. */
export async function startKitLifecycle(
  options: { emulator?: EmulatorOptions; harness?: Partial<LifecycleHarnessOptions> } = {},
): Promise<KitLifecycle> {
  const emulator = await startEmulator(options.emulator);
  const make = () => new LifecycleHarness({ handler: provider, wickrEndpoint: emulator.url, ...options.harness });
  let harness = make();
  return {
    emulator,
    get harness() {
      return harness;
    },
    async reset() {
      await harness.close();
      harness = make();
      emulator.reset();
    },
    async close() {
      await harness.close();
      await emulator.close();
    },
  };
}

/** The emulator's write requests (secrets redacted), as "Operation" names. */
export function writes(emulator: Emulator): string[] {
  return emulator.requests.filter((r) => r.access === 'write').map((r) => r.operation ?? '?');
}
